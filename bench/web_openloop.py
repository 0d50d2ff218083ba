"""Open-loop load benchmark: a province's mixed traffic at a fixed arrival rate, side by side per configuration.

Requests arrive at `--rate` per second whatever the answers (an arrival never waits for an earlier one), so a
slow server shows as latency instead of being hidden by clients that wait. Latency is measured from the
moment a request was due to be sent. The traffic mix is per role:

| kind | who | request |
|---|---|---|
| dashboard | standing office | GET /dashboard (the HTML page) |
| submit | unit officer | POST /api/tasks/{id}/report (a new task/unit report each time) |
| review | standing office | GET /reviews |
| city | city reviewer | GET /api/city |
| public | anonymous | GET /public/{code} |

Each configuration (backend × worker count) gets a fresh store: `--communes` communes of Hải Phòng with a
published plan, five unit officers each, and `--dossiers` generated dossiers per commune for a year. After
the open-loop run, a closed-loop run (`--clients` clients as fast as answers come) gives the saturation
throughput. Printed per configuration: p50/p95/p99 per kind, throughput, errors, the peak resident memory
of each server worker, and the writes acknowledged / stored / lost / duplicated.

    .venv/bin/python bench/web_openloop.py                                   # SQLite and PostgreSQL, 1 and 2 workers
    .venv/bin/python bench/web_openloop.py --communes 10 --duration 10 --backends sqlite --workers 1   # quick
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import httpx
from _common import Server, load_avg, pct, process_tree_cpu
from overview_scale import seed_dossiers
from web_load import HAI_PHONG, PASSWORD, PG_URL, Commune, drop_pg_schema, fresh_pg_schema, seed

DEFAULT_MIX = "dashboard=30,submit=25,review=15,city=10,public=20"
PERIOD = "2026-Q4"


def parse_mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        mix[kind.strip()] = int(weight)
    unknown = set(mix) - {"dashboard", "submit", "review", "city", "public"}
    if unknown:
        raise SystemExit(f"unknown kinds in --mix: {sorted(unknown)}")
    return mix


def add_city_reviewer(url: str) -> str:
    from cchc.auth import users
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope

    with session_scope(url) as s:
        users.create_user(s, Actor.system(ip="bench"), username="bench-city", password=PASSWORD,
                          role=Role.CITY_REVIEWER, province_code=HAI_PHONG)
    return "bench-city"


def stored_reports(url: str, plan_ids: list[int]) -> tuple[int, int]:
    """(report rows of the period, distinct task/unit pairs among them), read in one query."""
    from sqlalchemy import func, select

    from cchc.kernel.db import session_scope
    from cchc.store.models import ProgressReport, Task

    with session_scope(url) as s:
        q = (select(ProgressReport.task_id, ProgressReport.unit_id)
             .join(Task, Task.id == ProgressReport.task_id)
             .where(Task.plan_id.in_(plan_ids), ProgressReport.period == PERIOD))
        rows = s.execute(q).all()
        total = s.scalar(select(func.count()).select_from(q.subquery()))
    return int(total or 0), len(set(rows))


def peak_rss_mb(root_pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of the server's worker processes (its children; itself when it has none)."""
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(root_pid):
            children.append(fields)
    if not children:
        try:
            children = [dict(line.split(":", 1) for line in Path(f"/proc/{root_pid}/status").read_text().splitlines()
                             if ":" in line)]
        except OSError:
            return []
    return sorted(round(int(c.get("VmHWM", "0 kB").split()[0]) / 1024, 1) for c in children)


class Traffic:
    """The logged-in clients of every role and the request each kind of arrival makes."""

    def __init__(self, base: str, communes: list, city_user: str) -> None:
        self.base = base
        self.communes = communes
        self.city_user = city_user
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.tokens: dict[str, str] = {}
        self.submissions = [(c, uid, tid) for c in communes for uid in c.officers for tid in c.task_ids]
        random.Random(1).shuffle(self.submissions)
        self.acknowledged: set[tuple[int, int]] = set()
        self.rng = random.Random(2)

    async def login_all(self) -> None:
        names = [c.office for c in self.communes] + [n for c in self.communes for n in c.officers.values()]
        names.append(self.city_user)
        sem = asyncio.Semaphore(8)

        async def one(name: str) -> None:
            async with sem:
                cl = httpx.AsyncClient(base_url=self.base, timeout=60, limits=httpx.Limits(max_connections=50))
                token = (await cl.get("/api/session")).json()["csrf_token"]
                r = await cl.post("/api/login", data={"username": name, "password": PASSWORD},
                                  headers={"X-CSRF-Token": token})
                r.raise_for_status()
                self.clients[name], self.tokens[name] = cl, r.json()["csrf_token"]

        await asyncio.gather(*(one(n) for n in names))
        self.clients["anonymous"] = httpx.AsyncClient(base_url=self.base, timeout=60,
                                                      limits=httpx.Limits(max_connections=50))

    async def close(self) -> None:
        await asyncio.gather(*(c.aclose() for c in self.clients.values()))

    async def warm(self) -> None:
        """Open every commune's dashboard, review queue and public page once, and the city view."""
        sem = asyncio.Semaphore(4)

        async def one(c) -> None:  # type: ignore[no-untyped-def]
            async with sem:
                await self.clients[c.office].get("/dashboard")
                await self.clients[c.office].get("/reviews")
                await self.clients["anonymous"].get(f"/public/{c.code}")

        await asyncio.gather(*(one(c) for c in self.communes))
        await self.clients[self.city_user].get("/api/city")

    async def request(self, kind: str) -> int:
        commune = self.rng.choice(self.communes)
        if kind == "dashboard":
            return (await self.clients[commune.office].get("/dashboard")).status_code
        if kind == "review":
            return (await self.clients[commune.office].get("/reviews")).status_code
        if kind == "city":
            return (await self.clients[self.city_user].get("/api/city")).status_code
        if kind == "public":
            return (await self.clients["anonymous"].get(f"/public/{commune.code}")).status_code
        if not self.submissions:
            return 0
        c, unit_id, task_id = self.submissions.pop()
        name = c.officers[unit_id]
        r = await self.clients[name].post(
            f"/api/tasks/{task_id}/report", headers={"X-CSRF-Token": self.tokens[name]},
            data={"period": PERIOD, "status": "in_progress", "percent": "40", "unit_id": str(unit_id),
                  "results": f"Đơn vị {unit_id} báo cáo nhiệm vụ {task_id}."})
        if r.status_code in (200, 201):
            self.acknowledged.add((task_id, unit_id))
        return r.status_code


async def open_loop(traffic: Traffic, mix: dict[str, int], rate: float, duration: float) -> dict:
    kinds = [k for k, w in mix.items() for _ in range(w)]
    lat: dict[str, list[float]] = {k: [] for k in mix}
    errors: dict[str, int] = {}
    pending: set[asyncio.Task] = set()

    async def fire(kind: str, due: float) -> None:
        try:
            status = await traffic.request(kind)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        if status in (200, 201):
            lat[kind].append(time.perf_counter() - due)
        elif status != 0:
            errors[f"{kind} {status}"] = errors.get(f"{kind} {status}", 0) + 1

    start = time.perf_counter()
    n = 0
    while (due := start + n / rate) < start + duration:
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(fire(traffic.rng.choice(kinds), due))
        pending.add(task)
        task.add_done_callback(pending.discard)
        n += 1
    await asyncio.gather(*pending)
    elapsed = time.perf_counter() - start
    done = sum(len(v) for v in lat.values())
    return {"offered_per_s": rate, "sent": n, "answered_per_s": round(done / elapsed, 1), "errors": errors,
            "kinds": {k: _figures(v) for k, v in lat.items()}}


async def closed_loop(traffic: Traffic, mix: dict[str, int], clients: int, duration: float) -> dict:
    kinds = [k for k, w in mix.items() for _ in range(w)]
    done, errors = 0, 0
    stop = time.perf_counter() + duration

    async def client() -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            try:
                status = await traffic.request(traffic.rng.choice(kinds))
            except httpx.HTTPError:
                status = -1
            if status in (200, 201):
                done += 1
            elif status != 0:
                errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"clients": clients, "requests_per_s": round(done / (time.perf_counter() - start), 1), "errors": errors}


def _figures(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(pct(values, 50) * 1000, 1), "p95_ms": round(pct(values, 95) * 1000, 1),
            "p99_ms": round(pct(values, 99) * 1000, 1)}


def _drop_when_free(pg_url: str, schema: str) -> None:
    """Drop the bench schema once the stopped server's last connections are gone (a drop meanwhile deadlocks)."""
    for attempt in range(5):
        try:
            drop_pg_schema(pg_url, schema)
            return
        except Exception as exc:  # noqa: BLE001 - report and retry: the figures are already printed
            print(f"dropping {schema} failed ({type(exc).__name__}); retrying", flush=True)
            time.sleep(3 * (attempt + 1))


def one_config(backend: str, workers: int, args: argparse.Namespace, mix: dict[str, int], tmp: Path) -> list[dict]:
    """One result per source (this checkout, then each `--src`): SQLite serves each a copy of the same seeded
    store; PostgreSQL is seeded again for each."""
    sources: list[tuple[str, Path | None]] = [("this checkout", None)] + [(str(x), x) for x in args.src]
    out = []
    pristine: Path | None = None
    for i, (label, src) in enumerate(sources):
        data_dir = tmp / f"{backend}-{workers}-{i}"
        schema = None
        if backend == "sqlite":
            url = f"sqlite:///{data_dir / 'cchc.db'}"
        else:
            schema, url = fresh_pg_schema(args.pg_url)
        try:
            t = time.monotonic()
            if pristine is not None:  # the same seeded store as the first source
                shutil.copytree(pristine, data_dir)
                communes = [Commune(**{**c, "officers": {int(k): v for k, v in c["officers"].items()}})
                            for c in json.loads((pristine / "communes.json").read_text())]
                city_user, dossiers = "bench-city", json.loads((pristine / "dossiers.json").read_text())
            else:
                data_dir.mkdir()
                communes = seed(url, data_dir, communes=args.communes, tasks=args.tasks, units=5, all_units_lead=True,
                                officers=True)
                dossiers = seed_dossiers(data_dir, [c.code for c in communes], args.dossiers) if args.dossiers else 0
                city_user = add_city_reviewer(url)
                if backend == "sqlite" and len(sources) > 1:
                    pristine = tmp / f"{backend}-{workers}-seeded"
                    shutil.copytree(data_dir, pristine)
                    (pristine / "communes.json").write_text(json.dumps([c.__dict__ for c in communes]))
                    (pristine / "dossiers.json").write_text(json.dumps(dossiers))
            print(f"[{backend}, {workers} worker(s), {label}] seeded {len(communes)} communes, {dossiers:,} dossiers "
                  f"in {time.monotonic() - t:.0f} s", flush=True)
            server = Server(url, data_dir, workers, src=src)
            try:
                result = asyncio.run(_run(server, communes, city_user, args, mix))
                result["peak_rss_mb"] = peak_rss_mb(server.proc.pid)
            finally:
                server.stop()
            stored, distinct = stored_reports(url, [c.plan_id for c in communes])
            result.update({"acknowledged_writes": result.pop("_acknowledged"), "stored_writes": stored})
            result["lost"] = max(0, result["acknowledged_writes"] - distinct)
            result["duplicated"] = stored - distinct
            result.update({"backend": backend, "workers": workers, "source": label, "communes": len(communes),
                           "dossiers": dossiers, "load_avg_end": load_avg()})
            print(f"[{backend}, {workers} worker(s), {label}] {json.dumps(result, ensure_ascii=False)}", flush=True)
            out.append(result)
        finally:
            if schema:
                _drop_when_free(args.pg_url, schema)
    return out


async def _run(server: Server, communes: list, city_user: str, args: argparse.Namespace, mix: dict[str, int]) -> dict:
    traffic = Traffic(server.base, communes, city_user)
    await traffic.login_all()
    try:
        # A server that has been running: every commune's pages were opened once since the last import
        # (the first public page of a commune scans its dossiers; first calls are not the steady state).
        w0, c0 = time.perf_counter(), process_tree_cpu(server.proc.pid)
        await traffic.warm()
        warm = {"seconds": round(time.perf_counter() - w0, 2),
                "server_cpu_s": round(process_tree_cpu(server.proc.pid) - c0, 2)}
        result = {"warm_up": warm, "open_loop": await open_loop(traffic, mix, args.rate, args.duration)}
        if args.saturation > 0:
            result["saturation"] = await closed_loop(traffic, mix, args.clients, args.saturation)
        result["_acknowledged"] = len(traffic.acknowledged)
        return result
    finally:
        await traffic.close()


def summary(results: list[dict], mix: dict[str, int]) -> str:
    heads = [f"{r['backend']} ×{r['workers']}{'' if r['source'] == 'this checkout' else ' ' + r['source'][-9:]}"
             for r in results]
    lines = [f"{'measure':<34}" + "".join(f"{h:>22}" for h in heads)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"{label:<34}" + "".join(f"{c:>22}" for c in cells))

    for kind in mix:
        row(f"{kind} p50/p95/p99 ms", ["{p50_ms}/{p95_ms}/{p99_ms}".format(**r["open_loop"]["kinds"][kind])
                                      for r in results])
    row("warm-up s (server CPU s)", [f"{r['warm_up']['seconds']} ({r['warm_up']['server_cpu_s']})" for r in results])
    row("offered / answered per s", [f"{r['open_loop']['offered_per_s']} / {r['open_loop']['answered_per_s']}"
                                     for r in results])
    row("errors (open loop)", [str(sum(r["open_loop"]["errors"].values())) for r in results])
    if all("saturation" in r for r in results):
        row("saturation requests/s", [str(r["saturation"]["requests_per_s"]) for r in results])
    row("peak RSS per worker (MB)", [",".join(str(x) for x in r["peak_rss_mb"]) for r in results])
    row("writes ack / stored / lost / dup", [f"{r['acknowledged_writes']}/{r['stored_writes']}/{r['lost']}/"
                                             f"{r['duplicated']}" for r in results])
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=float, default=100, help="arrivals per second (default 100)")
    ap.add_argument("--duration", type=float, default=60, help="seconds of the open-loop run (default 60)")
    ap.add_argument("--saturation", type=float, default=20,
                    help="seconds of the closed-loop run after the open loop (0: none); when the open loop offered "
                         "more than the server answers, requests the clients gave up on may still be running")
    ap.add_argument("--clients", type=int, default=64, help="clients of the closed-loop run (default 64)")
    ap.add_argument("--communes", type=int, default=114, help="communes (default 114)")
    ap.add_argument("--tasks", type=int, default=40, help="tasks per plan (default 40)")
    ap.add_argument("--dossiers", type=int, default=8_800, help="dossiers per commune for the year (default 8,800)")
    ap.add_argument("--mix", default=DEFAULT_MIX, help=f"kind=weight,… (default {DEFAULT_MIX})")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--workers", default="1,2", help="worker counts to try (default 1,2)")
    ap.add_argument("--pg-url", default=PG_URL)
    ap.add_argument("--src", type=Path, action="append", default=[],
                    help="the src folder of another checkout to serve too, on a copy of the same store (repeatable)")
    args = ap.parse_args()
    mix = parse_mix(args.mix)
    tmp = Path(tempfile.mkdtemp(prefix="cchc-openloop-"))
    results = []
    try:
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            for workers in [int(w) for w in args.workers.split(",")]:
                results.extend(one_config(backend, workers, args, mix, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nOpen loop at {args.rate}/s for {args.duration} s, mix {args.mix}; {os.cpu_count()} CPUs, "
          f"load average at end {load_avg()}")
    print(summary(results, mix))


if __name__ == "__main__":
    main()
