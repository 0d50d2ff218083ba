"""Time-driven reminders: load what the rules of `cchc.domain.reminders` read, in a few set-based queries.

Every commune at once: the open tasks of published plans with a due date near or past, their lead
units, the active users of those communes and, in the days before the period's report due date,
which lead units still owe reports. No query per commune.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain import schedule as rules
from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.periods import Period
from cchc.domain.plan import TimelineKind
from cchc.domain.reminders import NoticeKind, OpenTask, OwedReport, Reminder, due_reminders
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.kernel.schedule import REPORT_PERIOD_KIND
from cchc.notify.config import NotifySettings
from cchc.notify.core import NewNotification, load_people, task_label
from cchc.notify.messages import render_notification
from cchc.store.models import Plan, ProgressReport, Task, TaskUnit, Unit

__all__ = ["collect_reminders"]

_FINISHED = (TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.PAUSED)


def _horizon(settings: NotifySettings) -> int:
    """Calendar days ahead within which a due date can be a reminder's (working days, holidays, Tết)."""
    most = max((d for days in settings.policy.lead_days.values() for d in days), default=0)
    return 3 * most + 21


def _lead_units(session: Session, task_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for i in range(0, len(task_ids), 500):
        rows = session.execute(
            select(TaskUnit.task_id, TaskUnit.unit_id).where(
                TaskUnit.task_id.in_(task_ids[i : i + 500]), TaskUnit.lead.is_(True)
            )
        )
        for task_id, unit_id in rows:
            out[task_id].add(unit_id)
    return out


def _open_tasks(
    session: Session, today: date, settings: NotifySettings, calendar: WorkingCalendar
) -> tuple[list[OpenTask], dict[int, tuple[str | None, str, str]]]:
    """Unfinished tasks of published plans due within the horizon or already overdue; and their texts."""
    bound = today + timedelta(days=_horizon(settings))
    rows = session.execute(
        select(Task.id, Task.ref, Task.task, Task.computed_due, Plan.locality_code, Plan.number, Plan.title)
        .join(Plan, Plan.id == Task.plan_id)
        .where(
            Plan.status == PlanStatus.PUBLISHED,
            Task.computed_due.is_not(None),
            Task.computed_due <= bound,
            Task.reported_status.not_in(_FINISHED),
        )
        .order_by(Task.id)
    ).all()
    leads = _lead_units(session, [r.id for r in rows])
    tasks, texts = [], {}
    for r in rows:
        due = calendar.next_working_day(r.computed_due)
        tasks.append(OpenTask(r.id, r.locality_code, frozenset(leads.get(r.id, ())), due))
        texts[r.id] = (r.ref, r.task, " ".join(x for x in (r.number, r.title) if x) or "")
    return tasks, texts


def _owed_reports(session: Session, today: date, settings: NotifySettings) -> list[OwedReport]:
    """Lead units that owe this period's progress reports, when its due date is near (else nothing)."""
    per = Period.containing(today, REPORT_PERIOD_KIND)
    due = per.report_due(settings.report_due_day)
    most = max(settings.policy.days_for("unit_officer"), default=None)
    if most is None or not today <= due <= today + timedelta(days=3 * most + 21):
        return []
    rows = session.execute(
        select(
            Task.id,
            Task.timeline_kind,
            Task.reported_status,
            Task.start_on,
            Task.end_on,
            Task.due_on,
            Task.offset_days,
            Task.trigger_on,
            Task.computed_due,
            Task.done_on,
            Plan.locality_code,
            Plan.period_start,
        )
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.status == PlanStatus.PUBLISHED, Task.reported_status != TaskStatus.CANCELLED)
    ).all()
    expected = {}
    for r in rows:
        schedule = rules.TaskSchedule(
            timeline_kind=TimelineKind(r.timeline_kind),
            reported_status=r.reported_status,
            start_on=r.start_on,
            end_on=r.end_on,
            due_on=r.due_on,
            offset_days=r.offset_days,
            trigger_on=r.trigger_on,
            computed_due=r.computed_due,
            done_on=r.done_on,
        )
        if rules.report_expected(schedule, per, r.period_start):
            expected[r.id] = r.locality_code
    if not expected:
        return []
    reported = {
        (task_id, unit_id)
        for task_id, unit_id in session.execute(
            select(ProgressReport.task_id, ProgressReport.unit_id).where(ProgressReport.period == per.code)
        )
    }
    owed: Counter[tuple[int, int]] = Counter()
    for task_id, units in _lead_units(session, sorted(expected)).items():
        for unit_id in units:
            if (task_id, unit_id) not in reported:
                owed[(expected[task_id], unit_id)] += 1
    return [OwedReport(code, unit, per.code, due, n) for (code, unit), n in sorted(owed.items())]


def _message(
    r: Reminder, texts: dict[int, tuple[str | None, str, str]], leads: dict[int, str], units: dict[int, str]
) -> NewNotification:
    if r.kind is NoticeKind.REPORT_DUE:
        assert r.period is not None and r.unit_id is not None
        title, body = render_notification(
            r.kind.value,
            period=Period.parse(r.period).label_vi,
            unit=units.get(r.unit_id, f"#{r.unit_id}"),
            count=r.task_count,
            due=r.due,
            days_left=r.days_left,
        )
        return NewNotification(r.recipient_id, r.kind.value, r.event_key, title, body, "/tasks/mine")
    assert r.task_id is not None
    ref, text, plan = texts[r.task_id]
    context = {"ref": task_label(ref), "task": text, "plan": plan, "due": r.due, "leads": leads.get(r.task_id, "—")}
    if r.kind is NoticeKind.TASK_OVERDUE:
        context["days_late"] = -r.days_left
    else:
        context["days_left"] = r.days_left
    title, body = render_notification(r.kind.value, **context)
    return NewNotification(r.recipient_id, r.kind.value, r.event_key, title, body, f"/tasks/{r.task_id}")


def collect_reminders(
    session: Session, today: date, settings: NotifySettings, calendar: WorkingCalendar | None = None
) -> list[NewNotification]:
    """Every reminder due on `today` (Vietnam's date) for every commune, as notifications to store."""
    cal = calendar or default_calendar()
    tasks, texts = _open_tasks(session, today, settings, cal)
    owed = _owed_reports(session, today, settings)
    codes = {t.locality_code for t in tasks} | {o.locality_code for o in owed}
    if not codes:
        return []
    people = load_people(session, locality_codes=codes)
    found = due_reminders(today, tasks, people, owed, settings.policy, cal)
    if not found:
        return []
    unit_ids = {u for t in tasks for u in t.lead_unit_ids} | {o.unit_id for o in owed}
    names = {uid: name for uid, name in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(sorted(unit_ids))))}
    by_task = {t.task_id: t for t in tasks}
    leads = {
        tid: ", ".join(sorted(names.get(u, f"#{u}") for u in t.lead_unit_ids)) or "—" for tid, t in by_task.items()
    }
    places = {("task", t.task_id): t.locality_code for t in tasks}
    places.update({("unit", o.unit_id): o.locality_code for o in owed})
    out = []
    for r in found:
        item = _message(r, texts, leads, names)
        code = places.get(("task", r.task_id) if r.task_id is not None else ("unit", r.unit_id))
        out.append(
            NewNotification(item.recipient_id, item.kind, item.event_key, item.title, item.body, item.link, code)
        )
    return out
