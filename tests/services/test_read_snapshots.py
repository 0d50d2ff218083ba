"""Read-only task snapshots (used by the dashboard) carry the same values as the ORM rows."""

from __future__ import annotations

from datetime import date

from cchc.services import dashboard, progress
from cchc.services.plans import task_view, units_by_id
from cchc.store.plans import PlanRepository, TaskSnapshot


def test_task_snapshots_hold_every_value_of_the_orm_tasks_and_their_units(session, world):
    repo = PlanRepository(session)
    rows = repo.tasks(world.plan_id)
    snaps = repo.task_snapshots(world.plan_id)
    assert [s.id for s in snaps] == [t.id for t in rows]
    columns = [k for k in TaskSnapshot.__slots__ if k != "units"]
    for snap, row in zip(snaps, rows, strict=True):
        assert {k: getattr(snap, k) for k in columns} == {k: getattr(row, k) for k in columns}
        assert sorted((u.unit_id, u.lead) for u in snap.units) == sorted((u.unit_id, u.lead) for u in row.units)


def test_a_task_view_built_from_a_snapshot_equals_the_one_from_the_orm_row(session, world):
    repo = PlanRepository(session)
    units = units_by_id(session, world.locality)
    day = date(2026, 11, 20)
    for snap, row in zip(repo.task_snapshots(world.plan_id), repo.tasks(world.plan_id), strict=True):
        assert task_view(snap, units, day).to_json() == task_view(row, units, day).to_json()  # type: ignore[arg-type]


def test_the_dashboard_counts_a_new_report_once(session, world):
    office = world.actor("office")
    before = dashboard.dashboard(session, office, locality_code=world.locality, period="2026-Q2",
                                 today=date(2026, 6, 1))
    missing = before.missing_reports[0]
    progress.submit_progress(session, office, task_id=missing.task_id, period="2026-Q2", status="in_progress",
                             percent=30, results="Đang làm.", unit_id=missing.unit_id)
    after = dashboard.dashboard(session, office, locality_code=world.locality, period="2026-Q2",
                                today=date(2026, 6, 1))
    assert len(after.missing_reports) == len(before.missing_reports) - 1
    assert sum(u.reports_submitted for u in after.by_unit) == sum(u.reports_submitted for u in before.by_unit) + 1
