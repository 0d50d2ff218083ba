"""Append-only audit events: insert and read, never update or delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
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

    def append_rows(self, rows: list[dict[str, Any]]) -> None:
        """Insert events given as column values at once, in order, in one statement (no ORM instances).

        For a write that knows all its events together (a progress report and its task): one INSERT,
        no identity map or unit-of-work work per event, and no id read back (nothing needs it).
        """
        if rows:
            self.session.execute(insert(AuditEvent), rows)

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
