"""E-mail through SMTP (standard library): queue deliveries from notifications, then send each once.

A notification queued for e-mail becomes part of one delivery: its own (`n:<id>`, users who want
e-mail at once) or the user's digest of the day (`digest:<user>:<YYYY-MM-DD>`, sent at the first run
from `CCHC_NOTIFY_DIGEST_HOUR`, Vietnam's time). The delivery key is unique, so two runners (or one
run after a restart) never make two e-mails of one notification or two digests of one day. A
delivery is claimed (conditional UPDATE, committed) before it is sent and marked sent after; a failed
one is tried again at the next run, up to `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import smtplib
import ssl
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.notify.config import NotifySettings, SmtpSettings
from cchc.notify.messages import render_email
from cchc.store.models_notify import DeliveryStatus, EmailDelivery, EmailMode, EmailState, Notification
from cchc.store.notifications import NotificationRepository

__all__ = ["EMAIL_WINDOW", "MAX_ATTEMPTS", "Mailer", "SmtpMailer", "queue_deliveries", "send_pending", "skip_email"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_ATTEMPTS = 5
# A notification still waiting for e-mail after this long is not mailed any more (the inbox keeps it).
EMAIL_WINDOW = timedelta(days=2)
# A delivery claimed longer ago than this by a runner that did not finish is claimed again.
STALE_CLAIM = timedelta(minutes=15)


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer(AbstractContextManager["SmtpMailer"]):
    """One SMTP connection for a run (opened on the first message), STARTTLS and login when configured."""

    def __init__(self, smtp: SmtpSettings) -> None:
        self.smtp = smtp
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._conn is None:
            conn = smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.smtp.timeout)
            if self.smtp.starttls:
                conn.starttls(context=ssl.create_default_context())
            if self.smtp.user:
                conn.login(self.smtp.user, self.smtp.password or "")
            self._conn = conn
        return self._conn

    def send(self, message: EmailMessage) -> None:
        try:
            self._connect().send_message(message)
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            self.close()
            self._connect().send_message(message)  # once more on a fresh connection

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._conn = None

    def __exit__(self, *exc: Any) -> None:
        self.close()


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0


def _local_day(now: datetime) -> str:
    return now.astimezone(VIETNAM).date().isoformat()


def queue_deliveries(session: Session, now: datetime, settings: NotifySettings) -> int:
    """Put queued notifications into deliveries (immediate ones now, digests from the digest hour); how many made."""
    repo = NotificationRepository(session)
    immediate: list[tuple[int, int, str]] = []
    digests: dict[int, list[int]] = defaultdict(list)
    addresses: dict[int, str] = {}
    skipped: list[int] = []
    oldest = now - EMAIL_WINDOW
    for nid, uid, email, mode, created_at in repo.queued_for_email():
        mode = mode or EmailMode.IMMEDIATE.value
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=UTC)  # SQLite hands timestamps back without their zone
        if not email or mode == EmailMode.NONE.value or not settings.email_enabled or created_at < oldest:
            skipped.append(nid)
        elif mode == EmailMode.DIGEST.value:
            digests[uid].append(nid)
            addresses[uid] = email
        else:
            immediate.append((nid, uid, email))
    if skipped:
        repo.set_email_state(skipped, EmailState.SKIPPED)
    made = 0
    by_id = {n.id: n for n in _notifications(session, [nid for nid, _, _ in immediate])}
    for nid, uid, email in immediate:
        n = by_id[nid]
        delivery = repo.add_delivery(_delivery(f"n:{nid}", uid, EmailMode.IMMEDIATE, email, f"[CCHC] {n.title}", now))
        repo.set_email_state([nid], EmailState.ASSIGNED, delivery)
        made += 1
    local = now.astimezone(VIETNAM)
    if local.hour >= settings.digest_hour:
        day = local.date()
        for uid, ids in sorted(digests.items()):
            email = addresses[uid]
            key = f"digest:{uid}:{day.isoformat()}"
            if repo.delivery_by_key(key) is not None:
                continue  # today's digest is gone: these wait for tomorrow's
            subject = f"[CCHC] Tóm tắt thông báo ngày {day:%d/%m/%Y} ({len(ids)} thông báo)"
            delivery = repo.add_delivery(_delivery(key, uid, EmailMode.DIGEST, email, subject, now))
            repo.set_email_state(ids, EmailState.ASSIGNED, delivery)
            made += 1
    session.flush()
    return made


def skip_email(session: Session) -> int:
    """Mark every notification waiting for e-mail as not to be mailed (this installation sends none)."""
    repo = NotificationRepository(session)
    ids = [nid for nid, *_ in repo.queued_for_email()]
    repo.set_email_state(ids, EmailState.SKIPPED)
    return len(ids)


def _notifications(session: Session, ids: Sequence[int]) -> list[Notification]:
    if not ids:
        return []
    return list(session.scalars(select(Notification).where(Notification.id.in_(list(ids)))))


def _delivery(key: str, uid: int, mode: EmailMode, email: str, subject: str, now: datetime) -> dict[str, Any]:
    return {
        "key": key,
        "recipient_id": uid,
        "mode": mode.value,
        "to_address": email,
        "subject": subject[:300],
        "status": DeliveryStatus.PENDING.value,
        "attempts": 0,
        "error": None,
        "created_at": now,
        "claimed_at": None,
        "sent_at": None,
    }


def _item(n: Notification, base_url: str) -> dict[str, str]:
    return {"title": n.title, "body": n.body, "url": f"{base_url}{n.link}" if n.link else ""}


def build_message(
    delivery: EmailDelivery, items: Sequence[Notification], settings: NotifySettings, now: datetime
) -> EmailMessage:
    """The e-mail of a delivery: UTF-8 plain text, Vietnamese, links to the web application."""
    assert settings.smtp is not None
    inbox = f"{settings.base_url}/inbox"
    if delivery.mode == EmailMode.DIGEST.value:
        day = delivery.key.rsplit(":", 1)[1]
        text = render_email(
            "email_digest",
            items=[_item(n, settings.base_url) for n in items],
            day=datetime.fromisoformat(day).strftime("%d/%m/%Y"),
            inbox_url=inbox,
        )
    else:
        text = render_email("email_immediate", n=_item(items[0], settings.base_url), inbox_url=inbox)
    message = EmailMessage()
    message["From"] = settings.smtp.sender
    message["To"] = delivery.to_address
    message["Subject"] = delivery.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=delivery.key.replace(":", "."), domain="cchc.local")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    return message


def send_pending(session: Session, now: datetime, settings: NotifySettings, mailer: Mailer) -> SendResult:
    """Send every delivery due; each is claimed and committed before it goes out, and marked after."""
    repo = NotificationRepository(session)
    stale = now - STALE_CLAIM
    sent = failed = 0
    for delivery_id in repo.sendable(max_attempts=MAX_ATTEMPTS, stale_before=stale):
        if not repo.claim(delivery_id, now, max_attempts=MAX_ATTEMPTS, stale_before=stale):
            session.rollback()
            continue
        session.commit()
        delivery = repo.delivery(delivery_id)
        assert delivery is not None
        session.refresh(delivery)
        items = repo.of_delivery(delivery_id)
        if not items:
            repo.finish(delivery_id, status=DeliveryStatus.SENT, at=now, error="nothing to send")
            session.commit()
            continue
        try:
            mailer.send(build_message(delivery, items, settings, now))
        except (smtplib.SMTPException, OSError) as exc:
            repo.finish(delivery_id, status=DeliveryStatus.FAILED, at=now, error=f"{type(exc).__name__}: {exc}"[:1000])
            failed += 1
        else:
            repo.finish(delivery_id, status=DeliveryStatus.SENT, at=now, error=None)
            sent += 1
        session.commit()
    return SendResult(sent, failed)
