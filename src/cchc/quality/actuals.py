"""Dossier-measured values written as the actuals of a plan's indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import PermissionDenied
from cchc.domain.metrics import DOSSIER_METRICS, MetricCode
from cchc.domain.periods import Period
from cchc.domain.statuses import PlanStatus
from cchc.dossiers import (
    MetricRow,
)
from cchc.dossiers import compute_metrics as _compute_metrics
from cchc.kernel.actor import Actor
from cchc.kernel.localities import get_locality
from cchc.quality.page import (
    _can_manage,
)
from cchc.quality.scope import (
    _period,
    _store,
    period_cutoff,
)
from cchc.services.indicators import indicator_progress, list_measurements, record_measurement
from cchc.services.plans import get_plan, list_plans


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
