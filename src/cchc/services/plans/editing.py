"""Reviewing a plan: add, edit and delete its tasks and indicators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from cchc.domain import plan as dp
from cchc.domain.areas import Area
from cchc.domain.errors import InvalidInput
from cchc.domain.metrics import MetricCode
from cchc.domain.statuses import TaskStatus
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.kernel.localities import ensure_default_units
from cchc.kernel.schedule import recompute_due
from cchc.kernel.validation import clean_int, clean_number, clean_text, label, parse_date
from cchc.services.plans.rows import (
    flush,
    get_plan_row,
    indicator_for_write,
    record_created,
    record_deleted,
    require_editable,
    save_task_change,
    task_for_write,
)
from cchc.services.plans.views import IndicatorView, TaskView, indicator_view, task_view, units_by_id
from cchc.store.models import Indicator, IndicatorUnit, Task, TaskUnit, Unit
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

# ---------------------------------------------------------------- tasks

TASK_FIELDS = {
    "ref",
    "area",
    "objective",
    "task",
    "activity",
    "output",
    "funding",
    "parent_id",
    "timeline_kind",
    "timeline_raw",
    "start_on",
    "end_on",
    "due_on",
    "every",
    "offset_days",
    "lead_unit_ids",
    "support_unit_ids",
    "lead_raw",
    "support_raw",
}


def _unit_ids(value: Any, field_name: str, units: dict[int, Unit]) -> list[int]:
    if value is None:
        return []
    if isinstance(value, int | str):
        value = [value]
    ids: list[int] = []
    for item in value:
        uid = clean_int(item, field_name, required=True)
        assert uid is not None
        if uid not in units:
            raise InvalidInput(f"Đơn vị #{uid} không thuộc xã/phường của kế hoạch.", where=field_name)
        if uid not in ids:
            ids.append(uid)
    return ids


def apply_task_fields(session: Session, task: Task, changes: dict[str, Any], units: dict[int, Unit]) -> None:
    """Validate and set task fields from a form/JSON/row (raises InvalidInput naming the field)."""
    unknown = set(changes) - TASK_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    for key, value in changes.items():
        if key == "area":
            try:
                task.area = Area(value)
            except ValueError:
                raise InvalidInput(
                    f'Lĩnh vực không hợp lệ: {value!r} ở trường "{label("area")}" '
                    f"({', '.join(a.value for a in Area)}).",
                    where="area",
                ) from None
        elif key == "timeline_kind":
            try:
                task.timeline_kind = dp.TimelineKind(value or "unspecified").value
            except ValueError:
                raise InvalidInput(f"Loại thời hạn không hợp lệ: {value!r}.", where="timeline_kind") from None
        elif key in ("start_on", "end_on", "due_on"):
            setattr(task, key, parse_date(value, key))
        elif key == "offset_days":
            task.offset_days = clean_int(value, key, lo=0, hi=3650)
        elif key == "every":
            text = clean_text(value, key)
            if text not in (None, "year", "half", "quarter", "month", "week"):
                raise InvalidInput(
                    f"Định kỳ không hợp lệ: {text!r} (year, half, quarter, month, week).", where=key
                )
            task.every = text
        elif key == "parent_id":
            pid = clean_int(value, key)
            if pid is not None:
                parent = PlanRepository(session).task(pid)
                if parent is None or parent.plan_id != task.plan_id or parent.id == task.id:
                    raise InvalidInput(f"Nhiệm vụ cha #{pid} không thuộc kế hoạch này.", where=key)
            task.parent_id = pid
        elif key in ("lead_unit_ids", "support_unit_ids"):
            continue
        else:
            setattr(task, key, clean_text(value, key, required=key == "task"))
    if task.start_on and task.end_on and task.start_on > task.end_on:
        raise InvalidInput(
            f'"{label("start_on")}" ({task.start_on:%d/%m/%Y}) sau "{label("end_on")}" ({task.end_on:%d/%m/%Y}).',
            where="end_on",
        )
    if "lead_unit_ids" in changes or "support_unit_ids" in changes:
        current_lead = [u.unit_id for u in task.units if u.lead]
        current_support = [u.unit_id for u in task.units if not u.lead]
        lead = (
            _unit_ids(changes["lead_unit_ids"], "lead_unit_ids", units)
            if "lead_unit_ids" in changes
            else current_lead
        )
        support = (
            _unit_ids(changes["support_unit_ids"], "support_unit_ids", units)
            if "support_unit_ids" in changes
            else current_support
        )
        support = [u for u in support if u not in lead]
        task.units = [TaskUnit(unit_id=i, lead=True) for i in lead] + [
            TaskUnit(unit_id=i, lead=False) for i in support
        ]
        # Unit links live in another table: bump the task's version all the same.
        if inspect(task).persistent:
            flag_modified(task, "task")


def recompute_task_due(session: Session, task: Task) -> None:
    progress = ProgressRepository(session)
    recompute_due(task, progress.triggers(task.id), progress.extensions(task_id=task.id))


def add_task(session: Session, actor: Actor, *, plan_id: int, fields: dict[str, Any]) -> TaskView:
    """Add a task to a plan."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "thêm nhiệm vụ")
    require_editable(plan)
    repo = PlanRepository(session)
    ensure_default_units(session, actor, locality_code=plan.locality_code)
    units = units_by_id(session, plan.locality_code)
    task = Task(
        plan_id=plan.id,
        position=repo.max_task_position(plan.id) + 1,
        origin="manual",
        area=Area.DIRECTION,
        task="",
        timeline_kind="unspecified",
        reported_status=TaskStatus.NOT_STARTED,
        percent=0,
    )
    task.units = []
    if "task" not in fields:
        raise InvalidInput(f'Trường "{label("task")}" không được để trống.', where="task")
    if "area" not in fields:
        raise InvalidInput(f'Trường "{label("area")}" không được để trống.', where="area")
    apply_task_fields(session, task, fields, units)
    recompute_due(task, [], [])
    repo.add(task)
    view = task_view(task, units)
    record_created(session, actor, plan, "task", task.id, view.to_json())
    return view


def update_task(
    session: Session, actor: Actor, *, task_id: int, version: int, changes: dict[str, Any]
) -> TaskView:
    """Edit a task's fields, timeline or units (standing office)."""
    task, plan, units, before = task_for_write(
        session, actor, task_id=task_id, version=version, doing="sửa nhiệm vụ"
    )
    apply_task_fields(session, task, changes, units)
    recompute_task_due(session, task)
    return save_task_change(session, actor, task, plan, units, action="update", before=before)


def delete_task(session: Session, actor: Actor, *, task_id: int, version: int) -> None:
    """Delete a task of a draft plan."""
    task, plan, _, before = task_for_write(
        session, actor, task_id=task_id, version=version, doing="xóa nhiệm vụ", draft_only=True
    )
    PlanRepository(session).delete(task)
    record_deleted(session, actor, plan, "task", task_id, before)


# ---------------------------------------------------------------- indicators

INDICATOR_FIELDS = {
    "ref",
    "name",
    "unit",
    "comparator",
    "target",
    "period_start",
    "period_end",
    "metric",
    "responsible_unit_ids",
}


def apply_indicator_fields(ind: Indicator, changes: dict[str, Any], units: dict[int, Unit]) -> None:
    unknown = set(changes) - INDICATOR_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    for key, value in changes.items():
        if key == "comparator":
            try:
                ind.comparator = dp.Comparator(str(value).strip().replace("≥", ">=").replace("≤", "<=")).value
            except ValueError:
                raise InvalidInput(
                    f"Phép so sánh không hợp lệ: {value!r} (>=, =, <=, >, <).", where=key
                ) from None
        elif key == "target":
            target = clean_number(value, key, required=True)
            assert target is not None
            ind.target = target
        elif key in ("period_start", "period_end"):
            setattr(ind, key, parse_date(value, key))
        elif key == "metric":
            text = clean_text(value, key)
            if text is not None:
                try:
                    MetricCode(text)
                except ValueError:
                    raise InvalidInput(f"Mã chỉ số không hợp lệ: {text!r}.", where=key) from None
            ind.metric = text
        elif key == "responsible_unit_ids":
            ind.units = [IndicatorUnit(unit_id=u) for u in _unit_ids(value, key, units)]
            if inspect(ind).persistent:
                flag_modified(ind, "name")
        else:
            setattr(ind, key, clean_text(value, key, required=key == "name"))
    if ind.period_start and ind.period_end and ind.period_start > ind.period_end:
        raise InvalidInput(f'"{label("period_start")}" sau "{label("period_end")}".', where="period_end")


def add_indicator(session: Session, actor: Actor, *, plan_id: int, fields: dict[str, Any]) -> IndicatorView:
    """Add an indicator (chỉ tiêu) to a plan."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "thêm chỉ tiêu")
    require_editable(plan)
    for required in ("name", "target"):
        if required not in fields:
            raise InvalidInput(f'Trường "{label(required)}" không được để trống.', where=required)
    units = units_by_id(session, plan.locality_code)
    repo = PlanRepository(session)
    ind = Indicator(
        plan_id=plan.id,
        position=repo.max_indicator_position(plan.id) + 1,
        name="",
        comparator=">=",
        target=0.0,
        unit="%",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    ind.units = []
    apply_indicator_fields(ind, fields, units)
    repo.add(ind)
    view = indicator_view(ind, units)
    record_created(session, actor, plan, "indicator", ind.id, view.to_json())
    return view


def update_indicator(
    session: Session, actor: Actor, *, indicator_id: int, version: int, changes: dict[str, Any]
) -> IndicatorView:
    """Edit an indicator."""
    ind, plan, units, before = indicator_for_write(
        session, actor, indicator_id=indicator_id, version=version, doing="sửa chỉ tiêu"
    )
    apply_indicator_fields(ind, changes, units)
    flush(session, "Chỉ tiêu")
    view = indicator_view(ind, units)
    record_event(
        session,
        actor,
        entity="indicator",
        entity_id=ind.id,
        action="update",
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def delete_indicator(session: Session, actor: Actor, *, indicator_id: int, version: int) -> None:
    """Delete an indicator of a draft plan."""
    ind, plan, _, before = indicator_for_write(
        session, actor, indicator_id=indicator_id, version=version, doing="xóa chỉ tiêu", draft_only=True
    )
    PlanRepository(session).delete(ind)
    record_deleted(session, actor, plan, "indicator", indicator_id, before)
