"""Benchmark: `cchc extract` speed per input document, read and parse timed separately, in one run.

Inputs: the seed plans ($CCHC_SHARED_DIR/seeds/*.txt), the sample plans (samples/*.docx, *.txt) and any
files or folders given on the command line (e.g. the seeds converted to .docx/.pdf, scans). For each
input the best of N runs is reported (reading and parsing separately), with characters per second
for text inputs and pages per second where the container knows its pages.

    .venv/bin/python bench/extract.py
    .venv/bin/python bench/extract.py /tmp/containers --repeat 5 --json bench-extract.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CCHC_SHARED_DIR", "reference-data-not-set"))
SUFFIXES = {".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _inputs(extra: list[str]) -> list[Path]:
    paths: list[Path] = []
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    paths += sorted(p for p in (ROOT / "samples").glob("*") if p.suffix in (".docx", ".txt"))
    for item in extra:
        p = Path(item)
        if p.is_dir():
            paths += sorted(q for q in p.iterdir() if q.suffix.lower() in SUFFIXES)
        elif p.exists():
            paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="more files or folders to measure")
    ap.add_argument("--repeat", type=int, default=3, help="runs per input; the best is kept (default 3)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    from cchc.extract.assemble import parse_plan_text
    from cchc.extract.pipeline import plan_to_json
    from cchc.extract.readers import read_document

    rows = []
    for path in _inputs(args.paths):
        best_read = best_parse = float("inf")
        doc = plan = None
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            doc = read_document(path)
            t1 = time.perf_counter()
            plan = parse_plan_text(doc.text, source_name=path.name)
            t2 = time.perf_counter()
            best_read, best_parse = min(best_read, t1 - t0), min(best_parse, t2 - t1)
        assert doc is not None and plan is not None
        plan_to_json(plan)  # every output must validate
        total = best_read + best_parse
        rows.append({
            "file": path.name,
            "kind": doc.kind,
            "chars": len(doc.text),
            "pages": doc.pages,
            "read_s": round(best_read, 4),
            "parse_s": round(best_parse, 4),
            "total_s": round(total, 4),
            "chars_per_s": round(len(doc.text) / total) if total else None,
            "pages_per_s": round(doc.pages / total, 2) if doc.pages and total else None,
            "tasks": len(plan.tasks),
            "indicators": len(plan.indicators),
        })

    print(f"{'file':40} {'kind':5} {'chars':>7} {'pages':>5} {'read s':>7} {'parse s':>8} {'total s':>8} "
          f"{'chars/s':>9} {'pages/s':>8} {'tasks':>5} {'ind':>4}")
    for r in rows:
        print(f"{r['file'][:40]:40} {r['kind']:5} {r['chars']:7d} {r['pages'] or '':>5} {r['read_s']:7.3f} "
              f"{r['parse_s']:8.3f} {r['total_s']:8.3f} {r['chars_per_s'] or '':>9} {r['pages_per_s'] or '':>8} "
              f"{r['tasks']:5d} {r['indicators']:4d}")
    slow = [r["file"] for r in rows if r["kind"] == "txt" and r["total_s"] >= 1.0]
    print(f"text inputs over 1 s: {slow or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
