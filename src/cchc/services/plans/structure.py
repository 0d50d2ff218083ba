"""Restructuring a draft's tasks: merge several into one, split one into several."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.statuses import TaskStatus
from cchc.domain.value_rules import check_merge_ids, check_split_parts
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.kernel.schedule import recompute_due
from cchc.kernel.validation import clean_text
from cchc.services.plans.editing import apply_task_fields, recompute_task_due
from cchc.services.plans.rows import (
    get_task_row,
    record_created,
    require_editable,
    save_task_change,
    task_for_write,
)
from cchc.services.plans.views import TaskView, task_view, units_by_id
from cchc.store.models import Task, TaskUnit
from cchc.store.plans import PlanRepository


def merge_tasks(session: Session, actor: Actor, *, task_ids: list[int]) -> TaskView:
    """Merge tasks of one draft plan into the first: texts joined, units united, the others deleted."""
    check_merge_ids(task_ids)
    rows = [get_task_row(session, actor, tid) for tid in task_ids]
    plan = rows[0][1]
    if any(p.id != plan.id for _, p in rows):
        raise InvalidInput("Chỉ gộp được các nhiệm vụ của cùng một kế hoạch.", where="task_ids")
    actor.require_manage(plan.locality_code, "gộp nhiệm vụ")
    require_editable(plan, draft_only=True)
    units = units_by_id(session, plan.locality_code)
    keep = rows[0][0]
    before = task_view(keep, units).to_json()
    lead = [u.unit_id for u in keep.units if u.lead]
    support = [u.unit_id for u in keep.units if not u.lead]
    texts = [keep.task]
    repo = PlanRepository(session)
    for other, _ in rows[1:]:
        texts.append(other.task)
        lead += [u.unit_id for u in other.units if u.lead and u.unit_id not in lead]
        support += [u.unit_id for u in other.units if not u.lead and u.unit_id not in support]
        for name in ("activity", "output", "lead_raw", "support_raw", "timeline_raw"):
            mine, theirs = getattr(keep, name), getattr(other, name)
            if theirs and theirs != mine:
                setattr(keep, name, f"{mine}; {theirs}" if mine else theirs)
        due = [d for d in (keep.due_on or keep.end_on, other.due_on or other.end_on) if d]
        if due:
            keep.due_on = min(due)
        other_before = task_view(other, units).to_json()
        repo.delete(other)
        record_event(
            session,
            actor,
            entity="task",
            entity_id=other_before["id"],
            action="merge_delete",
            before=other_before,
            after={"merged_into": keep.id},
            locality_code=plan.locality_code,
        )
    keep.task = "; ".join(texts)
    apply_task_fields(session, keep, {"lead_unit_ids": lead, "support_unit_ids": support}, units)
    recompute_task_due(session, keep)
    return save_task_change(session, actor, keep, plan, units, action="merge", before=before)


def split_task(
    session: Session, actor: Actor, *, task_id: int, version: int, parts: list[str]
) -> list[TaskView]:
    """Split a task of a draft plan into several with the given texts (same units and timeline)."""
    task, plan, units, before = task_for_write(
        session, actor, task_id=task_id, version=version, doing="tách nhiệm vụ", draft_only=True
    )
    texts = [clean_text(p, "task") for p in parts]
    clean = [t for t in texts if t]
    check_split_parts(clean)
    task.task = clean[0]
    views = [save_task_change(session, actor, task, plan, units, action="split", before=before)]
    repo = PlanRepository(session)
    for text in clean[1:]:
        new = Task(
            plan_id=plan.id,
            position=task.position,
            parent_id=task.parent_id,
            ref=task.ref,
            origin="manual",
            area=task.area,
            objective=task.objective,
            task=text,
            activity=task.activity,
            output=task.output,
            funding=task.funding,
            lead_raw=task.lead_raw,
            support_raw=task.support_raw,
            unit_refs=task.unit_refs,
            timeline_kind=task.timeline_kind,
            timeline_raw=task.timeline_raw,
            start_on=task.start_on,
            end_on=task.end_on,
            due_on=task.due_on,
            every=task.every,
            offset_days=task.offset_days,
            reported_status=TaskStatus.NOT_STARTED,
            percent=0,
        )
        new.units = [TaskUnit(unit_id=u.unit_id, lead=u.lead) for u in task.units]
        recompute_due(new, [], [])
        repo.add(new)
        view = task_view(new, units)
        record_created(session, actor, plan, "task", new.id, view.to_json() | {"split_from": task.id})
        views.append(view)
    return views
