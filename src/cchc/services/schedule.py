"""Due dates and computed task statuses on the Vietnamese working-day calendar.

Rules (see docs/services.md):
- the due date of a deadline/window/scheduled/unspecified task is `due_on`, else `end_on`;
- a relative task is due `offset_days` **calendar** days after its trigger; a conditional task is due
  on the date given with the trigger (or trigger + `offset_days` when the plan gives one);
- the last approved extension replaces the due date;
- a due date on a weekend or holiday moves forward to the next working day;
- `done` after the due date is `done_late`; not finished after the due date is `overdue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.plan import TimelineKind
from cchc.domain.statuses import TaskStatus
from cchc.store.models import ExtensionRequest, ExtensionStatus, Task, TriggerEvent

__all__ = [
    "REPORT_PERIOD_KIND",
    "base_due",
    "compute_status",
    "effective_due",
    "recompute_due",
    "report_expected",
]

REPORT_PERIOD_KIND = PeriodKind.QUARTER

_DEADLINE_KINDS = {
    TimelineKind.DEADLINE,
    TimelineKind.WINDOW,
    TimelineKind.SCHEDULED,
    TimelineKind.UNSPECIFIED,
}


def base_due(task: Task, trigger: TriggerEvent | None = None) -> date | None:
    """The due date from the timeline and the last trigger, before extensions."""
    kind = TimelineKind(task.timeline_kind)
    if kind in _DEADLINE_KINDS:
        return task.due_on or task.end_on
    if kind is TimelineKind.RELATIVE:
        if trigger is None:
            return None
        return trigger.occurred_on + timedelta(days=task.offset_days or 0)
    if kind is TimelineKind.CONDITIONAL:
        if trigger is None:
            return None
        if trigger.due_on is not None:
            return trigger.due_on
        if task.offset_days is not None:
            return trigger.occurred_on + timedelta(days=task.offset_days)
        return None
    return None  # continuous / recurring: reported every period, never overdue as a whole


def recompute_due(
    task: Task, triggers: Sequence[TriggerEvent], extensions: Sequence[ExtensionRequest]
) -> date | None:
    """Set `task.trigger_on` and `task.computed_due` from the timeline, triggers and approved extensions."""
    trigger = triggers[-1] if triggers else None
    task.trigger_on = trigger.occurred_on if trigger else None
    due = base_due(task, trigger)
    approved = [e for e in extensions if e.status is ExtensionStatus.APPROVED]
    if approved:
        due = approved[-1].new_due_on
    task.computed_due = due
    return due


def effective_due(task: Task, calendar: WorkingCalendar | None = None) -> date | None:
    """The due date moved forward off weekends and holidays."""
    if task.computed_due is None:
        return None
    return (calendar or default_calendar()).next_working_day(task.computed_due)


def compute_status(task: Task, today: date, calendar: WorkingCalendar | None = None) -> TaskStatus:
    """The status shown to users: the reported status, or `overdue`/`done_late` from the due date."""
    reported = task.reported_status
    if reported in (TaskStatus.CANCELLED, TaskStatus.PAUSED):
        return reported
    due = effective_due(task, calendar)
    if reported is TaskStatus.DONE:
        if due is not None and task.done_on is not None and task.done_on > due:
            return TaskStatus.DONE_LATE
        return TaskStatus.DONE
    if due is not None and today > due:
        return TaskStatus.OVERDUE
    return reported


def report_expected(task: Task, period: Period, plan_start: date | None) -> bool:
    """Whether the lead units owe a progress report on `task` for `period`."""
    if task.reported_status is TaskStatus.CANCELLED:
        return False
    kind = TimelineKind(task.timeline_kind)
    if kind in (TimelineKind.CONDITIONAL, TimelineKind.RELATIVE):
        if task.trigger_on is None or task.trigger_on > period.end:
            return False
    start = task.start_on or plan_start
    if start is not None and start > period.end:
        return False
    if kind in (TimelineKind.CONTINUOUS, TimelineKind.RECURRING):
        return task.end_on is None or task.end_on >= period.start
    # One-off tasks: reports until the period in which they were done.
    if task.reported_status is TaskStatus.DONE and task.done_on is not None and task.done_on < period.start:
        return False
    return True
