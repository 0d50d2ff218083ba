"""Notifications: reminders that reach people in the in-app inbox and by e-mail.

- `run_notifications(session, now)` makes the time-driven reminders (task due soon, overdue, a period's
  reports due) for every commune and sends the e-mails waiting (`runner.py`);
- `notify_*` make the notifications a write causes, in the write's transaction (`events.py`);
- `list_inbox`, `mark_read`, `mark_all_read`, `unread_count`, `set_email_preferences` serve the inbox
  (`inbox.py`).

The rules (who is told what, when) are in `cchc.domain.reminders`; texts are the Jinja templates in
`templates/`; settings in `config.py` (`CCHC_SMTP_*`, `CCHC_REMIND_DAYS`, `CCHC_NOTIFY_*`).
"""

from __future__ import annotations

from cchc.notify.config import NotifySettings as NotifySettings
from cchc.notify.config import SmtpSettings as SmtpSettings
from cchc.notify.config import notify_settings as notify_settings
from cchc.notify.events import notify_extension_decided as notify_extension_decided
from cchc.notify.events import notify_job_finished as notify_job_finished
from cchc.notify.events import notify_plan_published as notify_plan_published
from cchc.notify.events import notify_progress_reviewed as notify_progress_reviewed
from cchc.notify.events import notify_report_version as notify_report_version
from cchc.notify.inbox import InboxItem as InboxItem
from cchc.notify.inbox import InboxPage as InboxPage
from cchc.notify.inbox import email_preferences as email_preferences
from cchc.notify.inbox import list_inbox as list_inbox
from cchc.notify.inbox import mark_all_read as mark_all_read
from cchc.notify.inbox import mark_read as mark_read
from cchc.notify.inbox import set_email_preferences as set_email_preferences
from cchc.notify.inbox import unread_count as unread_count
from cchc.notify.runner import RunSummary as RunSummary
from cchc.notify.runner import run_notifications as run_notifications
from cchc.notify.runner import start_background as start_background

__all__ = [
    "InboxItem",
    "InboxPage",
    "NotifySettings",
    "RunSummary",
    "SmtpSettings",
    "email_preferences",
    "list_inbox",
    "mark_all_read",
    "mark_read",
    "notify_extension_decided",
    "notify_job_finished",
    "notify_plan_published",
    "notify_progress_reviewed",
    "notify_report_version",
    "notify_settings",
    "run_notifications",
    "start_background",
    "unread_count",
]
