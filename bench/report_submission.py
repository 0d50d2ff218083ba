"""One progress report in process: the statements it issues and its CPU time, on SQLite and PostgreSQL.

Seeds one commune (a published plan, every unit leading every task, as in the quarter-end burst of
`web_load.py`), then submits every (task, unit) report through `cchc.services.progress.submit_progress`
in its own session and commit, one after another, with the web app's engine settings (SQLite in WAL
with `synchronous=NORMAL`; PostgreSQL with its lock and statement timeouts). Prints the statements of
one first submission and the process CPU time per submission (service and commit, no HTTP).

    .venv/bin/python bench/report_submission.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/report_submission.py --no-postgres
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import load_avg
from sqlalchemy import event
from web_load import PASSWORD, PG_URL, drop_pg_schema, fresh_pg_schema, seed


def measure(url: str, data_dir: Path, *, tasks: int, units: int) -> dict:
    from cchc.auth import users
    from cchc.domain.periods import Period, PeriodKind
    from cchc.kernel import cache_generations
    from cchc.kernel.db import session_scope
    from cchc.services import progress
    from cchc.settings import Settings
    from cchc.web.db import make_sessionmaker

    commune = seed(url, data_dir, communes=1, tasks=tasks, units=units, all_units_lead=True, officers=False)[0]
    factory = make_sessionmaker(Settings(data_dir=data_dir, database_url=url, secret_key="bench-secret",
                                         period_cutoff_day=None, report_due_day=10, max_upload_bytes=1 << 20))
    period = Period.containing(datetime.date.today(), PeriodKind.QUARTER).code
    with session_scope(url) as s:
        actor = users.authenticate(s, username=commune.office, password=PASSWORD, ip="bench")

    def submit(task_id: int, unit_id: int) -> None:
        with session_scope(url) as s:
            s.info[cache_generations.LOCALITY] = actor.locality_code  # what the web app's session sets
            s.info[cache_generations.BUMP] = True
            progress.submit_progress(s, actor, task_id=task_id, period=period, status="in_progress", percent=50,
                                     results=f"Báo cáo quý của đơn vị {unit_id} cho nhiệm vụ {task_id}.",
                                     unit_id=unit_id, data_dir=data_dir)

    jobs = [(t, u) for t in commune.task_ids for u in commune.unit_ids]
    submit(*jobs[0])  # warm: statement caches, imports
    engine = factory.kw["bind"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split())[:100])

    event.listen(engine, "before_cursor_execute", count)
    submit(*jobs[1])
    event.remove(engine, "before_cursor_execute", count)
    rest = jobs[2:]
    load_start = load_avg()
    cpu, wall = time.process_time(), time.perf_counter()
    for job in rest:
        submit(*job)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    engine.dispose()
    return {"statements": len(seen), "statement_list": seen, "submissions": len(rest),
            "cpu_ms_each": round(cpu * 1000 / len(rest), 2), "wall_ms_each": round(wall * 1000 / len(rest), 2),
            "load_avg": [load_start, load_avg()]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=60, help="tasks of the plan (default 60)")
    ap.add_argument("--units", type=int, default=6, help="units, each leading every task (default 6)")
    ap.add_argument("--pg-url", default=PG_URL)
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    results = {}
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        (tmp / "sqlite").mkdir()
        results["sqlite"] = measure(f"sqlite:///{tmp / 'sqlite' / 'cchc.db'}", tmp / "sqlite",
                                    tasks=args.tasks, units=args.units)
        if not args.no_postgres:
            (tmp / "pg").mkdir()
            schema, url = fresh_pg_schema(args.pg_url)
            try:
                results["postgresql"] = measure(url, tmp / "pg", tasks=args.tasks, units=args.units)
            finally:
                from cchc.kernel.db import get_sessionmaker

                get_sessionmaker(url).kw["bind"].dispose()
                drop_pg_schema(args.pg_url, schema)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    for name, r in results.items():
        print(f"{name}: {r['statements']} statements per first submission; {r['cpu_ms_each']} ms CPU, "
              f"{r['wall_ms_each']} ms wall per submission ({r['submissions']} in a row); "
              f"load average {r['load_avg'][0]} → {r['load_avg'][1]}")


if __name__ == "__main__":
    sys.exit(main())
