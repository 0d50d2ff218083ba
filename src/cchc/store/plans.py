"""Queries on plans, tasks and indicators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, contains_eager, defer, selectinload

from cchc.domain.statuses import PlanStatus
from cchc.store.models import Indicator, Locality, Plan, Task, TaskUnit, Unit

__all__ = ["PlanRepository", "TaskLink", "TaskSnapshot"]


class TaskLink:
    """A task's unit link as plain values (read-only; what `Task.units` holds as `TaskUnit` rows)."""

    __slots__ = ("unit_id", "lead")

    def __init__(self, unit_id: int, lead: bool) -> None:
        self.unit_id = unit_id
        self.lead = lead


# Every task column but the extracted unit references (JSON that no read view needs).
_SNAPSHOT_COLUMNS = [c for c in Task.__table__.c if c.key != "unit_refs"]


class TaskSnapshot:
    """A task row read without the ORM: the same attributes as `Task` (but `unit_refs`), `units` as `TaskLink`s.

    For read-only summaries of whole plans (the dashboard): building ORM instances (identity map,
    instance state, change tracking) cost several times more than the values themselves. Never
    flushed, never attached to a session.
    """

    __slots__ = (*(c.key for c in _SNAPSHOT_COLUMNS), "units")

    def __init__(self, values: Sequence[Any], units: list[TaskLink]) -> None:
        for column, value in zip(_SNAPSHOT_COLUMNS, values, strict=True):
            setattr(self, column.key, value)
        self.units = units


# The extraction document (the whole cchc.plan/1 JSON, tens of kB for a 150-task plan) is loaded only
# when read: every report submission and dashboard loads its plan for the permission check, and
# decoding that JSON was ~11 % of a report submission.
_LIGHT_PLAN = defer(Plan.extraction)


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: Plan | Task | Indicator) -> None:
        self.session.add(obj)
        self.session.flush()

    def delete(self, obj: Plan | Task | Indicator) -> None:
        self.session.delete(obj)
        self.session.flush()

    def get(self, plan_id: int, *, for_update: bool = False) -> Plan | None:
        if for_update:
            return self.session.scalar(
                select(Plan).where(Plan.id == plan_id).options(_LIGHT_PLAN).with_for_update()
            )
        return self.session.get(Plan, plan_id, options=[_LIGHT_PLAN])

    def list(
        self,
        *,
        locality_codes: Sequence[int] | None = None,
        status: PlanStatus | None = None,
        province_code: int | None = None,
    ) -> Sequence[Plan]:
        query = select(Plan).options(_LIGHT_PLAN).order_by(Plan.issued_on.desc().nulls_last(), Plan.id.desc())
        if locality_codes is not None:
            query = query.where(Plan.locality_code.in_(locality_codes))
        if status is not None:
            query = query.where(Plan.status == status)
        return self.session.scalars(query).all()

    def counts(self, plan_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Task and indicator counts per plan."""
        task_rows = self.session.execute(
            select(Task.plan_id, func.count(Task.id)).where(Task.plan_id.in_(plan_ids)).group_by(Task.plan_id)
        ).all()
        ind_rows = self.session.execute(
            select(Indicator.plan_id, func.count(Indicator.id))
            .where(Indicator.plan_id.in_(plan_ids))
            .group_by(Indicator.plan_id)
        ).all()
        tasks = {int(pid): int(n) for pid, n in task_rows}
        indicators = {int(pid): int(n) for pid, n in ind_rows}
        return {pid: (tasks.get(pid, 0), indicators.get(pid, 0)) for pid in plan_ids}

    def current_published(self, locality_code: int) -> Plan | None:
        return self.session.scalar(
            select(Plan)
            .options(_LIGHT_PLAN)
            .where(Plan.locality_code == locality_code, Plan.status == PlanStatus.PUBLISHED)
            .order_by(Plan.issued_on.desc().nulls_last(), Plan.id.desc())
            .limit(1)
        )

    # tasks
    def task(self, task_id: int) -> Task | None:
        return self.session.scalar(select(Task).where(Task.id == task_id).options(selectinload(Task.units)))

    def task_for_write(self, task_id: int, *, lock: bool = False) -> tuple[Task, Plan, int | None, dict[int, Unit]] | None:
        """The task with its unit links, its plan, the plan's province code and the task's units, in one query.

        What a write to one task needs to check permission and to show the task and its units (the
        `Task.units` links, and every linked unit of the plan's commune by id); None when there is no
        such task. `lock`
        reads the task row under `SELECT … FOR UPDATE OF tasks` (the committed version, held until
        the transaction ends; SQLite ignores it: its write transaction holds the database lock).
        """
        query = (
            select(Task, Plan, Locality.province_code, Unit)
            .join(Plan, Plan.id == Task.plan_id)
            .outerjoin(Locality, Locality.code == Plan.locality_code)
            .outerjoin(TaskUnit, TaskUnit.task_id == Task.id)
            .outerjoin(Unit, Unit.id == TaskUnit.unit_id)
            .where(Task.id == task_id)
            .options(contains_eager(Task.units), _LIGHT_PLAN)
        )
        if lock:
            query = query.with_for_update(of=Task).execution_options(populate_existing=True)
        rows = self.session.execute(query).unique().all()
        if not rows:
            return None
        task, plan, province_code, _ = rows[0]
        # The commune's own units only, as `LocalityRepository.units(plan.locality_code)` would give them.
        units = {unit.id: unit for *_, unit in rows if unit is not None and unit.locality_code == plan.locality_code}
        return task, plan, province_code, units

    def tasks(self, plan_id: int) -> Sequence[Task]:
        return self.session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id)
            .options(selectinload(Task.units))
            .order_by(Task.position, Task.id)
        ).all()

    def task_snapshots(self, plan_id: int) -> list[TaskSnapshot]:
        """The plan's tasks as read-only `TaskSnapshot`s, in plan order (two queries, no ORM instances)."""
        links: dict[int, list[TaskLink]] = {}
        link_rows = self.session.execute(
            select(TaskUnit.task_id, TaskUnit.unit_id, TaskUnit.lead)
            .join(Task, Task.id == TaskUnit.task_id)
            .where(Task.plan_id == plan_id)
            .order_by(TaskUnit.task_id, TaskUnit.unit_id, TaskUnit.lead)
        )
        for task_id, unit_id, lead in link_rows:
            links.setdefault(task_id, []).append(TaskLink(unit_id, lead))
        table = Task.__table__
        rows = self.session.execute(
            select(*_SNAPSHOT_COLUMNS)
            .where(table.c.plan_id == plan_id)
            .order_by(table.c.position, table.c.id)
        )
        return [TaskSnapshot(row, links.get(row.id, [])) for row in rows]

    def tasks_of_unit(self, unit_id: int, *, published_only: bool = True) -> Sequence[Task]:
        query = (
            select(Task)
            .join(Plan, Plan.id == Task.plan_id)
            .where(Task.id.in_(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id)))
            .options(selectinload(Task.units))
            .order_by(Task.plan_id, Task.position, Task.id)
        )
        if published_only:
            query = query.where(Plan.status == PlanStatus.PUBLISHED)
        return self.session.scalars(query).all()

    def delete_tasks_of_plan(self, plan_id: int) -> None:
        self.session.execute(delete(Task).where(Task.plan_id == plan_id))

    def max_task_position(self, plan_id: int) -> int:
        return self.session.scalar(select(func.max(Task.position)).where(Task.plan_id == plan_id)) or 0

    # indicators
    def indicator(self, indicator_id: int) -> Indicator | None:
        return self.session.scalar(
            select(Indicator).where(Indicator.id == indicator_id).options(selectinload(Indicator.units))
        )

    def indicators(self, plan_id: int) -> Sequence[Indicator]:
        return self.session.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .options(selectinload(Indicator.units))
            .order_by(Indicator.position, Indicator.id)
        ).all()

    def max_indicator_position(self, plan_id: int) -> int:
        return (
            self.session.scalar(select(func.max(Indicator.position)).where(Indicator.plan_id == plan_id)) or 0
        )
