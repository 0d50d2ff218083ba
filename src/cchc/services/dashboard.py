"""Dashboard data of a commune: progress by area and unit, overdue and upcoming, reporting completeness."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import Area
from cchc.domain.errors import NotFound
from cchc.domain.statuses import TaskStatus
from cchc.kernel.access import require_province_overview
from cchc.kernel.actor import Actor
from cchc.kernel.schedule import compute_status, effective_due, report_expected
from cchc.services.indicators import IndicatorProgress, indicator_progress
from cchc.services.overview import commune_figures
from cchc.services.plans import TaskView, task_view, units_by_id
from cchc.services.tasks import parse_period
from cchc.store.localities import LocalityRepository
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

__all__ = [
    "UPCOMING_DAYS",
    "AreaProgress",
    "CommuneSummary",
    "Dashboard",
    "MissingReport",
    "UnitProgress",
    "dashboard",
    "province_overview",
]

UPCOMING_DAYS = 30
_AREA_KEY = {
    TaskStatus.DONE: "done",
    TaskStatus.DONE_LATE: "done_late",
    TaskStatus.OVERDUE: "overdue",
    TaskStatus.IN_PROGRESS: "in_progress",
    TaskStatus.NOT_STARTED: "not_started",
}


@dataclass
class AreaProgress:
    area: Area
    total: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    not_started: int = 0
    other: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "area": self.area.value,
            "total": self.total,
            "done": self.done,
            "done_late": self.done_late,
            "overdue": self.overdue,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "other": self.other,
        }


@dataclass
class UnitProgress:
    unit_id: int
    name: str
    total: int = 0
    done: int = 0
    overdue: int = 0
    reports_due: int = 0
    reports_submitted: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            "total": self.total,
            "done": self.done,
            "overdue": self.overdue,
            "reports_due": self.reports_due,
            "reports_submitted": self.reports_submitted,
        }


@dataclass(frozen=True)
class MissingReport:
    unit_id: int
    unit_name: str
    task_id: int
    task: str

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "task_id": self.task_id,
            "task": self.task,
        }


@dataclass
class Dashboard:
    locality_code: int
    plan_id: int | None
    period: str
    by_area: list[AreaProgress] = field(default_factory=list)
    by_unit: list[UnitProgress] = field(default_factory=list)
    overdue: list[TaskView] = field(default_factory=list)
    upcoming: list[TaskView] = field(default_factory=list)
    missing_reports: list[MissingReport] = field(default_factory=list)
    completeness: float = 1.0
    indicators: list[IndicatorProgress] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "plan_id": self.plan_id,
            "period": self.period,
            "by_area": [a.to_json() for a in self.by_area],
            "by_unit": [u.to_json() for u in self.by_unit],
            "overdue": [t.to_json() for t in self.overdue],
            "upcoming": [t.to_json() for t in self.upcoming],
            "missing_reports": [m.to_json() for m in self.missing_reports],
            "completeness": self.completeness,
            "indicators": [i.to_json() for i in self.indicators],
        }


def dashboard(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | None = None,
    plan_id: int | None = None,
    today: date | None = None,
) -> Dashboard:
    """The commune's current published plan (or `plan_id`) summarised for a period (default: this quarter)."""
    loc = LocalityRepository(session).locality(locality_code)
    if loc is None:
        raise NotFound(f"Không tìm thấy xã/phường có mã {locality_code}.", where="locality_code")
    actor.require_read(loc.code, loc.province_code)
    day = today or date.today()
    per = parse_period(period, day)
    plans = PlanRepository(session)
    plan = plans.get(plan_id) if plan_id is not None else plans.current_published(locality_code)
    board = Dashboard(locality_code=locality_code, plan_id=plan.id if plan else None, period=per.code)
    if plan is None or plan.locality_code != locality_code:
        board.plan_id = None
        return board
    units = units_by_id(session, locality_code)
    # Read-only snapshots (no ORM instances); a full TaskView only for the overdue and upcoming lists.
    tasks = plans.task_snapshots(plan.id)
    reports = ProgressRepository(session).report_keys(plan_id=plan.id, period=per.code)
    reported = set(reports)
    areas = {a: AreaProgress(a) for a in Area}
    by_unit = {uid: UnitProgress(uid, u.name) for uid, u in units.items()}
    due_total = due_done = 0
    horizon = day + timedelta(days=UPCOMING_DAYS)
    for task in tasks:
        status = compute_status(task, day)  # type: ignore[arg-type]
        ap = areas[task.area]
        ap.total += 1
        key = _AREA_KEY.get(status, "other")
        setattr(ap, key, getattr(ap, key) + 1)
        finished = status in (TaskStatus.DONE, TaskStatus.DONE_LATE)
        if status is TaskStatus.OVERDUE:
            board.overdue.append(task_view(task, units, day))  # type: ignore[arg-type]
        elif not finished and status is not TaskStatus.CANCELLED and task.computed_due is not None:
            due = effective_due(task)  # type: ignore[arg-type]
            if due is not None and day <= due <= horizon:
                board.upcoming.append(task_view(task, units, day))  # type: ignore[arg-type]
        expected = report_expected(task, per, plan.period_start)  # type: ignore[arg-type]
        for link in task.units:
            up = by_unit.get(link.unit_id)
            if up is None:
                continue
            up.total += 1
            if finished:
                up.done += 1
            if status is TaskStatus.OVERDUE:
                up.overdue += 1
            if link.lead and expected:
                up.reports_due += 1
                due_total += 1
                if (task.id, link.unit_id) in reported:
                    up.reports_submitted += 1
                    due_done += 1
                else:
                    board.missing_reports.append(MissingReport(link.unit_id, up.name, task.id, task.task))
    board.by_area = [a for a in areas.values() if a.total]
    board.by_unit = [u for u in by_unit.values() if u.total]
    board.upcoming.sort(key=lambda t: t.computed_due or day)
    board.completeness = round(due_done / due_total, 4) if due_total else 1.0
    board.indicators = indicator_progress(session, actor, plan_id=plan.id, period=period, today=day)
    return board


@dataclass(frozen=True)
class CommuneSummary:
    locality_code: int
    name: str
    plan_id: int | None
    plan_status: str | None
    tasks: int
    done: int
    overdue: int
    completeness: float | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # every field is JSON-ready


def province_overview(
    session: Session,
    actor: Actor,
    *,
    province_code: int | None = None,
    period: str | None = None,
    today: date | None = None,
) -> list[CommuneSummary]:
    """Every commune of a province with its latest plan: tasks done and overdue, reporting completeness.

    Communes without a plan come last with zeros; the rest are ranked by completeness then fewest overdue.
    Set-based (`services.overview.commune_figures`): the same figures as each commune's `dashboard`.
    """
    code = province_code if province_code is not None else actor.province_code
    repo = LocalityRepository(session)
    if code is None or repo.province(code) is None:
        raise NotFound(f"Không tìm thấy tỉnh/thành phố có mã {code}.", where="province_code")
    require_province_overview(actor, code)
    day = today or date.today()
    figures = commune_figures(session, province_codes=[code], period=parse_period(period, day), today=day)
    out = [
        CommuneSummary(f.locality_code, f.name, f.plan_id, f.plan_status, f.tasks, f.done, f.overdue, f.completeness)
        for f in figures
    ]
    out.sort(key=lambda c: (c.plan_id is None, -(c.completeness or 0), c.overdue, c.name))
    return out
