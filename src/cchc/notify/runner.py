"""`run_notifications(session, now)`: make the reminders due, queue and send e-mails; and a periodic runner.

The job system (or `cchc notify run`, or the thread that `cchc serve`/`cchc demo` start) calls it. It
is idempotent: a second run at the same moment makes no notification and sends no e-mail. Unlike a
use-case service it commits its own steps, because e-mail leaves the database: notifications are
committed before any e-mail is queued, and each e-mail is claimed and committed before it is sent.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.notify.config import NotifySettings, notify_settings
from cchc.notify.core import store_notifications
from cchc.notify.mail import Mailer, SmtpMailer, queue_deliveries, send_pending, skip_email
from cchc.notify.reminders import collect_reminders

__all__ = ["RunSummary", "run_notifications", "start_background"]

log = logging.getLogger("cchc.notify")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class RunSummary:
    at: datetime
    reminders: int  # reminders due now (made before or now)
    created: int  # notifications made by this run
    emails_queued: int
    emails_sent: int
    emails_failed: int

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "reminders": self.reminders,
            "created": self.created,
            "emails_queued": self.emails_queued,
            "emails_sent": self.emails_sent,
            "emails_failed": self.emails_failed,
        }


def run_notifications(
    session: Session,
    now: datetime | None = None,
    *,
    settings: NotifySettings | None = None,
    mailer: Mailer | None = None,
) -> RunSummary:
    """Make the reminders due at `now` (default: now) for every commune, then queue and send e-mails."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=VIETNAM)  # a naive time is Vietnam's
    now = now.astimezone(UTC)
    settings = settings or notify_settings()
    due = collect_reminders(session, now.astimezone(VIETNAM).date(), settings)
    created = store_notifications(session, due, now)
    session.commit()
    queued = sent = failed = 0
    if not settings.email_enabled:
        skip_email(session)  # no SMTP host: nothing waits to flood out once one is configured
        session.commit()
    else:
        queued = queue_deliveries(session, now, settings)
        session.commit()
        if mailer is not None:
            result = send_pending(session, now, settings, mailer)
        else:
            assert settings.smtp is not None
            with SmtpMailer(settings.smtp) as smtp:
                result = send_pending(session, now, settings, smtp)
        sent, failed = result.sent, result.failed
    summary = RunSummary(now, len(due), created, queued, sent, failed)
    if created or queued or sent or failed:
        record_event(
            session,
            Actor.system(ip="notify"),
            entity="notification_run",
            entity_id=0,
            action="run",
            before=None,
            after=summary.to_json(),
        )
        session.commit()
    return summary


def start_background(url: str | None = None, interval: float | None = None) -> threading.Event | None:
    """Run `run_notifications` every `interval` seconds (`CCHC_NOTIFY_INTERVAL`, default 300) in a daemon
    thread of this process; the returned event stops it. None when the interval is 0."""
    seconds = notify_settings().interval if interval is None else interval
    if seconds <= 0:
        return None
    stop = threading.Event()

    def loop() -> None:
        from cchc.kernel.db import session_scope

        wait = min(5.0, seconds)
        while not stop.wait(wait):
            wait = seconds
            try:
                with session_scope(url) as session:
                    summary = run_notifications(session)
                if summary.created or summary.emails_sent or summary.emails_failed:
                    log.info("notifications: %s", summary.to_json())
            except Exception:  # noqa: BLE001 - the runner keeps going; the next run tries again
                log.exception("notification run failed")

    threading.Thread(target=loop, name="cchc-notify", daemon=True).start()
    return stop
