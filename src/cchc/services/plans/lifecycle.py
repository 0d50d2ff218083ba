"""A plan's own fields and its lifecycle: edit, publish a reviewed draft, close."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.kernel.actor import Actor
from cchc.kernel.audit import now, record_event
from cchc.kernel.validation import clean_text, label, parse_date
from cchc.notify.events import notify_plan_published
from cchc.services.plans.rows import check_version, flush, get_plan_row, require_editable
from cchc.services.plans.views import PlanView, plan_audit, plan_view
from cchc.store.models import Plan, PlanKind
from cchc.store.plans import PlanRepository

# ---------------------------------------------------------------- editing the plan


def _save_plan_change(
    session: Session, actor: Actor, plan: Plan, *, action: str, before: dict[str, Any]
) -> PlanView:
    """Flush a change to a plan's own fields or status and audit it; returns the plan as it is now."""
    flush(session, "Kế hoạch")
    record_event(
        session,
        actor,
        entity="plan",
        entity_id=plan.id,
        action=action,
        before=before,
        after=plan_audit(plan),
        locality_code=plan.locality_code,
    )
    return plan_view(session, plan)


_PLAN_FIELDS = {"number", "issued_on", "title", "issuer", "kind", "period_start", "period_end"}


def update_plan(
    session: Session, actor: Actor, *, plan_id: int, version: int, changes: dict[str, Any]
) -> PlanView:
    """Edit the plan's own fields (number, dates, title, kind, period)."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "sửa kế hoạch")
    require_editable(plan)
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    unknown = set(changes) - _PLAN_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    before = plan_audit(plan)
    for key, value in changes.items():
        if key in ("issued_on", "period_start", "period_end"):
            setattr(plan, key, parse_date(value, key))
        elif key == "kind":
            try:
                plan.kind = PlanKind(value)
            except ValueError:
                raise InvalidInput(f"Loại kế hoạch không hợp lệ: {value!r}.", where="kind") from None
        else:
            setattr(plan, key, clean_text(value, key, required=key == "title", max_length=2000))
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise InvalidInput(
            f'"{label("period_start")}" ({plan.period_start:%d/%m/%Y}) sau "{label("period_end")}" '
            f"({plan.period_end:%d/%m/%Y}).",
            where="period_end",
        )
    return _save_plan_change(session, actor, plan, action="update", before=before)


def publish_plan(session: Session, actor: Actor, *, plan_id: int, version: int,
                 replace: bool | None = None) -> PlanView:
    """Publish a reviewed draft: units start reporting on its tasks.

    `replace` applies the one-published-plan rule (`domain.plan_checks.publish_conflicts`): False
    refuses while another plan of the same commune, kind and period is published; True closes that
    plan first (audited, its history kept); None (the default of earlier callers) does not check.
    """
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "ban hành kế hoạch")
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    if plan.status is not PlanStatus.DRAFT:
        raise InvalidInput("Kế hoạch đã được ban hành hoặc đã kết thúc.", where="status")
    tasks = PlanRepository(session).tasks(plan.id)
    if not tasks:
        raise InvalidInput("Kế hoạch chưa có nhiệm vụ nào, không ban hành được.", where="tasks")
    orphans = [
        t for t in tasks if not any(u.lead for u in t.units) and t.reported_status is not TaskStatus.CANCELLED
    ]
    if orphans:
        names = "; ".join(f"{t.ref or t.position}. {t.task[:60]}" for t in orphans[:3])
        more = f" và {len(orphans) - 3} nhiệm vụ khác" if len(orphans) > 3 else ""
        raise InvalidInput(
            f"{len(orphans)} nhiệm vụ chưa có đơn vị chủ trì: {names}{more}.", where="lead_unit_ids"
        )
    if replace is not None:
        from cchc.services.plans.checks import plan_conflicts

        conflicts = plan_conflicts(session, actor, plan_id=plan.id)
        if conflicts and not replace:
            names = "; ".join(f"«{c.number or c.title or c.id}» (#{c.id})" for c in conflicts)
            raise InvalidInput(
                f"Xã/phường đã có kế hoạch cùng loại, cùng kỳ đang ban hành: {names}. "
                "Xác nhận thay thế để kết thúc kế hoạch cũ (giữ nguyên lịch sử) rồi ban hành kế hoạch này.",
                where="replace",
            )
        for c in conflicts:
            old = get_plan_row(session, actor, c.id)
            old_before = plan_audit(old)
            old.status = PlanStatus.CLOSED
            _save_plan_change(session, actor, old, action="close", before=old_before)
    before = plan_audit(plan)
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = now()
    view = _save_plan_change(session, actor, plan, action="publish", before=before)
    live = [t for t in tasks if t.reported_status is not TaskStatus.CANCELLED]
    notify_plan_published(session, actor, plan=plan, tasks=live)
    return view


def close_plan(session: Session, actor: Actor, *, plan_id: int, version: int) -> PlanView:
    """Close a published plan at the end of its period."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "kết thúc kế hoạch")
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ kết thúc được kế hoạch đã ban hành.", where="status")
    before = plan_audit(plan)
    plan.status = PlanStatus.CLOSED
    return _save_plan_change(session, actor, plan, action="close", before=before)
