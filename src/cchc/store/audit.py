"""Append-only audit events: insert and read, never update or delete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.store.models import AuditEvent

__all__ = ["AuditRepository"]


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, event: AuditEvent) -> None:
        """Add the event to the transaction; it is inserted with the next flush (at the latest at commit).

        Not flushed at once: a write that records two events (a report and its task) then inserts
        them in one statement, and the flush that follows does the rest of the write's work in the
        same round trip instead of a flush per event. Nothing reads an event's id before commit;
        queries in the same session see it (autoflush), and a failed insert fails the commit.
        """
        self.session.add(event)

    def history(self, entity: str, entity_id: int) -> Sequence[AuditEvent]:
        return self.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        ).all()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(AuditEvent)) or 0

    def all(self) -> Sequence[AuditEvent]:
        return self.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
