"""Benchmark: `cchc metrics` as a whole process on the same dossier store, DuckDB beside Spark.

Per size: generate dossiers for every commune of Hải Phòng (114) in one year and import them into a
fresh store (not timed), then run `cchc metrics --period P --json` in a new process once per engine
and time it from start to exit (interpreter, JVM and SparkSession start included: what an officer
or a scheduled job waits for). Both outputs must be equal (every metric, 766 score, to the last
dossier). Prints one table.

    .venv/bin/python bench/spark_vs_duckdb.py                      # 1M dossiers, period 2026
    .venv/bin/python bench/spark_vs_duckdb.py --rows 5000000       # the figures in docs/scaling.md
    .venv/bin/python bench/spark_vs_duckdb.py --rows 1000000 --period 2026-Q1 --spark-master 'local[2]'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

YEAR = 2026
CHUNK = 1_000_000
CLI = 'import sys; from cchc.cli import main; sys.argv[0] = "cchc"; sys.exit(main())'


def _localities() -> list[int]:
    from vietnam_provinces import Ward

    return sorted(int(w.code) for w in Ward.iter_all() if int(w.province_code) == 31)  # Hải Phòng, 114


def build_store(data_dir: Path, rows: int, seed: int) -> float:
    """`rows` generated dossiers imported into `data_dir/dossiers` in one import; returns the seconds taken."""
    import pyarrow as pa

    from cchc.dossiers import DossierStore, generate_dossiers

    t0 = time.perf_counter()
    locs = _localities()
    parts = [generate_dossiers(locs, YEAR, min(CHUNK, rows - done), seed=seed + done, first_number=done + 1)
             for done in range(0, rows, CHUNK)]
    store = DossierStore(data_dir / "dossiers")
    try:
        store.import_table(pa.concat_tables(parts))
        assert store.count() == rows
    finally:
        store.close()
    return time.perf_counter() - t0


def run_cli(data_dir: Path, period: str, engine: str, master: str) -> dict[str, Any]:
    """One `cchc metrics` process; wall seconds from start to exit and its JSON output."""
    args = [sys.executable, "-c", CLI, "metrics", "--period", period, "--json", "--engine", engine]
    if engine == "spark":
        args += ["--spark-master", master]
    env = {**os.environ, "CCHC_DATA": str(data_dir)}
    env.pop("CCHC_PERIOD_CUTOFF_DAY", None)
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    secs = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{engine}: exit {out.returncode}\n{out.stderr[-2000:]}")
    return {"seconds": secs, "json": json.loads(out.stdout)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, action="append", help="dossiers per run (repeatable; default 1000000)")
    ap.add_argument("--period", default=str(YEAR), help="period of `cchc metrics` (default the whole year)")
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="build the stores under this folder and keep them")
    a = ap.parse_args()
    sizes = a.rows or [1_000_000]
    results = []
    for rows in sizes:
        base = Path(tempfile.mkdtemp(prefix="cchc-bench-spark-", dir=a.keep))
        try:
            build = build_store(base, rows, a.seed)
            duck = run_cli(base, a.period, "duckdb", a.spark_master)
            spark = run_cli(base, a.period, "spark", a.spark_master)
            same = duck["json"] == spark["json"]
            results.append((rows, build, duck["seconds"], spark["seconds"], same, len(duck["json"]["metrics"])))
        finally:
            if a.keep is None:
                shutil.rmtree(base, ignore_errors=True)
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"cchc metrics --period {a.period} --json, whole process (Spark master {a.spark_master}, "
                    f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    for h in ("dossiers", "import (s)", "DuckDB (s)", "Spark (s)", "Spark / DuckDB", "metric rows", "same output"):
        t.add_column(h, justify="right")
    for rows, build, d, s, same, n in results:
        t.add_row(f"{rows:,}", f"{build:.1f}", f"{d:.1f}", f"{s:.1f}", f"{s / d:.1f}×", str(n), "yes" if same else "NO")
    Console(width=140).print(t)
    if not all(r[4] for r in results):
        raise SystemExit("the engines disagree")


if __name__ == "__main__":
    main()
