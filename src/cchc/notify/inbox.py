"""The in-app inbox: a user's notifications, unread count, marking read, and how they take e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.kernel.actor import Actor
from cchc.kernel.audit import now, record_event
from cchc.notify.config import notify_settings
from cchc.store.models_notify import EmailMode, Notification
from cchc.store.notifications import NotificationRepository
from cchc.store.users import UserRepository

__all__ = [
    "EMAIL_MODE_LABELS",
    "EmailPreferences",
    "InboxItem",
    "InboxPage",
    "email_preferences",
    "list_inbox",
    "mark_all_read",
    "mark_read",
    "set_email_preferences",
    "unread_count",
]

EMAIL_MODE_LABELS = {
    EmailMode.IMMEDIATE.value: "Gửi thư ngay khi có thông báo",
    EmailMode.DIGEST.value: "Một thư tóm tắt mỗi ngày",
    EmailMode.NONE.value: "Không nhận thư",
}
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


@dataclass(frozen=True)
class InboxItem:
    id: int
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "link": self.link,
            "created_at": self.created_at.isoformat(),
            "read_at": self.read_at.isoformat() if self.read_at else None,
            "unread": self.unread,
        }


@dataclass(frozen=True)
class EmailPreferences:
    email: str | None
    mode: str
    email_enabled: bool  # whether this installation sends e-mail at all (CCHC_SMTP_HOST)

    def to_json(self) -> dict[str, Any]:
        return {"email": self.email, "mode": self.mode, "email_enabled": self.email_enabled}


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    unread: int
    total: int
    limit: int
    offset: int
    preferences: EmailPreferences

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [i.to_json() for i in self.items],
            "unread": self.unread,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "preferences": self.preferences.to_json(),
        }


def _item(n: Notification) -> InboxItem:
    return InboxItem(n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at)


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied("Tài khoản hệ thống không có hộp thư.")
    return actor.user_id


def unread_count(session: Session, user_id: int) -> int:
    """Unread notifications of a user (one indexed count)."""
    return NotificationRepository(session).unread_count(user_id)


def email_preferences(session: Session, actor: Actor, *, user_id: int | None = None) -> EmailPreferences:
    """Where and how a user takes e-mail (one's own; an administrator anyone's)."""
    target = user_id if user_id is not None else _user_id(actor)
    if target != actor.user_id and not actor.is_admin:
        raise PermissionDenied("Chỉ quản trị viên xem được cách nhận thư của người khác.")
    user = UserRepository(session).get(target)
    if user is None:
        raise NotFound(f"Không tìm thấy tài khoản #{target}.", where="user_id")
    return EmailPreferences(user.email, user.email_mode or EmailMode.IMMEDIATE.value, notify_settings().email_enabled)


def list_inbox(
    session: Session, actor: Actor, *, unread_only: bool = False, limit: int = 50, offset: int = 0
) -> InboxPage:
    """The actor's notifications, newest first."""
    uid = _user_id(actor)
    limit = max(1, min(int(limit), 200))
    offset = max(0, int(offset))
    repo = NotificationRepository(session)
    rows = repo.for_user(uid, unread_only=unread_only, limit=limit, offset=offset)
    return InboxPage(
        items=[_item(n) for n in rows],
        unread=repo.unread_count(uid),
        total=repo.count_for_user(uid),
        limit=limit,
        offset=offset,
        preferences=email_preferences(session, actor),
    )


def mark_read(session: Session, actor: Actor, *, notification_id: int) -> InboxItem:
    """Mark one of one's notifications read (reading it again changes nothing)."""
    uid = _user_id(actor)
    n = NotificationRepository(session).get(notification_id)
    if n is None or n.recipient_id != uid:
        raise NotFound(f"Không tìm thấy thông báo #{notification_id}.", where="notification_id")
    if n.read_at is None:
        n.read_at = now()
        session.flush()
        record_event(
            session,
            actor,
            entity="notification",
            entity_id=n.id,
            action="read",
            before={"read_at": None},
            after={"read_at": n.read_at.isoformat()},
            locality_code=n.locality_code,
        )
    return _item(n)


def mark_all_read(session: Session, actor: Actor) -> int:
    """Mark every unread notification of the actor read; how many."""
    uid = _user_id(actor)
    count = NotificationRepository(session).mark_all_read(uid, now())
    if count:
        record_event(
            session,
            actor,
            entity="inbox",
            entity_id=uid,
            action="read_all",
            before=None,
            after={"count": count},
            locality_code=actor.locality_code,
        )
    return count


def set_email_preferences(
    session: Session, actor: Actor, *, email: str | None, mode: str, user_id: int | None = None
) -> EmailPreferences:
    """Set one's e-mail address and how to take e-mail (immediate, digest, none); an administrator anyone's."""
    target = user_id if user_id is not None else _user_id(actor)
    if target != actor.user_id and not actor.is_admin:
        raise PermissionDenied("Chỉ quản trị viên đổi được cách nhận thư của người khác.")
    user = UserRepository(session).get(target)
    if user is None:
        raise NotFound(f"Không tìm thấy tài khoản #{target}.", where="user_id")
    if mode not in EMAIL_MODE_LABELS:
        raise InvalidInput(
            f"Cách nhận thư không hợp lệ: {mode!r} (immediate, digest, none).", where="mode"
        )
    address = (email or "").strip() or None
    if address is not None and (len(address) > 320 or not _EMAIL.fullmatch(address)):
        raise InvalidInput(f"Địa chỉ thư điện tử không hợp lệ: {address!r}.", where="email")
    before = {"email": user.email, "email_mode": user.email_mode}
    user.email, user.email_mode = address, mode
    session.flush()
    record_event(
        session,
        actor,
        entity="user",
        entity_id=user.id,
        action="email_preferences",
        before=before,
        after={"email": user.email, "email_mode": user.email_mode},
        locality_code=user.locality_code,
    )
    return EmailPreferences(user.email, mode, notify_settings().email_enabled)
