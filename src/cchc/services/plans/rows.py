"""Finding a plan's rows for an actor, and the checks and audit every write of a plan shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cchc.domain.errors import Conflict, InvalidInput, NotFound
from cchc.domain.statuses import PlanStatus
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.kernel.errors import StaleVersion
from cchc.services.plans.views import TaskView, indicator_view, task_view, units_by_id
from cchc.store.models import Indicator, Plan, Task, Unit
from cchc.store.plans import PlanRepository

# ---------------------------------------------------------------- lookups and checks


def get_plan_row(session: Session, actor: Actor, plan_id: int) -> Plan:
    plan = PlanRepository(session).get(plan_id)
    if plan is None:
        raise NotFound(f"Không tìm thấy kế hoạch #{plan_id}.", where="plan_id")
    from cchc.kernel.access import province_of

    actor.require_read(plan.locality_code, province_of(session, plan.locality_code))
    return plan


def get_task_row(session: Session, actor: Actor, task_id: int) -> tuple[Task, Plan]:
    task = PlanRepository(session).task(task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id}.", where="task_id")
    return task, get_plan_row(session, actor, task.plan_id)


def task_row_for_write(
    session: Session, actor: Actor, task_id: int, *, lock: bool = False
) -> tuple[Task, Plan, dict[int, Unit]]:
    """`get_task_row` in one query, with the task's units by id (what its views and its reports' views name).

    `lock`: the task row is read under `SELECT … FOR UPDATE` (see `PlanRepository.task_for_write`).
    """
    found = PlanRepository(session).task_for_write(task_id, lock=lock)
    if found is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id}.", where="task_id")
    task, plan, province_code, units = found
    actor.require_read(plan.locality_code, province_code)
    return task, plan, units


def indicator_row(session: Session, actor: Actor, indicator_id: int) -> tuple[Indicator, Plan]:
    ind = PlanRepository(session).indicator(indicator_id)
    if ind is None:
        raise NotFound(f"Không tìm thấy chỉ tiêu #{indicator_id}.", where="indicator_id")
    return ind, get_plan_row(session, actor, ind.plan_id)


def check_version(
    current_version: int, version: int | None, label_vi: str, current: Callable[[], dict[str, Any]]
) -> None:
    """Refuse a write based on a stale read; the error carries the record as it is now."""
    if version is None:
        raise InvalidInput(f"Thiếu phiên bản (version) của {label_vi.lower()} khi lưu.", where="version")
    try:
        given = int(version)
    except (TypeError, ValueError):
        raise InvalidInput(f"Phiên bản (version) không hợp lệ: {version!r}.", where="version") from None
    if given != current_version:
        raise StaleVersion(label_vi, current())


def flush(session: Session, label_vi: str) -> None:
    """Flush; a concurrent update caught by the version column becomes a Conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"{label_vi} vừa được người khác sửa. Hãy tải lại và nhập lại.") from None


def require_editable(plan: Plan, *, draft_only: bool = False) -> None:
    if plan.status is PlanStatus.CLOSED:
        raise InvalidInput("Kế hoạch đã kết thúc, không sửa được.", where="status")
    if draft_only and plan.status is not PlanStatus.DRAFT:
        raise InvalidInput("Chỉ thao tác này được trên kế hoạch nháp (chưa ban hành).", where="status")


def task_for_write(
    session: Session, actor: Actor, *, task_id: int, version: int, doing: str, draft_only: bool = False
) -> tuple[Task, Plan, dict[int, Unit], dict[str, Any]]:
    """A task the actor may change now, with its plan, the plan's units and its audit record before."""
    task, plan = get_task_row(session, actor, task_id)
    actor.require_manage(plan.locality_code, doing)
    require_editable(plan, draft_only=draft_only)
    units = units_by_id(session, plan.locality_code)
    check_version(task.version, version, "Nhiệm vụ", lambda: task_view(task, units).to_json())
    return task, plan, units, task_view(task, units).to_json()


def indicator_for_write(
    session: Session, actor: Actor, *, indicator_id: int, version: int, doing: str, draft_only: bool = False
) -> tuple[Indicator, Plan, dict[int, Unit], dict[str, Any]]:
    """An indicator the actor may change now, with its plan, the plan's units and its audit record before."""
    ind, plan = indicator_row(session, actor, indicator_id)
    actor.require_manage(plan.locality_code, doing)
    require_editable(plan, draft_only=draft_only)
    units = units_by_id(session, plan.locality_code)
    check_version(ind.version, version, "Chỉ tiêu", lambda: indicator_view(ind, units).to_json())
    return ind, plan, units, indicator_view(ind, units).to_json()


def save_task_change(
    session: Session,
    actor: Actor,
    task: Task,
    plan: Plan,
    units: dict[int, Unit],
    *,
    action: str,
    before: dict[str, Any],
) -> TaskView:
    """Flush a change to a task and audit it; returns the task as it is now."""
    flush(session, "Nhiệm vụ")
    view = task_view(task, units)
    record_event(
        session,
        actor,
        entity="task",
        entity_id=task.id,
        action=action,
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def record_created(
    session: Session, actor: Actor, plan: Plan, entity: str, entity_id: int, after: dict[str, Any]
) -> None:
    """Audit the creation of a task or an indicator of the plan."""
    record_event(
        session,
        actor,
        entity=entity,
        entity_id=entity_id,
        action="create",
        before=None,
        after=after,
        locality_code=plan.locality_code,
    )


def record_deleted(
    session: Session, actor: Actor, plan: Plan, entity: str, entity_id: int, before: dict[str, Any]
) -> None:
    """Audit the deletion of a task or an indicator of the plan."""
    record_event(
        session,
        actor,
        entity=entity,
        entity_id=entity_id,
        action="delete",
        before=before,
        after=None,
        locality_code=plan.locality_code,
    )
