"""The public page of a commune: plan progress and service indicators, no login."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import Area
from cchc.domain.periods import Period, PeriodKind
from cchc.kernel import cache_generations
from cchc.kernel.actor import Actor
from cchc.reporting.drafting import (
    _area_section,
    _indicator_row,
    _local_name,
    _locality,
)
from cchc.reporting.quality import (
    ServiceQualitySource,
    dossier_quality,
)
from cchc.reports.data import (
    AreaSection,
    Index766Group,
    IndicatorRow,
    MonthlyRates,
)


@dataclass(frozen=True)
class PublicOverview:
    """What anyone may see of a commune: aggregates only, no person and no dossier."""

    locality_code: int
    locality_name: str
    province_name: str
    plan_title: str | None
    plan_number: str | None
    period: str
    period_label: str
    areas: list[AreaSection]
    indicators: list[IndicatorRow]
    monthly: list[MonthlyRates]
    index_766: list[Index766Group]
    data_as_of: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "locality_name": self.locality_name,
            "province_name": self.province_name,
            "plan": {"title": self.plan_title, "number": self.plan_number},
            "period": self.period,
            "period_label": self.period_label,
            "areas": [
                {
                    "area": a.area.value,
                    "title": a.title,
                    "total": a.tasks_total,
                    "done": a.tasks_done,
                    "in_progress": a.tasks_in_progress,
                    "overdue": a.tasks_overdue,
                    "not_started": a.tasks_not_started,
                }
                for a in self.areas
            ],
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "comparator": i.comparator.value,
                    "target": i.target,
                    "actual": i.actual,
                    "status": i.status.value,
                    "status_label": i.status_label,
                }
                for i in self.indicators
            ],
            "monthly": [asdict(m) for m in self.monthly],
            "index_766": [
                {"name": g.name, "max_points": g.max_points, "score": g.score} for g in self.index_766
            ],
            "data_as_of": self.data_as_of.isoformat(),
        }


def public_overview(
    session: Session,
    *,
    locality_code: int,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
    data_dir: Path | None = None,
    board: Any = None,
) -> PublicOverview:
    """The public transparency page of a commune (no login): plan progress by area and service indicators.

    `board`: the commune's dashboard for the quarter of `today`, when the caller already has it.
    """
    from cchc.services.dashboard import dashboard
    from cchc.services.plans import get_plan_row

    reader = Actor.system(ip=None)  # reads aggregates only; nothing below carries a name or a dossier
    day = today or date.today()
    loc = _locality(session, reader, locality_code)
    name, _ = _local_name(loc)
    per = Period.containing(day, PeriodKind.QUARTER)
    if board is None:
        board = dashboard(session, reader, locality_code=locality_code, period=per.code, today=day)
    title = number = None
    if board.plan_id is not None:
        plan = get_plan_row(session, reader, board.plan_id)  # the title and number only, not every task
        title, number = plan.title, plan.number
    areas = [_area_section(ap.area, ap) for ap in board.by_area]
    areas.sort(key=lambda a: list(Area).index(a.area))
    indicators = [_indicator_row(ip) for ip in board.indicators]  # the public page shows no codes
    if quality is None:
        # The first page of a commune after an import computes the figures of its whole province at once.
        province = getattr(loc, "province_code", None)
        quality = dossier_quality(data_dir, scope=None if province is None else lambda: [
            code for code, _p, _g in cache_generations.commune_generations(session, [province])])
    q = quality(locality_code, Period(day.year, PeriodKind.YEAR, 1))
    return PublicOverview(
        locality_code=locality_code,
        locality_name=name,
        province_name=str(getattr(loc, "province_name", "") or ""),
        plan_title=title,
        plan_number=number,
        period=per.code,
        period_label=per.label_vi,
        areas=areas,
        indicators=indicators,
        monthly=[m for m in q.monthly if m.month <= Period.containing(day, PeriodKind.MONTH).code],
        index_766=q.index_766,
        data_as_of=q.as_of or datetime.now(UTC).replace(microsecond=0, tzinfo=None),
    )
