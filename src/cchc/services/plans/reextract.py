"""Re-extraction: read a draft's stored document again, show what changed, optionally replace the draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import Area
from cchc.domain.errors import NotFound
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.services.plans.importing import (
    create_children,
    extract_document,
    indicator_from_domain,
    plan_header,
    task_from_domain,
)
from cchc.services.plans.rows import flush, get_plan_row, record_deleted, require_editable
from cchc.services.plans.views import indicator_view, iso, plan_audit, task_view
from cchc.store.localities import LocalityRepository
from cchc.store.models import Indicator, Task
from cchc.store.plans import PlanRepository


@dataclass(frozen=True)
class PlanDiff:
    plan_changes: dict[str, tuple[Any, Any]]
    added_tasks: list[dict[str, Any]]
    removed_tasks: list[dict[str, Any]]
    changed_tasks: list[dict[str, Any]]  # {"ref", "task", "fields": {name: [old, new]}}
    added_indicators: list[dict[str, Any]]
    removed_indicators: list[dict[str, Any]]
    changed_indicators: list[dict[str, Any]]
    applied: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.plan_changes
            or self.added_tasks
            or self.removed_tasks
            or self.changed_tasks
            or self.added_indicators
            or self.removed_indicators
            or self.changed_indicators
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_changes": {k: list(v) for k, v in self.plan_changes.items()},
            "added_tasks": self.added_tasks,
            "removed_tasks": self.removed_tasks,
            "changed_tasks": self.changed_tasks,
            "added_indicators": self.added_indicators,
            "removed_indicators": self.removed_indicators,
            "changed_indicators": self.changed_indicators,
            "applied": self.applied,
            "empty": self.empty,
        }


# ---------------------------------------------------------------- re-extraction

_TASK_DIFF_FIELDS = (
    "area",
    "objective",
    "task",
    "activity",
    "output",
    "funding",
    "lead_raw",
    "support_raw",
    "timeline_kind",
    "timeline_raw",
    "start_on",
    "end_on",
    "due_on",
    "every",
    "offset_days",
)
_IND_DIFF_FIELDS = ("name", "unit", "comparator", "target", "period_start", "period_end", "metric")


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _row_key(ref: str | None, text: str | None) -> str:
    return f"{ref or ''}|{_norm(text)[:80]}"


def _task_fields(row: Task) -> dict[str, Any]:
    return {
        f: (
            v.isoformat()
            if isinstance(v := getattr(row, f), date)
            else (v.value if isinstance(v, Area) else v)
        )
        for f in _TASK_DIFF_FIELDS
    }


def _ind_fields(row: Indicator) -> dict[str, Any]:
    return {f: (v.isoformat() if isinstance(v := getattr(row, f), date) else v) for f in _IND_DIFF_FIELDS}


def _diff_rows(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], ref_of: Callable[[dict[str, Any]], Any]
) -> tuple[list, list, list]:
    added = [v for k, v in new.items() if k not in old]
    removed = [v for k, v in old.items() if k not in new]
    changed = []
    for key in old.keys() & new.keys():
        fields = {f: [old[key][f], new[key][f]] for f in old[key] if old[key][f] != new[key][f]}
        if fields:
            changed.append({"ref": ref_of(new[key]), "fields": fields})
    # Pair same-ref leftovers as changes (a reworded task keeps its number).
    by_ref_removed = {r.get("ref"): r for r in removed if r.get("ref")}
    for a in list(added):
        r = by_ref_removed.pop(a.get("ref"), None) if a.get("ref") else None
        if r is not None:
            added.remove(a)
            removed.remove(r)
            fields = {f: [r.get(f), a.get(f)] for f in a if f != "ref" and r.get(f) != a.get(f)}
            changed.append({"ref": a.get("ref"), "fields": fields})
    return added, removed, changed


def reextract_plan(session: Session, actor: Actor, *, plan_id: int, apply: bool = False) -> PlanDiff:
    """Read the stored document again and compare with the draft; `apply=True` replaces the draft's content."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "đọc lại kế hoạch")
    require_editable(plan, draft_only=True)
    if not plan.source_path or not Path(plan.source_path).exists():
        raise NotFound("Không còn tệp văn bản gốc của kế hoạch này.", where="source")
    extracted = extract_document(Path(plan.source_path))
    repo = PlanRepository(session)
    units = list(LocalityRepository(session).units(plan.locality_code))
    header = plan_header(extracted.info)
    new_info = {k: iso(v) if isinstance(v, date) else v for k, v in header.items()}
    old_info = {k: plan_audit(plan)[k] for k in new_info}
    plan_changes = {k: (old_info[k], new_info[k]) for k in new_info if old_info[k] != new_info[k]}

    old_tasks = {_row_key(t.ref, t.task): {"ref": t.ref, **_task_fields(t)} for t in repo.tasks(plan.id)}
    new_rows = [task_from_domain(plan.id, i, t, units) for i, t in enumerate(extracted.tasks, start=1)]
    new_tasks = {_row_key(t.ref, t.task): {"ref": t.ref, **_task_fields(t)} for t in new_rows}
    added_t, removed_t, changed_t = _diff_rows(old_tasks, new_tasks, lambda d: d.get("ref"))

    old_inds = {_row_key(i.ref, i.name): {"ref": i.ref, **_ind_fields(i)} for i in repo.indicators(plan.id)}
    new_irows = [
        indicator_from_domain(plan.id, i, ind, units) for i, ind in enumerate(extracted.indicators, start=1)
    ]
    new_inds = {_row_key(i.ref, i.name): {"ref": i.ref, **_ind_fields(i)} for i in new_irows}
    added_i, removed_i, changed_i = _diff_rows(old_inds, new_inds, lambda d: d.get("ref"))

    diff = PlanDiff(plan_changes, added_t, removed_t, changed_t, added_i, removed_i, changed_i, applied=apply)
    if apply and not diff.empty:
        before = plan_audit(plan)
        by_id = {u.id: u for u in units}
        for t in repo.tasks(plan.id):
            record_deleted(session, actor, plan, "task", t.id, task_view(t, by_id).to_json())
            repo.delete(t)
        for i in repo.indicators(plan.id):
            record_deleted(session, actor, plan, "indicator", i.id, indicator_view(i, by_id).to_json())
            repo.delete(i)
        for key, value in header.items():
            setattr(plan, key, value)
        plan.extraction = extracted.to_json()
        flush(session, "Kế hoạch")
        record_event(
            session,
            actor,
            entity="plan",
            entity_id=plan.id,
            action="reextract",
            before=before,
            after=plan_audit(plan) | {"diff": diff.to_json()},
            locality_code=plan.locality_code,
        )
        create_children(session, actor, plan, extracted)
    return diff
