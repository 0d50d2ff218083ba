"""Progress reports and their review, indicators against targets, the dashboard."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from cchc.domain.errors import InvalidInput
from cchc.domain.statuses import Achievement, ReviewStatus, TaskStatus
from cchc.services import dashboard, indicators, progress, tasks
from cchc.services.indicators import achievement


def _report(session, world, **kw):
    args = dict(
        task_id=world.tasks["1"],
        period="2026-Q1",
        status=TaskStatus.IN_PROGRESS,
        percent=40,
        results="Đã rà soát 12/30 thủ tục",
    )
    args.update(kw)
    return progress.submit_progress(session, world.actor("lead_officer"), **args)


class TestProgress:
    def test_a_report_keeps_its_evidence_file_with_sha256(self, session, world):
        content = b"%PDF-1.4 bien ban"
        r = _report(
            session,
            world,
            evidence_number="15/BC-KT",
            evidence_date="20/03/2026",
            evidence_file=("Biên bản.pdf", content),
            data_dir=world.files,
        )
        assert r.evidence_sha256 == hashlib.sha256(content).hexdigest()
        session.commit()  # the file is in place once the report commits
        path = progress.evidence_path(session, world.actor("office"), report_id=r.id)
        assert Path(path).read_bytes() == content
        assert (r.evidence_number, r.evidence_date) == ("15/BC-KT", date(2026, 3, 20))

    def test_a_returned_report_is_resubmitted_and_then_accepted(self, session, world):
        r = _report(session, world)
        r = progress.review_progress(
            session,
            world.actor("office"),
            report_id=r.id,
            version=r.version,
            decision=ReviewStatus.RETURNED,
            comment="Thiếu số liệu",
        )
        assert (r.review_status, r.review_comment) == (ReviewStatus.RETURNED, "Thiếu số liệu")
        r = _report(session, world, percent=50, results="Đã rà soát 15/30 thủ tục", version=r.version)
        assert r.review_status is ReviewStatus.SUBMITTED and r.review_comment is None
        r = progress.review_progress(
            session, world.actor("leader"), report_id=r.id, version=r.version, decision=ReviewStatus.ACCEPTED
        )
        assert r.review_status is ReviewStatus.ACCEPTED
        with pytest.raises(InvalidInput, match="đã được chấp nhận"):
            _report(session, world, version=r.version)

    def test_returning_needs_a_comment(self, session, world):
        r = _report(session, world)
        with pytest.raises(InvalidInput, match="Ý kiến"):
            progress.review_progress(
                session, world.actor("office"), report_id=r.id, version=r.version, decision="returned"
            )

    def test_the_task_follows_its_reports(self, session, world):
        _report(session, world, status=TaskStatus.DONE, done_on="28/04/2026", period="2026-Q2")
        task = tasks.get_task(
            session, world.actor("office"), task_id=world.tasks["1"], today=date(2026, 6, 1)
        ).task
        assert (task.reported_status, task.percent, task.status) == (TaskStatus.DONE, 100, TaskStatus.DONE)

    def test_done_needs_its_date_and_percent_is_bounded(self, session, world):
        with pytest.raises(InvalidInput, match="Ngày hoàn thành"):
            _report(session, world, status=TaskStatus.DONE)
        with pytest.raises(InvalidInput, match="0–100"):
            _report(session, world, percent=140)
        with pytest.raises(InvalidInput, match="Kỳ báo cáo không hợp lệ"):
            _report(session, world, period="quý 5")

    def test_reports_need_a_published_plan(self, session, world):
        draft_task = tasks.list_tasks(session, world.actor("office"), plan_id=world.draft_id)[0]
        with pytest.raises(InvalidInput, match="đã ban hành"):
            _report(session, world, task_id=draft_task.id)

    def test_the_review_queue_lists_submitted_reports_of_the_commune(self, session, world):
        r = _report(session, world)
        queue = progress.list_reports(session, world.actor("office"), review_status=ReviewStatus.SUBMITTED)
        assert [x.id for x in queue] == [r.id]
        assert progress.list_reports(session, world.actor("other_office")) == []


class TestAchievement:
    ANNUAL = dict(start=date(2026, 1, 1), end=date(2026, 12, 31))

    def test_no_value_is_no_data(self):
        assert (
            achievement(
                actual=None, target=80, comparator=">=", unit="%", today=date(2026, 5, 1), **self.ANNUAL
            )[0]
            is Achievement.NO_DATA
        )

    @pytest.mark.parametrize(
        "actual,expected", [(82, Achievement.MET), (76, Achievement.ON_TRACK), (74.9, Achievement.AT_RISK)]
    )
    def test_a_rate_mid_year_is_on_track_within_five_points(self, actual, expected):
        assert (
            achievement(
                actual=actual, target=80, comparator=">=", unit="%", today=date(2026, 5, 1), **self.ANNUAL
            )[0]
            is expected
        )

    def test_a_rate_below_target_after_the_year_is_missed(self):
        assert (
            achievement(
                actual=79, target=80, comparator=">=", unit="%", today=date(2027, 1, 1), **self.ANNUAL
            )[0]
            is Achievement.MISSED
        )

    def test_a_count_is_on_track_when_it_keeps_pace_with_the_elapsed_year(self):
        # 4 inspections a year; on 1 July 182 of 365 days have passed: 1.99 are expected.
        ach, expected = achievement(
            actual=2, target=4, comparator=">=", unit="cuộc", today=date(2026, 7, 1), **self.ANNUAL
        )
        assert ach is Achievement.ON_TRACK and expected == pytest.approx(1.99, abs=0.01)
        assert (
            achievement(
                actual=1, target=4, comparator=">=", unit="cuộc", today=date(2026, 7, 1), **self.ANNUAL
            )[0]
            is Achievement.AT_RISK
        )

    def test_a_ceiling_exceeded_mid_year_is_at_risk(self):
        assert (
            achievement(actual=3, target=2, comparator="<=", unit="%", today=date(2026, 5, 1), **self.ANNUAL)[
                0
            ]
            is Achievement.AT_RISK
        )


class TestIndicators:
    def test_a_rate_keeps_numerator_and_denominator(self, session, world):
        m = indicators.record_measurement(
            session,
            world.actor("centre_officer"),
            indicator_id=world.indicators["1"],
            period="2026-Q1",
            numerator="781",
            denominator="1000",
        )
        assert (m.numerator, m.denominator, m.value) == (781, 1000, 78.1)

    def test_a_second_value_for_the_same_period_replaces_the_first(self, session, world):
        for num in (700, 850):
            indicators.record_measurement(
                session,
                world.actor("office"),
                indicator_id=world.indicators["1"],
                period="2026-Q1",
                numerator=num,
                denominator=1000,
            )
        assert [
            m.value
            for m in indicators.list_measurements(
                session, world.actor("office"), indicator_id=world.indicators["1"]
            )
        ] == [85.0]

    def test_numerator_larger_than_denominator_is_refused(self, session, world):
        with pytest.raises(InvalidInput, match="Tử số"):
            indicators.record_measurement(
                session,
                world.actor("office"),
                indicator_id=world.indicators["1"],
                period="2026-Q1",
                numerator=11,
                denominator=10,
            )

    def test_progress_of_indicators_for_a_period(self, session, world):
        indicators.record_measurement(
            session,
            world.actor("office"),
            indicator_id=world.indicators["1"],
            period="2026-Q1",
            numerator=78,
            denominator=100,
        )
        rows = indicators.indicator_progress(
            session, world.actor("leader"), plan_id=world.plan_id, period="2026-Q1", today=date(2026, 4, 5)
        )
        assert [(r.indicator.ref, r.achievement) for r in rows] == [
            ("1", Achievement.ON_TRACK),
            ("2", Achievement.NO_DATA),
        ]


class TestDashboard:
    def test_completeness_names_the_units_that_have_not_reported(self, session, world):
        _report(session, world, period="2026-Q2")
        board = dashboard.dashboard(
            session,
            world.actor("leader"),
            locality_code=world.locality,
            period="2026-Q2",
            today=date(2026, 5, 20),
        )
        missing = {(m.unit_name, m.task_id) for m in board.missing_reports}
        # Q2 reports are owed on tasks 1, 2 and 5 (3 and 4 wait for their triggers); task 1 is in.
        assert missing == {
            ("Trung tâm Phục vụ hành chính công", world.tasks["2"]),
            ("Phòng Kinh tế, Hạ tầng và Đô thị", world.tasks["5"]),
        }
        assert board.completeness == pytest.approx(1 / 3, abs=0.001)
        kt = next(u for u in board.by_unit if u.name.startswith("Phòng Kinh tế"))
        assert (kt.reports_due, kt.reports_submitted) == (2, 1)

    def test_overdue_and_upcoming_tasks(self, session, world):
        board = dashboard.dashboard(
            session,
            world.actor("office"),
            locality_code=world.locality,
            period="2026-Q2",
            today=date(2026, 6, 5),
        )
        assert [t.id for t in board.overdue] == [world.tasks["1"]]
        assert [t.id for t in board.upcoming] == [world.tasks["5"]]
        procedures = next(a for a in board.by_area if a.area.value == "procedures")
        assert (procedures.total, procedures.overdue) == (1, 1)

    def test_a_commune_without_a_published_plan_has_an_empty_dashboard(self, session, world):
        board = dashboard.dashboard(session, world.actor("other_office"), locality_code=world.other_locality)
        assert board.plan_id is None and board.by_area == []


class TestProvinceOverview:
    def test_the_city_reviewer_ranks_the_communes_of_the_province(self, session, world):
        _report(session, world, period="2026-Q2")
        rows = dashboard.province_overview(
            session, world.actor("reviewer"), period="2026-Q2", today=date(2026, 5, 20)
        )
        assert len(rows) == 114
        first = rows[0]
        assert (first.locality_code, first.plan_id, first.tasks, first.overdue) == (
            world.locality,
            world.plan_id,
            5,
            1,
        )
        assert first.completeness == pytest.approx(1 / 3, abs=0.001)
        assert all(r.plan_id is None for r in rows[1:])

    def test_only_reviewers_of_that_province_and_admins_see_it(self, session, world):
        from cchc.domain.errors import PermissionDenied

        for who in ("office", "leader", "other_reviewer"):
            with pytest.raises(PermissionDenied):
                dashboard.province_overview(session, world.actor(who), province_code=31)
