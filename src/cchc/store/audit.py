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
        self.session.add(event)
        self.session.flush()

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
