"""Every write leaves an audit event: who, when, entity, before/after, from where."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cchc.auth import users
from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.kernel import audit, localities
from cchc.kernel.actor import Role
from cchc.services import extensions, indicators, plans, progress, tasks
from cchc.store.audit import AuditRepository
from cchc.store.models import (
    AuditEvent,
    Contribution,
    ExtensionRequest,
    Indicator,
    Measurement,
    Plan,
    ProgressReport,
    Task,
    TriggerEvent,
    Unit,
    User,
)

from .conftest import record_city_trigger


def _workflow(session, world):
    office, officer, leader = world.actor("office"), world.actor("lead_officer"), world.actor("leader")
    t1 = world.tasks["1"]
    yield (
        "task",
        lambda: plans.update_task(session, office, task_id=t1, version=1, changes={"output": "BC"}).id,
    )
    yield (
        "task",
        lambda: (
            plans.add_task(
                session,
                office,
                plan_id=world.plan_id,
                fields={"task": "Mới", "area": "procedures", "lead_unit_ids": [world.units["van_phong"]]},
            ).id
        ),
    )
    yield (
        "indicator",
        lambda: (
            plans.add_indicator(
                session, office, plan_id=world.plan_id, fields={"name": "Tỷ lệ số hóa", "target": 100}
            ).id
        ),
    )
    yield (
        "indicator",
        lambda: (
            plans.update_indicator(
                session, office, indicator_id=world.indicators["2"], version=1, changes={"target": 5}
            ).id
        ),
    )
    yield (
        "plan",
        lambda: (
            plans.update_plan(
                session,
                office,
                plan_id=world.plan_id,
                version=2,
                changes={"title": "Kế hoạch CCHC 2026 (sửa)"},
            ).id
        ),
    )
    report = {}

    def submit():
        r = progress.submit_progress(
            session,
            officer,
            task_id=t1,
            period="2026-Q1",
            status=TaskStatus.IN_PROGRESS,
            percent=40,
            results="Đang rà soát",
            evidence_file=("bc.pdf", b"%PDF-1.4 x"),
            data_dir=world.files,
        )
        report["r"] = r
        return r.id

    yield "progress_report", submit
    yield (
        "progress_report",
        lambda: (
            progress.review_progress(
                session,
                office,
                report_id=report["r"].id,
                version=report["r"].version,
                decision=ReviewStatus.RETURNED,
                comment="Bổ sung số liệu",
            ).id
        ),
    )
    yield (
        "contribution",
        lambda: (
            progress.add_contribution(
                session, world.actor("support_officer"), task_id=t1, period="2026-Q1", text="Đã phối hợp"
            ).id
        ),
    )
    ext = {}

    def request():
        e = extensions.request_extension(
            session, officer, task_id=t1, new_due_on=date(2026, 6, 1), reason="Chậm"
        )
        ext["e"] = e
        return e.id

    yield "extension", request
    yield (
        "extension",
        lambda: extensions.decide_extension(session, leader, extension_id=ext["e"].id, approve=True).id,
    )
    yield "trigger", lambda: _trigger_id(session, world)
    yield (
        "measurement",
        lambda: (
            indicators.record_measurement(
                session,
                office,
                indicator_id=world.indicators["1"],
                period="2026-Q1",
                numerator=70,
                denominator=100,
            ).id
        ),
    )
    yield (
        "unit",
        lambda: (
            localities.add_unit(
                session, office, locality_code=world.locality, kind="mttq", name="Ủy ban MTTQ phường"
            ).id
        ),
    )
    yield (
        "user",
        lambda: (
            users.create_user(
                session,
                office,
                username="t-moi",
                password="mat-khau-moi-1",
                role=Role.LEADER,
                locality_code=world.locality,
            ).id
        ),
    )
    yield (
        "task",
        lambda: (
            tasks.set_task_status(
                session, office, task_id=world.tasks["2"], version=1, status=TaskStatus.IN_PROGRESS
            ).id
        ),
    )


def _trigger_id(session, world):
    record_city_trigger(session, world)
    return session.scalars(select(TriggerEvent.id)).all()[-1]


def test_each_write_records_an_event_with_actor_ip_and_after_state(session, world):
    repo = AuditRepository(session)
    for entity, call in _workflow(session, world):
        before = repo.count()
        entity_id = call()
        new = repo.all()[before:]
        mine = [e for e in new if e.entity == entity and e.entity_id == entity_id]
        assert mine, f"no audit event for {entity} #{entity_id}"
        assert all(e.ip == "10.0.0.1" and e.username.startswith("t-") for e in new)
        assert mine[-1].after is not None or mine[-1].action in ("change_password",)


def test_every_row_written_through_the_services_has_an_audit_event(session, world):
    for _, call in _workflow(session, world):
        call()
    tables = {
        "plan": Plan,
        "task": Task,
        "indicator": Indicator,
        "progress_report": ProgressReport,
        "contribution": Contribution,
        "extension": ExtensionRequest,
        "trigger": TriggerEvent,
        "measurement": Measurement,
        "user": User,
        "unit": Unit,
    }
    audited = {tuple(r) for r in session.execute(select(AuditEvent.entity, AuditEvent.entity_id)).all()}
    for entity, model in tables.items():
        ids = set(session.scalars(select(model.id)).all())
        if entity == "unit":
            # The default units of every commune are bulk-inserted by the seeding, audited as one event.
            assert ("locality", 0) in audited
            ids = set(session.scalars(select(Unit.id).where(Unit.name == "Ủy ban MTTQ phường")).all())
        missing = {i for i in ids if (entity, i) not in audited}
        assert not missing, f"{entity} rows without an audit event: {sorted(missing)[:5]}"


def test_the_history_of_a_task_shows_before_and_after(session, world):
    office = world.actor("office")
    plans.update_task(session, office, task_id=world.tasks["1"], version=1, changes={"output": "Báo cáo <b>"})
    history = audit.audit_history(session, office, entity="task", entity_id=world.tasks["1"])
    assert [h.action for h in history] == ["create", "update"]
    assert history[-1].before["output"] == "Báo cáo rà soát"
    assert history[-1].after["output"] == "Báo cáo <b>"
    assert history[-1].username == "t-office"


def test_a_failed_write_records_nothing_once_the_caller_rolls_back(session, world):
    repo = AuditRepository(session)
    count = repo.count()
    savepoint = session.begin_nested()
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        plans.update_task(
            session,
            world.actor("office"),
            task_id=world.tasks["1"],
            version=1,
            changes={"output": "Sẽ mất", "due_on": "31/02/2026"},
        )
    savepoint.rollback()
    assert repo.count() == count
    assert (
        tasks.get_task(session, world.actor("office"), task_id=world.tasks["1"]).task.output
        == "Báo cáo rà soát"
    )
