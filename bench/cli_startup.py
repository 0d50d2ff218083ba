"""Benchmark: `cchc version` (or any command) as a whole process — wall and CPU time, and what it imports.

Runs the command N times after a warm-up in fresh processes and prints the minimum and median wall
and CPU seconds (the child's own accounting), then which heavy libraries one run loaded.

    .venv/bin/python bench/cli_startup.py                    # cchc version, 15 runs
    .venv/bin/python bench/cli_startup.py --runs 9 -- --help
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HEAVY = ("sqlalchemy", "duckdb", "fastapi", "starlette", "pandas", "pyarrow", "docx", "openpyxl", "altair", "pydantic", "rich")
PROBE = (
    "import json, sys\n"
    "sys.argv = ['cchc', *json.loads(sys.argv[1])]\n"
    "from cchc.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
)


def one_run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from cchc.cli import main; main()", *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("command", nargs="*", default=["version"])
    args = ap.parse_args(argv)
    one_run(args.command)  # warm-up: bytecode and the page cache
    runs = [one_run(args.command) for _ in range(args.runs)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args.command)], capture_output=True, text=True, check=False)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"cchc {' '.join(args.command)}: {args.runs} runs, wall min {min(walls):.3f} s median {statistics.median(walls):.3f} s, "
          f"CPU min {min(cpus):.3f} s median {statistics.median(cpus):.3f} s")
    print(f"heavy libraries loaded: {', '.join(sorted(loaded & set(HEAVY))) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
