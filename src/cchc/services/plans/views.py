"""Plan, task and indicator views (what routes, the CLI and audit records show) and their builders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import Area
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.kernel.schedule import compute_status, effective_due
from cchc.store.localities import LocalityRepository
from cchc.store.models import Indicator, IndicatorUnit, Plan, PlanKind, Task, TaskUnit, Unit
from cchc.store.plans import PlanRepository


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class UnitLink:
    unit_id: int
    name: str
    kind: UnitKind

    def to_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "name": self.name, "kind": self.kind.value}


@dataclass(frozen=True)
class TaskView:
    id: int
    plan_id: int
    parent_id: int | None
    ref: str | None
    area: Area
    objective: str | None
    task: str
    activity: str | None
    output: str | None
    funding: str | None
    lead: list[UnitLink]
    support: list[UnitLink]
    lead_raw: str | None
    support_raw: str | None
    timeline_kind: str
    timeline_raw: str | None
    start_on: date | None
    end_on: date | None
    due_on: date | None
    every: str | None
    offset_days: int | None
    trigger_on: date | None
    computed_due: date | None
    status: TaskStatus
    reported_status: TaskStatus
    status_reason: str | None
    percent: int
    done_on: date | None
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "parent_id": self.parent_id,
            "ref": self.ref,
            "area": self.area.value,
            "objective": self.objective,
            "task": self.task,
            "activity": self.activity,
            "output": self.output,
            "funding": self.funding,
            "lead": [u.to_json() for u in self.lead],
            "support": [u.to_json() for u in self.support],
            "lead_raw": self.lead_raw,
            "support_raw": self.support_raw,
            "timeline_kind": self.timeline_kind,
            "timeline_raw": self.timeline_raw,
            "start_on": iso(self.start_on),
            "end_on": iso(self.end_on),
            "due_on": iso(self.due_on),
            "every": self.every,
            "offset_days": self.offset_days,
            "trigger_on": iso(self.trigger_on),
            "computed_due": iso(self.computed_due),
            "status": self.status.value,
            "reported_status": self.reported_status.value,
            "status_reason": self.status_reason,
            "percent": self.percent,
            "done_on": iso(self.done_on),
            "version": self.version,
        }


@dataclass(frozen=True)
class IndicatorView:
    id: int
    plan_id: int
    ref: str | None
    name: str
    unit: str | None
    comparator: str
    target: float
    period_start: date | None
    period_end: date | None
    metric: str | None
    responsible: list[UnitLink]
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "ref": self.ref,
            "name": self.name,
            "unit": self.unit,
            "comparator": self.comparator,
            "target": self.target,
            "period_start": iso(self.period_start),
            "period_end": iso(self.period_end),
            "metric": self.metric,
            "responsible": [u.to_json() for u in self.responsible],
            "version": self.version,
        }


@dataclass(frozen=True)
class PlanSummary:
    id: int
    locality_code: int
    number: str | None
    issued_on: date | None
    title: str | None
    kind: PlanKind
    status: PlanStatus
    period_start: date | None
    period_end: date | None
    task_count: int
    indicator_count: int
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locality_code": self.locality_code,
            "number": self.number,
            "issued_on": iso(self.issued_on),
            "title": self.title,
            "kind": self.kind.value,
            "status": self.status.value,
            "period_start": iso(self.period_start),
            "period_end": iso(self.period_end),
            "task_count": self.task_count,
            "indicator_count": self.indicator_count,
            "version": self.version,
        }


@dataclass(frozen=True)
class PlanView(PlanSummary):
    issuer: str | None = None
    source_name: str | None = None
    source_sha256: str | None = None
    published_at: datetime | None = None
    tasks: list[TaskView] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        data.update(
            {
                "issuer": self.issuer,
                "source_name": self.source_name,
                "source_sha256": self.source_sha256,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "tasks": [t.to_json() for t in self.tasks],
                "indicators": [i.to_json() for i in self.indicators],
            }
        )
        return data


# ---------------------------------------------------------------- builders


def _links(
    links: Sequence[TaskUnit] | Sequence[IndicatorUnit], units: dict[int, Unit], lead: bool | None
) -> list[UnitLink]:
    out = []
    for link in links:
        if lead is not None and getattr(link, "lead", None) is not lead:
            continue
        unit = units.get(link.unit_id)
        if unit is not None:
            out.append(UnitLink(unit.id, unit.name, unit.kind))
    return out


def units_by_id(session: Session, locality_code: int) -> dict[int, Unit]:
    return {u.id: u for u in LocalityRepository(session).units(locality_code)}


def task_view(task: Task, units: dict[int, Unit], today: date | None = None) -> TaskView:
    return TaskView(
        id=task.id,
        plan_id=task.plan_id,
        parent_id=task.parent_id,
        ref=task.ref,
        area=task.area,
        objective=task.objective,
        task=task.task,
        activity=task.activity,
        output=task.output,
        funding=task.funding,
        lead=_links(task.units, units, True),
        support=_links(task.units, units, False),
        lead_raw=task.lead_raw,
        support_raw=task.support_raw,
        timeline_kind=task.timeline_kind,
        timeline_raw=task.timeline_raw,
        start_on=task.start_on,
        end_on=task.end_on,
        due_on=task.due_on,
        every=task.every,
        offset_days=task.offset_days,
        trigger_on=task.trigger_on,
        computed_due=effective_due(task),
        status=compute_status(task, today or date.today()),
        reported_status=task.reported_status,
        status_reason=task.status_reason,
        percent=task.percent,
        done_on=task.done_on,
        version=task.version,
    )


def indicator_view(ind: Indicator, units: dict[int, Unit]) -> IndicatorView:
    return IndicatorView(
        id=ind.id,
        plan_id=ind.plan_id,
        ref=ind.ref,
        name=ind.name,
        unit=ind.unit,
        comparator=ind.comparator,
        target=ind.target,
        period_start=ind.period_start,
        period_end=ind.period_end,
        metric=ind.metric,
        responsible=_links(ind.units, units, None),
        version=ind.version,
    )


def summary_kwargs(plan: Plan, counts: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": plan.id,
        "locality_code": plan.locality_code,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "task_count": counts[0],
        "indicator_count": counts[1],
        "version": plan.version,
    }


def plan_view(session: Session, plan: Plan, *, today: date | None = None) -> PlanView:
    repo = PlanRepository(session)
    units = units_by_id(session, plan.locality_code)
    tasks = [task_view(t, units, today) for t in repo.tasks(plan.id)]
    indicators = [indicator_view(i, units) for i in repo.indicators(plan.id)]
    return PlanView(
        **summary_kwargs(plan, (len(tasks), len(indicators))),
        issuer=plan.issuer,
        source_name=plan.source_name,
        source_sha256=plan.source_sha256,
        published_at=plan.published_at,
        tasks=tasks,
        indicators=indicators,
    )


def plan_audit(plan: Plan) -> dict[str, Any]:
    return {
        "locality_code": plan.locality_code,
        "number": plan.number,
        "issued_on": iso(plan.issued_on),
        "title": plan.title,
        "issuer": plan.issuer,
        "kind": plan.kind.value,
        "status": plan.status.value,
        "period_start": iso(plan.period_start),
        "period_end": iso(plan.period_end),
        "source_name": plan.source_name,
        "source_sha256": plan.source_sha256,
        "version": plan.version,
    }
