"""Benchmark: `cchc metrics` as a whole process against one hand-written DuckDB scan, also a whole process.

Per size: generate dossiers for the 114 communes of Hải Phòng in one year and import them into a
fresh data directory (not timed; `--keep DIR` keeps and reuses it). Then, per period (the year and
one quarter), run in fresh processes, alternating, after one warm-up each:

  1. `cchc metrics --period P --province 31` (CCHC_DATA = the data directory), what an officer waits for;
  2. `python -c "import duckdb; ..."`: one hand-written query over the same Parquet files (the manifest's)
     that reads the columns the metrics need and counts the period's figures per commune — the floor
     that interpreter start, DuckDB's import and one scan cost.

Prints the median wall and CPU time (user + system of the child, `RUSAGE_CHILDREN`) of each, and their
ratio, side by side, with the load average. The goal (issue 11): cchc ≤ 1.5× the floor at 5M dossiers.

    PYTHONPATH=src .venv/bin/python bench/metrics_process.py                       # 1M and 5M dossiers
    PYTHONPATH=src .venv/bin/python bench/metrics_process.py --rows 1000000 --runs 5
    PYTHONPATH=src .venv/bin/python bench/metrics_process.py --keep DIR      # build the stores once, reuse them
    PYTHONPATH=src .venv/bin/python bench/metrics_process.py --keep DIR --src OTHER/src   # another checkout's cchc

`bench/dossier_metrics.py` runs the same whole-process stage on the store it imported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

YEAR = 2026
CHUNK = 1_000_000
ROOT = Path(__file__).resolve().parents[1]
CLI = "from cchc.cli import main; main()"
PERIODS = (str(YEAR), f"{YEAR}-Q2")


def _localities() -> list[int]:
    from vietnam_provinces import Ward

    return sorted(int(w.code) for w in Ward.iter_all() if int(w.province_code) == 31)  # Hải Phòng, 114


def _build(data_dir: str, rows: int, seed: int) -> None:
    import pyarrow as pa

    from cchc.dossiers import DossierStore, generate_dossiers

    locs = _localities()
    parts = [generate_dossiers(locs, YEAR, min(CHUNK, rows - done), seed=seed + done, first_number=done + 1)
             for done in range(0, rows, CHUNK)]
    store = DossierStore(Path(data_dir) / "dossiers")
    try:
        store.import_table(pa.concat_tables(parts))
        assert store.count() == rows
    finally:
        store.close()


def build_store(data_dir: Path, rows: int, seed: int) -> float:
    """`rows` generated dossiers imported into `data_dir/dossiers` (in a child process); the seconds taken."""
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import metrics_process as m; " \
           f"m._build({str(data_dir)!r}, {rows}, {seed})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    (data_dir / ".rows").write_text(str(rows))
    return time.perf_counter() - t0


# The floor: the columns the metric SQL reads, the period's scope and its counts per commune, in one
# scan and without the working-day calendar (due dates compared as they are).
FLOOR_SQL = """
SELECT d.locality_code,
  count(*) AS n,
  count_if(d.received_at >= TIMESTAMP '{start}') AS received,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.channel = 'online') AS online,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.full_online) AS full_online,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.fee_required AND d.paid_online) AS paid_online,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.dossier_digitized) AS digitized,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.reused_data) AS reused,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.location_free) AS location_free,
  count_if(d.received_at >= TIMESTAMP '{start}' AND d.synced_national) AS synced,
  count_if(fin AND d.status IN ('resolved', 'returned') AND d.e_result) AS e_result,
  count_if(fin AND CAST(end_at AS DATE) <= CAST(d.due_at AS DATE) AND COALESCE(d.supplement_count, 0) <= 1) AS on_time,
  count_if(NOT fin AND CAST(d.due_at AS DATE) >= DATE '{end}') AS within_time,
  count_if(d.rating <= 2) AS dislike, count_if(d.apology_sent) AS apology,
  count_if(d.supplement_requested_at IS NOT NULL OR d.suspended_at IS NOT NULL) AS waited,
  sum(CASE WHEN fin THEN date_diff('day', d.received_at, end_at) ELSE 0 END) AS days
FROM (
  SELECT *, CASE WHEN status IN ('resolved','returned','rejected','withdrawn','paused')
                 THEN COALESCE(resolved_at, returned_at) END AS end_at,
            CASE WHEN status IN ('resolved','returned','rejected','withdrawn','paused')
                 THEN COALESCE(resolved_at, returned_at) < TIMESTAMP '{stop}' ELSE FALSE END AS fin
  FROM read_parquet({files}, hive_partitioning = true)
) d
WHERE d.received_at < TIMESTAMP '{stop}' AND (d.end_at IS NULL OR d.end_at >= TIMESTAMP '{start}')
GROUP BY 1 ORDER BY 1
"""


def floor_code(data_dir: Path, period: str) -> str:
    """The floor process's program: `import duckdb`, one query over the manifest's files, print the rows."""
    from cchc.domain.periods import Period

    p = Period.parse(period)
    manifest = json.loads((data_dir / "dossiers" / "manifest.json").read_text(encoding="utf-8"))
    files = [str(data_dir / "dossiers" / f["path"]) for e in manifest["localities"].values() for f in e["files"]]
    from datetime import timedelta

    sql = FLOOR_SQL.format(start=p.start.isoformat(), end=p.end.isoformat(),
                           stop=(p.end + timedelta(days=1)).isoformat(), files=repr(files))
    return f"import duckdb\nrows = duckdb.connect().execute({sql!r}).fetchall()\nprint(len(rows), sum(r[1] for r in rows))"


def one_run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One process: wall seconds, CPU seconds (user + system) and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"{args[:4]}…: exit {out.returncode}\n{out.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


def measure(data_dir: Path, period: str, runs: int, src: Path | None = None) -> dict[str, Any]:
    """Median wall and CPU of `cchc metrics --period P --province 31` and of the floor, alternating."""
    env = {**os.environ, "CCHC_DATA": str(data_dir), "PYTHONPATH": str(src or ROOT / "src")}
    env.pop("CCHC_PERIOD_CUTOFF_DAY", None)
    cchc = [sys.executable, "-c", CLI, "metrics", "--period", period, "--province", "31"]
    floor = [sys.executable, "-c", floor_code(data_dir, period)]
    one_run(cchc, env)  # warm-up: the page cache, and the calendar stored once per data directory
    one_run(floor, env)
    c_wall, c_cpu, f_wall, f_cpu = [], [], [], []
    out = ""
    for _ in range(runs):
        w, c, out = one_run(cchc, env)
        c_wall.append(w)
        c_cpu.append(c)
        w, c, _o = one_run(floor, env)
        f_wall.append(w)
        f_cpu.append(c)
    med = statistics.median
    return {"period": period, "cchc_wall": med(c_wall), "cchc_cpu": med(c_cpu), "floor_wall": med(f_wall),
            "floor_cpu": med(f_cpu), "out_lines": len(out.splitlines()), "load": os.getloadavg()[0]}


def whole_process(data_dir: Path, rows: int, runs: int, src: Path | None = None) -> list[dict[str, Any]]:
    """Both periods for one data directory (its store in `dossiers/`); prints one line per period as it goes."""
    res = []
    for period in PERIODS:
        r = measure(data_dir, period, runs, src)
        r["rows"] = rows
        print(f"{rows:,} dossiers, {period}: cchc metrics {r['cchc_wall']:.2f} s wall, {r['cchc_cpu']:.2f} s CPU; "
              f"one scan {r['floor_wall']:.2f} s wall, {r['floor_cpu']:.2f} s CPU; "
              f"ratio {r['cchc_wall'] / r['floor_wall']:.2f}× wall, {r['cchc_cpu'] / r['floor_cpu']:.2f}× CPU "
              f"(load {r['load']:.1f})", flush=True)
        res.append(r)
    return res


def print_table(results: list[dict[str, Any]], runs: int) -> None:
    print(f"\nmachine: {os.cpu_count()} cores; median of {runs} runs after a warm-up; "
          f"load average (1 min) after each row")
    print("| dossiers | period | cchc metrics wall s (CPU s) | one scan wall s (CPU s) | ratio wall | ratio CPU | load |")
    print("|---:|:--|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['rows']:,} | {r['period']} | {r['cchc_wall']:.2f} ({r['cchc_cpu']:.2f}) "
              f"| {r['floor_wall']:.2f} ({r['floor_cpu']:.2f}) | {r['cchc_wall'] / r['floor_wall']:.2f}× "
              f"| {r['cchc_cpu'] / r['floor_cpu']:.2f}× | {r['load']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, action="append", help="dossiers (repeatable); default 1M and 5M")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (median), default 5")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="build the data directories under this folder, keep and reuse them")
    ap.add_argument("--src", type=Path, help="the cchc sources to time (default: this checkout's src)")
    a = ap.parse_args(argv)
    sizes = a.rows or [1_000_000, 5_000_000]
    work = a.keep or Path(tempfile.mkdtemp(prefix="cchc-metrics-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for rows in sizes:
            data_dir = work / f"data_{rows}"
            if not (a.keep and (data_dir / ".rows").is_file() and (data_dir / ".rows").read_text() == str(rows)):
                shutil.rmtree(data_dir, ignore_errors=True)
                data_dir.mkdir(parents=True)
                secs = build_store(data_dir, rows, a.seed)
                print(f"built {rows:,} dossiers in {secs:.1f} s (not timed below)", flush=True)
            results += whole_process(data_dir, rows, a.runs, a.src and a.src.absolute())
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(results, a.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
