"""Every role against the services it may and may not call, including other communes and other units."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.auth import users
from cchc.domain.errors import PermissionDenied
from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.kernel import audit, localities
from cchc.kernel.actor import Role
from cchc.services import (
    dashboard,
    extensions,
    indicators,
    plans,
    progress,
    tasks,
)

from .conftest import record_city_trigger

ALL = [
    "admin",
    "office",
    "leader",
    "lead_officer",
    "support_officer",
    "centre_officer",
    "reviewer",
    "other_reviewer",
    "other_office",
    "other_officer",
    "other_leader",
]
READERS = {
    "admin",
    "office",
    "leader",
    "lead_officer",
    "support_officer",
    "centre_officer",
    "vhxh_officer",
    "reviewer",
}


def _submit(session, world, who, **kw):
    args = dict(
        task_id=world.tasks["1"],
        period="2026-Q1",
        status=TaskStatus.IN_PROGRESS,
        percent=30,
        results="Đã rà soát 12 thủ tục",
    )
    args.update(kw)
    return progress.submit_progress(session, world.actor(who), **args)


def _allowed(fn) -> bool:
    try:
        fn()
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("who", ALL)
def test_reading_the_plan_is_limited_to_the_commune_and_its_province(session, world, who):
    ok = _allowed(lambda: plans.get_plan(session, world.actor(who), plan_id=world.plan_id))
    assert ok is (who in READERS)


@pytest.mark.parametrize("who", ALL)
def test_the_dashboard_follows_the_same_scope(session, world, who):
    ok = _allowed(
        lambda: dashboard.dashboard(
            session, world.actor(who), locality_code=world.locality, today=date(2026, 5, 1)
        )
    )
    assert ok is (who in READERS)


@pytest.mark.parametrize("who", ALL)
def test_only_the_standing_office_and_admin_edit_tasks(session, world, who):
    task = plans.get_plan(session, world.actor("admin"), plan_id=world.plan_id).tasks[0]
    ok = _allowed(
        lambda: plans.update_task(
            session, world.actor(who), task_id=task.id, version=task.version, changes={"output": "Báo cáo"}
        )
    )
    assert ok is (who in {"admin", "office"})


@pytest.mark.parametrize("who", ALL)
def test_only_the_standing_office_and_admin_import_and_publish(session, world, who):
    draft = plans.get_plan(session, world.actor("admin"), plan_id=world.draft_id)
    ok = _allowed(
        lambda: plans.publish_plan(session, world.actor(who), plan_id=draft.id, version=draft.version)
    )
    assert ok is (who in {"admin", "office"})


@pytest.mark.parametrize("who", ALL)
def test_progress_is_submitted_only_by_the_lead_unit_or_the_standing_office(session, world, who):
    unit = world.units["phong_kinh_te"]
    ok = _allowed(lambda: _submit(session, world, who, unit_id=unit))
    assert ok is (who in {"admin", "office", "lead_officer"})


def test_a_coordinating_unit_adds_a_contribution_but_cannot_submit_the_report(session, world):
    with pytest.raises(PermissionDenied, match="không chủ trì"):
        _submit(session, world, "support_officer")
    c = progress.add_contribution(
        session,
        world.actor("support_officer"),
        task_id=world.tasks["1"],
        period="2026-Q1",
        text="Cung cấp danh mục thủ tục",
    )
    assert c.unit_id == world.units["van_phong"]


def test_an_unrelated_unit_can_neither_report_nor_contribute(session, world):
    with pytest.raises(PermissionDenied):
        _submit(session, world, "centre_officer")
    with pytest.raises(PermissionDenied):
        progress.add_contribution(
            session, world.actor("centre_officer"), task_id=world.tasks["1"], period="2026-Q1", text="x"
        )


def test_an_officer_cannot_report_for_another_unit(session, world):
    with pytest.raises(PermissionDenied, match="đơn vị mình"):
        _submit(session, world, "lead_officer", unit_id=world.units["van_phong"])


@pytest.mark.parametrize("who", ALL)
def test_reports_are_reviewed_by_the_standing_office_or_a_leader_of_the_commune(session, world, who):
    report = _submit(session, world, "lead_officer")
    ok = _allowed(
        lambda: progress.review_progress(
            session,
            world.actor(who),
            report_id=report.id,
            version=report.version,
            decision=ReviewStatus.ACCEPTED,
        )
    )
    assert ok is (who in {"admin", "office", "leader"})


@pytest.mark.parametrize("who", ALL)
def test_extensions_are_decided_by_a_leader_of_the_commune(session, world, who):
    ext = extensions.request_extension(
        session,
        world.actor("lead_officer"),
        task_id=world.tasks["1"],
        new_due_on=date(2026, 5, 30),
        reason="Chờ hướng dẫn",
    )
    ok = _allowed(
        lambda: extensions.decide_extension(session, world.actor(who), extension_id=ext.id, approve=True)
    )
    assert ok is (who in {"admin", "leader"})


@pytest.mark.parametrize("who", ALL)
def test_triggers_are_recorded_by_the_standing_office(session, world, who):
    ok = _allowed(lambda: record_city_trigger(session, world, who))
    assert ok is (who in {"admin", "office"})


@pytest.mark.parametrize("who", ALL)
def test_measurements_come_from_the_standing_office_or_the_responsible_unit(session, world, who):
    ok = _allowed(
        lambda: indicators.record_measurement(
            session,
            world.actor(who),
            indicator_id=world.indicators["1"],
            period="2026-Q1",
            numerator=80,
            denominator=100,
        )
    )
    assert ok is (who in {"admin", "office", "centre_officer"})


@pytest.mark.parametrize("who", ALL)
def test_units_are_managed_by_the_standing_office_of_the_commune(session, world, who):
    ok = _allowed(
        lambda: localities.update_unit(
            session,
            world.actor(who),
            unit_id=world.units["mttq"] if "mttq" in world.units else world.units["tt_dvsnc"],
            name="Trung tâm Dịch vụ sự nghiệp công (mới)",
        )
    )
    assert ok is (who in {"admin", "office"})


@pytest.mark.parametrize("who", ALL)
def test_accounts_are_created_by_admin_or_for_its_own_commune_by_the_standing_office(session, world, who):
    ok = _allowed(
        lambda: users.create_user(
            session,
            world.actor(who),
            username=f"new-{who.replace('_', '-')}",
            password="mat-khau-moi-1",
            role=Role.LEADER,
            locality_code=world.locality,
        )
    )
    assert ok is (who in {"admin", "office"})


def test_city_reviewer_sees_plans_of_every_commune_of_the_province_only(session, world):
    visible = {p.id for p in plans.list_plans(session, world.actor("reviewer"))}
    assert world.plan_id in visible
    assert plans.list_plans(session, world.actor("other_reviewer")) == []
    with pytest.raises(PermissionDenied):
        plans.list_plans(session, world.actor("other_reviewer"), locality_code=world.locality)


def test_other_commune_users_do_not_see_the_audit_history(session, world):
    with pytest.raises(PermissionDenied):
        audit.audit_history(session, world.actor("other_office"), entity="plan", entity_id=world.plan_id)
    assert audit.audit_history(session, world.actor("leader"), entity="plan", entity_id=world.plan_id)


def test_unit_officers_see_only_their_units_tasks(session, world):
    mine = tasks.my_tasks(session, world.actor("lead_officer"), today=date(2026, 2, 1))
    assert {m.task.id for m in mine} == {world.tasks["1"], world.tasks["5"]}
    with pytest.raises(PermissionDenied):
        tasks.my_tasks(session, world.actor("lead_officer"), unit_id=world.units["van_phong"])
    with pytest.raises(PermissionDenied):
        tasks.my_tasks(session, world.actor("other_officer"), unit_id=world.units["van_phong"])
