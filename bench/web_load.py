"""Web load benchmark: dashboard and report-submission latency, then a quarter-end burst of reports.

Part 1 — one commune with a 150-task plan on SQLite: N concurrent clients (httpx, async) for D seconds,
each alternating GET /dashboard (the HTML page) and POST /api/tasks/{id}/report; p50/p95 per request kind.
Part 2 — quarter-end burst: C communes × U units × R reports submitted through the web app by N concurrent
clients, on SQLite and on PostgreSQL (a fresh schema); writes per second and a count proving that no report
was lost or duplicated.

The server is `cchc serve` in a separate process (one uvicorn worker) on loopback.

    .venv/bin/python bench/web_load.py                     # full run (60 s, 114 communes, SQLite + PostgreSQL)
    .venv/bin/python bench/web_load.py --duration 10 --communes 10 --no-postgres   # quick
    .venv/bin/python bench/web_load.py --skip-latency --communes 10 --workers 2 --src /tmp/baseline/src

With `--src OTHER/src` the burst is run again by that checkout (a baseline), each on a freshly seeded store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from _common import Server, load_avg, pct, process_tree_cpu

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-mat-khau-2026"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HAI_PHONG = 31
UNIT_KINDS = ["van_phong", "phong_vhxh", "phong_kinh_te", "tt_phvhcc", "tt_dvsnc"]
AREAS = ["direction", "institutions", "procedures", "organization", "civil_service", "public_finance",
         "digital_government"]


# ---------------------------------------------------------------- seeding (through the services)


def plan_json(code: int, n_tasks: int, *, all_units_lead: bool) -> bytes:
    """A cchc.plan/1 document: `n_tasks` tasks over the seven areas (continuous, quarterly reports)."""
    rng = random.Random(code)
    tasks = []
    for i in range(n_tasks):
        lead = [{"unit": "all_units"}] if all_units_lead else [{"unit": UNIT_KINDS[i % len(UNIT_KINDS)]}]
        support = [] if all_units_lead else [{"unit": UNIT_KINDS[(i + 1) % len(UNIT_KINDS)]}]
        kind = "continuous" if i % 3 else "deadline"
        due = f"2026-{rng.choice([3, 6, 9, 12]):02d}-{rng.choice([15, 28]):02d}"
        tasks.append({
            "ref": f"{i // 20 + 1}.{i % 20 + 1}", "origin": "table", "area": AREAS[i % len(AREAS)],
            "task": f"Nhiệm vụ cải cách hành chính số {i + 1} của xã {code}",
            "output": "Báo cáo kết quả", "lead": lead, "support": support,
            "timeline": {"kind": kind, "raw": "Thường xuyên" if kind == "continuous" else due,
                         "due": due if kind == "deadline" else None},
        })
    indicators = [{"ref": str(j + 1), "name": f"Tỷ lệ chỉ tiêu {j + 1}", "unit": "%", "comparator": ">=",
                   "target": 80 + j, "responsible": [{"unit": UNIT_KINDS[j % 5]}]} for j in range(10)]
    doc = {"schema": "cchc.plan/1", "source": {"file": f"bench-{code}.json"},
           "plan": {"title": f"Kế hoạch CCHC năm 2026 của xã {code}", "issuer": f"UBND xã {code}",
                    "number": f"{code % 100}/KH-UBND", "issued_on": "2026-01-05",
                    "period": {"from": "2026-01-01", "to": "2026-12-31"}},
           "indicators": indicators, "tasks": tasks, "responsibilities": []}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


@dataclass
class Commune:
    code: int
    plan_id: int
    office: str
    task_ids: list[int]
    unit_ids: list[int]
    officers: dict[int, str] = field(default_factory=dict)  # unit id → username


def seed(url: str, data_dir: Path, *, communes: int, tasks: int, units: int, all_units_lead: bool,
         officers: bool) -> list[Commune]:
    """Communes of Hải Phòng, each with a standing office (and unit officers) and a published plan."""
    from cchc.auth import users
    from cchc.domain.units import UnitKind
    from cchc.kernel import localities
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.services import plans

    upgrade_database(url)
    system = Actor.system(ip="bench")
    with session_scope(url) as s:
        localities.seed_localities(s)
        codes = [loc.code for loc in localities.list_localities(s, province_code=HAI_PHONG, limit=500)][:communes]
    out = []
    for code in codes:
        with session_scope(url) as s:
            have = localities.list_units(s, system, locality_code=code)
            if units > len(have):
                localities.add_unit(s, system, locality_code=code, kind=UnitKind.MTTQ,
                                    name="Ủy ban MTTQ và các đoàn thể")
            unit_list = localities.list_units(s, system, locality_code=code)[:units]
            office = f"vp{code}"
            users.create_user(s, system, username=office, password=PASSWORD, role=Role.STANDING_OFFICE,
                              locality_code=code)
            by_unit = {}
            if officers:
                for u in unit_list:
                    name = f"dv{code}-{u.id}"
                    users.create_user(s, system, username=name, password=PASSWORD, role=Role.UNIT_OFFICER,
                                      locality_code=code, unit_id=u.id)
                    by_unit[u.id] = name
            actor = users.authenticate(s, username=office, password=PASSWORD, ip="bench")
            plan = plans.import_plan(s, actor, content=plan_json(code, tasks, all_units_lead=all_units_lead),
                                     filename=f"ke-hoach-{code}.json", locality_code=code, data_dir=data_dir)
            plan = plans.publish_plan(s, actor, plan_id=plan.id, version=plan.version)
            out.append(Commune(code, plan.id, office, [t.id for t in plan.tasks], [u.id for u in unit_list],
                               by_unit))
    return out


def count_reports(url: str, communes: list[Commune], period: str) -> tuple[int, int]:
    """(reports stored for `period`, distinct task/unit pairs among them) read back through the services."""
    from cchc.kernel.actor import Actor
    from cchc.kernel.db import session_scope
    from cchc.services import progress

    total, keys = 0, set()
    with session_scope(url) as s:
        for c in communes:
            for r in progress.list_reports(s, Actor.system(), plan_id=c.plan_id, period=period):
                total += 1
                keys.add((r.task_id, r.unit_id, r.period))
    return total, len(keys)


# ---------------------------------------------------------------- the server





async def login(client: httpx.AsyncClient, username: str) -> str:
    token = (await client.get("/api/session")).json()["csrf_token"]
    r = await client.post("/api/login", data={"username": username, "password": PASSWORD},
                          headers={"X-CSRF-Token": token})
    r.raise_for_status()
    return r.json()["csrf_token"]






# ---------------------------------------------------------------- part 1: latency under load


async def latency_run(base: str, commune: Commune, *, clients: int, duration: float, period: str,
                      write_every: int = 1) -> dict:
    limits = httpx.Limits(max_connections=clients + 5)
    sessions = {}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as c:
        for unit_id, username in commune.officers.items():
            c.cookies.clear()
            token = await login(c, username)
            sessions[unit_id] = (c.cookies.get("cchc_session"), token)
        mine = {}
        for unit_id, (cookie, _) in sessions.items():
            r = await c.get("/api/tasks/mine", cookies={"cchc_session": cookie})
            mine[unit_id] = [m["task"]["id"] for m in r.json()["items"] if m["role"] == "lead"]
    unit_ids = list(sessions)
    lat: dict[str, list[float]] = {"dashboard": [], "report": [], "chart": []}
    errors: dict[str, int] = {}
    stop_at = time.monotonic() + duration

    async def worker(i: int) -> None:
        unit_id = unit_ids[i % len(unit_ids)]
        cookie, token = sessions[unit_id]
        same_unit = [j for j in range(clients) if unit_ids[j % len(unit_ids)] == unit_id]
        my_tasks = mine[unit_id][same_unit.index(i)::len(same_unit)] or mine[unit_id][:1]
        versions: dict[int, int] = {}
        n = 0
        async with httpx.AsyncClient(base_url=base, cookies={"cchc_session": cookie}, timeout=60,
                                     headers={"X-CSRF-Token": token}) as cl:
            while time.monotonic() < stop_at:
                try:
                    await one_round(cl, n, versions, my_tasks, unit_id)
                except httpx.TransportError as exc:
                    errors[f"transport {type(exc).__name__}"] = errors.get(f"transport {type(exc).__name__}", 0) + 1
                n += 1

    async def one_round(cl: httpx.AsyncClient, n: int, versions: dict[int, int], my_tasks: list[int],
                        unit_id: int) -> None:
        t0 = time.perf_counter()
        r = await cl.get("/dashboard")
        kind = "dashboard"
        if r.status_code == 200:
            lat[kind].append(time.perf_counter() - t0)
        else:
            errors[f"{kind} {r.status_code}"] = errors.get(f"{kind} {r.status_code}", 0) + 1
        if n % 5 == 0:
            t0 = time.perf_counter()
            r = await cl.get("/dashboard/charts/areas.svg")
            if r.status_code == 200:
                lat["chart"].append(time.perf_counter() - t0)
        if n % write_every:
            return
        task_id = my_tasks[n % len(my_tasks)]
        data = {"period": period, "status": "in_progress", "percent": str(10 + n % 90),
                "results": f"Kết quả lần {n} của đơn vị {unit_id}.", "evidence_number": f"{n}/BC"}
        if task_id in versions:
            data["version"] = str(versions[task_id])
        t0 = time.perf_counter()
        r = await cl.post(f"/api/tasks/{task_id}/report", data=data)
        if r.status_code in (200, 201):
            lat["report"].append(time.perf_counter() - t0)
            versions[task_id] = r.json()["report"]["version"]
        else:
            errors[f"report {r.status_code}"] = errors.get(f"report {r.status_code}", 0) + 1
            if r.status_code == 409:
                versions[task_id] = r.json()["error"].get("current", {}).get("version", 0)

    t = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    elapsed = time.monotonic() - t
    return {
        kind: {"n": len(v), "p50_ms": round(pct(v, 50) * 1000, 1), "p95_ms": round(pct(v, 95) * 1000, 1),
               "mean_ms": round(statistics.fmean(v) * 1000, 1) if v else None, "per_s": round(len(v) / elapsed, 1)}
        for kind, v in lat.items()
    } | {"errors": errors, "seconds": round(elapsed, 1)}


# ---------------------------------------------------------------- part 2: quarter-end burst


async def burst_run(base: str, communes: list[Commune], *, clients: int, reports: int, period: str) -> dict:
    jobs: asyncio.Queue = asyncio.Queue()
    sessions: dict[int, tuple[str, str]] = {}
    sem = asyncio.Semaphore(clients)

    async def one_login(cm: Commune) -> None:
        async with sem, httpx.AsyncClient(base_url=base, timeout=120) as lc:
            token = await login(lc, cm.office)
            sessions[cm.code] = (lc.cookies.get("cchc_session"), token)

    await asyncio.gather(*(one_login(cm) for cm in communes))
    for cm in communes:
        for unit_id in cm.unit_ids:
            for task_id in cm.task_ids[:reports]:
                jobs.put_nowait((cm.code, task_id, unit_id))
    total_jobs = jobs.qsize()
    ok_ids: list[int] = []
    failures: dict[str, int] = {}
    retries = 0

    async def worker() -> None:
        nonlocal retries
        async with httpx.AsyncClient(base_url=base, timeout=120,
                                     limits=httpx.Limits(max_connections=2)) as cl:
            while True:
                try:
                    code, task_id, unit_id = jobs.get_nowait()
                except asyncio.QueueEmpty:
                    return
                cookie, token = sessions[code]
                data = {"period": period, "status": "in_progress", "percent": "50", "unit_id": str(unit_id),
                        "results": f"Báo cáo quý của đơn vị {unit_id} cho nhiệm vụ {task_id}."}
                for attempt in range(3):
                    try:
                        r = await cl.post(f"/api/tasks/{task_id}/report", data=data,
                                          cookies={"cchc_session": cookie}, headers={"X-CSRF-Token": token})
                    except httpx.TransportError:
                        retries += attempt < 2
                        if attempt == 2:
                            failures["transport"] = failures.get("transport", 0) + 1
                        continue
                    if r.status_code in (200, 201):
                        ok_ids.append(r.json()["report"]["id"])
                        break
                    retries += attempt < 2
                    if attempt == 2:
                        failures[str(r.status_code)] = failures.get(str(r.status_code), 0) + 1

    t = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.monotonic() - t
    return {"submitted": total_jobs, "ok": len(ok_ids), "distinct_ids": len(set(ok_ids)), "failures": failures,
            "retries": retries, "seconds": round(elapsed, 1), "writes_per_s": round(len(ok_ids) / elapsed, 1)}


# ---------------------------------------------------------------- main


def fresh_pg_schema(base_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    schema = f"cchc_bench_{secrets.token_hex(4)}"
    engine = create_engine(base_url)
    with engine.begin() as con:
        con.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return schema, f"{base_url}?options=-csearch_path%3D{schema}"


def drop_pg_schema(base_url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(base_url)
    with engine.begin() as con:
        con.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def burst_on(label: str, url: str, data_dir: Path, args: argparse.Namespace, period: str,
             src: Path | None = None) -> dict:
    t = time.monotonic()
    communes = seed(url, data_dir, communes=args.communes, tasks=args.reports, units=args.units,
                    all_units_lead=True, officers=False)
    print(f"[{label}] seeded {len(communes)} communes × {args.units} units × {args.reports} tasks "
          f"in {time.monotonic() - t:.0f} s", flush=True)
    server = Server(url, data_dir, args.workers, src=src)
    load_start = load_avg()
    server_cpu, client_cpu = process_tree_cpu(server.proc.pid), time.process_time()
    try:
        result = asyncio.run(burst_run(server.base, communes, clients=args.clients, reports=args.reports,
                                       period=period))
        # CPU seconds the server's processes (and the load generator) spent on the burst: on a shared
        # machine these move less with other work than the wall-clock writes per second.
        server_cpu = process_tree_cpu(server.proc.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        server.stop()
    result["server_cpu_s"] = round(server_cpu, 1)
    result["server_cpu_ms_per_write"] = round(server_cpu * 1000 / max(1, result["ok"]), 2)
    result["client_cpu_s"] = round(client_cpu, 1)
    stored, distinct = count_reports(url, communes, period)
    result.update({"expected": len(communes) * args.units * args.reports, "stored": stored,
                   "stored_distinct": distinct})
    result["lost"] = result["expected"] - stored
    result["duplicated"] = stored - distinct
    result["load_avg"] = [load_start, load_avg()]
    result["src"] = str(src or "this checkout")
    print(f"[{label}] burst: {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=60, help="seconds of the latency run (default 60)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    ap.add_argument("--tasks", type=int, default=150, help="tasks of the latency-run commune (default 150)")
    ap.add_argument("--communes", type=int, default=114, help="communes in the burst (default 114)")
    ap.add_argument("--units", type=int, default=6, help="units per commune in the burst (default 6)")
    ap.add_argument("--reports", type=int, default=30, help="reports per unit in the burst (default 30)")
    ap.add_argument("--write-every", type=int, default=1,
                    help="latency run: each client submits a report every Nth round (default 1: every round)")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    ap.add_argument("--pg-url", default=PG_URL)
    ap.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL burst")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--skip-burst", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directories")
    ap.add_argument("--src", type=Path, action="append", default=[],
                    help="the src folder of another checkout to burst too, on its own fresh store (repeatable)")
    args = ap.parse_args()

    from cchc.domain.periods import Period, PeriodKind

    period = Period.containing(__import__("datetime").date.today(), PeriodKind.QUARTER).code
    results: dict = {"period": period, "cpus": os.cpu_count(), "workers": args.workers, "clients": args.clients,
                     "write_every": args.write_every,
                     "load_avg_start": load_avg()}
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        if not args.skip_latency:
            d = tmp / "latency"
            d.mkdir()
            url = f"sqlite:///{d / 'cchc.db'}"
            communes = seed(url, d, communes=1, tasks=args.tasks, units=5, all_units_lead=False, officers=True)
            server = Server(url, d, args.workers)
            load_start = load_avg()
            try:
                results["latency_sqlite"] = asyncio.run(
                    latency_run(server.base, communes[0], clients=args.clients, duration=args.duration,
                                period=period, write_every=args.write_every))
            finally:
                server.stop()
            results["latency_sqlite"]["load_avg"] = [load_start, load_avg()]
            print(f"[sqlite] latency: {json.dumps(results['latency_sqlite'], ensure_ascii=False)}", flush=True)
        if not args.skip_burst:
            # This checkout, then each --src checkout, each on a freshly seeded store.
            for i, src in enumerate([None, *args.src]):
                suffix = "" if src is None else f"_src{i}"
                d = tmp / f"burst-sqlite{suffix}"
                d.mkdir()
                results["burst_sqlite" + suffix] = burst_on("sqlite" + suffix, f"sqlite:///{d / 'cchc.db'}", d,
                                                             args, period, src)
                if not args.no_postgres:
                    d = tmp / f"burst-pg{suffix}"
                    d.mkdir()
                    schema, url = fresh_pg_schema(args.pg_url)
                    try:
                        results["burst_postgresql" + suffix] = burst_on("postgresql" + suffix, url, d, args,
                                                                        period, src)
                    finally:
                        drop_pg_schema(args.pg_url, schema)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["load_avg_end"] = load_avg()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print(summary(results, args))


def summary(results: dict, args: argparse.Namespace) -> str:
    """The measured figures side by side with the goals, one line each."""
    lines = [f"\nSummary ({args.clients} clients, {args.workers} worker(s), {results['cpus']} CPUs; load average "
             f"1/5/15 min at start {results['load_avg_start']}, at end {results['load_avg_end']})",
             f"{'measure':<44} {'measured':>28}  goal"]
    lat = results.get("latency_sqlite")
    if lat:
        for kind, goal in (("dashboard", "p95 < 150 ms"), ("report", "-"), ("chart", "-")):
            v = lat[kind]
            measured = "{} / {}, {}/s".format(v["p50_ms"], v["p95_ms"], v["per_s"])
            lines.append(f"{kind + ' p50 / p95 (ms), per s':<44} {measured:>28}  {goal}")
        lines.append(f"{'latency-run errors':<44} {json.dumps(lat['errors']):>28}  none")
        lines.append(f"{'load average during latency run':<44} {str(lat['load_avg'][1]):>28}")
    keys = [(k, ("PostgreSQL" if k.startswith("burst_postgresql") else "SQLite") + k.partition("_src")[1]
             + k.partition("_src")[2]) for k in results if k.startswith(("burst_sqlite", "burst_postgresql"))]
    for key, label in keys:
        b = results.get(key)
        if b:
            goal = "≥ 400/s (2 workers)" if key.startswith("burst_postgresql") else "≥ 200/s"
            lines.append(f"{'burst ' + label + ' writes/s':<44} {b['writes_per_s']:>28}  {goal}")
            lines.append(f"{'burst ' + label + ' server CPU ms per write':<44} "
                         f"{b['server_cpu_ms_per_write']:>28}  (client CPU {b['client_cpu_s']} s)")
            counts = "{} / {} / {}".format(b["stored"], b["lost"], b["duplicated"])
            lines.append(f"{'burst ' + label + ' stored / lost / duplicated':<44} {counts:>28}  "
                         f"{b['expected']} / 0 / 0")
            lines.append(f"{'load average during ' + label + ' burst':<44} {str(b['load_avg'][1]):>28}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
