"""The store on the Alembic-migrated schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from cchc.domain.areas import Area
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.store.audit import AuditRepository
from cchc.store.localities import LocalityRepository
from cchc.store.models import (
    AuditEvent,
    Base,
    Locality,
    LocalityKind,
    Plan,
    PlanKind,
    ProgressReport,
    Province,
    Task,
    TaskUnit,
    Unit,
)
from cchc.store.plans import PlanRepository

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _commune(session, code=11533):
    repo = LocalityRepository(session)
    repo.bulk_insert_provinces([{"code": 31, "name": "Thành phố Hải Phòng", "codename": "hai_phong"}])
    repo.bulk_insert_localities(
        [
            {
                "code": code,
                "name": "Phường Hoà Bình",
                "codename": "phuong_hoa_binh",
                "kind": LocalityKind.PHUONG,
                "province_code": 31,
                "valid_from": date(2025, 7, 1),
                "valid_to": None,
                "predecessor_codes": [1, 2],
            }
        ]
    )
    unit = repo.add_unit(
        Unit(locality_code=code, kind=UnitKind.PHONG_KINH_TE, name="Phòng Kinh tế", active=True)
    )
    return unit


def _plan(session, unit):
    plans = PlanRepository(session)
    plan = Plan(
        locality_code=unit.locality_code,
        title="Kế hoạch CCHC năm 2026",
        kind=PlanKind.GENERAL,
        status=PlanStatus.DRAFT,
        created_at=NOW,
        extraction={"schema": "cchc.plan/1", "tasks": []},
    )
    plans.add(plan)
    task = Task(
        plan_id=plan.id,
        area=Area.PROCEDURES,
        task="Rà soát thủ tục hành chính",
        due_on=date(2026, 4, 30),
        timeline_kind="deadline",
        reported_status=TaskStatus.NOT_STARTED,
        percent=0,
    )
    task.units = [TaskUnit(unit_id=unit.id, lead=True)]
    plans.add(task)
    return plan, task


def test_migrated_schema_matches_the_models(session):
    context = MigrationContext.configure(session.connection())
    assert compare_metadata(context, Base.metadata) == []


def test_migrated_schema_has_every_table_and_the_alembic_head(session):
    names = set(inspect(session.connection()).get_table_names())
    assert {
        "provinces",
        "localities",
        "units",
        "users",
        "plans",
        "tasks",
        "task_units",
        "indicators",
        "indicator_units",
        "measurements",
        "progress_reports",
        "contributions",
        "extension_requests",
        "trigger_events",
        "audit_events",
        "alembic_version",
    } <= names


def test_localities_keep_kind_province_validity_and_predecessors(session):
    _commune(session)
    session.expire_all()
    loc = session.get(Locality, 11533)
    assert loc.kind is LocalityKind.PHUONG
    assert loc.predecessor_codes == [1, 2]
    assert loc.valid_from == date(2025, 7, 1)
    assert session.get(Province, 31).name == "Thành phố Hải Phòng"
    assert [x.code for x in LocalityRepository(session).localities(search="hoà bình")] == [11533]


def test_plan_and_task_round_trip_with_json_extraction_and_units(session):
    unit = _commune(session)
    plan, task = _plan(session, unit)
    session.expire_all()
    again = PlanRepository(session).tasks(plan.id)[0]
    assert again.task == "Rà soát thủ tục hành chính"
    assert [(u.unit_id, u.lead) for u in again.units] == [(unit.id, True)]
    assert PlanRepository(session).get(plan.id).extraction["schema"] == "cchc.plan/1"


def test_a_stale_version_is_refused_at_flush(session):
    unit = _commune(session)
    _, task = _plan(session, unit)
    assert task.version == 1
    # Someone else saves the task meanwhile (the version moves on under us).
    session.execute(
        update(Task).where(Task.id == task.id).values(version=Task.version + 1),
        execution_options={"synchronize_session": False},
    )
    task.task = "Sửa đổi"
    with pytest.raises(StaleDataError):
        session.flush()


def test_versions_increase_on_every_update(session):
    unit = _commune(session)
    plan, task = _plan(session, unit)
    task.percent = 50
    session.flush()
    plan.title = "Khác"
    session.flush()
    assert (task.version, plan.version) == (2, 2)


def test_one_progress_report_per_task_period_and_unit(session):
    unit = _commune(session)
    _, task = _plan(session, unit)
    for _ in range(2):
        session.add(
            ProgressReport(
                task_id=task.id,
                period="2026-Q1",
                unit_id=unit.id,
                status=TaskStatus.IN_PROGRESS,
                percent=10,
                results="Đang làm",
                submitted_at=NOW,
            )
        )
    with pytest.raises(IntegrityError):
        session.flush()


def test_unknown_enum_values_are_refused_before_reaching_the_database(session):
    unit = _commune(session)
    plan, _ = _plan(session, unit)
    with pytest.raises(StatementError, match="archived"):
        plan.status = "archived"
        session.flush()


def test_audit_repository_only_appends_and_reads():
    assert not any(hasattr(AuditRepository, name) for name in ("update", "delete", "remove"))


def test_audit_events_are_stored_with_before_and_after_json(session):
    repo = AuditRepository(session)
    repo.append(
        AuditEvent(
            at=NOW,
            user_id=None,
            username="system",
            entity="plan",
            entity_id=1,
            action="update",
            before={"title": "A"},
            after={"title": "Ư <b>"},
            ip="127.0.0.1",
        )
    )
    session.expire_all()
    (event,) = repo.history("plan", 1)
    assert event.after == {"title": "Ư <b>"}
    assert event.before == {"title": "A"}


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events"]
)
def test_the_database_refuses_to_change_or_delete_audit_events(session, statement):
    AuditRepository(session).append(
        AuditEvent(
            at=NOW,
            user_id=None,
            username="system",
            entity="plan",
            entity_id=1,
            action="create",
            before=None,
            after={},
            ip=None,
        )
    )
    with pytest.raises(DBAPIError, match="append-only"):
        with session.begin_nested():
            session.execute(text(statement))
    assert [e.action for e in AuditRepository(session).history("plan", 1)] == ["create"]


def test_postgres_is_reported_absent_when_nothing_listens():
    from cchc.store.testing import postgres_answers

    assert postgres_answers("postgresql+psycopg://postgres@127.0.0.1:1/none", timeout=0.2) is False


@pytest.mark.postgres
def test_postgresql_refuses_to_truncate_the_audit_log(postgres_db):
    with postgres_db.session() as session:
        AuditRepository(session).append(
            AuditEvent(at=NOW, user_id=None, username="system", entity="plan", entity_id=7,
                       action="create", before=None, after={}, ip=None)
        )
        with pytest.raises(DBAPIError, match="append-only"):
            with session.begin_nested():
                session.execute(text("TRUNCATE audit_events"))
        assert [e.action for e in AuditRepository(session).history("plan", 7)] == ["create"]
