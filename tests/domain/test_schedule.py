"""Schedule rules over plain values: due dates on the working-day calendar, statuses, owed reports."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.plan import TimelineKind
from cchc.domain.schedule import (
    DEADLINE_KINDS,
    TaskSchedule,
    Trigger,
    base_due,
    computed_due,
    effective_due,
    report_expected,
    task_status,
)
from cchc.domain.statuses import TaskStatus

CAL = WorkingCalendar()
Q1_2026 = Period.containing(date(2026, 2, 1), PeriodKind.QUARTER)
Q2_2026 = Period.containing(date(2026, 5, 1), PeriodKind.QUARTER)


def deadline(due: date | None, **kw) -> TaskSchedule:
    return TaskSchedule(timeline_kind=TimelineKind.DEADLINE, due_on=due, computed_due=due, **kw)


# ---------------------------------------------------------------- examples


def test_deadline_task_is_due_on_its_due_date_else_its_end_date():
    task = TaskSchedule(TimelineKind.DEADLINE, due_on=date(2026, 3, 31), end_on=date(2026, 6, 30))
    assert base_due(task) == date(2026, 3, 31)
    assert base_due(TaskSchedule(TimelineKind.WINDOW, end_on=date(2026, 6, 30))) == date(2026, 6, 30)


def test_due_date_on_a_saturday_moves_to_monday():
    assert effective_due(deadline(date(2026, 3, 7)), CAL) == date(2026, 3, 9)


def test_due_date_on_a_working_day_stays():
    assert effective_due(deadline(date(2026, 3, 10)), CAL) == date(2026, 3, 10)


def test_due_date_before_tet_moves_past_tet_and_the_weekend():
    # Saturday 14/2/2026: Sunday, Tết 16–20/2 and the weekend 21–22/2 are skipped.
    assert effective_due(deadline(date(2026, 2, 14)), CAL) == date(2026, 2, 23)


def test_due_date_on_labour_day_moves_to_the_next_monday():
    # Friday 1/5/2026 is a holiday, then a weekend.
    assert effective_due(deadline(date(2026, 5, 1)), CAL) == date(2026, 5, 4)


def test_task_is_not_overdue_on_the_working_day_its_due_date_moved_to():
    task = deadline(date(2026, 2, 14), reported_status=TaskStatus.IN_PROGRESS)
    assert task_status(task, date(2026, 2, 23), CAL) is TaskStatus.IN_PROGRESS


def test_task_is_overdue_the_day_after_its_moved_due_date():
    task = deadline(date(2026, 2, 14), reported_status=TaskStatus.IN_PROGRESS)
    assert task_status(task, date(2026, 2, 24), CAL) is TaskStatus.OVERDUE


def test_task_done_on_its_moved_due_date_is_done_and_a_day_later_done_late():
    on_time = deadline(date(2026, 2, 14), reported_status=TaskStatus.DONE, done_on=date(2026, 2, 23))
    late = deadline(date(2026, 2, 14), reported_status=TaskStatus.DONE, done_on=date(2026, 2, 24))
    assert task_status(on_time, date(2026, 3, 1), CAL) is TaskStatus.DONE
    assert task_status(late, date(2026, 3, 1), CAL) is TaskStatus.DONE_LATE


def test_paused_and_cancelled_tasks_are_never_overdue():
    for status in (TaskStatus.PAUSED, TaskStatus.CANCELLED):
        assert (
            task_status(deadline(date(2026, 1, 5), reported_status=status), date(2026, 12, 1), CAL) is status
        )


def test_relative_task_is_due_calendar_days_after_its_trigger():
    task = TaskSchedule(TimelineKind.RELATIVE, offset_days=30)
    assert base_due(task) is None
    # 10/3/2026 + 30 calendar days (not working days).
    assert base_due(task, Trigger(date(2026, 3, 10))) == date(2026, 4, 9)


def test_conditional_task_is_due_on_the_date_given_with_its_trigger():
    task = TaskSchedule(TimelineKind.CONDITIONAL, offset_days=15)
    assert base_due(task, Trigger(date(2026, 3, 10), due_on=date(2026, 5, 20))) == date(2026, 5, 20)
    assert base_due(task, Trigger(date(2026, 3, 10))) == date(2026, 3, 25)
    assert base_due(TaskSchedule(TimelineKind.CONDITIONAL), Trigger(date(2026, 3, 10))) is None


def test_continuous_task_has_no_due_date():
    assert base_due(TaskSchedule(TimelineKind.CONTINUOUS, end_on=date(2026, 12, 31))) is None
    assert base_due(TaskSchedule(TimelineKind.RECURRING, due_on=date(2026, 12, 31))) is None


def test_the_last_approved_extension_replaces_the_due_date():
    task = TaskSchedule(TimelineKind.DEADLINE, due_on=date(2026, 3, 31))
    assert computed_due(task, None) == date(2026, 3, 31)
    assert computed_due(task, None, [date(2026, 4, 30), date(2026, 5, 15)]) == date(2026, 5, 15)


def test_report_is_owed_for_a_one_off_task_until_the_period_it_was_done_in():
    done_in_q1 = deadline(date(2026, 3, 31), reported_status=TaskStatus.DONE, done_on=date(2026, 3, 20))
    assert report_expected(done_in_q1, Q1_2026, date(2026, 1, 1))
    assert not report_expected(done_in_q1, Q2_2026, date(2026, 1, 1))


def test_no_report_is_owed_before_a_task_starts_or_its_trigger_comes():
    later = TaskSchedule(TimelineKind.DEADLINE, start_on=date(2026, 4, 1), due_on=date(2026, 6, 30))
    assert not report_expected(later, Q1_2026, date(2026, 1, 1))
    assert report_expected(later, Q2_2026, date(2026, 1, 1))
    waiting = TaskSchedule(TimelineKind.RELATIVE, offset_days=10)
    assert not report_expected(waiting, Q1_2026, None)
    triggered = TaskSchedule(TimelineKind.RELATIVE, offset_days=10, trigger_on=date(2026, 5, 2))
    assert not report_expected(triggered, Q1_2026, None)
    assert report_expected(triggered, Q2_2026, None)


def test_continuous_task_owes_reports_until_its_end_date():
    task = TaskSchedule(TimelineKind.CONTINUOUS, end_on=date(2026, 3, 31))
    assert report_expected(task, Q1_2026, None)
    assert not report_expected(task, Q2_2026, None)


def test_cancelled_task_owes_no_report():
    assert not report_expected(
        deadline(date(2026, 3, 31), reported_status=TaskStatus.CANCELLED), Q1_2026, None
    )


# ---------------------------------------------------------------- properties

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
open_statuses = st.sampled_from([TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS])
kinds = st.sampled_from(list(TimelineKind))


@given(due=days)
def test_effective_due_is_the_first_working_day_on_or_after_the_due_date(due):
    moved = effective_due(deadline(due), CAL)
    assert moved is not None and moved >= due
    assert CAL.is_working_day(moved)
    assert all(not CAL.is_working_day(due + timedelta(days=i)) for i in range((moved - due).days))


@given(due=st.one_of(st.none(), days), today=days, reported=open_statuses)
def test_unfinished_task_is_overdue_iff_today_is_after_its_effective_due(due, today, reported):
    task = deadline(due, reported_status=reported)
    moved = effective_due(task, CAL)
    status = task_status(task, today, CAL)
    assert (status is TaskStatus.OVERDUE) == (moved is not None and today > moved)
    assert status in (TaskStatus.OVERDUE, reported)


@given(due=st.one_of(st.none(), days), done=st.one_of(st.none(), days), today=days)
def test_done_task_is_done_late_iff_done_after_its_effective_due(due, done, today):
    task = deadline(due, reported_status=TaskStatus.DONE, done_on=done)
    moved = effective_due(task, CAL)
    late = moved is not None and done is not None and done > moved
    assert task_status(task, today, CAL) is (TaskStatus.DONE_LATE if late else TaskStatus.DONE)


@given(
    due=st.one_of(st.none(), days),
    today=days,
    status=st.sampled_from([TaskStatus.PAUSED, TaskStatus.CANCELLED]),
)
def test_paused_or_cancelled_task_keeps_its_status_whatever_the_date(due, today, status):
    assert task_status(deadline(due, reported_status=status), today, CAL) is status


@given(
    kind=kinds,
    due=st.one_of(st.none(), days),
    end=st.one_of(st.none(), days),
    offset=st.one_of(st.none(), st.integers(0, 3650)),
    occurred=days,
    extensions=st.lists(days, min_size=1, max_size=2),
)
def test_an_approved_extension_decides_the_due_date_whatever_the_timeline(
    kind, due, end, offset, occurred, extensions
):
    task = TaskSchedule(kind, due_on=due, end_on=end, offset_days=offset)
    assert computed_due(task, Trigger(occurred), extensions) == extensions[-1]
    assert computed_due(task, Trigger(occurred)) == base_due(task, Trigger(occurred))


@given(
    kind=st.sampled_from(sorted(DEADLINE_KINDS)),
    due=st.one_of(st.none(), days),
    end=st.one_of(st.none(), days),
)
def test_deadline_kinds_ignore_triggers(kind, due, end):
    occurred = date(2026, 3, 10)
    task = TaskSchedule(kind, due_on=due, end_on=end, offset_days=5)
    assert base_due(task, Trigger(occurred)) == base_due(task) == (due or end)


@given(occurred=days, offset=st.one_of(st.none(), st.integers(0, 3650)))
def test_relative_task_is_due_offset_calendar_days_after_the_trigger(occurred, offset):
    task = TaskSchedule(TimelineKind.RELATIVE, offset_days=offset)
    assert base_due(task, Trigger(occurred)) == occurred + timedelta(days=offset or 0)


@given(kind=kinds, start=st.one_of(st.none(), days), end=st.one_of(st.none(), days), day=days)
def test_cancelled_task_never_owes_a_report(kind, start, end, day):
    task = TaskSchedule(
        kind, reported_status=TaskStatus.CANCELLED, start_on=start, end_on=end, trigger_on=day
    )
    assert not report_expected(task, Period.containing(day, PeriodKind.QUARTER), start)


@given(kind=kinds, day=days, gap=st.integers(1, 400), plan_start=st.one_of(st.none(), days))
def test_no_report_is_owed_for_a_period_that_ends_before_the_task_starts(kind, day, gap, plan_start):
    period = Period.containing(day, PeriodKind.QUARTER)
    task = TaskSchedule(kind, start_on=period.end + timedelta(days=gap), trigger_on=day)
    assert not report_expected(task, period, plan_start)
