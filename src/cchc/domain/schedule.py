"""Due dates, computed task statuses and owed progress reports, over plain values.

Rules (see docs/services.md):
- the due date of a deadline/window/scheduled/unspecified task is `due_on`, else `end_on`;
- a relative task is due `offset_days` **calendar** days after its trigger; a conditional task is due
  on the date given with the trigger (or trigger + `offset_days` when the plan gives one);
- the last approved extension replaces the due date;
- a due date on a weekend or holiday moves forward to the next working day;
- `done` after the due date is `done_late`; not finished after the due date is `overdue`;
- paused and cancelled tasks keep their status whatever the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.periods import Period
from cchc.domain.plan import TimelineKind
from cchc.domain.statuses import TaskStatus

__all__ = [
    "DEADLINE_KINDS",
    "TaskSchedule",
    "Trigger",
    "base_due",
    "computed_due",
    "effective_due",
    "report_expected",
    "task_status",
]

DEADLINE_KINDS = frozenset(
    {TimelineKind.DEADLINE, TimelineKind.WINDOW, TimelineKind.SCHEDULED, TimelineKind.UNSPECIFIED}
)


@dataclass(frozen=True)
class Trigger:
    """The event a conditional or relative task waits for; `due_on` when it comes with a due date."""

    occurred_on: date
    due_on: date | None = None


@dataclass(frozen=True)
class TaskSchedule:
    """What the schedule rules need to know about a task.

    `computed_due` is the due date after triggers and extensions (see `computed_due()`), before it is
    moved off weekends and holidays; `trigger_on` is the date of the last trigger event.
    """

    timeline_kind: TimelineKind
    reported_status: TaskStatus = TaskStatus.NOT_STARTED
    start_on: date | None = None
    end_on: date | None = None
    due_on: date | None = None
    offset_days: int | None = None
    trigger_on: date | None = None
    computed_due: date | None = None
    done_on: date | None = None


def base_due(task: TaskSchedule, trigger: Trigger | None = None) -> date | None:
    """The due date from the timeline and the last trigger, before extensions."""
    kind = task.timeline_kind
    if kind in DEADLINE_KINDS:
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


def computed_due(
    task: TaskSchedule, trigger: Trigger | None, approved_extensions: Sequence[date] = ()
) -> date | None:
    """The due date after the last trigger and the approved extensions (their new dates, oldest first)."""
    if approved_extensions:
        return approved_extensions[-1]
    return base_due(task, trigger)


def effective_due(task: TaskSchedule, calendar: WorkingCalendar | None = None) -> date | None:
    """The computed due date moved forward off weekends and holidays."""
    if task.computed_due is None:
        return None
    return (calendar or default_calendar()).next_working_day(task.computed_due)


def task_status(task: TaskSchedule, today: date, calendar: WorkingCalendar | None = None) -> TaskStatus:
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


def report_expected(task: TaskSchedule, period: Period, plan_start: date | None) -> bool:
    """Whether the lead units owe a progress report on `task` for `period`."""
    if task.reported_status is TaskStatus.CANCELLED:
        return False
    kind = task.timeline_kind
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
