"""Amendments of a plan ("sửa đổi, bổ sung", "điều chỉnh"): import the amending document against the plan it
names, review what changes (`domain/plan_diff.py`), apply it as a new version (or reject it); the versions
of a plan and the history of each task.

An amendment is read in one of two modes: `consolidated` (the document restates the whole plan as amended:
what it leaves out is removed) or `partial` (it lists only the tasks and targets it changes or adds:
the others stay). Applying keeps every row's history: a changed task keeps its id, progress reports and
audit trail; a removed task is cancelled (never deleted); a removed indicator is deleted with its audit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.domain import plan as dp
from cchc.domain.errors import InvalidInput, NotFound
from cchc.domain.plan_diff import PlanChanges, apply_diff, diff_plans, pair_items
from cchc.domain.statuses import TaskStatus
from cchc.kernel.actor import Actor
from cchc.kernel.audit import AuditView, audit_history, now, record_event
from cchc.services.plans.editing import recompute_task_due
from cchc.services.plans.importing import (
    ALLOWED_SUFFIXES,
    extract_document,
    indicator_from_domain,
    stage_file,
    task_from_domain,
)
from cchc.services.plans.rows import flush, get_plan_row, get_task_row, require_editable
from cchc.services.plans.views import indicator_view, task_view, units_by_id
from cchc.store.localities import LocalityRepository
from cchc.store.models import Indicator, Plan, Task
from cchc.store.models_conformance import PlanAmendment, PlanVersion
from cchc.store.plans import PlanRepository

__all__ = [
    "AMENDING_WORDS",
    "amendment_view",
    "apply_amendment",
    "import_amendment",
    "list_amendments",
    "plan_content",
    "plan_versions",
    "reject_amendment",
    "suggest_amended_plans",
    "task_history",
]

AMENDING_WORDS = ("sửa đổi", "bổ sung", "điều chỉnh", "thay thế")
_NUMBER = re.compile(r"(?:số\s*)?(\d{1,5}\s*/\s*[A-ZĐ0-9][A-ZĐ0-9\-]*(?:/[A-ZĐ0-9\-]+)?)", re.IGNORECASE)


def _key(number: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", number or "")).upper()


# ---------------------------------------------------------------- a plan's content as a domain Plan

def _task_to_domain(t: Task) -> dp.Task:
    refs = t.unit_refs or {}
    return dp.Task(
        task=t.task, area=t.area, origin=t.origin, ref=t.ref, objective=t.objective, activity=t.activity,
        output=t.output, funding=t.funding,
        lead=[dp.UnitRef.from_json(u) for u in refs.get("lead") or []],
        support=[dp.UnitRef.from_json(u) for u in refs.get("support") or []],
        timeline=dp.Timeline(kind=dp.TimelineKind(t.timeline_kind), raw=t.timeline_raw, start=t.start_on,
                             end=t.end_on, due=t.due_on, every=t.every, offset_days=t.offset_days),
    )


def _indicator_to_domain(i: Indicator) -> dp.Indicator:
    from cchc.domain.metrics import MetricCode

    period = dp.Span(i.period_start, i.period_end) if i.period_start and i.period_end else None
    responsible = (i.responsible_raw or {}).get("responsible") or []
    return dp.Indicator(name=i.name, comparator=dp.Comparator(i.comparator), target=i.target, unit=i.unit,
                        period=period, responsible=[dp.UnitRef.from_json(u) for u in responsible],
                        metric=MetricCode(i.metric) if i.metric else None, ref=i.ref)


def _live_tasks(session: Session, plan_id: int) -> list[Task]:
    return [t for t in PlanRepository(session).tasks(plan_id) if t.reported_status is not TaskStatus.CANCELLED]


def _content(session: Session, plan: Plan) -> dp.Plan:
    info = dp.PlanInfo(title=plan.title, issuer=plan.issuer, number=plan.number, issued_on=plan.issued_on,
                       period=dp.Span(plan.period_start, plan.period_end)
                       if plan.period_start and plan.period_end else None)
    return dp.Plan(info=info, tasks=[_task_to_domain(t) for t in _live_tasks(session, plan.id)],
                   indicators=[_indicator_to_domain(i) for i in PlanRepository(session).indicators(plan.id)],
                   source_file=plan.source_name or "")


def plan_content(session: Session, actor: Actor, *, plan_id: int) -> dp.Plan:
    """The plan's current tasks (not cancelled) and indicators as a domain Plan."""
    return _content(session, get_plan_row(session, actor, plan_id))


# ---------------------------------------------------------------- import and review

def suggest_amended_plans(session: Session, actor: Actor, *, locality_code: int, text: str) -> list[dict[str, Any]]:
    """The commune's plans, the one the amending text names by number/symbol first and `selected`."""
    actor.require_manage(locality_code, "nhập văn bản sửa đổi kế hoạch")
    named = {_key(m.group(1)) for m in _NUMBER.finditer(text or "")}
    plans = PlanRepository(session).list(locality_codes=[locality_code])
    out = [{"id": p.id, "number": p.number, "title": p.title, "status": p.status.value,
            "selected": bool(p.number) and _key(p.number) in named} for p in plans]
    return sorted(out, key=lambda x: not x["selected"])


def _partial(current: dp.Plan, amending: dp.Plan) -> dp.Plan:
    """The plan with the amending document's tasks and indicators in place of theirs, new ones appended."""
    def merged(old: list, new: list) -> list:  # type: ignore[type-arg]
        pairs = dict(pair_items(old, new))
        out = [new[pairs[i]] if i in pairs else item for i, item in enumerate(old)]
        return out + [item for j, item in enumerate(new) if j not in pairs.values()]

    return replace(current, tasks=merged(current.tasks, amending.tasks),
                   indicators=merged(current.indicators, amending.indicators))


def _changes_json(current: dp.Plan, proposed: dp.Plan, changes: PlanChanges) -> dict[str, Any]:
    """The diff for review: each item with its number and text as well as the fields that change."""
    def label(item: dp.Task | dp.Indicator) -> dict[str, Any]:
        return {"ref": item.ref, "text": item.task if isinstance(item, dp.Task) else item.name}

    return {
        "changed_tasks": [{**label(current.tasks[c.old_index]), "fields": c.fields} for c in changes.changed_tasks],
        "added_tasks": [label(t) for _, t in changes.added_tasks],
        "removed_tasks": [label(current.tasks[i]) for i in changes.removed_tasks],
        "changed_indicators": [{**label(current.indicators[c.old_index]), "fields": c.fields}
                               for c in changes.changed_indicators],
        "added_indicators": [label(i) for _, i in changes.added_indicators],
        "removed_indicators": [label(current.indicators[i]) for i in changes.removed_indicators],
        "empty": changes.empty,
    }


def _view(a: PlanAmendment) -> dict[str, Any]:
    return {"id": a.id, "plan_id": a.plan_id, "number": a.number,
            "issued_on": a.issued_on.isoformat() if a.issued_on else None, "title": a.title, "mode": a.mode,
            "status": a.status, "source_name": a.source_name, "diff": a.diff,
            "created_at": a.created_at.isoformat() if a.created_at else None,
            "decided_at": a.decided_at.isoformat() if a.decided_at else None}


def import_amendment(
    session: Session, actor: Actor, *, plan_id: int, content: bytes, filename: str, mode: str = "consolidated",
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Read an amending document against the plan it amends; returns the pending amendment with its diff."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "nhập văn bản sửa đổi kế hoạch")
    require_editable(plan)
    if mode not in ("consolidated", "partial"):
        raise InvalidInput(f"Cách đọc văn bản sửa đổi không hợp lệ: {mode!r}.", where="mode")
    if Path(filename).suffix.lower() not in ALLOWED_SUFFIXES or not content:
        raise InvalidInput(f"Không đọc được tệp {filename!r}.", where="file")
    stored = stage_file(session, content, filename, data_dir=data_dir)
    path, sha = stored.path, stored.sha256
    amending = extract_document(stored.readable)
    current = _content(session, plan)
    proposed = _partial(current, amending) if mode == "partial" else replace(
        current, tasks=amending.tasks, indicators=amending.indicators)
    changes = diff_plans(current, proposed)
    row = PlanAmendment(
        plan_id=plan.id, number=amending.info.number, issued_on=amending.info.issued_on, title=amending.info.title,
        mode=mode, status="pending", source_name=unicodedata.normalize("NFC", Path(filename).name),
        source_sha256=sha, source_path=str(path), document=amending.to_json(), proposed=proposed.to_json(),
        diff=_changes_json(current, proposed, changes), created_by=actor.user_id, created_at=now())
    session.add(row)
    session.flush()
    view = _view(row)
    record_event(session, actor, entity="plan_amendment", entity_id=row.id, action="import", before=None,
                 after={k: v for k, v in view.items() if k != "diff"}, locality_code=plan.locality_code)
    return view


def _amendment(session: Session, actor: Actor, amendment_id: int) -> tuple[PlanAmendment, Plan]:
    row = session.get(PlanAmendment, amendment_id)
    if row is None:
        raise NotFound(f"Không tìm thấy văn bản sửa đổi #{amendment_id}.", where="amendment_id")
    return row, get_plan_row(session, actor, row.plan_id)


def amendment_view(session: Session, actor: Actor, *, amendment_id: int) -> dict[str, Any]:
    row, _ = _amendment(session, actor, amendment_id)
    return _view(row)


def list_amendments(session: Session, actor: Actor, *, plan_id: int) -> list[dict[str, Any]]:
    get_plan_row(session, actor, plan_id)
    rows = session.scalars(select(PlanAmendment).where(PlanAmendment.plan_id == plan_id).order_by(PlanAmendment.id))
    return [_view(r) for r in rows]


# ---------------------------------------------------------------- apply, reject, versions

def _next_version(session: Session, plan: Plan, actor: Actor, content: dp.Plan, amendment_id: int | None) -> int:
    seq = (session.scalar(select(func.max(PlanVersion.seq)).where(PlanVersion.plan_id == plan.id)) or 0) + 1
    session.add(PlanVersion(plan_id=plan.id, seq=seq, amendment_id=amendment_id, content=content.to_json(),
                            created_by=actor.user_id, created_at=now()))
    session.flush()
    return seq


_TASK_COLUMNS = ("ref", "origin", "area", "objective", "task", "activity", "output", "funding", "lead_raw",
                 "support_raw", "unit_refs", "timeline_kind", "timeline_raw", "start_on", "end_on", "due_on",
                 "every", "offset_days")
_IND_COLUMNS = ("ref", "name", "unit", "comparator", "target", "period_start", "period_end", "metric",
                "responsible_raw")


def apply_amendment(session: Session, actor: Actor, *, amendment_id: int) -> dict[str, Any]:
    """Apply a pending amendment: the plan's rows become the amended content, a new version is recorded."""
    row, plan = _amendment(session, actor, amendment_id)
    actor.require_manage(plan.locality_code, "áp dụng văn bản sửa đổi kế hoạch")
    require_editable(plan)
    if row.status != "pending":
        raise InvalidInput("Văn bản sửa đổi này đã được áp dụng hoặc đã bị từ chối.", where="status")
    current = _content(session, plan)
    if not session.scalar(select(func.count()).select_from(PlanVersion).where(PlanVersion.plan_id == plan.id)):
        _next_version(session, plan, actor, current, None)
    proposed = dp.Plan.from_json(row.proposed)
    changes = diff_plans(current, proposed)
    repo = PlanRepository(session)
    units = list(LocalityRepository(session).units(plan.locality_code))
    by_id = units_by_id(session, plan.locality_code)
    tasks = _live_tasks(session, plan.id)
    reason = f"Theo văn bản sửa đổi số {row.number or row.source_name} (#{row.id})"
    for c in changes.tasks:
        task = tasks[c.old_index]
        task.position = c.new_index + 1
        if not c.fields:
            continue
        before = task_view(task, by_id).to_json()
        fresh = task_from_domain(plan.id, c.new_index + 1, proposed.tasks[c.new_index], units)
        for col in _TASK_COLUMNS:
            setattr(task, col, getattr(fresh, col))
        if "lead" in c.fields or "support" in c.fields:
            task.units = fresh.units
        recompute_task_due(session, task)
        flush(session, "Nhiệm vụ")
        record_event(session, actor, entity="task", entity_id=task.id, action="amend", before=before,
                     after=task_view(task, by_id).to_json() | {"amendment_id": row.id, "reason": reason},
                     locality_code=plan.locality_code)
    for i in changes.removed_tasks:
        task = tasks[i]
        before = task_view(task, by_id).to_json()
        task.reported_status = TaskStatus.CANCELLED
        task.status_reason = f"Bãi bỏ — {reason}"
        flush(session, "Nhiệm vụ")
        record_event(session, actor, entity="task", entity_id=task.id, action="amend", before=before,
                     after=task_view(task, by_id).to_json() | {"amendment_id": row.id, "reason": reason},
                     locality_code=plan.locality_code)
    for j, t in changes.added_tasks:
        new = task_from_domain(plan.id, j + 1, t, units)
        repo.add(new)
        record_event(session, actor, entity="task", entity_id=new.id, action="create", before=None,
                     after=task_view(new, by_id).to_json() | {"amendment_id": row.id, "reason": reason},
                     locality_code=plan.locality_code)
    indicators = list(repo.indicators(plan.id))
    for c in changes.indicators:
        ind = indicators[c.old_index]
        ind.position = c.new_index + 1
        if not c.fields:
            continue
        before = indicator_view(ind, by_id).to_json()
        fresh_i = indicator_from_domain(plan.id, c.new_index + 1, proposed.indicators[c.new_index], units)
        for col in _IND_COLUMNS:
            setattr(ind, col, getattr(fresh_i, col))
        flush(session, "Chỉ tiêu")
        record_event(session, actor, entity="indicator", entity_id=ind.id, action="amend", before=before,
                     after=indicator_view(ind, by_id).to_json() | {"amendment_id": row.id, "reason": reason},
                     locality_code=plan.locality_code)
    for i in changes.removed_indicators:
        ind = indicators[i]
        record_event(session, actor, entity="indicator", entity_id=ind.id, action="delete",
                     before=indicator_view(ind, by_id).to_json(), after={"amendment_id": row.id, "reason": reason},
                     locality_code=plan.locality_code)
        repo.delete(ind)
    for j, x in changes.added_indicators:
        new_i = indicator_from_domain(plan.id, j + 1, x, units)
        repo.add(new_i)
        record_event(session, actor, entity="indicator", entity_id=new_i.id, action="create", before=None,
                     after=indicator_view(new_i, by_id).to_json() | {"amendment_id": row.id},
                     locality_code=plan.locality_code)
    seq = _next_version(session, plan, actor, apply_diff(current, changes), row.id)
    row.status, row.decided_by, row.decided_at = "applied", actor.user_id, now()
    flush(session, "Văn bản sửa đổi")
    record_event(session, actor, entity="plan_amendment", entity_id=row.id, action="apply",
                 before={"status": "pending"}, after={"status": "applied", "version": seq},
                 locality_code=plan.locality_code)
    return _view(row) | {"version": seq}


def reject_amendment(session: Session, actor: Actor, *, amendment_id: int) -> dict[str, Any]:
    row, plan = _amendment(session, actor, amendment_id)
    actor.require_manage(plan.locality_code, "từ chối văn bản sửa đổi kế hoạch")
    if row.status != "pending":
        raise InvalidInput("Văn bản sửa đổi này đã được áp dụng hoặc đã bị từ chối.", where="status")
    row.status, row.decided_by, row.decided_at = "rejected", actor.user_id, now()
    flush(session, "Văn bản sửa đổi")
    record_event(session, actor, entity="plan_amendment", entity_id=row.id, action="reject",
                 before={"status": "pending"}, after={"status": "rejected"}, locality_code=plan.locality_code)
    return _view(row)


def plan_versions(session: Session, actor: Actor, *, plan_id: int) -> list[dict[str, Any]]:
    """The recorded versions of a plan, oldest first, each with its amendment and task/indicator counts."""
    get_plan_row(session, actor, plan_id)
    rows = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.seq))
    return [{"seq": v.seq, "amendment_id": v.amendment_id, "created_at": v.created_at.isoformat(),
             "task_count": len(v.content.get("tasks") or []),
             "indicator_count": len(v.content.get("indicators") or []), "content": v.content} for v in rows]


def task_history(session: Session, actor: Actor, *, task_id: int) -> list[AuditView]:
    """Every recorded change of a task, amendments included, oldest first."""
    get_task_row(session, actor, task_id)
    return audit_history(session, actor, entity="task", entity_id=task_id)


