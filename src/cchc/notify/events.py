"""Notifications caused by a write, made in the same transaction as the write.

Called by the services that make the write (progress review, extension decision, plan publication,
report generation) and, for finished jobs, by whatever runs the job (`notify_job_finished`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from cchc.domain.periods import Period
from cchc.domain.reminders import NoticeKind, event_recipients
from cchc.domain.statuses import ReviewStatus
from cchc.kernel.actor import Actor
from cchc.kernel.audit import now as _now
from cchc.notify.core import NewNotification, load_people, store_notifications, task_label
from cchc.notify.messages import render_notification
from cchc.store.localities import LocalityRepository
from cchc.store.models import ExtensionRequest, ExtensionStatus, Plan, ProgressReport, Task, Unit

__all__ = [
    "notify_extension_decided",
    "notify_job_finished",
    "notify_plan_published",
    "notify_progress_reviewed",
    "notify_report_version",
]


def _send(
    session: Session,
    kind: NoticeKind,
    recipients: Sequence[int],
    *,
    key: str,
    link: str | None,
    locality_code: int | None,
    at: datetime | None = None,
    **context: object,
) -> int:
    if not recipients:
        return 0
    title, body = render_notification(kind.value, **context)
    items = [
        NewNotification(uid, kind.value, key, title, body, link, locality_code) for uid in recipients
    ]
    return store_notifications(session, items, at or _now())


def _locality_name(session: Session, code: int) -> str:
    loc = LocalityRepository(session).locality(code)
    return loc.name if loc is not None else f"xã/phường {code}"


def _period_label(code: str) -> str:
    try:
        return Period.parse(code).label_vi
    except Exception:  # noqa: BLE001 - a stored code that no longer parses is shown as it is
        return code


def notify_progress_reviewed(
    session: Session, actor: Actor, *, report: ProgressReport, task: Task, plan: Plan, units: dict[int, Unit]
) -> int:
    """The report's unit and its submitter hear that it was accepted or returned."""
    if report.review_status is ReviewStatus.SUBMITTED:
        return 0
    kind = NoticeKind.PROGRESS_RETURNED if report.review_status is ReviewStatus.RETURNED else NoticeKind.PROGRESS_ACCEPTED
    people = load_people(session, locality_codes=[plan.locality_code], user_ids=[report.submitted_by])
    ids = event_recipients(
        kind,
        people,
        locality_code=plan.locality_code,
        unit_ids=[report.unit_id],
        user_ids=[report.submitted_by],
        actor_id=actor.user_id,
    )
    unit = units.get(report.unit_id)
    return _send(
        session,
        kind,
        ids,
        key=f"{kind.value}:{report.id}:v{report.version}",
        link=f"/tasks/{task.id}",
        locality_code=plan.locality_code,
        ref=task_label(task.ref),
        task=task.task,
        period=_period_label(report.period),
        unit=unit.name if unit is not None else f"đơn vị #{report.unit_id}",
        comment=report.review_comment,
    )


def notify_extension_decided(
    session: Session, actor: Actor, *, extension: ExtensionRequest, task: Task, plan: Plan
) -> int:
    """The requester and the officers of the task's lead units hear the leader's decision."""
    if extension.status is ExtensionStatus.PENDING:
        return 0
    kind = NoticeKind.EXTENSION_APPROVED if extension.status is ExtensionStatus.APPROVED else NoticeKind.EXTENSION_REFUSED
    leads = [u.unit_id for u in task.units if u.lead]
    people = load_people(session, locality_codes=[plan.locality_code], user_ids=[extension.requested_by])
    ids = event_recipients(
        kind,
        people,
        locality_code=plan.locality_code,
        unit_ids=leads,
        user_ids=[extension.requested_by],
        actor_id=actor.user_id,
    )
    return _send(
        session,
        kind,
        ids,
        key=f"extension:{extension.id}:{extension.status.value}",
        link=f"/tasks/{task.id}",
        locality_code=plan.locality_code,
        ref=task_label(task.ref),
        task=task.task,
        new_due=extension.new_due_on,
        old_due=extension.old_due_on,
        comment=extension.comment,
    )


def notify_plan_published(session: Session, actor: Actor, *, plan: Plan, tasks: Iterable[Task]) -> int:
    """The officers of every unit with a task in the plan, and the commune's leaders."""
    task_list = list(tasks)
    unit_ids = {u.unit_id for t in task_list for u in t.units}
    people = load_people(session, locality_codes=[plan.locality_code])
    ids = event_recipients(
        NoticeKind.PLAN_PUBLISHED, people, locality_code=plan.locality_code, unit_ids=unit_ids, actor_id=actor.user_id
    )
    name = " ".join(x for x in (plan.number, plan.title) if x) or f"#{plan.id}"
    return _send(
        session,
        NoticeKind.PLAN_PUBLISHED,
        ids,
        key=f"plan_published:{plan.id}",
        link=f"/plans/{plan.id}",
        locality_code=plan.locality_code,
        plan=name,
        locality=_locality_name(session, plan.locality_code),
        count=len(task_list),
    )


def notify_report_version(
    session: Session, actor: Actor, *, locality_code: int, period: Period, version: int
) -> int:
    """The commune's leaders hear that a new version of the period's report waits for approval."""
    people = load_people(session, locality_codes=[locality_code])
    ids = event_recipients(
        NoticeKind.REPORT_TO_APPROVE, people, locality_code=locality_code, actor_id=actor.user_id
    )
    return _send(
        session,
        NoticeKind.REPORT_TO_APPROVE,
        ids,
        key=f"report_version:{locality_code}:{period.code}:{version}",
        link=f"/reports?locality={locality_code}&period={period.code}",
        locality_code=locality_code,
        period=period.label_vi,
        version=version,
        locality=_locality_name(session, locality_code),
    )


def notify_job_finished(
    session: Session,
    *,
    job_id: int,
    what: str,
    succeeded: bool,
    user_id: int | None,
    link: str | None = None,
    locality_code: int | None = None,
    at: datetime | None = None,
) -> int:
    """The hook for the job system: the user who submitted job `job_id` hears that it finished.

    `what` is the job's name as users know it ("Tạo báo cáo quý II năm 2026"); the job's result and
    error text are not copied into the message (they may carry rows of imported files).
    """
    people = load_people(session, locality_codes=[], user_ids=[user_id])
    ids = event_recipients(NoticeKind.JOB_FINISHED, people, user_ids=[user_id])
    outcome = "succeeded" if succeeded else "failed"
    return _send(
        session,
        NoticeKind.JOB_FINISHED,
        ids,
        key=f"job_finished:{job_id}:{outcome}",
        link=link,
        locality_code=locality_code,
        at=at,
        what=what,
        job_id=job_id,
        succeeded=succeeded,
    )
