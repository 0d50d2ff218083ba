"""Due dates and computed task statuses of stored tasks: the rules of `cchc.domain.schedule` over ORM rows.

The rules themselves (due dates on the working-day calendar, `overdue`/`done_late`, owed reports) live in
`cchc.domain.schedule`; this module turns a stored `Task` (with its triggers and extension requests) into
the plain `TaskSchedule` they read, and writes `trigger_on`/`computed_due` back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cchc.domain import schedule as rules
from cchc.domain.calendar import WorkingCalendar
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


def schedule_of(task: Task) -> rules.TaskSchedule:
    """What the schedule rules need to know about a stored task."""
    return rules.TaskSchedule(
        timeline_kind=TimelineKind(task.timeline_kind),
        reported_status=task.reported_status,
        start_on=task.start_on,
        end_on=task.end_on,
        due_on=task.due_on,
        offset_days=task.offset_days,
        trigger_on=task.trigger_on,
        computed_due=task.computed_due,
        done_on=task.done_on,
    )


def _trigger(event: TriggerEvent | None) -> rules.Trigger | None:
    return rules.Trigger(event.occurred_on, event.due_on) if event is not None else None


def base_due(task: Task, trigger: TriggerEvent | None = None) -> date | None:
    """The due date from the timeline and the last trigger, before extensions."""
    return rules.base_due(schedule_of(task), _trigger(trigger))


def recompute_due(
    task: Task, triggers: Sequence[TriggerEvent], extensions: Sequence[ExtensionRequest]
) -> date | None:
    """Set `task.trigger_on` and `task.computed_due` from the timeline, triggers and approved extensions."""
    trigger = triggers[-1] if triggers else None
    task.trigger_on = trigger.occurred_on if trigger else None
    approved = [e.new_due_on for e in extensions if e.status is ExtensionStatus.APPROVED]
    due = rules.computed_due(schedule_of(task), _trigger(trigger), approved)
    task.computed_due = due
    return due


def effective_due(task: Task, calendar: WorkingCalendar | None = None) -> date | None:
    """The due date moved forward off weekends and holidays."""
    return rules.effective_due(schedule_of(task), calendar)


def compute_status(task: Task, today: date, calendar: WorkingCalendar | None = None) -> TaskStatus:
    """The status shown to users: the reported status, or `overdue`/`done_late` from the due date."""
    return rules.task_status(schedule_of(task), today, calendar)


def report_expected(task: Task, period: Period, plan_start: date | None) -> bool:
    """Whether the lead units owe a progress report on `task` for `period`."""
    return rules.report_expected(schedule_of(task), period, plan_start)
