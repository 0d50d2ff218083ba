"""Notifications in the in-app inbox and the e-mails that carry them (once per event and person)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base

__all__ = ["DeliveryStatus", "EmailDelivery", "EmailMode", "EmailState", "Notification"]


class EmailMode(StrEnum):
    """A user's choice of e-mail: one per notification, one a day listing them, or none."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    NONE = "none"


class EmailState(StrEnum):
    """Where a notification stands with e-mail (NULL: never to be e-mailed)."""

    QUEUED = "queued"  # wanted by e-mail, not yet in a delivery
    ASSIGNED = "assigned"  # part of a delivery (`delivery_id`)
    SKIPPED = "skipped"  # the user no longer wants e-mail, or has no address


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # One notification per event and person: reminders computed again never arrive twice.
        UniqueConstraint("event_key", "recipient_id", name="uq_notifications_event_recipient"),
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
        Index("ix_notifications_email_state", "email_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    event_key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    locality_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_state: Mapped[str | None] = mapped_column(String(10))
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("email_deliveries.id", ondelete="SET NULL"))


class EmailDelivery(Base):
    """One e-mail: a notification (`n:<id>`) or a user's digest of a day (`digest:<user>:<date>`)."""

    __tablename__ = "email_deliveries"
    __table_args__ = (
        UniqueConstraint("key", name="uq_email_deliveries_key"),
        Index("ix_email_deliveries_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(10))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
