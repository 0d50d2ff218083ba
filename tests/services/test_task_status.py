"""Computed statuses on the working-day calendar, triggers, extensions, concurrency."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from cchc.domain.errors import Conflict, InvalidInput, PermissionDenied
from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.kernel.errors import StaleVersion
from cchc.services import extensions, plans, progress, tasks

from .conftest import record_city_trigger


def _task(session, world, ref, today=None):
    return tasks.get_task(session, world.actor("office"), task_id=world.tasks[ref], today=today).task


def _set_status(session, world, who, task, status, reason=None):
    """`who` sets the status of a task as it was read (its version)."""
    return tasks.set_task_status(
        session, world.actor(who), task_id=task.id, version=task.version, status=status, reason=reason
    )


def _request_extension(session, world, *, new_due_on, reason):
    """The lead unit's officer asks to move the due date of task 1."""
    return extensions.request_extension(
        session, world.actor("lead_officer"), task_id=world.tasks["1"], new_due_on=new_due_on, reason=reason
    )


class TestDueDates:
    def test_a_due_date_on_a_holiday_moves_to_the_next_working_day(self, session, world):
        # 30/4 and 1/5/2026 are public holidays, 2–3/5 a weekend: the task is due Monday 4/5.
        task = _task(session, world, "1", today=date(2026, 5, 4))
        assert task.computed_due == date(2026, 5, 4)
        assert task.status is TaskStatus.NOT_STARTED

    def test_a_task_is_overdue_the_day_after_its_moved_due_date(self, session, world):
        assert _task(session, world, "1", today=date(2026, 5, 5)).status is TaskStatus.OVERDUE

    def test_a_window_task_is_due_at_the_end_of_its_window(self, session, world):
        task = _task(session, world, "5", today=date(2026, 7, 1))
        assert task.computed_due == date(2026, 6, 30)
        assert task.status is TaskStatus.OVERDUE

    def test_continuous_tasks_are_never_overdue(self, session, world):
        assert _task(session, world, "2", today=date(2026, 12, 31)).status is TaskStatus.NOT_STARTED

    def test_done_after_the_due_date_is_done_late_and_on_it_is_done(self, session, world):
        officer = world.actor("lead_officer")
        progress.submit_progress(
            session,
            officer,
            task_id=world.tasks["1"],
            period="2026-Q2",
            status=TaskStatus.DONE,
            percent=100,
            results="Xong",
            done_on=date(2026, 5, 4),
        )
        assert _task(session, world, "1", today=date(2026, 6, 1)).status is TaskStatus.DONE
        report = progress.list_reports(session, officer, task_id=world.tasks["1"])[0]
        progress.submit_progress(
            session,
            officer,
            task_id=world.tasks["1"],
            period="2026-Q2",
            status=TaskStatus.DONE,
            percent=100,
            results="Xong",
            done_on=date(2026, 5, 5),
            version=report.version,
        )
        assert _task(session, world, "1", today=date(2026, 6, 1)).status is TaskStatus.DONE_LATE

    def test_overdue_and_done_late_cannot_be_typed_in(self, session, world):
        task = _task(session, world, "1")
        with pytest.raises(InvalidInput, match="tính từ hạn"):
            _set_status(session, world, "office", task, TaskStatus.OVERDUE)
        with pytest.raises(InvalidInput, match="quá hạn"):
            progress.submit_progress(
                session,
                world.actor("lead_officer"),
                task_id=task.id,
                period="2026-Q2",
                status=TaskStatus.DONE_LATE,
                percent=100,
                results="x",
            )

    def test_a_paused_task_needs_a_reason_and_is_not_overdue(self, session, world):
        task = _task(session, world, "1")
        with pytest.raises(InvalidInput, match="Lý do"):
            _set_status(session, world, "office", task, TaskStatus.PAUSED)
        _set_status(session, world, "office", task, TaskStatus.PAUSED, reason="Chờ kinh phí")
        assert _task(session, world, "1", today=date(2026, 9, 1)).status is TaskStatus.PAUSED


class TestTriggers:
    def test_a_relative_task_waits_for_its_trigger_then_is_due_offset_calendar_days_later(
        self, session, world
    ):
        before = _task(session, world, "3", today=date(2026, 12, 31))
        assert before.computed_due is None and before.status is TaskStatus.NOT_STARTED
        view = tasks.record_trigger(
            session,
            world.actor("office"),
            task_id=world.tasks["3"],
            occurred_on="12/5/2026",
            description="Thành phố ban hành kế hoạch",
        )
        # 12/5 + 30 calendar days = 11/6/2026 (a Thursday).
        assert view.trigger_on == date(2026, 5, 12)
        assert view.computed_due == date(2026, 6, 11)
        assert _task(session, world, "3", today=date(2026, 6, 12)).status is TaskStatus.OVERDUE

    def test_a_conditional_task_is_due_on_the_date_given_with_its_trigger(self, session, world):
        view = tasks.record_trigger(
            session,
            world.actor("office"),
            task_id=world.tasks["4"],
            occurred_on=date(2026, 3, 2),
            description="Có hướng dẫn",
            due_on=date(2026, 3, 31),
        )
        assert view.computed_due == date(2026, 3, 31)

    def test_a_report_is_expected_only_once_the_trigger_is_recorded(self, session, world):
        def due_for_vhxh():
            return {
                m.task.id: m.report_due
                for m in tasks.my_tasks(
                    session, world.actor("vhxh_officer"), period="2026-Q2", today=date(2026, 5, 20)
                )
            }

        assert due_for_vhxh()[world.tasks["3"]] is False
        record_city_trigger(session, world)
        assert due_for_vhxh()[world.tasks["3"]] is True

    def test_a_deadline_task_takes_no_trigger(self, session, world):
        with pytest.raises(InvalidInput, match="không chờ sự kiện"):
            tasks.record_trigger(
                session,
                world.actor("office"),
                task_id=world.tasks["1"],
                occurred_on=date(2026, 3, 2),
                description="x",
            )


class TestExtensions:
    def test_an_approved_extension_moves_the_due_date(self, session, world):
        ext = _request_extension(session, world, new_due_on=date(2026, 6, 15), reason="Chờ hướng dẫn của Sở")
        assert ext.old_due_on == date(2026, 4, 30)
        extensions.decide_extension(session, world.actor("leader"), extension_id=ext.id, approve=True)
        task = _task(session, world, "1", today=date(2026, 6, 1))
        assert task.computed_due == date(2026, 6, 15) and task.status is TaskStatus.NOT_STARTED

    def test_a_refusal_needs_a_comment_and_keeps_the_due_date(self, session, world):
        ext = _request_extension(session, world, new_due_on=date(2026, 6, 15), reason="Lý do")
        with pytest.raises(InvalidInput, match="Ý kiến"):
            extensions.decide_extension(session, world.actor("leader"), extension_id=ext.id, approve=False)
        extensions.decide_extension(
            session, world.actor("leader"), extension_id=ext.id, approve=False, comment="Không đủ căn cứ"
        )
        assert _task(session, world, "1").computed_due == date(2026, 5, 4)

    def test_a_third_extension_is_refused(self, session, world):
        for new_due in (date(2026, 6, 15), date(2026, 7, 15)):
            ext = _request_extension(session, world, new_due_on=new_due, reason="Chưa xong")
            extensions.decide_extension(session, world.actor("leader"), extension_id=ext.id, approve=True)
        with pytest.raises(InvalidInput, match="2 lần"):
            _request_extension(session, world, new_due_on=date(2026, 8, 15), reason="Lần ba")

    def test_the_new_due_date_must_be_later(self, session, world):
        with pytest.raises(InvalidInput, match="phải sau hạn hiện tại"):
            _request_extension(session, world, new_due_on="01/04/2026", reason="x")


class TestConcurrency:
    def test_the_second_of_two_officers_editing_the_same_task_gets_a_conflict_with_the_current_state(
        self, session, world
    ):
        first, second = world.actor("office"), world.actor("admin")
        read_by_both = _task(session, world, "1")
        plans.update_task(
            session,
            first,
            task_id=read_by_both.id,
            version=read_by_both.version,
            changes={"output": "Báo cáo rà soát TTHC"},
        )
        with pytest.raises(Conflict) as caught:
            plans.update_task(
                session,
                second,
                task_id=read_by_both.id,
                version=read_by_both.version,
                changes={"output": "Khác"},
            )
        assert isinstance(caught.value, StaleVersion)
        assert caught.value.current["output"] == "Báo cáo rà soát TTHC"
        assert caught.value.current["version"] == read_by_both.version + 1
        assert _task(session, world, "1").output == "Báo cáo rà soát TTHC"

    def test_two_officers_pausing_the_same_task_conflict(self, session, world):
        read = _task(session, world, "1")
        _set_status(session, world, "admin", read, TaskStatus.PAUSED, reason="Chờ kinh phí")
        with pytest.raises(StaleVersion) as caught:
            _set_status(session, world, "office", read, TaskStatus.CANCELLED, reason="Không cần nữa")
        assert caught.value.current["reported_status"] == "paused"

    def test_a_stale_report_review_conflicts(self, session, world):
        report = progress.submit_progress(
            session,
            world.actor("lead_officer"),
            task_id=world.tasks["1"],
            period="2026-Q1",
            status=TaskStatus.IN_PROGRESS,
            percent=10,
            results="Bắt đầu",
        )
        progress.submit_progress(
            session,
            world.actor("lead_officer"),
            task_id=world.tasks["1"],
            period="2026-Q1",
            status=TaskStatus.IN_PROGRESS,
            percent=20,
            results="Tiếp tục",
            version=report.version,
        )
        with pytest.raises(StaleVersion) as caught:
            progress.review_progress(
                session,
                world.actor("office"),
                report_id=report.id,
                version=report.version,
                decision=ReviewStatus.ACCEPTED,
            )
        assert caught.value.current["percent"] == 20


def test_two_sessions_racing_on_the_same_task_lose_nothing(committed_world):
    """A real race: two sessions read the same version, both try to save; the second is refused."""
    engine, world = committed_world
    with Session(engine) as a, Session(engine) as b:
        ta = plans.get_plan(a, world.actor("office"), plan_id=world.plan_id).tasks[0]
        tb = plans.get_plan(b, world.actor("admin"), plan_id=world.plan_id).tasks[0]
        plans.update_task(
            a, world.actor("office"), task_id=ta.id, version=ta.version, changes={"output": "A"}
        )
        a.commit()
        with pytest.raises(Conflict):
            plans.update_task(
                b, world.actor("admin"), task_id=tb.id, version=tb.version, changes={"output": "B"}
            )
        b.rollback()
    with Session(engine) as c:
        assert plans.get_plan(c, world.actor("office"), plan_id=world.plan_id).tasks[0].output == "A"


def test_unit_officers_cannot_cancel(session, world):
    read = _task(session, world, "1")
    with pytest.raises(PermissionDenied):
        _set_status(session, world, "lead_officer", read, TaskStatus.CANCELLED, reason="x")


@pytest.mark.parametrize("status", [TaskStatus.PAUSED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED])
def test_the_lead_unit_cannot_pause_or_resume_its_own_task(session, world, status):
    read = _task(session, world, "1")
    with pytest.raises(PermissionDenied, match="thường trực"):
        _set_status(session, world, "lead_officer", read, status, reason="Chờ kinh phí")


def test_my_tasks_flags_a_report_past_its_due_day(session, world):
    def mine(today):
        return {
            m.task.id: (m.report_due, m.report_overdue, m.report_due_on)
            for m in tasks.my_tasks(session, world.actor("lead_officer"), period="2026-Q1", today=today)
        }

    assert mine(date(2026, 3, 9))[world.tasks["1"]] == (True, False, date(2026, 3, 10))
    assert mine(date(2026, 3, 11))[world.tasks["1"]] == (True, True, date(2026, 3, 10))
    progress.submit_progress(
        session,
        world.actor("lead_officer"),
        task_id=world.tasks["1"],
        period="2026-Q1",
        status=TaskStatus.IN_PROGRESS,
        percent=10,
        results="Bắt đầu",
    )
    assert mine(date(2026, 3, 11))[world.tasks["1"]] == (False, False, date(2026, 3, 10))
