"""Audit events: one per write, append-only; and the history of an entity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound
from cchc.kernel.actor import Actor
from cchc.store.audit import AuditRepository
from cchc.store.models import AuditEvent
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

__all__ = ["ENTITIES", "AuditView", "audit_history", "audit_row", "now", "record_event", "record_events"]

ENTITIES = (
    "plan",
    "task",
    "indicator",
    "measurement",
    "progress_report",
    "contribution",
    "extension",
    "trigger",
    "user",
    "unit",
    "locality",
    "input_766",
    "access",
)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    user_id: int | None
    username: str
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ip: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user_id": self.user_id,
            "username": self.username,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "ip": self.ip,
        }


def record_event(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    locality_code: int | None = None,
) -> None:
    """Append one audit event (called by every writing service)."""
    AuditRepository(session).append(AuditEvent(**audit_row(
        actor, entity=entity, entity_id=entity_id, action=action, before=before, after=after,
        locality_code=locality_code)))


def audit_row(
    actor: Actor,
    *,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    locality_code: int | None = None,
) -> dict[str, Any]:
    """One audit event as column values, for `record_events` (the same fields `record_event` writes)."""
    return {
        "at": now(),
        "user_id": actor.user_id,
        "username": actor.username,
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "before": before,
        "after": after,
        "ip": actor.ip,
        "locality_code": locality_code,
    }


def record_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append the events built by `audit_row`, in order, in one INSERT (for writes that record several)."""
    AuditRepository(session).append_rows(rows)


def _locality_of(session: Session, entity: str, entity_id: int) -> int | None:
    plans = PlanRepository(session)
    if entity == "plan":
        plan = plans.get(entity_id)
        return plan.locality_code if plan else None
    if entity == "task":
        task = plans.task(entity_id)
        plan = plans.get(task.plan_id) if task else None
        return plan.locality_code if plan else None
    if entity == "indicator":
        ind = plans.indicator(entity_id)
        plan = plans.get(ind.plan_id) if ind else None
        return plan.locality_code if plan else None
    if entity == "progress_report":
        report = ProgressRepository(session).report(entity_id)
        return _locality_of(session, "task", report.task_id) if report else None
    if entity in ("input_766", "locality"):
        return entity_id  # the commune's own code
    return None


def audit_history(session: Session, actor: Actor, *, entity: str, entity_id: int) -> list[AuditView]:
    """Every recorded change of one entity, oldest first."""
    if entity not in ENTITIES:
        raise InvalidInput(f"Loại đối tượng không hợp lệ: {entity!r}.", where="entity")
    events = AuditRepository(session).history(entity, entity_id)
    if not actor.is_admin:
        locality = _locality_of(session, entity, entity_id)
        if locality is None and events:
            locality = events[-1].locality_code
        if locality is None:
            if not events:
                raise NotFound(f"Không có lịch sử cho {entity} #{entity_id}.")
            actor.require_role([], "xem lịch sử này")
        else:
            from cchc.kernel.access import province_of

            actor.require_read(locality, province_of(session, locality))
    return [
        AuditView(e.id, e.at, e.user_id, e.username, e.entity, e.entity_id, e.action, e.before, e.after, e.ip)
        for e in events
    ]
