"""Notification settings from the environment (`CCHC_SMTP_*`, `CCHC_REMIND_DAYS`, `CCHC_NOTIFY_*`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cchc.domain.errors import InvalidInput
from cchc.domain.reminders import DEFAULT_POLICY, ReminderPolicy
from cchc.settings import get_settings

__all__ = ["NotifySettings", "SmtpSettings", "notify_settings"]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "cchc@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 30.0


@dataclass(frozen=True)
class NotifySettings:
    """`smtp` is None when no `CCHC_SMTP_HOST` is set: notifications stay in the inbox, no e-mail."""

    smtp: SmtpSettings | None = None
    policy: ReminderPolicy = field(default_factory=lambda: DEFAULT_POLICY)
    report_due_day: int = 10
    # Local hour (Vietnam) from which the day's digest is sent.
    digest_hour: int = 7
    # Seconds between runs of the in-process runner of `cchc serve`/`cchc demo` (0: not started).
    interval: float = 300.0
    # Absolute address of the web application, for links in e-mails.
    base_url: str = "http://127.0.0.1:8000"

    @property
    def email_enabled(self) -> bool:
        return self.smtp is not None


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int, lo: int, hi: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name} phải là số nguyên, không phải {raw!r}.", where=name) from None
    if not lo <= value <= hi:
        raise InvalidInput(f"{name} phải trong khoảng {lo}–{hi}, không phải {value}.", where=name)
    return value


def notify_settings() -> NotifySettings:
    """The notification settings of this process, read from the environment now."""
    host = (os.environ.get("CCHC_SMTP_HOST") or "").strip()
    smtp = None
    if host:
        smtp = SmtpSettings(
            host=host,
            port=_int("CCHC_SMTP_PORT", 25, 1, 65535),
            sender=os.environ.get("CCHC_SMTP_FROM") or "cchc@localhost",
            user=os.environ.get("CCHC_SMTP_USER") or None,
            password=os.environ.get("CCHC_SMTP_PASSWORD") or None,
            starttls=_flag(os.environ.get("CCHC_SMTP_STARTTLS")),
        )
    days = os.environ.get("CCHC_REMIND_DAYS")
    try:
        policy = ReminderPolicy.parse(days) if days and days.strip() else DEFAULT_POLICY
    except ValueError as exc:
        raise InvalidInput(
            f"CCHC_REMIND_DAYS không hợp lệ ({exc}); ví dụ: unit_officer=7,2;standing_office=2.",
            where="CCHC_REMIND_DAYS",
        ) from None
    interval = os.environ.get("CCHC_NOTIFY_INTERVAL")
    try:
        seconds = float(interval) if interval and interval.strip() else 300.0
    except ValueError:
        raise InvalidInput(f"CCHC_NOTIFY_INTERVAL phải là số giây, không phải {interval!r}.",
                           where="CCHC_NOTIFY_INTERVAL") from None
    return NotifySettings(
        smtp=smtp,
        policy=policy,
        report_due_day=get_settings().report_due_day,
        digest_hour=_int("CCHC_NOTIFY_DIGEST_HOUR", 7, 0, 23),
        interval=max(0.0, seconds),
        base_url=(os.environ.get("CCHC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
    )
