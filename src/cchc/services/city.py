"""The city view ("Tổng hợp toàn thành phố"): every commune of a province, ranked, laggards flagged.

Plan progress comes from `dashboard.province_overview`; on-time rate, the 766 index and the other
service indicators from the dossier store; each commune's figures are checked against the national
and city reference targets (`services.reference_targets`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.metrics import MetricCode
from cchc.dossiers import compute_metrics, index_766
from cchc.services.actor import Actor
from cchc.services.dashboard import province_overview
from cchc.services.reference_targets import NATIONAL_TARGETS, ReferenceTarget, city_targets
from cchc.services.service_quality import open_dossier_store, period_cutoff, period_label
from cchc.services.tasks import parse_period

__all__ = ["LAGGARD_RULES", "SORT_KEYS", "CityCommune", "CityOverview", "TargetCheck", "city_overview"]

# A commune is flagged when it is in the bottom decile of the ranking (among communes with a plan or
# dossiers), or below one of these thresholds (chosen here; not from a legal text).
LAGGARD_RULES: dict[str, float] = {"completeness": 80.0, "on_time_rate": 95.0, "index_766": 70.0}
SORT_KEYS = ("rank", "name", "completion", "overdue", "completeness", "on_time_rate", "index_766", "dossiers")
_SHORT = {"on_time_rate": "Đúng hạn", "satisfaction_rate": "Hài lòng", "online_rate": "Trực tuyến",
          "online_payment_rate": "Thanh toán TT", "digitization_rate": "Số hóa", "e_result_rate": "KQ điện tử",
          "index_766": "Chỉ số 766"}
_CHECKED = (MetricCode.ON_TIME_RATE, MetricCode.SATISFACTION_RATE, MetricCode.ONLINE_RATE,
            MetricCode.ONLINE_PAYMENT_RATE, MetricCode.DIGITIZATION_RATE, MetricCode.E_RESULT_RATE)


@dataclass(frozen=True)
class TargetCheck:
    metric: str
    label_vi: str
    short_vi: str
    value: float | None
    national: float | None
    national_met: bool | None
    city: float | None
    city_met: bool | None

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label_vi": self.label_vi,
            "short_vi": self.short_vi,
            "value": self.value,
            "national": self.national,
            "national_met": self.national_met,
            "city": self.city,
            "city_met": self.city_met,
        }


@dataclass
class CityCommune:
    locality_code: int
    name: str
    plan_id: int | None
    plan_status: str | None
    tasks: int
    done: int
    overdue: int
    completion: float | None  # % of tasks done
    completeness: float | None  # % of expected unit reports submitted this period
    on_time_rate: float | None
    index_766: float | None
    dossiers: int  # dossiers in scope of the period
    checks: list[TargetCheck] = field(default_factory=list)
    rank: int = 0
    laggard: bool = False
    laggard_reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "name": self.name,
            "plan_id": self.plan_id,
            "plan_status": self.plan_status,
            "tasks": self.tasks,
            "done": self.done,
            "overdue": self.overdue,
            "completion": self.completion,
            "completeness": self.completeness,
            "on_time_rate": self.on_time_rate,
            "index_766": self.index_766,
            "dossiers": self.dossiers,
            "checks": [c.to_json() for c in self.checks],
            "rank": self.rank,
            "laggard": self.laggard,
            "laggard_reasons": self.laggard_reasons,
        }


@dataclass(frozen=True)
class CityOverview:
    province_code: int
    period: str
    period_label: str
    sort: str
    descending: bool
    communes: list[CityCommune]
    targets: list[ReferenceTarget]
    laggard_rules: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "province_code": self.province_code,
            "period": self.period,
            "period_label": self.period_label,
            "sort": self.sort,
            "descending": self.descending,
            "communes": [c.to_json() for c in self.communes],
            "targets": [t.to_json() for t in self.targets],
            "laggard_rules": self.laggard_rules,
        }


def _r(v: float | None) -> float | None:
    return None if v is None else round(float(v), 2)


def _vi(v: float) -> str:
    """A figure as Vietnamese writes it: a decimal comma."""
    return f"{v:g}".replace(".", ",")


def _rank_key(c: CityCommune) -> tuple[Any, ...]:
    # Communes with neither a plan nor dossiers last; then the 766 total, on-time rate, completeness.
    active = c.plan_id is not None or c.dossiers > 0
    return (not active, -(c.index_766 or 0), -(c.on_time_rate or 0), -(c.completeness or 0), c.overdue, c.name)


def city_overview(
    session: Session,
    actor: Actor,
    *,
    province_code: int | None = None,
    period: str | None = None,
    sort: str = "rank",
    descending: bool | None = None,
    today: date | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> CityOverview:
    """Every commune of the province: plan status, completion, overdue, reporting, on-time, 766; ranked."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"Không sắp xếp được theo {sort!r}; chọn: {', '.join(SORT_KEYS)}.", where="sort")
    per = parse_period(period, today)
    summaries = province_overview(session, actor, province_code=province_code, period=per.code, today=today)
    code = province_code if province_code is not None else actor.province_code
    assert code is not None  # province_overview raised otherwise
    cut = period_cutoff(cutoff_day)
    store = open_dossier_store(data_dir)
    try:
        stored = set(store.localities())
        with_data = [s.locality_code for s in summaries if s.locality_code in stored]
        metrics: dict[int, dict[str, Any]] = {}
        index: dict[int, float] = {}
        if with_data:
            for row in compute_metrics(store, localities=with_data, period=per, cutoff_day=cut):
                metrics.setdefault(row.locality_code or 0, {})[row.metric] = row
            index = {i.locality_code: i.total for i in index_766(store, localities=with_data, period=per,
                                                                   cutoff_day=cut)}
    finally:
        store.close()
    national = {t.metric: t for t in NATIONAL_TARGETS}
    city = {t.metric: t for t in city_targets(code)}
    communes = []
    for s in summaries:
        mine = metrics.get(s.locality_code, {})
        on_time = mine.get(MetricCode.ON_TIME_RATE.value)
        checks = []
        for m in _CHECKED:
            row = mine.get(m.value)
            value = _r(row.value) if row is not None else None
            n, c = national.get(m.value), city.get(m.value)
            checks.append(TargetCheck(m.value, (n or c).label_vi if (n or c) else m.value, _SHORT[m.value], value,
                                      n.target if n else None, n.holds(value) if n else None,
                                      c.target if c else None, c.holds(value) if c else None))
        idx = _r(index.get(s.locality_code)) if s.locality_code in index else None
        n766, c766 = national.get("index_766"), city.get("index_766")
        checks.append(TargetCheck("index_766", "Chỉ số 766 (điểm)", _SHORT["index_766"], idx, n766.target if n766 else None,
                                  n766.holds(idx) if n766 else None, c766.target if c766 else None,
                                  c766.holds(idx) if c766 else None))
        communes.append(CityCommune(
            locality_code=s.locality_code, name=s.name, plan_id=s.plan_id, plan_status=s.plan_status,
            tasks=s.tasks, done=s.done, overdue=s.overdue,
            completion=round(100.0 * s.done / s.tasks, 1) if s.tasks else None,
            completeness=round(100.0 * s.completeness, 1) if s.completeness is not None else None,
            on_time_rate=_r(on_time.value) if on_time is not None else None,
            index_766=idx,
            dossiers=int(on_time.denominator) if on_time is not None else 0,
            checks=checks,
        ))
    ranked = sorted(communes, key=_rank_key)
    active = [c for c in ranked if c.plan_id is not None or c.dossiers > 0]
    for i, c in enumerate(ranked, start=1):
        c.rank = i
    bottom = {c.locality_code for c in active[len(active) - math.ceil(len(active) * 0.1):]} if active else set()
    for c in active:
        if c.locality_code in bottom and len(active) >= 2:
            c.laggard_reasons.append("Thuộc nhóm 10% thấp nhất của thành phố")
        if c.completeness is not None and c.completeness < LAGGARD_RULES["completeness"]:
            c.laggard_reasons.append(f"Tỷ lệ báo cáo {_vi(c.completeness)}% < {_vi(LAGGARD_RULES['completeness'])}%")
        if c.on_time_rate is not None and c.on_time_rate < LAGGARD_RULES["on_time_rate"]:
            c.laggard_reasons.append(f"Đúng hạn {_vi(c.on_time_rate)}% < {_vi(LAGGARD_RULES['on_time_rate'])}%")
        if c.index_766 is not None and c.index_766 < LAGGARD_RULES["index_766"]:
            c.laggard_reasons.append(f"Chỉ số 766 {_vi(c.index_766)} < {_vi(LAGGARD_RULES['index_766'])} điểm")
        c.laggard = bool(c.laggard_reasons)
    desc = descending if descending is not None else sort in ("completion", "completeness", "on_time_rate",
                                                              "index_766", "dossiers", "overdue")
    if sort != "rank":
        def key(c: CityCommune) -> tuple[bool, Any]:
            v = getattr(c, sort)
            missing = v is None
            return (missing, (-v if desc and not isinstance(v, str) else v) if not missing else 0)

        ordered = sorted(ranked, key=key)
        if desc and sort == "name":
            ordered.reverse()
    else:
        ordered = list(reversed(ranked)) if descending else ranked
    return CityOverview(code, per.code, period_label(per), sort, bool(desc) if sort != "rank" else bool(descending),
                        ordered, [*NATIONAL_TARGETS, *city_targets(code)], dict(LAGGARD_RULES))
