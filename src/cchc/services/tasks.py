"""Tasks: lists with computed statuses, a unit's tasks for the period, pause/cancel, trigger events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.periods import Period
from cchc.domain.plan import TimelineKind
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.kernel.access import require_task_writer
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now, record_event
from cchc.kernel.schedule import REPORT_PERIOD_KIND, recompute_due, report_expected
from cchc.kernel.validation import clean_text, parse_date
from cchc.services.plans import (
    TaskView,
    check_version,
    get_plan_row,
    get_task_row,
    save_task_change,
    task_view,
    units_by_id,
)
from cchc.services.task_views import contribution_view, extension_view, report_view
from cchc.settings import get_settings
from cchc.store.models import Plan, TriggerEvent
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

__all__ = [
    "MyTask",
    "TaskDetail",
    "current_period",
    "get_task",
    "list_tasks",
    "my_tasks",
    "record_trigger",
    "require_task_writer",
    "set_task_status",
]


def current_period(today: date | None = None) -> Period:
    return Period.containing(today or date.today(), REPORT_PERIOD_KIND)


def parse_period(value: str | None, today: date | None = None) -> Period:
    if value is None or not str(value).strip():
        return current_period(today)
    return Period.parse(str(value))


@dataclass(frozen=True)
class TaskDetail:
    task: TaskView
    reports: list[Any]
    contributions: list[Any]
    extensions: list[Any]
    triggers: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task.to_json(),
            "reports": [r.to_json() for r in self.reports],
            "contributions": [c.to_json() for c in self.contributions],
            "extensions": [e.to_json() for e in self.extensions],
            "triggers": self.triggers,
        }


@dataclass(frozen=True)
class MyTask:
    task: TaskView
    role: str  # lead | support
    report_due: bool
    report_due_on: date
    report: Any | None  # ReportView
    report_overdue: bool = False  # expected, not submitted, and the due day has passed

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task.to_json(),
            "role": self.role,
            "report_due": self.report_due,
            "report_due_on": self.report_due_on.isoformat(),
            "report": self.report.to_json() if self.report else None,
            "report_overdue": self.report_overdue,
        }


def list_tasks(
    session: Session,
    actor: Actor,
    *,
    plan_id: int,
    area: str | None = None,
    unit_id: int | None = None,
    status: TaskStatus | None = None,
    today: date | None = None,
) -> list[TaskView]:
    """Tasks of a plan with computed statuses, optionally filtered."""
    plan = get_plan_row(session, actor, plan_id)
    units = units_by_id(session, plan.locality_code)
    out = []
    for task in PlanRepository(session).tasks(plan.id):
        if area is not None and task.area.value != area:
            continue
        if unit_id is not None and not any(u.unit_id == unit_id for u in task.units):
            continue
        view = task_view(task, units, today)
        if status is not None and view.status is not TaskStatus(status):
            continue
        out.append(view)
    return out


def _trigger_json(t: TriggerEvent) -> dict[str, Any]:
    return {
        "id": t.id,
        "task_id": t.task_id,
        "occurred_on": t.occurred_on.isoformat(),
        "description": t.description,
        "due_on": t.due_on.isoformat() if t.due_on else None,
        "recorded_by": t.recorded_by,
        "recorded_at": t.recorded_at.isoformat(),
    }


def get_task(session: Session, actor: Actor, *, task_id: int, today: date | None = None) -> TaskDetail:
    """A task with its reports, contributions, extension requests and trigger events."""
    task, plan = get_task_row(session, actor, task_id)
    units = units_by_id(session, plan.locality_code)
    progress = ProgressRepository(session)
    return TaskDetail(
        task=task_view(task, units, today),
        reports=[report_view(r, units) for r in progress.reports(task_ids=[task.id])],
        contributions=[contribution_view(c, units) for c in progress.contributions(task.id)],
        extensions=[extension_view(e) for e in progress.extensions(task_id=task.id)],
        triggers=[_trigger_json(t) for t in progress.triggers(task.id)],
    )


@dataclass(frozen=True)
class TaskTitle:
    ref: str | None
    task: str


def task_titles(session: Session, actor: Actor, task_ids: Any) -> dict[int, TaskTitle]:
    """The reference and title of each task in `task_ids`, read in one query; each plan's access checked once."""
    from sqlalchemy import select

    from cchc.store.models import Task

    ids = sorted({int(t) for t in task_ids})
    if not ids:
        return {}
    rows = session.execute(select(Task.id, Task.ref, Task.task, Task.plan_id).where(Task.id.in_(ids))).all()
    for plan_id in sorted({r.plan_id for r in rows}):
        get_plan_row(session, actor, plan_id)
    return {r.id: TaskTitle(r.ref, r.task) for r in rows}


def my_tasks(
    session: Session,
    actor: Actor,
    *,
    unit_id: int | None = None,
    period: str | None = None,
    today: date | None = None,
) -> list[MyTask]:
    """The published tasks of a unit (lead or coordinator) with what is due this period."""
    unit_id = unit_id if unit_id is not None else actor.unit_id
    if unit_id is None:
        raise InvalidInput("Chọn một đơn vị để xem nhiệm vụ.", where="unit_id")
    from cchc.store.localities import LocalityRepository

    unit = LocalityRepository(session).unit(unit_id)
    if unit is None:
        raise InvalidInput(f"Không tìm thấy đơn vị #{unit_id}.", where="unit_id")
    from cchc.kernel.access import province_of

    actor.require_read(unit.locality_code, province_of(session, unit.locality_code))
    if actor.role is Role.UNIT_OFFICER and actor.unit_id != unit_id:
        raise PermissionDenied("Cán bộ đơn vị chỉ xem được nhiệm vụ của đơn vị mình.")
    per = parse_period(period, today)
    due_on = per.report_due(get_settings().report_due_day)
    units = units_by_id(session, unit.locality_code)
    plans = PlanRepository(session)
    progress = ProgressRepository(session)
    out = []
    plan_cache: dict[int, Plan] = {}
    for task in plans.tasks_of_unit(unit_id):
        plan = plan_cache.get(task.plan_id) or plans.get(task.plan_id)
        assert plan is not None
        plan_cache[plan.id] = plan
        lead = any(u.unit_id == unit_id and u.lead for u in task.units)
        report = progress.report_for(task.id, per.code, unit_id)
        expected = lead and report_expected(task, per, plan.period_start)
        out.append(
            MyTask(
                task=task_view(task, units, today),
                role="lead" if lead else "support",
                report_due=expected and report is None,
                report_due_on=due_on,
                report=report_view(report, units) if report else None,
                report_overdue=expected and report is None and (today or date.today()) > due_on,
            )
        )
    return out


_SETTABLE = {TaskStatus.PAUSED, TaskStatus.CANCELLED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED}


def set_task_status(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    version: int,
    status: TaskStatus,
    reason: str | None = None,
) -> TaskView:
    """Pause or cancel a task (with a reason), or resume it; overdue/done_late are never typed in."""
    task, plan = get_task_row(session, actor, task_id)
    try:
        status = TaskStatus(status)
    except ValueError:
        raise InvalidInput(f"Trạng thái không hợp lệ: {status!r}.", where="status") from None
    if status.is_computed:
        raise InvalidInput(
            f'Trạng thái "{status.value}" được tính từ hạn hoàn thành, không nhập tay.', where="status"
        )
    if status not in _SETTABLE:
        raise InvalidInput(
            "Trạng thái hoàn thành được ghi qua báo cáo tiến độ (submit_progress).", where="status"
        )
    # Pausing, cancelling and resuming belong to the standing office (the lead unit reports progress).
    actor.require_manage(plan.locality_code, "tạm dừng, hủy hoặc tiếp tục nhiệm vụ")
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ cập nhật trạng thái được khi kế hoạch đã ban hành.", where="status")
    units = units_by_id(session, plan.locality_code)
    check_version(task.version, version, "Nhiệm vụ", lambda: task_view(task, units).to_json())
    clean_reason = clean_text(reason, "reason", required=status in (TaskStatus.PAUSED, TaskStatus.CANCELLED))
    before = task_view(task, units).to_json()
    task.reported_status = status
    task.status_reason = clean_reason
    return save_task_change(session, actor, task, plan, units, action="set_status", before=before)


def record_trigger(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    occurred_on: date | str,
    description: str,
    due_on: date | str | None = None,
) -> TaskView:
    """Record the event a conditional/relative task waits for; the task becomes due."""
    task, plan = get_task_row(session, actor, task_id)
    actor.require_manage(plan.locality_code, "ghi nhận sự kiện kích hoạt nhiệm vụ")
    kind = TimelineKind(task.timeline_kind)
    if kind not in (TimelineKind.CONDITIONAL, TimelineKind.RELATIVE):
        raise InvalidInput(
            f"Nhiệm vụ #{task.id} có thời hạn loại {kind.value!r}, không chờ sự kiện kích hoạt.",
            where="timeline_kind",
        )
    when = parse_date(occurred_on, "occurred_on", required=True)
    assert when is not None
    text = clean_text(description, "description", required=True)
    assert text is not None
    due = parse_date(due_on, "due_on")
    if due is not None and due < when:
        raise InvalidInput("Hạn hoàn thành phải sau ngày xảy ra sự kiện.", where="due_on")
    units = units_by_id(session, plan.locality_code)
    before = task_view(task, units).to_json()
    progress = ProgressRepository(session)
    event = TriggerEvent(
        task_id=task.id,
        occurred_on=when,
        description=text,
        due_on=due,
        recorded_by=actor.user_id,
        recorded_at=now(),
    )
    progress.add(event)
    record_event(
        session,
        actor,
        entity="trigger",
        entity_id=event.id,
        action="create",
        before=None,
        after=_trigger_json(event),
        locality_code=plan.locality_code,
    )
    recompute_due(task, progress.triggers(task.id), progress.extensions(task_id=task.id))
    return save_task_change(session, actor, task, plan, units, action="trigger", before=before)
