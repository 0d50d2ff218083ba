"""Per route kind: requests per second, latency and CPU per request of a `cchc serve`, side by side.

Each route kind of the mixed traffic (`bench/web_openloop.py`) is requested alone by `--clients` clients
(threads, each logged in as the role that uses the route) for `--seconds`, after a warm-up; printed per
kind: requests/s, p50/p95 latency, the server's CPU time per request (every process of `cchc serve`)
and the load generator's. With `--src OTHER/src` the same store is served by another checkout too (a
baseline), in the same run; the store is seeded once per backend (`--keep DIR` keeps it for the next run).

`--modes kept,rebuilt`: "kept" requests the same pages again (the kept pages and figures are served);
"rebuilt" precedes each request (untimed, by the load generator) with a write in its commune — the
generation bump every committed write makes (`cache_generations.bump`), a different commune of the city
each time for the city view — so every page is rebuilt: the server CPU per request is then the cost of a
rebuilt page of that kind.

    .venv/bin/python bench/web_routes.py                                     # SQLite, 30 communes
    .venv/bin/python bench/web_routes.py --backends sqlite,postgresql --src /tmp/baseline/src
    .venv/bin/python bench/web_routes.py --modes rebuilt --kinds dashboard,review,city,public --src /tmp/baseline/src
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import httpx
from _common import Server, load_avg, pct, process_tree_cpu
from overview_scale import seed_dossiers
from web_load import PASSWORD, PG_URL, Commune, fresh_pg_schema, seed
from web_openloop import add_city_reviewer

KINDS = ("health", "dashboard", "review", "city", "public")


def seeded(backend: str, root: Path, communes: int, dossiers: int) -> dict:
    """The seeded store under `root` (seeded now unless `root/meta.json` says it was)."""
    meta = root / "meta.json"
    if meta.exists():
        return json.loads(meta.read_text())
    root.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{root / 'cchc.db'}" if backend == "sqlite" else fresh_pg_schema(PG_URL)[1]
    made = seed(url, root, communes=communes, tasks=40, units=5, all_units_lead=True, officers=True)
    if dossiers:
        seed_dossiers(root, [c.code for c in made], dossiers)
    m = {"url": url, "city": add_city_reviewer(url), "communes": [c.__dict__ for c in made]}
    meta.write_text(json.dumps(m))
    return m


def _client(base: str, username: str | None) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=60)
    if username:
        token = c.get("/api/session").json()["csrf_token"]
        c.post("/api/login", data={"username": username, "password": PASSWORD},
               headers={"X-CSRF-Token": token}).raise_for_status()
    return c


class Writer:
    """Commits the generation bump of a commune's write (what every committed write does), from the load generator."""

    def __init__(self, url: str) -> None:
        from cchc.store.engine import make_engine, make_sessionmaker

        self.engine = make_engine(url)
        self.factory = make_sessionmaker(self.engine)
        self.lock = threading.Lock()  # one writer at a time (SQLite)

    def write(self, locality_code: int) -> None:
        from cchc.kernel import cache_generations

        with self.lock, self.factory() as s:
            cache_generations.bump(s, locality_code)
            s.commit()

    def close(self) -> None:
        self.engine.dispose()


def one_kind(server: Server, m: dict, kind: str, clients: int, seconds: float, writer: Writer | None = None) -> dict:
    """`writer`: every request is preceded (untimed) by a write in its commune (a city-view request: in the next
    commune of the city), so the server rebuilds the page."""
    communes = [Commune(**{**c, "officers": {int(k): v for k, v in c["officers"].items()}}) for c in m["communes"]]
    picks = [communes[i % len(communes)] for i in range(clients)]
    user = {"city": m["city"], "public": None}.get(kind, "office")
    sessions = [_client(server.base, c.office if user == "office" else user) for c in picks]
    path = {"health": "/api/health", "dashboard": "/dashboard", "review": "/reviews", "city": "/api/city"}
    paths = [path.get(kind) or f"/public/{c.code}" for c in picks]
    for c, p in zip(sessions, paths, strict=True):
        for _ in range(3):
            c.get(p).raise_for_status()
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    turn = iter(range(10**9))

    def run(c: httpx.Client, p: str, code: int) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            if writer is not None:
                writer.write(communes[next(turn) % len(communes)].code if kind == "city" else code)
            t0 = time.perf_counter()
            r = c.get(p)
            lat.append(time.perf_counter() - t0)
            errors += r.status_code != 200

    s0, c0, t0 = process_tree_cpu(server.proc.pid), time.process_time(), time.perf_counter()
    threads = [threading.Thread(target=run, args=(c, p, pick.code))
               for c, p, pick in zip(sessions, paths, picks, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, n = time.perf_counter() - t0, max(1, len(lat))
    out = {"per_s": round(len(lat) / elapsed, 1), "p50_ms": round(1000 * pct(lat, 50), 1),
           "p95_ms": round(1000 * pct(lat, 95), 1), "errors": errors,
           "server_cpu_ms": round(1000 * (process_tree_cpu(server.proc.pid) - s0) / n, 2),
           "client_cpu_ms": round(1000 * (time.process_time() - c0) / n, 2)}
    for c in sessions:
        c.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--communes", type=int, default=30)
    ap.add_argument("--dossiers", type=int, default=8_800, help="dossiers per commune for the year")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--modes", default="kept",
                    help="kept (pages served as kept), rebuilt (a write in the commune before each request), or both")
    ap.add_argument("--src", type=Path, action="append", default=[],
                    help="the src folder of another checkout to time too (repeatable)")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the seeded stores under this folder")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="cchc-routes-"))
    sources = [("this checkout", None)] + [(str(s), s) for s in args.src]
    rows: list[tuple[str, str, str, str, dict]] = []
    try:
        for backend in args.backends.split(","):
            m = seeded(backend, root / backend, args.communes, args.dossiers)
            for label, src in sources:
                # Reminders are not part of the traffic: the background runner would take a core for a while.
                server = Server(m["url"], root / backend, args.workers, src=src, env={"CCHC_NOTIFY_INTERVAL": "0"})
                writer = Writer(m["url"])
                try:
                    for mode in args.modes.split(","):
                        for kind in args.kinds.split(","):
                            r = one_kind(server, m, kind, args.clients, args.seconds,
                                         writer if mode == "rebuilt" else None)
                            rows.append((backend, label, mode, kind, r))
                            print(json.dumps({"backend": backend, "source": label, "mode": mode, "kind": kind, **r}),
                                  flush=True)
                finally:
                    writer.close()
                    server.stop()
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\n{args.clients} clients per kind, {args.seconds} s each, --workers {args.workers}; "
          f"{os.cpu_count()} CPUs, load average at end {load_avg()}")
    print(f"{'backend':<11}{'source':<28}{'mode':<9}{'kind':<11}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'server CPU ms/req':>19}{'client CPU ms/req':>19}{'errors':>8}")
    for backend, label, mode, kind, r in sorted(rows, key=lambda x: (x[0], x[2], KINDS.index(x[3]), x[1])):
        print(f"{backend:<11}{label[-27:]:<28}{mode:<9}{kind:<11}{r['per_s']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['server_cpu_ms']:>19}{r['client_cpu_ms']:>19}{r['errors']:>8}")


if __name__ == "__main__":
    main()
