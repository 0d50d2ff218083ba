"""Storing notifications once per event and person, and the people they may go to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cchc.domain.reminders import Person
from cchc.store.models import User
from cchc.store.models_notify import EmailMode, EmailState
from cchc.store.notifications import NotificationRepository

__all__ = ["NewNotification", "load_people", "store_notifications", "task_label"]


@dataclass(frozen=True)
class NewNotification:
    recipient_id: int
    kind: str
    event_key: str
    title: str
    body: str
    link: str | None = None
    locality_code: int | None = None


def load_people(
    session: Session, *, locality_codes: Iterable[int] | None = (), user_ids: Iterable[int | None] = ()
) -> list[Person]:
    """Active users of the communes `locality_codes` (every commune when None) and the users `user_ids`."""
    ids = sorted({u for u in user_ids if u is not None})
    query = select(User.id, User.role, User.locality_code, User.unit_id).where(User.active.is_(True))
    if locality_codes is not None:
        codes = sorted(set(locality_codes))
        conditions = []
        if codes:
            conditions.append(User.locality_code.in_(codes))
        if ids:
            conditions.append(User.id.in_(ids))
        if not conditions:
            return []
        query = query.where(or_(*conditions))
    return [
        Person(uid, getattr(role, "value", role), code, unit)
        for uid, role, code, unit in session.execute(query)
    ]


def task_label(ref: str | None) -> str:
    """`số 1.2 ` before a task's text when the plan numbers it."""
    return f"số {ref} " if ref else ""


def _wants_email(email: str | None, mode: str | None) -> bool:
    return bool(email) and (mode or EmailMode.IMMEDIATE.value) != EmailMode.NONE.value


def store_notifications(session: Session, items: Sequence[NewNotification], now: datetime) -> int:
    """Keep the notifications not made before (one per event key and recipient); how many are new.

    Rows that exist already are left alone, so calling this again (another run, another process,
    after a restart) adds nothing. Those for users with an e-mail address who take e-mail are queued
    for it (the runner sends them, or skips them when this installation sends no e-mail).
    """
    if not items:
        return 0
    repo = NotificationRepository(session)
    unique: dict[tuple[str, int], NewNotification] = {}
    for item in items:
        unique.setdefault((item.event_key, item.recipient_id), item)
    known = repo.existing_keys(unique)
    fresh = [item for pair, item in unique.items() if pair not in known]
    prefs = repo.recipients(item.recipient_id for item in fresh)
    rows = []
    for item in fresh:
        if item.recipient_id not in prefs:
            continue  # disabled meanwhile
        email, mode = prefs[item.recipient_id]
        rows.append(
            {
                "recipient_id": item.recipient_id,
                "kind": item.kind,
                "event_key": item.event_key[:200],
                "title": item.title[:300],
                "body": item.body,
                "link": item.link,
                "locality_code": item.locality_code,
                "created_at": now,
                "read_at": None,
                "email_state": EmailState.QUEUED.value if _wants_email(email, mode) else None,
                "delivery_id": None,
            }
        )
    repo.insert_new(rows)
    return len(rows)
