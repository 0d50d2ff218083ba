"""Dossier metrics, II.06a, the 766 index, drill-down and trends for the communes an actor may read."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.mergers import fold_rows
from cchc.domain.metrics import DOSSIER_METRICS, METRIC_LABELS, MetricCode
from cchc.domain.periods import Period
from cchc.dossiers import (
    OUTCOMES,
    Index766,
    MetricRow,
    StatRow,
)
from cchc.dossiers import compute_metrics as _compute_metrics
from cchc.dossiers import drilldown as _drilldown
from cchc.dossiers import drilldown_to_excel as _drilldown_to_excel
from cchc.dossiers import index_766 as _index_766
from cchc.dossiers import monthly_series as _monthly_series
from cchc.dossiers import statistics_table as _statistics_table
from cchc.kernel.actor import Actor
from cchc.quality.scope import (
    DRILL_PAGE_SIZE,
    _by,
    _clean,
    _period,
    _readable,
    _store,
    period_cutoff,
)


def service_metrics(
    session: Session,
    actor: Actor,
    *,
    locality_codes: Sequence[int],
    period: str | Period,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> list[MetricRow]:
    """Numerator, denominator and value of every dossier metric per commune (and group) for a period."""
    codes = _readable(session, actor, locality_codes)
    per = _period(period)
    expanded, successor = with_predecessors(session, codes)
    with _store(data_dir) as store:
        rows = _compute_metrics(store, localities=expanded, period=per, by=_by(by), unit=_clean(unit),
                                sector=_clean(sector), procedure=_clean(procedure), cutoff_day=period_cutoff(cutoff_day))
    if not successor:
        return rows
    return fold_rows(rows, successor, additive=("numerator", "denominator"), rate=("value", "numerator", "denominator"),
                     key=("period", "group", "metric"))


def statistics_table(
    session: Session,
    actor: Actor,
    *,
    locality_codes: Sequence[int],
    period: str | Period,
    by: str | None = "sector",
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> list[StatRow]:
    """The II.06a statistics table (carried over, received, resolved, in progress) per commune and group."""
    codes = _readable(session, actor, locality_codes)
    expanded, successor = with_predecessors(session, codes)
    with _store(data_dir) as store:
        rows = _statistics_table(store, localities=expanded, period=_period(period), by=_by(by), unit=_clean(unit),
                                 sector=_clean(sector), procedure=_clean(procedure), cutoff_day=period_cutoff(cutoff_day))
    if not successor:
        return rows
    return fold_rows(rows, successor, additive=STAT_COUNTS, key=("period", "group"))


STAT_COUNTS = tuple(f.name for f in fields(StatRow) if f.name not in ("locality_code", "period", "group"))


def with_predecessors(session: Session, codes: Sequence[int]) -> tuple[list[int], dict[int, int]]:
    """The asked communes and every former commune whose records count for one of them (2025 mergers).

    Returns (codes to read, former code → the asked commune it counts for); the second is empty when no
    asked commune has predecessors, so reads without mergers stay exactly as they were.
    """
    from cchc.services.mergers import merger_map

    mm = merger_map(session)
    if not mm:
        return list(codes), {}
    successor = {p: c for c in codes for p in mm.predecessors(c)[1:] if p not in codes}
    return list(codes) + sorted(successor), successor


@dataclass(frozen=True)
class PredecessorFigures:
    """A merged commune's figures for a period, with each former commune's own part."""

    locality_code: int
    period: str
    side: str  # "before" / "after" / "spanning" the merger, "none" when never merged
    merged_on: date | None
    parts: list[dict[str, Any]]  # per code: code, name, metric rows

    def to_json(self) -> dict[str, Any]:
        return {"locality_code": self.locality_code, "period": self.period, "side": self.side,
                "merged_on": self.merged_on.isoformat() if self.merged_on else None, "parts": self.parts}


def predecessor_figures(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> PredecessorFigures:
    """The commune's dossier metrics shown per predecessor (the successor's own code first)."""
    from cchc.services.mergers import merger_map, predecessors_view

    _readable(session, actor, [locality_code])
    per = _period(period)
    mm = merger_map(session)
    codes = mm.predecessors(locality_code)
    names = {p.code: p.name for p in predecessors_view(session, locality_code)}
    with _store(data_dir) as store:
        rows = _compute_metrics(store, localities=codes, period=per, cutoff_day=period_cutoff(cutoff_day))
    parts = [
        {"code": c, "name": names.get(c) if c != locality_code else None,
         "metrics": [r.to_dict() for r in rows if r.locality_code == c]}
        for c in codes
    ]
    return PredecessorFigures(locality_code, per.code, mm.period_side(locality_code, per.start, per.end),
                              mm.merged_on(locality_code), parts)


def index_766(
    session: Session,
    actor: Actor,
    *,
    locality_codes: Sequence[int],
    period: str | Period,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> list[Index766]:
    """The Decision 766 index per commune: groups, points, measured / entered / missing indicators."""
    codes = _readable(session, actor, locality_codes)
    with _store(data_dir) as store:
        return _index_766(store, localities=codes, period=_period(period), cutoff_day=period_cutoff(cutoff_day))


@dataclass(frozen=True)
class DrillPage:
    """One page of the dossiers behind a number; `total` is the count of all of them."""

    locality_code: int
    period: str
    metric: str | None
    outcome: str
    unit: str | None
    sector: str | None
    procedure: str | None
    page: int
    page_size: int
    total: int
    rows: list[dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "period": self.period,
            "metric": self.metric,
            "outcome": self.outcome,
            "unit": self.unit,
            "sector": self.sector,
            "procedure": self.procedure,
            "page": self.page,
            "page_size": self.page_size,
            "pages": self.pages,
            "total": self.total,
            "rows": [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in self.rows],
        }


def _drill_rows(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    metric: str | None,
    outcome: str,
    unit: str | None,
    sector: str | None,
    procedure: str | None,
    data_dir: Path | None,
    cutoff_day: int | None,
) -> list[dict[str, Any]]:
    _readable(session, actor, [locality_code])
    if metric is not None and metric not in {m.value for m in DOSSIER_METRICS}:
        raise InvalidInput(f"Chỉ số không đo được từ hồ sơ: {metric!r}.", where="metric")
    if outcome not in ("numerator", "denominator", "excluded", *OUTCOMES):
        raise InvalidInput(f"Không có kết quả lọc {outcome!r}.", where="outcome")
    with _store(data_dir) as store:
        return _drilldown(store, localities=[locality_code], period=_period(period), metric=metric, outcome=outcome,
                          unit=_clean(unit), sector=_clean(sector), procedure=_clean(procedure),
                          cutoff_day=period_cutoff(cutoff_day))


def drilldown(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    metric: str | None = None,
    outcome: str = "numerator",
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    page: int = 1,
    page_size: int = DRILL_PAGE_SIZE,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> DrillPage:
    """The dossiers counted in one number (e.g. the late ones of a sector), one page of them."""
    if page < 1 or not 1 <= page_size <= 1000:
        raise InvalidInput("Trang phải ≥ 1 và cỡ trang từ 1 đến 1000.", where="page")
    rows = _drill_rows(session, actor, locality_code=locality_code, period=period, metric=metric, outcome=outcome,
                       unit=unit, sector=sector, procedure=procedure, data_dir=data_dir, cutoff_day=cutoff_day)
    start = (page - 1) * page_size
    return DrillPage(locality_code, _period(period).code, metric, outcome, _clean(unit), _clean(sector),
                     _clean(procedure), page, page_size, len(rows), rows[start:start + page_size])


def drilldown_excel(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    metric: str | None = None,
    outcome: str = "numerator",
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> bytes:
    """Every dossier behind the number as an .xlsx file (Vietnamese headers)."""
    rows = _drill_rows(session, actor, locality_code=locality_code, period=period, metric=metric, outcome=outcome,
                       unit=unit, sector=sector, procedure=procedure, data_dir=data_dir, cutoff_day=cutoff_day)
    label = METRIC_LABELS[MetricCode(metric)][0] if metric else outcome
    title = f"Hồ sơ – {label} ({outcome}) – xã/phường {locality_code} – kỳ {_period(period).code}"
    with tempfile.TemporaryDirectory() as tmp:
        path = _drilldown_to_excel(rows, Path(tmp) / "ho-so.xlsx", title=title)
        return path.read_bytes()


def trend(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    year: int,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
    today: date | None = None,
) -> list[MetricRow]:
    """Month-by-month metric rows of a commune for a year, up to the current month (for the trend chart)."""
    _readable(session, actor, [locality_code])
    day = today or date.today()
    if year > day.year:
        return []
    last = day.month if year == day.year else 12
    with _store(data_dir) as store:
        return _monthly_series(store, localities=[locality_code], start=f"{year}-01", end=f"{year}-{last:02d}",
                               cutoff_day=period_cutoff(cutoff_day))


def _monthly_rates(rows: list[MetricRow]) -> list[Any]:
    from cchc.reports.data import MonthlyRates

    months: dict[str, dict[str, MetricRow]] = {}
    for r in rows:
        if r.group is None:
            months.setdefault(r.period, {})[r.metric] = r
    out = []
    for month, vals in sorted(months.items()):
        online = vals.get("online_rate")
        received = int(online.denominator) if online else 0
        if not received and all(vals.get(k) is None or vals[k].value is None for k in vals):
            continue

        def rate(metric: str, vals: dict[str, MetricRow] = vals) -> float | None:
            row = vals.get(metric)
            return None if row is None or row.value is None else round(float(row.value), 2)

        out.append(MonthlyRates(month=month, received=received, on_time_rate=rate("on_time_rate"),
                                online_rate=rate("online_rate"), online_payment_rate=rate("online_payment_rate"),
                                digitization_rate=rate("digitization_rate"),
                                satisfaction_rate=rate("satisfaction_rate")))
    return out


def trend_chart(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    year: int,
    fmt: str = "svg",
    data_dir: Path | None = None,
    today: date | None = None,
) -> str | dict[str, Any]:
    """The monthly trend chart (the report's Altair chart): SVG text, or the Vega-Lite spec with fmt="json"."""
    from cchc.reports import charts

    chart = charts.service_trend(_monthly_rates(trend(session, actor, locality_code=locality_code, year=year,
                                                      data_dir=data_dir, today=today)))
    return charts.to_vega_lite(chart) if fmt == "json" else charts.to_svg(chart)
