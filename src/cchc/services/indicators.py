"""Indicator measurements and their achievement against targets (the rule is `domain.achievement`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.achievement import RATE_TOLERANCE as RATE_TOLERANCE
from cchc.domain.achievement import achievement as achievement
from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.periods import Period
from cchc.domain.statuses import Achievement
from cchc.domain.value_rules import check_measurement
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now, record_event
from cchc.kernel.validation import clean_number, clean_text
from cchc.services.plans import IndicatorView, get_plan_row, indicator_view, units_by_id
from cchc.store.models import Indicator, Measurement, MeasurementSource
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

__all__ = [
    "RATE_TOLERANCE",
    "IndicatorProgress",
    "MeasurementView",
    "achievement",
    "get_indicator",
    "indicator_progress",
    "list_measurements",
    "record_measurement",
]



@dataclass(frozen=True)
class MeasurementView:
    id: int
    indicator_id: int
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    source: MeasurementSource
    evidence: str | None
    recorded_by: int | None
    recorded_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "indicator_id": self.indicator_id,
            "period": self.period,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "source": self.source.value,
            "evidence": self.evidence,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: IndicatorView
    period: str | None
    actual: float | None
    numerator: float | None
    denominator: float | None
    expected: float | None
    achievement: Achievement

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.to_json(),
            "period": self.period,
            "actual": self.actual,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "expected": self.expected,
            "achievement": self.achievement.value,
        }


def _mview(m: Measurement) -> MeasurementView:
    return MeasurementView(
        m.id,
        m.indicator_id,
        m.period,
        m.numerator,
        m.denominator,
        m.value,
        m.source,
        m.evidence,
        m.recorded_by,
        m.recorded_at,
    )


def _indicator(session: Session, actor: Actor, indicator_id: int) -> tuple[Indicator, Any]:
    ind = PlanRepository(session).indicator(indicator_id)
    if ind is None:
        raise NotFound(f"Không tìm thấy chỉ tiêu #{indicator_id}.", where="indicator_id")
    return ind, get_plan_row(session, actor, ind.plan_id)


def get_indicator(session: Session, actor: Actor, *, indicator_id: int) -> IndicatorView:
    """One indicator."""
    ind, plan = _indicator(session, actor, indicator_id)
    return indicator_view(ind, units_by_id(session, plan.locality_code))


def list_measurements(session: Session, actor: Actor, *, indicator_id: int) -> list[MeasurementView]:
    """The measurements of an indicator, by period."""
    _indicator(session, actor, indicator_id)
    return [_mview(m) for m in ProgressRepository(session).measurements([indicator_id])]


def record_measurement(
    session: Session,
    actor: Actor,
    *,
    indicator_id: int,
    period: str,
    numerator: float | str | None = None,
    denominator: float | str | None = None,
    value: float | str | None = None,
    source: MeasurementSource | str = MeasurementSource.MANUAL,
    evidence: str | None = None,
) -> MeasurementView:
    """Record (or replace) the value of an indicator for a period; a rate keeps numerator and denominator."""
    ind, plan = _indicator(session, actor, indicator_id)
    if not (
        actor.is_admin
        or (actor.role is Role.STANDING_OFFICE and actor.locality_code == plan.locality_code)
        or (
            actor.role is Role.UNIT_OFFICER
            and actor.locality_code == plan.locality_code
            and any(u.unit_id == actor.unit_id for u in ind.units)
        )
    ):
        raise PermissionDenied("Bạn không được nhập số liệu cho chỉ tiêu này.")
    try:
        per = Period.parse(str(period))
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="period") from None
    try:
        src = MeasurementSource(source)
    except ValueError:
        raise InvalidInput(f"Nguồn số liệu không hợp lệ: {source!r}.", where="source") from None
    num = clean_number(numerator, "numerator")
    den = clean_number(denominator, "denominator")
    val = clean_number(value, "value")
    check_measurement(numerator=num, denominator=den, value=val)
    if (num is None) != (den is None):
        raise InvalidInput("Nhập cả tử số và mẫu số, hoặc chỉ nhập giá trị.", where="denominator")
    if num is not None and den is not None:
        if den <= 0:
            raise InvalidInput("Mẫu số phải lớn hơn 0.", where="denominator")
        if num < 0 or num > den:
            raise InvalidInput(f"Tử số ({num:g}) phải từ 0 đến mẫu số ({den:g}).", where="numerator")
        computed = round(100.0 * num / den, 2) if ind.unit == "%" else num
        val = computed if val is None else val
    if val is None:
        raise InvalidInput('Trường "Giá trị" không được để trống.', where="value")
    repo = ProgressRepository(session)
    row = repo.measurement(ind.id, per.code, src.value)
    before = _mview(row).to_json() if row else None
    if row is None:
        row = Measurement(indicator_id=ind.id, period=per.code, source=src)
    row.numerator, row.denominator, row.value = num, den, val
    row.evidence = clean_text(evidence, "evidence")
    row.recorded_by, row.recorded_at = actor.user_id, now()
    if before is None:
        repo.add(row)
    else:
        session.flush()
    view = _mview(row)
    record_event(
        session,
        actor,
        entity="measurement",
        entity_id=row.id,
        action="create" if before is None else "update",
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def _pick(ms: list[Measurement]) -> Measurement | None:
    # Dossier-computed values win over manual ones (they come with numerator and denominator).
    order = {MeasurementSource.DOSSIERS: 0, MeasurementSource.TASKS: 1, MeasurementSource.MANUAL: 2}
    return sorted(ms, key=lambda m: order[m.source])[0] if ms else None


def indicator_progress(
    session: Session, actor: Actor, *, plan_id: int, period: str | None = None, today: date | None = None
) -> list[IndicatorProgress]:
    """Each indicator of a plan against its target: for `period`, else its latest measured period."""
    plan = get_plan_row(session, actor, plan_id)
    day = today or date.today()
    units = units_by_id(session, plan.locality_code)
    inds = PlanRepository(session).indicators(plan.id)
    measures = ProgressRepository(session).measurements([i.id for i in inds])
    per = Period.parse(period) if period else None
    out = []
    for ind in inds:
        mine = [m for m in measures if m.indicator_id == ind.id]
        if per is not None:
            chosen = _pick([m for m in mine if m.period == per.code])
        else:
            latest = max((m.period for m in mine), key=lambda p: Period.parse(p).end, default=None)
            chosen = _pick([m for m in mine if m.period == latest]) if latest else None
        # The target applies to the indicator's own span: a quarter's value is judged against it.
        start = ind.period_start or plan.period_start or day
        end = ind.period_end or plan.period_end or day
        ach, expected = achievement(
            actual=chosen.value if chosen else None,
            target=ind.target,
            comparator=ind.comparator,
            unit=ind.unit,
            start=start,
            end=end,
            today=day,
        )
        out.append(
            IndicatorProgress(
                indicator=indicator_view(ind, units),
                period=chosen.period if chosen else (per.code if per else None),
                actual=chosen.value if chosen else None,
                numerator=chosen.numerator if chosen else None,
                denominator=chosen.denominator if chosen else None,
                expected=expected,
                achievement=ach,
            )
        )
    return out
