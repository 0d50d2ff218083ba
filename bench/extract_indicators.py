"""Dev tool: build cchc.plan/1 JSONs from the header + indicator extractors and score them.

Usage: .venv/bin/python bench/extract_indicators.py OUT_DIR [--gold-resp]
  --gold-resp  feed the gold responsibilities instead of the extracted ones (isolates the indicator part)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from cchc.domain.plan import Plan, Responsibility
from cchc.extract.header import parse_plan_info
from cchc.extract.indicators import find_indicators
from cchc.extract.layout import paragraphs, sections
from cchc.extract.responsibilities import find_responsibilities
from cchc.extract.tables import table_tasks

SHARED = Path(os.environ.get("CCHC_SHARED_DIR", "reference-data-not-set"))


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    gold_resp = "--gold-resp" in sys.argv
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        if gold_resp:
            gold = json.loads((SHARED / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
            resp = [Responsibility.from_json(r) for r in gold["responsibilities"]]
        else:
            resp = find_responsibilities(sections(paragraphs(text)))
        tasks = table_tasks(paragraphs(text))  # read once by the caller, as assemble.py does
        best = float("inf")
        for _ in range(3):  # best of three: the machine is shared
            t0 = time.perf_counter()
            info = parse_plan_info(text)
            inds = find_indicators(text, plan_period=info.period, responsibilities=resp, tasks=tasks)
            best = min(best, time.perf_counter() - t0)
        dt = best
        plan = Plan(info=info, indicators=inds, responsibilities=resp, source_file=seed.name)
        (out / f"{seed.stem}.json").write_text(json.dumps(plan.to_json(), ensure_ascii=False, indent=1), "utf-8")
        print(f"{seed.stem}: {len(inds)} indicators; header + indicators {dt * 1000:.0f} ms")


if __name__ == "__main__":
    main()
