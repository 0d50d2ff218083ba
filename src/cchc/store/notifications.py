"""Queries on notifications and e-mail deliveries; inserts that keep one row per event and person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cchc.store.models import User
from cchc.store.models_notify import DeliveryStatus, EmailDelivery, EmailState, Notification

__all__ = ["NotificationRepository"]

_CHUNK = 500


def _insert_ignoring(session: Session, table: Any, index: list[str]) -> Insert:
    """INSERT … ON CONFLICT (index) DO NOTHING for SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=index)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index)
    raise NotImplementedError(f"no ON CONFLICT for {dialect}")


class NotificationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # ---------------------------------------------------------------- writing notifications

    def existing_keys(self, pairs: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which (event key, recipient) pairs already have a notification (one query per 500 keys)."""
        wanted = set(pairs)
        keys = sorted({k for k, _ in wanted})
        found: set[tuple[str, int]] = set()
        for i in range(0, len(keys), _CHUNK):
            rows = self.session.execute(
                select(Notification.event_key, Notification.recipient_id).where(
                    Notification.event_key.in_(keys[i : i + _CHUNK])
                )
            )
            found.update((k, r) for k, r in rows if (k, r) in wanted)
        return found

    def insert_new(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert notifications; a row whose (event key, recipient) exists already is left out silently."""
        if not rows:
            return
        stmt = _insert_ignoring(self.session, Notification.__table__, ["event_key", "recipient_id"])
        for i in range(0, len(rows), _CHUNK):
            self.session.execute(stmt, list(rows[i : i + _CHUNK]))

    def recipients(self, user_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """user id → (e-mail address, e-mail mode) of active users."""
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = self.session.execute(
            select(User.id, User.email, User.email_mode).where(User.id.in_(ids), User.active.is_(True))
        )
        return {uid: (email, mode) for uid, email, mode in rows}

    # ---------------------------------------------------------------- the inbox

    def unread_count(self, user_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
            )
            or 0
        )

    def for_user(
        self, user_id: int, *, unread_only: bool = False, limit: int = 50, offset: int = 0
    ) -> Sequence[Notification]:
        query = select(Notification).where(Notification.recipient_id == user_id)
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
        return self.session.scalars(query.limit(limit).offset(offset)).all()

    def count_for_user(self, user_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).select_from(Notification).where(Notification.recipient_id == user_id)
            )
            or 0
        )

    def get(self, notification_id: int) -> Notification | None:
        return self.session.get(Notification, notification_id)

    def mark_all_read(self, user_id: int, at: datetime) -> int:
        result = self.session.execute(
            update(Notification)
            .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    # ---------------------------------------------------------------- e-mail

    def queued_for_email(self) -> list[tuple[int, int, str | None, str | None, datetime]]:
        """(notification id, recipient id, e-mail, mode, created) of every notification waiting for an e-mail."""
        rows = self.session.execute(
            select(Notification.id, Notification.recipient_id, User.email, User.email_mode, Notification.created_at)
            .join(User, User.id == Notification.recipient_id)
            .where(Notification.email_state == EmailState.QUEUED.value)
            .order_by(Notification.id)
        )
        return [(nid, uid, email, mode, created) for nid, uid, email, mode, created in rows]

    def set_email_state(self, ids: Sequence[int], state: EmailState, delivery_id: int | None = None) -> None:
        for i in range(0, len(ids), _CHUNK):
            self.session.execute(
                update(Notification)
                .where(
                    Notification.id.in_(ids[i : i + _CHUNK]),
                    Notification.email_state == EmailState.QUEUED.value,
                )
                .values(email_state=state.value, delivery_id=delivery_id)
                .execution_options(synchronize_session=False)
            )

    def delivery_by_key(self, key: str) -> EmailDelivery | None:
        return self.session.scalar(select(EmailDelivery).where(EmailDelivery.key == key))

    def add_delivery(self, values: dict[str, Any]) -> int:
        """The id of the delivery with `values["key"]`, created unless it exists."""
        stmt = _insert_ignoring(self.session, EmailDelivery.__table__, ["key"])
        self.session.execute(stmt, [values])
        found = self.session.scalar(select(EmailDelivery.id).where(EmailDelivery.key == values["key"]))
        assert found is not None
        return int(found)

    def sendable(self, *, max_attempts: int, stale_before: datetime) -> list[int]:
        """Deliveries to (re)send: pending, failed with attempts left, or claimed by a runner that died."""
        rows = self.session.scalars(
            select(EmailDelivery.id)
            .where(
                or_(
                    EmailDelivery.status == DeliveryStatus.PENDING.value,
                    and_(
                        EmailDelivery.status == DeliveryStatus.FAILED.value,
                        EmailDelivery.attempts < max_attempts,
                    ),
                    and_(
                        EmailDelivery.status == DeliveryStatus.SENDING.value,
                        EmailDelivery.claimed_at < stale_before,
                    ),
                )
            )
            .order_by(EmailDelivery.id)
        )
        return list(rows)

    def claim(self, delivery_id: int, at: datetime, *, max_attempts: int, stale_before: datetime) -> bool:
        """Mark a delivery as being sent by this runner; False when another runner got it first."""
        result = self.session.execute(
            update(EmailDelivery)
            .where(
                EmailDelivery.id == delivery_id,
                or_(
                    EmailDelivery.status == DeliveryStatus.PENDING.value,
                    and_(
                        EmailDelivery.status == DeliveryStatus.FAILED.value,
                        EmailDelivery.attempts < max_attempts,
                    ),
                    and_(
                        EmailDelivery.status == DeliveryStatus.SENDING.value,
                        EmailDelivery.claimed_at < stale_before,
                    ),
                ),
            )
            .values(
                status=DeliveryStatus.SENDING.value,
                claimed_at=at,
                attempts=EmailDelivery.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    def finish(self, delivery_id: int, *, status: DeliveryStatus, at: datetime, error: str | None) -> None:
        self.session.execute(
            update(EmailDelivery)
            .where(EmailDelivery.id == delivery_id)
            .values(status=status.value, sent_at=at if status is DeliveryStatus.SENT else None, error=error)
            .execution_options(synchronize_session=False)
        )

    def delivery(self, delivery_id: int) -> EmailDelivery | None:
        return self.session.get(EmailDelivery, delivery_id)

    def of_delivery(self, delivery_id: int) -> Sequence[Notification]:
        return self.session.scalars(
            select(Notification)
            .where(Notification.delivery_id == delivery_id)
            .order_by(Notification.created_at, Notification.id)
        ).all()
