"""Service indicators from dossier records, joined with the workspace: permissions, 766 inputs, indicator actuals.

The dossier store (`cchc.dossiers`, DuckDB over Parquet under `settings.dossier_dir`) computes the
numbers; this module decides who may read which commune, records manual 766 inputs with an audit
event, and writes the dossier-measured values of a plan's indicators through `services.indicators`.

Example:
    with session_scope() as s:
        rows = service_metrics(s, actor, locality_codes=[11533], period="2026-Q2", by="sector")
        result = refresh_indicator_actuals(s, actor, locality_code=11533, period="2026-Q2")
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.metrics import DOSSIER_METRICS, METRIC_LABELS, MetricCode
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.statuses import PlanStatus
from cchc.dossiers import (
    GROUPINGS,
    INDICATORS_766,
    INPUT_INDICATORS,
    OUTCOMES,
    DossierStore,
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
from cchc.services.actor import Actor, Role
from cchc.services.audit import record_event
from cchc.services.indicators import indicator_progress, list_measurements, record_measurement
from cchc.services.localities import LocalityView, get_locality
from cchc.services.plans import get_plan, list_plans
from cchc.settings import get_settings

__all__ = [
    "DRILL_PAGE_SIZE",
    "INDEX_METRICS",
    "INPUT_LABELS",
    "DrillPage",
    "RefreshResult",
    "RefreshedIndicator",
    "ServiceQualityPage",
    "drilldown",
    "drilldown_excel",
    "enter_766_inputs",
    "index_766",
    "open_dossier_store",
    "period_choices",
    "period_label",
    "quality_page",
    "refresh_indicator_actuals",
    "seed_demo_dossiers",
    "service_metrics",
    "statistics_table",
    "trend",
    "trend_chart",
]

DRILL_PAGE_SIZE = 50
INPUT_LABELS: dict[str, str] = {d.code: d.name_vi for d in INDICATORS_766 if d.metric is None} | {
    "pakn_count": "Số phản ánh, kiến nghị (PAKN) trong kỳ"
}
# The 766 indicators measured from dossiers → the metric whose dossiers they count.
INDEX_METRICS: dict[str, str] = {d.code: d.metric.value for d in INDICATORS_766 if d.metric is not None}


# --------------------------------------------------------------------------- the store and scope


def dossier_dir(data_dir: Path | None = None) -> Path:
    """`<data_dir>/dossiers` (the settings' data directory by default)."""
    return (Path(data_dir) if data_dir is not None else get_settings().data_dir) / "dossiers"


def period_cutoff(cutoff_day: int | None = None) -> int | None:
    """`cutoff_day` when given, else the provincial cut-off setting (None: calendar periods)."""
    return cutoff_day if cutoff_day is not None else get_settings().period_cutoff_day


def open_dossier_store(data_dir: Path | None = None) -> DossierStore:
    """The dossier store under `<data_dir>/dossiers` (settings' data directory by default)."""
    return DossierStore(dossier_dir(data_dir))


@contextmanager
def _store(data_dir: Path | None) -> Iterator[DossierStore]:
    store = open_dossier_store(data_dir)
    try:
        yield store
    finally:
        store.close()


def _readable(session: Session, actor: Actor, locality_codes: Sequence[int]) -> list[int]:
    """The asked communes, each checked: a commune's users see only theirs, a reviewer their province."""
    codes = list(dict.fromkeys(int(c) for c in locality_codes))
    if not codes:
        raise InvalidInput("Chọn ít nhất một xã/phường.", where="locality_code")
    for code in codes:
        get_locality(session, actor, code=code)  # NotFound / PermissionDenied
    return codes


def _period(period: str | Period) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(str(period))
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="period") from None


def _by(by: str | None) -> str | None:
    if by in (None, "", "none"):
        return None
    if by not in GROUPINGS:
        raise InvalidInput(f"Không nhóm được theo {by!r}; chọn: {', '.join(GROUPINGS)}.", where="by")
    return by


def _clean(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# --------------------------------------------------------------------------- reads


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
    with _store(data_dir) as store:
        return _compute_metrics(store, localities=codes, period=per, by=_by(by), unit=_clean(unit),
                                sector=_clean(sector), procedure=_clean(procedure), cutoff_day=period_cutoff(cutoff_day))


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
    with _store(data_dir) as store:
        return _statistics_table(store, localities=codes, period=_period(period), by=_by(by), unit=_clean(unit),
                                 sector=_clean(sector), procedure=_clean(procedure), cutoff_day=period_cutoff(cutoff_day))


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


# --------------------------------------------------------------------------- the page of a commune


@dataclass(frozen=True)
class ServiceQualityPage:
    """Everything the "Chỉ số phục vụ" page shows for one commune and period."""

    locality: LocalityView
    period: str
    period_label: str
    by: str | None
    unit: str | None
    sector: str | None
    procedure: str | None
    metrics: list[MetricRow]
    totals: list[MetricRow]  # the commune's totals (no grouping), for the trend and KPIs
    ii06a: list[StatRow]
    ii06a_total: StatRow | None
    index: Index766 | None
    inputs: dict[str, float | None]
    options: dict[str, list[str]]  # unit / sector / procedure values seen in the period
    dossiers: int  # dossiers stored for the commune (all periods)
    can_enter: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "locality": self.locality.to_json(),
            "period": self.period,
            "period_label": self.period_label,
            "filters": {"by": self.by, "unit": self.unit, "sector": self.sector, "procedure": self.procedure},
            "metrics": [r.to_dict() for r in self.metrics],
            "totals": [r.to_dict() for r in self.totals],
            "ii06a": [dict(r.to_dict(), balanced=r.balanced) for r in self.ii06a],
            "ii06a_total": dict(self.ii06a_total.to_dict(), balanced=self.ii06a_total.balanced)
            if self.ii06a_total else None,
            "index_766": self.index.to_dict() if self.index else None,
            "inputs_766": self.inputs,
            "options": self.options,
            "dossiers": self.dossiers,
            "can_enter": self.can_enter,
        }


def _can_manage(actor: Actor, locality_code: int) -> bool:
    return actor.is_admin or (actor.role is Role.STANDING_OFFICE and actor.locality_code == locality_code)


def quality_page(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> ServiceQualityPage:
    """The metric table (filtered, grouped), II.06a, the 766 index and its inputs for one commune."""
    loc = get_locality(session, actor, code=locality_code)
    per = _period(period)
    grp, u, s, p = _by(by), _clean(unit), _clean(sector), _clean(procedure)
    cut = period_cutoff(cutoff_day)
    locs = [loc.code]
    with _store(data_dir) as store:
        metrics = _compute_metrics(store, localities=locs, period=per, by=grp, unit=u, sector=s, procedure=p,
                                   cutoff_day=cut)
        totals = _compute_metrics(store, localities=locs, period=per, cutoff_day=cut)
        ii06a = _statistics_table(store, localities=locs, period=per, by=grp or "sector", unit=u, sector=s,
                                  procedure=p, cutoff_day=cut)
        total_rows = _statistics_table(store, localities=locs, period=per, by=None, unit=u, sector=s, procedure=p,
                                       cutoff_day=cut)
        index = _index_766(store, localities=locs, period=per, cutoff_day=cut)
        options: dict[str, list[str]] = {}
        for key in ("unit", "sector", "procedure"):
            groups = _statistics_table(store, localities=locs, period=per, by=key, cutoff_day=cut)
            options[key] = sorted({g.group for g in groups if g.group})
        inputs = {
            r["indicator"]: r["value"]
            for r in store.inputs_766().to_pylist()
            if r["locality_code"] == loc.code and r["period"] == per.code
        }
        count = next((o["dossiers"] for o in store.overview() if o["locality_code"] == loc.code), 0)
    return ServiceQualityPage(
        locality=loc, period=per.code, period_label=period_label(per), by=grp, unit=u, sector=s, procedure=p,
        metrics=metrics, totals=totals, ii06a=ii06a, ii06a_total=total_rows[0] if total_rows else None,
        index=index[0] if index else None, inputs=inputs, options=options, dossiers=int(count),
        can_enter=_can_manage(actor, loc.code),
    )


# --------------------------------------------------------------------------- 766 inputs by hand


def enter_766_inputs(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    values: dict[str, Any],
    note: str | None = None,
    data_dir: Path | None = None,
) -> dict[str, float | None]:
    """Enter the non-dossier 766 inputs (percent 0–100, `pakn_count` ≥ 0) of a commune for a period.

    Every value is checked before anything is written; blank fields are left as they were. One
    audit event (entity `input_766`, id = the commune's code) records before → after.
    """
    loc = get_locality(session, actor, code=locality_code)
    if not _can_manage(actor, loc.code):
        raise PermissionDenied("Chỉ bộ phận thường trực CCHC của xã/phường được phép nhập số liệu Chỉ số 766.")
    per = _period(period)
    cleaned: dict[str, float] = {}
    for key, raw in values.items():
        if key not in INPUT_INDICATORS:
            raise InvalidInput(f"Chỉ số 766 không nhận nhập tay: {key!r}.", where=key)
        text = "" if raw is None else str(raw).strip().replace("%", "").strip()
        if not text:
            continue
        if key == "pakn_count" and re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            text = re.sub(r"[.,]", "", text)  # 1.234 written with a thousands separator
        text = text.replace(",", ".")
        label = INPUT_LABELS[key]
        try:
            number = float(text)
        except ValueError:
            raise InvalidInput(f'"{label}": "{raw}" không phải là số.', where=key) from None
        if not math.isfinite(number):
            raise InvalidInput(f'"{label}": "{raw}" không phải là số.', where=key)
        if key == "pakn_count":
            if number < 0 or not number.is_integer():
                raise InvalidInput(f'"{label}" phải là số nguyên không âm, nhận "{raw}".', where=key)
        elif not 0 <= number <= 100:
            raise InvalidInput(f'"{label}" phải từ 0 đến 100 (%), nhận "{raw}".', where=key)
        cleaned[key] = number
    if not cleaned:
        raise InvalidInput("Chưa nhập giá trị nào.", where="values")
    clean_note = note.strip()[:500] if note and note.strip() else None
    with _store(data_dir) as store:
        before_all = {
            r["indicator"]: r["value"]
            for r in store.inputs_766().to_pylist()
            if r["locality_code"] == loc.code and r["period"] == per.code
        }
        before = {k: before_all.get(k) for k in cleaned}
        # The audit event first: if it fails nothing is written; the Parquet write comes last.
        record_event(session, actor, entity="input_766", entity_id=loc.code, action="enter",
                     before={"period": per.code, "values": before},
                     after={"period": per.code, "values": cleaned, "note": clean_note},
                     locality_code=loc.code)
        session.flush()
        store.set_766_inputs([
            {"locality_code": loc.code, "period": per.code, "indicator": k, "value": v, "source": "entered",
             "note": clean_note or f"nhập bởi {actor.username}"}
            for k, v in cleaned.items()
        ])
    return {**before_all, **cleaned}


# --------------------------------------------------------------------------- indicator actuals


@dataclass(frozen=True)
class RefreshedIndicator:
    indicator_id: int
    plan_id: int
    ref: str | None
    name: str
    metric: str
    numerator: float | None
    denominator: float | None
    value: float | None
    action: str  # created | updated | unchanged | no_data
    achievement: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator_id": self.indicator_id,
            "plan_id": self.plan_id,
            "ref": self.ref,
            "name": self.name,
            "metric": self.metric,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "action": self.action,
            "achievement": self.achievement,
        }


@dataclass(frozen=True)
class RefreshResult:
    locality_code: int
    period: str
    indicators: list[RefreshedIndicator] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for i in self.indicators if i.action == action)

    def summary_vi(self) -> str:
        return (f"Kỳ {self.period}: {len(self.indicators)} chỉ tiêu đo từ hồ sơ — {self.count('created')} mới, "
                f"{self.count('updated')} cập nhật, {self.count('unchanged')} không đổi, "
                f"{self.count('no_data')} chưa có hồ sơ.")

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "period": self.period,
            "indicators": [i.to_json() for i in self.indicators],
            "summary": self.summary_vi(),
        }


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def refresh_indicator_actuals(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
    today: date | None = None,
) -> RefreshResult:
    """Write the dossier-measured value of every plan indicator bound to a dossier metric, for a period.

    Idempotent: a measurement (source "dossiers") per indicator and period is created, updated
    when the figures changed, and left alone (no audit event) when they did not.
    Example: refresh_indicator_actuals(s, office, locality_code=11533, period="2026-Q2")
    """
    loc = get_locality(session, actor, code=locality_code)
    if not _can_manage(actor, loc.code):
        raise PermissionDenied("Chỉ bộ phận thường trực CCHC của xã/phường được phép cập nhật số liệu chỉ tiêu.")
    per = _period(period)
    plans = list_plans(session, actor, locality_code=loc.code, status=PlanStatus.PUBLISHED)
    bound = [
        (plan.id, ind)
        for summary in plans
        for plan in [get_plan(session, actor, plan_id=summary.id, today=today)]
        for ind in plan.indicators
        if ind.metric and ind.metric in {m.value for m in DOSSIER_METRICS}
    ]
    result = RefreshResult(loc.code, per.code)
    if not bound:
        return result
    with _store(data_dir) as store:
        rows = _compute_metrics(store, localities=[loc.code], period=per, cutoff_day=period_cutoff(cutoff_day))
    by_metric = {r.metric: r for r in rows if r.group is None}
    written: list[tuple[int, Any, MetricRow | None, str]] = []
    for plan_id, ind in bound:
        row = by_metric.get(ind.metric)  # type: ignore[arg-type]
        if row is None or row.value is None:
            written.append((plan_id, ind, row, "no_data"))
            continue
        value = round(float(row.value), 2)
        # The reduction in handling time is a difference of averages, not a share: value only.
        share = ind.metric != MetricCode.ONLINE_TIME_REDUCTION.value
        num, den = (float(row.numerator), float(row.denominator)) if share else (None, None)
        old = next((m for m in list_measurements(session, actor, indicator_id=ind.id)
                    if m.period == per.code and m.source.value == "dossiers"), None)
        if old is not None and _same(old.numerator, num) and _same(old.denominator, den) and _same(old.value, value):
            written.append((plan_id, ind, row, "unchanged"))
            continue
        record_measurement(session, actor, indicator_id=ind.id, period=per.code, numerator=num, denominator=den,
                           value=value, source="dossiers",
                           evidence=f"Tính từ {int(row.denominator)} hồ sơ của Hệ thống giải quyết TTHC"
                           if share else "Tính từ dữ liệu hồ sơ của Hệ thống giải quyết TTHC")
        written.append((plan_id, ind, row, "updated" if old is not None else "created"))
    progress: dict[int, str] = {}
    for plan_id in {p for p, _ in bound}:
        for ip in indicator_progress(session, actor, plan_id=plan_id, period=per.code, today=today):
            progress[ip.indicator.id] = ip.achievement.value
    for plan_id, ind, row, action in written:
        has = row is not None and row.value is not None
        share = ind.metric != MetricCode.ONLINE_TIME_REDUCTION.value
        result.indicators.append(RefreshedIndicator(
            indicator_id=ind.id, plan_id=plan_id, ref=ind.ref, name=ind.name, metric=ind.metric,
            numerator=float(row.numerator) if has and share else None,  # type: ignore[union-attr]
            denominator=float(row.denominator) if has and share else None,  # type: ignore[union-attr]
            value=round(float(row.value), 2) if has else None,  # type: ignore[union-attr, arg-type]
            action=action, achievement=progress.get(ind.id),
        ))
    return result


def period_choices(year: int) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of every month, quarter, half and the year, for a period picker."""
    kinds = [(PeriodKind.HALF, 2), (PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)]
    return [(str(year), f"Năm {year}")] + [
        (p.code, period_label(p)) for kind, n in kinds for p in (Period(year, kind, i) for i in range(1, n + 1))
    ]


def period_label(period: Period) -> str:
    """`Quý III năm 2026`: the Vietnamese label with its first letter capitalised (roman numerals kept)."""
    text = period.label_vi
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- demo data

DEMO_DOSSIERS_PER_YEAR = 30_000
DEMO_766_INPUTS: dict[str, float] = {
    "published_on_time": 100, "updated_on_time": 95, "disclosed_complete": 100, "online_procedures": 85,
    "online_services_used": 70, "fee_procedures_online_payment": 90, "fee_procedures_with_dossiers": 80,
    "e_certified_copy": 60, "citizen_store": 75, "population_db_dossiers": 80, "population_db_procedures": 70,
    "pakn_count": 4, "pakn_on_time": 100, "pakn_satisfaction": 90,
}


def seed_demo_dossiers(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    year: int,
    today: date,
    data_dir: Path,
    rows_per_year: int = DEMO_DOSSIERS_PER_YEAR,
) -> int:
    """Synthetic dossiers of `year` received up to `today` in the store, 766 inputs of past quarters, actuals.

    Dossiers that would be finished after `today` are left open (processing) as of `today`. The
    indicator actuals of every quarter up to today's are refreshed. Returns the number of dossiers.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from cchc.dossiers import generate_dossiers

    until = min(today, date(year, 12, 31))
    if until < date(year, 1, 1):
        return 0
    table = generate_dossiers([locality_code], year, rows_per_year, seed=locality_code)
    limit = pa.scalar(np.datetime64(until + timedelta(days=1), "us"))
    table = table.filter(pc.less(table["received_at"], limit))
    # As of `today`: a dossier finished later is still open; nothing is returned or rated in the future.
    later = pc.fill_null(pc.greater_equal(table["resolved_at"], limit), False)
    returned_later = pc.fill_null(pc.greater_equal(table["returned_at"], limit), False)

    def _null_where(col: str, mask: Any) -> None:
        nonlocal table
        arr = table[col]
        table = table.set_column(table.schema.get_field_index(col), col,
                                 pc.if_else(mask, pa.scalar(None, arr.type), arr))

    status = pc.if_else(later, pa.scalar("processing"), table["status"])
    status = pc.if_else(pc.and_(returned_later, pc.invert(later)), pa.scalar("resolved"), status)
    table = table.set_column(table.schema.get_field_index("status"), "status", status.cast(table["status"].type))
    _null_where("returned_at", pc.or_(later, returned_later))
    _null_where("resolved_at", later)
    _null_where("rating", later)
    with _store(data_dir) as store:
        store.import_table(table)
        quarters = [Period(year, PeriodKind.QUARTER, i) for i in range(1, 5)
                    if Period(year, PeriodKind.QUARTER, i).start <= until]
        current = Period.containing(until, PeriodKind.QUARTER)
        store.set_766_inputs([
            {"locality_code": locality_code, "period": q.code, "indicator": k, "value": v, "source": "entered",
             "note": "Số liệu minh họa (demo)"}
            for q in quarters if q != current for k, v in DEMO_766_INPUTS.items()
        ])
    for q in quarters:
        refresh_indicator_actuals(session, actor, locality_code=locality_code, period=q, data_dir=data_dir,
                                  today=today)
    return table.num_rows
