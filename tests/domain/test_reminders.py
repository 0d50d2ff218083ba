"""Reminder rules: who is told of which due date, and when; every event told once per person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.reminders import (
    DEFAULT_POLICY,
    NoticeKind,
    OpenTask,
    OwedReport,
    Person,
    ReminderPolicy,
    due_reminders,
    event_recipients,
    reminder_step,
)

COMMUNE, OTHER = 11533, 11534
OFFICER_A = Person(1, "unit_officer", COMMUNE, unit_id=10)
OFFICER_B = Person(2, "unit_officer", COMMUNE, unit_id=20)
OFFICE = Person(3, "standing_office", COMMUNE)
LEADER = Person(4, "leader", COMMUNE)
FOREIGN_OFFICER = Person(5, "unit_officer", OTHER, unit_id=10)
REVIEWER = Person(6, "city_reviewer", None)
PEOPLE = [OFFICER_A, OFFICER_B, OFFICE, LEADER, FOREIGN_OFFICER, REVIEWER]

# Monday 4 May 2026 is a working day; 27 April (Hùng Kings, observed), 30 April and 1 May are holidays.
DUE = date(2026, 5, 4)
CAL = WorkingCalendar()


def task(due: date = DUE, units: tuple[int, ...] = (10,), task_id: int = 100) -> OpenTask:
    return OpenTask(task_id=task_id, locality_code=COMMUNE, lead_unit_ids=frozenset(units), due=due)


def test_the_step_is_the_smallest_lead_time_already_reached():
    assert reminder_step(9, (7, 2)) is None
    assert reminder_step(7, (7, 2)) == 7
    assert reminder_step(3, (7, 2)) == 7
    assert reminder_step(2, (7, 2)) == 2
    assert reminder_step(0, (7, 2)) == 2
    assert reminder_step(-1, (7, 2)) is None
    assert reminder_step(1, ()) is None


def test_a_lead_unit_officer_is_reminded_seven_working_days_before_but_not_eight():
    # 4 May minus 7 working days, skipping the holidays and the weekends: Monday 20 April.
    on_time = due_reminders(date(2026, 4, 20), [task()], PEOPLE, calendar=CAL)
    assert [(r.recipient_id, r.kind, r.step, r.days_left) for r in on_time] == [
        (1, NoticeKind.TASK_DUE_SOON, 7, 7)
    ]
    assert due_reminders(date(2026, 4, 17), [task()], PEOPLE, calendar=CAL) == []


def test_two_working_days_before_the_officer_and_the_standing_office_are_both_reminded():
    found = due_reminders(date(2026, 4, 28), [task()], PEOPLE, calendar=CAL)
    assert {(r.recipient_id, r.step) for r in found} == {(1, 2), (3, 2)}
    keys = {r.event_key for r in found}
    assert keys == {"task_due:100:2026-05-04:2"}


def test_units_that_do_not_lead_the_task_and_other_communes_hear_nothing():
    found = due_reminders(date(2026, 4, 28), [task(units=(20,))], PEOPLE, calendar=CAL)
    assert {r.recipient_id for r in found} == {2, 3}


def test_an_overdue_task_is_told_to_its_lead_unit_and_the_standing_office_once_per_due_date():
    found = due_reminders(date(2026, 5, 5), [task()], PEOPLE, calendar=CAL)
    assert {(r.recipient_id, r.kind) for r in found} == {(1, NoticeKind.TASK_OVERDUE), (3, NoticeKind.TASK_OVERDUE)}
    later = due_reminders(date(2026, 6, 5), [task()], PEOPLE, calendar=CAL)
    assert {r.event_key for r in later} == {r.event_key for r in found} == {"task_overdue:100:2026-05-04"}
    moved = due_reminders(date(2026, 6, 5), [task(due=date(2026, 6, 1))], PEOPLE, calendar=CAL)
    assert {r.event_key for r in moved} == {"task_overdue:100:2026-06-01"}


def test_the_leaders_lead_times_come_from_the_policy():
    policy = ReminderPolicy.parse("unit_officer=7,2; standing_office=; leader=3")
    found = due_reminders(date(2026, 4, 28), [task()], PEOPLE, policy=policy, calendar=CAL)
    assert {(r.recipient_id, r.step) for r in found} == {(1, 2), (4, 3)}


@pytest.mark.parametrize("text", ["mayor=3", "unit_officer=-1", "unit_officer=x"])
def test_a_policy_with_an_unknown_role_or_a_bad_day_is_refused(text):
    with pytest.raises(ValueError):
        ReminderPolicy.parse(text)


def test_a_unit_that_owes_reports_is_reminded_before_the_due_day():
    owed = [OwedReport(COMMUNE, 10, "2026-Q2", date(2026, 6, 10), task_count=3),
            OwedReport(COMMUNE, 20, "2026-Q2", date(2026, 6, 10), task_count=0)]
    found = due_reminders(date(2026, 6, 8), [], PEOPLE, owed, calendar=CAL)
    assert [(r.recipient_id, r.kind, r.task_count, r.step) for r in found] == [
        (1, NoticeKind.REPORT_DUE, 3, 2)
    ]
    assert found[0].event_key == "report_due:2026-Q2:10:2026-06-10:2"


def test_a_due_date_far_away_makes_no_reminder():
    assert due_reminders(date(2026, 1, 2), [task(due=date(2026, 12, 31))], PEOPLE, calendar=CAL) == []


# --------------------------------------------------------------------- properties


days = st.integers(min_value=0, max_value=40)
lead = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=3, unique=True)


@settings(max_examples=60, deadline=None)
@given(start=st.integers(min_value=0, max_value=300), span=days, lead_times=lead,
       skipped=st.sets(st.integers(min_value=0, max_value=60), max_size=20))
def test_runs_on_any_days_tell_each_step_at_most_once_and_the_overdue_once(start, span, lead_times, skipped):
    due = date(2026, 1, 5) + timedelta(days=start)
    policy = ReminderPolicy(lead_days={"unit_officer": tuple(lead_times)})
    first = due - timedelta(days=span + 20)
    made: list[tuple[int, str]] = []
    ran_after_due = False
    for i in range(span + 30):
        today = first + timedelta(days=i)
        if i in skipped:
            continue
        ran_after_due |= today > due
        made.extend((r.recipient_id, r.event_key) for r in due_reminders(today, [task(due=due)], PEOPLE,
                                                                           policy=policy, calendar=CAL))
    distinct = set(made)
    due_soon = {k for _, k in distinct if k.startswith("task_due:")}
    overdue = {k for _, k in distinct if k.startswith("task_overdue:")}
    assert len(due_soon) <= len(lead_times)
    assert all(int(k.rsplit(":", 1)[1]) in lead_times for k in due_soon)
    assert len(overdue) == (1 if ran_after_due else 0)
    assert {uid for uid, _ in distinct} <= {OFFICER_A.user_id, OFFICE.user_id}


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(min_value=-30, max_value=30), lead_times=lead)
def test_a_reminder_is_made_exactly_when_the_working_days_left_reach_a_lead_time(offset, lead_times):
    today = date(2026, 3, 2)
    due = today + timedelta(days=offset)
    policy = ReminderPolicy(lead_days={"unit_officer": tuple(lead_times)})
    found = due_reminders(today, [task(due=due)], [OFFICER_A], policy=policy, calendar=CAL)
    left = CAL.working_days_between(today, due) if due > today else (due - today).days
    if due < today:
        assert [r.kind for r in found] == [NoticeKind.TASK_OVERDUE]
    elif left <= max(lead_times):
        assert [r.step for r in found] == [min(d for d in lead_times if d >= left)]
    else:
        assert found == []


def test_the_default_policy_reminds_unit_officers_at_seven_and_two_days():
    assert DEFAULT_POLICY.days_for("unit_officer") == (7, 2)
    assert DEFAULT_POLICY.days_for("standing_office") == (2,)
    assert DEFAULT_POLICY.days_for("leader") == ()


# --------------------------------------------------------------------- events


def test_a_returned_report_is_told_to_its_units_officers_and_its_submitter_not_the_reviewer():
    got = event_recipients(NoticeKind.PROGRESS_RETURNED, PEOPLE, locality_code=COMMUNE, unit_ids=[10],
                           user_ids=[OFFICE.user_id], actor_id=LEADER.user_id)
    assert got == [1, 3]
    assert event_recipients(NoticeKind.PROGRESS_ACCEPTED, PEOPLE, locality_code=COMMUNE, unit_ids=[10],
                            user_ids=[1], actor_id=3) == [1]


def test_a_report_version_to_approve_goes_to_the_communes_leaders():
    assert event_recipients(NoticeKind.REPORT_TO_APPROVE, PEOPLE, locality_code=COMMUNE, actor_id=3) == [4]


def test_a_published_plan_goes_to_its_units_and_leaders_of_that_commune_only():
    got = event_recipients(NoticeKind.PLAN_PUBLISHED, PEOPLE, locality_code=COMMUNE, unit_ids=[10, 20],
                           actor_id=3)
    assert got == [1, 2, 4]


def test_a_finished_job_goes_to_its_submitter_only_while_active():
    assert event_recipients(NoticeKind.JOB_FINISHED, PEOPLE, user_ids=[3]) == [3]
    assert event_recipients(NoticeKind.JOB_FINISHED, PEOPLE, user_ids=[99]) == []
