"""The Decision 766/QĐ-TTg service index (100 points in six groups) per locality and period.

Dossier records measure part of it; the rest comes from other registers (procedure publication,
PAKN, the online-service catalogue) as imported or entered inputs. Every indicator says where its
number came from: `measured`, `entered` or `missing`. The scoring is the pure rule of
`cchc.domain.index766`; this module reads the figures and hands them to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cchc.domain.errors import InvalidInput
from cchc.domain.index766 import (
    GROUPS_766,
    INDICATORS_766,
    INPUT_INDICATORS,
    Group766,
    Index766,
    Indicator766,
    Indicator766Def,
    band_766,
    score_766,
)
from cchc.domain.periods import Period
from cchc.dossiers.metrics import MetricRow, compute_metrics, period_spans

__all__ = [
    "GROUPS_766",
    "INDICATORS_766",
    "INPUT_INDICATORS",
    "Group766",
    "Index766",
    "Indicator766",
    "Indicator766Def",
    "band_766",
    "index_766",
    "input_rows_766",
    "read_766_inputs",
    "score_766",
]


def index_766(
    store: Any,
    *,
    localities: Sequence[int] | None,
    period: Period | str,
    cutoff_day: int | None = None,
    digitization_threshold: float = 80.0,
    online_share_times_sync: bool = True,
    metric_rows: Sequence[MetricRow] | None = None,
) -> list[Index766]:
    """The 766 index per locality: each group's points and the total, with each indicator's source.

    `metric_rows`: the period's metric rows of these localities (`compute_metrics` without a grouping
    or filter) when the caller has them already; otherwise they are computed (one scan).
    Example: index_766(store, localities=[11560], period="2026-Q1")
    """
    span = period_spans(period, cutoff_day)[0]
    locs = list(localities) if localities is not None else store.localities()
    rows = (list(metric_rows) if metric_rows is not None
            else compute_metrics(store, localities=locs, period=period, cutoff_day=cutoff_day))
    return score_766(rows, input_rows_766(store), localities=locs, periods=[span.code],
                     digitization_threshold=digitization_threshold, online_share_times_sync=online_share_times_sync)


def input_rows_766(store: Any) -> list[dict[str, Any]]:
    """The store's non-dossier 766 inputs as dicts (read without pyarrow where the store can)."""
    rows = getattr(store, "inputs_766_rows", None)
    return rows() if rows is not None else store.inputs_766_rows()


def read_766_inputs(path: str) -> list[dict[str, Any]]:
    """Read 766 inputs from CSV (long: locality_code,period,indicator,value; or wide: one column per
    indicator) or JSON (a list of such objects)."""
    import csv
    import json
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        from cchc.domain.errors import NotFound

        raise NotFound(f"Không tìm thấy tệp {p} (file not found)")
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"Tệp JSON {p.name} không hợp lệ: {exc}") from exc
        records = data if isinstance(data, list) else data.get("inputs", [])
    else:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            records = list(csv.DictReader(fh))
    out: list[dict[str, Any]] = []
    for i, r in enumerate(records, start=2):
        try:
            loc = int(str(r["locality_code"]).strip())
            per = Period.parse(str(r["period"])).code
        except (KeyError, ValueError) as exc:
            raise InvalidInput(f"Dòng {i}: cần locality_code và period hợp lệ ({exc})", where=p.name) from exc
        if "indicator" in r:
            items = [(str(r["indicator"]).strip(), r.get("value"))]
        else:
            items = [(k, v) for k, v in r.items() if k not in ("locality_code", "period", "note", "source")]
        for ind, val in items:
            if val is None or str(val).strip() == "":
                continue
            try:
                v = float(str(val).replace(",", ".").rstrip("%"))
            except ValueError as exc:
                raise InvalidInput(f"Dòng {i}: giá trị {ind} không phải số: {val!r}", where=p.name) from exc
            out.append({"locality_code": loc, "period": per, "indicator": ind, "value": v,
                        "source": "entered", "note": r.get("note")})
    return out
