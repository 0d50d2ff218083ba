"""Overview scale benchmark: the city overview (one province) and the national overview (every province).

Seeds N communes (114 = Hải Phòng, 3,321 = the whole country) each with a light published plan (tasks in
several statuses, lead units, the period's progress reports, indicators with measurements) written in
bulk with SQLAlchemy Core, and a year of generated dossiers imported into the dossier store. Then times:

- in-process: `city.city_overview` and `nation.nation_overview` in a fresh session per call;
- through the web app: `cchc serve --workers 2` in its own process, GET /api/city and /api/nation (and
  the /nation page) with an httpx client, one request at a time.

Prints p50/p95 per case and the machine's load average (the client and the server share the machine).

    .venv/bin/python bench/overview_scale.py                          # 114 and 3,321 communes, SQLite
    .venv/bin/python bench/overview_scale.py --communes 114 --repeat 10 --no-web   # quick
    .venv/bin/python bench/overview_scale.py --postgres                # PostgreSQL (a fresh schema)
    .venv/bin/python bench/overview_scale.py --communes 3321 --keep    # then: --data DIR to time it again
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from _common import Server, load_avg, pct

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PASSWORD = "bench-mat-khau-2026"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HAI_PHONG = 31
YEAR = 2026
PERIOD = "2026-Q3"
TODAY = date(2026, 8, 20)
AREAS = ["direction", "institutions", "procedures", "organization", "civil_service", "public_finance",
         "digital_government"]






# ---------------------------------------------------------------- seeding


def seed_plans(url: str, communes: int, tasks: int, indicators: int) -> list[int]:
    """Localities, users, and a light published plan with work for the first `communes` communes."""
    from sqlalchemy import insert, select

    from cchc.auth import users
    from cchc.domain.statuses import PlanStatus, ReviewStatus, TaskStatus
    from cchc.kernel import localities
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.store.models import (
        Indicator,
        Locality,
        Measurement,
        MeasurementSource,
        Plan,
        PlanKind,
        ProgressReport,
        Task,
        TaskUnit,
        Unit,
    )

    upgrade_database(url)
    system = Actor.system(ip="bench")
    now = datetime.now(UTC)
    with session_scope(url) as s:
        localities.seed_localities(s)
        users.create_user(s, system, username="bench-city", password=PASSWORD, role=Role.CITY_REVIEWER,
                          province_code=HAI_PHONG)
        users.create_user(s, system, username="bench-ministry", password=PASSWORD, role=Role.MINISTRY_REVIEWER)
        rows = s.execute(select(Locality.code, Locality.province_code).order_by(Locality.code)).all()
        # Hải Phòng first, then the other provinces: 114 = the city, 3,321 = the country.
        codes = [c for c, p in rows if p == HAI_PHONG] + [c for c, p in rows if p != HAI_PHONG]
        codes = codes[:communes]
        units: dict[int, list[int]] = {}
        for uid, loc in s.execute(select(Unit.id, Unit.locality_code).order_by(Unit.id)):
            units.setdefault(loc, []).append(uid)
        s.execute(insert(Plan), [
            {"locality_code": c, "number": f"{i % 90 + 1}/KH-UBND", "issued_on": date(YEAR, 1, 5),
             "title": f"Kế hoạch CCHC năm {YEAR}", "issuer": "UBND", "period_start": date(YEAR, 1, 1),
             "period_end": date(YEAR, 12, 31), "kind": PlanKind.GENERAL, "status": PlanStatus.PUBLISHED,
             "created_at": now, "published_at": now, "version": 1}
            for i, c in enumerate(codes)
        ])
        plan_of = {loc: pid for pid, loc in s.execute(select(Plan.id, Plan.locality_code))}
        statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.IN_PROGRESS,
                    TaskStatus.PAUSED, TaskStatus.NOT_STARTED]
        task_rows = []
        for c in codes:
            for j in range(tasks):
                continuous = j % 3 == 0
                due = None if continuous else date(YEAR, 3 * (j % 4) + 3, 15 + (c + j) % 14)
                status = statuses[(c + j) % len(statuses)]
                task_rows.append({
                    "plan_id": plan_of[c], "position": j + 1, "ref": str(j + 1), "origin": "table",
                    "area": AREAS[j % len(AREAS)], "task": f"Nhiệm vụ {j + 1}", "timeline_kind":
                    "continuous" if continuous else "deadline", "due_on": due, "computed_due": due,
                    "reported_status": status, "percent": 100 if status is TaskStatus.DONE else 30,
                    "done_on": date(YEAR, 2, 10 + j % 15) if status is TaskStatus.DONE else None, "version": 1,
                })
        s.execute(insert(Task), task_rows)
        plan_loc = {pid: loc for loc, pid in plan_of.items()}
        links, reports = [], []
        for tid, pid, pos in s.execute(select(Task.id, Task.plan_id, Task.position)):
            loc = plan_loc[pid]
            unit = units[loc][pos % len(units[loc])]
            links.append({"task_id": tid, "unit_id": unit, "lead": True})
            if (tid + loc) % 5:  # four in five lead units have reported
                reports.append({"task_id": tid, "period": PERIOD, "unit_id": unit, "status": TaskStatus.IN_PROGRESS,
                                "percent": 50, "results": "Đã triển khai", "submitted_at": now,
                                "review_status": ReviewStatus.SUBMITTED, "version": 1})
        s.execute(insert(TaskUnit), links)
        s.execute(insert(ProgressReport), reports)
        s.execute(insert(Indicator), [
            {"plan_id": plan_of[c], "position": k + 1, "ref": str(k + 1), "name": f"Tỷ lệ {k + 1}", "unit": "%",
             "comparator": ">=", "target": 80.0 + k, "version": 1}
            for c in codes for k in range(indicators)
        ])
        s.execute(insert(Measurement), [
            {"indicator_id": iid, "period": PERIOD, "value": 70.0 + iid % 30, "source": MeasurementSource.MANUAL,
             "recorded_at": now}
            for (iid,) in s.execute(select(Indicator.id)) if iid % 2
        ])
    return codes


def seed_dossiers(data_dir: Path, codes: list[int], per_commune: int) -> int:
    """A year of generated dossiers for every commune, imported by chunks of communes."""
    from cchc.dossiers import DossierStore, generate_dossiers

    total = 0
    chunk = max(1, 2_000_000 // max(per_commune, 1))
    with DossierStore(data_dir / "dossiers") as store:
        for i in range(0, len(codes), chunk):
            part = codes[i:i + chunk]
            table = generate_dossiers(part, YEAR, per_commune * len(part), seed=i + 1,
                                      first_number=total + 1)
            store.import_table(table)
            total += table.num_rows
    return total


# ---------------------------------------------------------------- timing


COLD: dict[str, float] = {}
CPU: dict[str, list[float]] = {}


def timed(fn: Callable[[], object], repeat: int, label: str = "",
          before: Callable[[], object] | None = None) -> list[float]:
    """`fn` timed `repeat` times after a first call; `before` (untimed) runs before each timed call."""
    t0 = time.perf_counter()
    fn()  # the first call after the import: the dossier scan (then kept for the store's generation)
    COLD[label] = time.perf_counter() - t0
    out, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        out.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    CPU[label] = cpu  # this process's CPU time (in-process cases: the whole overview)
    return out


def in_process(url: str, data_dir: Path, repeat: int, nation_too: bool) -> dict[str, list[float]]:
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope
    from cchc.views import city, nation

    reviewer = Actor(user_id=None, username="bench-city", role=Role.CITY_REVIEWER, province_code=HAI_PHONG)
    ministry = Actor(user_id=None, username="bench-ministry", role=Role.MINISTRY_REVIEWER)

    def city_view() -> None:
        with session_scope(url) as s:
            city.city_overview(s, reviewer, period=PERIOD, today=TODAY, data_dir=data_dir)

    def nation_view() -> None:
        with session_scope(url) as s:
            nation.nation_overview(s, ministry, period=PERIOD, today=TODAY, data_dir=data_dir)

    write = one_write(url)
    out = {"city (in-process)": timed(city_view, repeat, "city (in-process)"),
           "city after a write (in-process)": timed(city_view, repeat, "city after a write (in-process)", write)}
    if nation_too:
        out["nation (in-process)"] = timed(nation_view, repeat, "nation (in-process)")
        out["nation after a write (in-process)"] = timed(nation_view, repeat, "nation after a write (in-process)",
                                                         write)
    return out


def one_write(url: str) -> Callable[[], None]:
    """A committed write in one commune of the city (a different one each time), as a unit's report makes.

    It moves that commune's write generation, which is what the kept figures of the views depend on.
    """
    from cchc.kernel import cache_generations, localities
    from cchc.kernel.db import session_scope

    with session_scope(url) as s:
        codes = [x.code for x in localities.list_localities(s, province_code=HAI_PHONG, limit=500)]
    turn = iter(range(10**9))

    def write() -> None:
        with session_scope(url) as s:
            cache_generations.bump(s, codes[next(turn) % len(codes)])

    return write





def _client(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    token = client.get("/api/session").json()["csrf_token"]
    r = client.post("/api/login", data={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    r.raise_for_status()
    return client


def through_web(url: str, data_dir: Path, repeat: int, workers: int, nation_too: bool) -> dict[str, list[float]]:
    server = Server(url, data_dir, workers)
    write = one_write(url)
    out: dict[str, list[float]] = {}
    try:
        cases = [("bench-city", f"GET /api/city?period={PERIOD}", f"/api/city?period={PERIOD}"),
                 ("bench-city", "GET /city (page)", f"/city?period={PERIOD}")]
        if nation_too:
            cases += [("bench-ministry", f"GET /api/nation?period={PERIOD}", f"/api/nation?period={PERIOD}"),
                      ("bench-ministry", "GET /nation (page)", f"/nation?period={PERIOD}")]
        for user, label, path in cases:
            client = _client(server.base, user)
            try:
                def get(client: httpx.Client = client, path: str = path) -> None:
                    r = client.get(path)
                    r.raise_for_status()

                # Every worker process warms up (first request: imports, templates, opening the store,
                # its own dossier scan); the first of them is reported as the cold request.
                t0 = time.perf_counter()
                get()
                COLD[label] = time.perf_counter() - t0
                for _ in range(2 * workers):
                    get()
                out[label] = timed(get, repeat, label + " (warm)")
                out[label + " after a write"] = timed(get, repeat, label + " after a write", write)
            finally:
                client.close()
    finally:
        server.stop()
    return out


def report(title: str, results: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    for label, values in results.items():
        print(f"  {label:32s} p50 {1000 * pct(values, 50):8.1f} ms   p95 {1000 * pct(values, 95):8.1f} ms"
              f"   (n={len(values)}; first call {1000 * COLD.get(label, float('nan')):.0f} ms"
              + (f"; CPU p50 {1000 * pct(CPU[label], 50):.1f} ms)" if "in-process" in label else ")"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--communes", default="114,3321", help="comma-separated commune counts (default 114,3321)")
    ap.add_argument("--dossiers", type=int, default=1_000_000,
                    help="dossiers in a year for 114 communes; scaled per commune for other counts (default 1M)")
    ap.add_argument("--tasks", type=int, default=12, help="tasks per plan (default 12)")
    ap.add_argument("--indicators", type=int, default=4, help="indicators per plan (default 4)")
    ap.add_argument("--repeat", type=int, default=30, help="timed calls per case (default 30)")
    ap.add_argument("--workers", type=int, default=2, help="cchc serve workers (default 2)")
    ap.add_argument("--postgres", action="store_true", help="PostgreSQL (a fresh schema) instead of SQLite")
    ap.add_argument("--no-web", action="store_true", help="in-process timings only")
    ap.add_argument("--keep", action="store_true", help="keep the data directory")
    ap.add_argument("--data", type=Path, help="time a data directory seeded before (kept with --keep, SQLite)")
    args = ap.parse_args()
    per_commune = max(1, args.dossiers // 114)
    if args.data is not None:
        url = f"sqlite:///{args.data / 'cchc.db'}"
        nation_too = "--communes" not in sys.argv or int(args.communes.split(",")[0]) > 114
        report(f"{args.data} — in-process, load {load_avg()}", in_process(url, args.data, args.repeat, nation_too))
        if not args.no_web:
            report(f"{args.data} — through the web app (cchc serve --workers {args.workers}), load {load_avg()}",
                   through_web(url, args.data, args.repeat, args.workers, nation_too))
        return
    for n in (int(x) for x in args.communes.split(",")):
        data_dir = Path(tempfile.mkdtemp(prefix=f"cchc-overview-{n}-"))
        schema = None
        if args.postgres:
            from sqlalchemy import create_engine, text

            schema = f"bench_{secrets.token_hex(4)}"
            with create_engine(PG_URL).begin() as con:
                con.execute(text(f"CREATE SCHEMA {schema}"))
            url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        else:
            url = f"sqlite:///{data_dir / 'cchc.db'}"
        try:
            t0 = time.perf_counter()
            codes = seed_plans(url, n, args.tasks, args.indicators)
            t1 = time.perf_counter()
            rows = seed_dossiers(data_dir, codes, per_commune)
            t2 = time.perf_counter()
            print(json.dumps({"communes": len(codes), "tasks_per_plan": args.tasks, "dossiers": rows,
                              "database": "postgresql" if args.postgres else "sqlite",
                              "seed_plans_s": round(t1 - t0, 1), "seed_dossiers_s": round(t2 - t1, 1)}))
            nation_too = n > 114
            report(f"{len(codes)} communes, {rows:,} dossiers — in-process, load {load_avg()}",
                   in_process(url, data_dir, args.repeat, nation_too))
            if not args.no_web:
                report(f"{len(codes)} communes — through the web app (cchc serve --workers {args.workers}), "
                       f"load {load_avg()}", through_web(url, data_dir, args.repeat, args.workers, nation_too))
        finally:
            if schema is not None:
                from sqlalchemy import create_engine, text

                with create_engine(PG_URL).begin() as con:
                    con.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            if args.keep:
                print(f"data kept in {data_dir}")
            else:
                shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
