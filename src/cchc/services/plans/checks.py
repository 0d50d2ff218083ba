"""Duplicate imports, the one-published-plan rule and the warnings of the review page (rules in domain/plan_checks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cchc.domain.plan_checks import PlanRecord, Warning, find_duplicates, publish_conflicts, review_warnings
from cchc.kernel.actor import Actor
from cchc.services.plans.rows import get_plan_row
from cchc.store.models import Locality, Plan, Task

__all__ = ["import_duplicates", "plan_conflicts", "plan_warnings", "plan_record"]


def plan_record(plan: Plan) -> PlanRecord:
    return PlanRecord(
        id=plan.id, locality_code=plan.locality_code, status=str(getattr(plan.status, "value", plan.status)),
        kind=str(getattr(plan.kind, "value", plan.kind)), number=plan.number, sha256=plan.source_sha256,
        period_start=plan.period_start, period_end=plan.period_end, issued_on=plan.issued_on, title=plan.title,
    )


def _plans_of(session: Session, locality_code: int) -> list[PlanRecord]:
    rows = session.scalars(select(Plan).where(Plan.locality_code == locality_code)).all()
    return [plan_record(p) for p in rows]


def import_duplicates(session: Session, actor: Actor, *, locality_code: int, sha256: str | None = None,
                      number: str | None = None, exclude_id: int = 0) -> list[PlanRecord]:
    """Plans of the commune with this content hash or this number/symbol (for the import and review pages)."""
    actor.require_manage(locality_code, "nhập kế hoạch")
    candidate = PlanRecord(exclude_id, locality_code, "draft", number=number, sha256=sha256)
    query = select(Plan).where(Plan.locality_code == locality_code, Plan.id != exclude_id)
    conds = [Plan.source_sha256 == sha256] if sha256 else []
    if number:
        conds.append(Plan.number.is_not(None))
    if not conds:
        return []
    rows = session.scalars(query.where(or_(*conds))).all()
    return find_duplicates(candidate, [plan_record(p) for p in rows])


def plan_conflicts(session: Session, actor: Actor, *, plan_id: int) -> list[PlanRecord]:
    """Published plans that publishing `plan_id` would put beside it (same commune, kind, period)."""
    plan = get_plan_row(session, actor, plan_id)
    return publish_conflicts(plan_record(plan), _plans_of(session, plan.locality_code))


def _confidence(extraction: dict[str, Any] | None) -> float | None:
    """The extraction's own quality figure, when the reader reports one (OCR confidence 0–1 or 0–100)."""
    if not isinstance(extraction, dict):
        return None
    for holder in (extraction, extraction.get("source") or {}, extraction.get("document") or {}):
        if not isinstance(holder, dict):
            continue
        for key in ("ocr_confidence", "confidence", "quality"):
            value = holder.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value) / 100 if value > 1 else float(value)
    return None


def plan_warnings(session: Session, actor: Actor, *, plan_id: int) -> list[Warning]:
    """What to check on the review page: duplicates, another commune's issuer, low OCR quality, references."""
    plan = get_plan_row(session, actor, plan_id)
    record = plan_record(plan)
    duplicates = find_duplicates(record, _plans_of(session, plan.locality_code))
    locality = session.get(Locality, plan.locality_code)
    commune = f"{getattr(locality.kind, 'value', locality.kind)} {locality.name}" if locality else ""
    if locality and locality.name.lower().startswith(str(getattr(locality.kind, "value", locality.kind))):
        commune = locality.name
    refs = list(session.scalars(select(Task.ref).where(Task.plan_id == plan.id, Task.parent_id.is_(None))).all())
    return review_warnings(commune_name=commune, issuer=plan.issuer, refs=refs,
                           confidence=_confidence(plan.extraction), duplicates=duplicates)
