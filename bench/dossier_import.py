"""Benchmark: `cchc dossiers import` of a canonical (or vendor) CSV, timed as a whole process.

Generates an export of the 114 Hải Phòng communes (not timed; kept with --keep-csv), then runs
`cchc dossiers import FILE --errors ERR` in a fresh process against an empty data
directory, and again over the same store (the idempotent re-import: every row an update). It
checks that nothing was lost (stored dossiers = rows of the file, the same after the re-import)
and prints wall time, rows/s and peak RSS of the child process.

    .venv/bin/python bench/dossier_import.py                         # 5M canonical rows
    .venv/bin/python bench/dossier_import.py --rows 1000000 --layout igate --workdir /tmp/ibench --keep-csv
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEAR = 2026
CHUNK = 1_000_000


def _localities() -> list[int]:
    from vietnam_provinces import Ward

    return sorted(int(w.code) for w in Ward.iter_all() if int(w.province_code) == 31)  # Hải Phòng, 114


def generate(path: Path, rows: int, seed: int, layout: str) -> None:
    import pyarrow.csv as pacsv

    from cchc.dossiers import encode_export, generate_dossiers

    locs = _localities()
    writer = None
    done = 0
    tmp = path.with_suffix(".part")
    while done < rows:
        n = min(CHUNK, rows - done)
        table = encode_export(generate_dossiers(locs, YEAR, n, seed=seed + done, first_number=done + 1), layout)
        if writer is None:
            writer = pacsv.CSVWriter(str(tmp), table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
        writer.write_table(table)
        done += n
    assert writer is not None
    writer.close()
    tmp.rename(path)


def run_import(csv_path: Path, data_dir: Path, errors: Path) -> tuple[float, float, float, str]:
    """One whole `cchc dossiers import` process: wall seconds, CPU seconds, child peak RSS (MB), its stdout."""
    env = dict(os.environ, CCHC_DATA=str(data_dir))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", "from cchc.cli import main; main()", "dossiers", "import", str(csv_path), "--errors", str(errors)],
        env=env, capture_output=True, text=True, check=False,
    )
    secs = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"import failed ({out.returncode}): {out.stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(before, usage.ru_maxrss) / 1024.0
    return secs, usage.ru_utime + usage.ru_stime - cpu0, peak, out.stdout


def stored_count(data_dir: Path) -> int:
    from cchc.dossiers import DossierStore

    with DossierStore(data_dir / "dossiers") as store:
        return store.count()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--layout", default="canonical")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep-csv", action="store_true", help="keep (and reuse) the generated CSV in --workdir")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cchc-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / f"dossiers_{args.layout}_{args.rows}.csv"
    if not (args.keep_csv and csv_path.exists()):
        t0 = time.perf_counter()
        generate(csv_path, args.rows, args.seed, args.layout)
        print(f"generated {csv_path} ({csv_path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - t0:.1f} s")
    data_dir = work / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    ok = True
    for label in ("import into an empty store", "re-import (every row an update)"):
        secs, cpu, peak, out = run_import(csv_path, data_dir, work / "errors.csv")
        n = stored_count(data_dir)
        print(f"{label}: {secs:.2f} s whole process = {args.rows / secs:,.0f} rows/s, CPU {cpu:.2f} s "
              f"(= {args.rows / cpu * (os.cpu_count() or 1):,.0f} rows/s on {os.cpu_count()} idle cores), "
              f"peak RSS {peak:,.0f} MB, stored {n:,} dossiers")
        print("  " + next((x for x in out.splitlines() if x.startswith("Đã đọc")), out.strip()))
        ok = ok and n == args.rows
    print(f"load average at the end {os.getloadavg()[0]:.1f}; nothing lost: {'yes' if ok else 'NO'}")
    if not args.keep_csv:
        csv_path.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
