"""Queries on progress reports, contributions, extension requests, triggers and measurements."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.domain.statuses import ReviewStatus
from cchc.store.models import (
    Contribution,
    ExtensionRequest,
    ExtensionStatus,
    Measurement,
    Plan,
    ProgressReport,
    Task,
    TriggerEvent,
)

__all__ = ["ProgressRepository"]

Row = ProgressReport | Contribution | ExtensionRequest | TriggerEvent | Measurement


class ProgressRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: Row) -> None:
        self.session.add(obj)
        self.session.flush()

    def report(self, report_id: int) -> ProgressReport | None:
        return self.session.get(ProgressReport, report_id)

    def report_for(self, task_id: int, period: str, unit_id: int) -> ProgressReport | None:
        return self.session.scalar(
            select(ProgressReport).where(
                ProgressReport.task_id == task_id,
                ProgressReport.period == period,
                ProgressReport.unit_id == unit_id,
            )
        )

    def reports_of_task(self, task_id: int) -> list[ProgressReport]:
        """Every report on one task, every period and unit (one indexed query)."""
        return list(self.session.scalars(select(ProgressReport).where(ProgressReport.task_id == task_id)))

    def reports(
        self,
        *,
        plan_id: int | None = None,
        task_ids: Sequence[int] | None = None,
        period: str | None = None,
        unit_id: int | None = None,
        review_status: ReviewStatus | None = None,
        locality_codes: Sequence[int] | None = None,
    ) -> Sequence[ProgressReport]:
        query = select(ProgressReport).join(Task, Task.id == ProgressReport.task_id)
        if plan_id is not None:
            query = query.where(Task.plan_id == plan_id)
        if task_ids is not None:
            query = query.where(ProgressReport.task_id.in_(task_ids))
        if period is not None:
            query = query.where(ProgressReport.period == period)
        if unit_id is not None:
            query = query.where(ProgressReport.unit_id == unit_id)
        if review_status is not None:
            query = query.where(ProgressReport.review_status == review_status)
        if locality_codes is not None:
            query = query.join(Plan, Plan.id == Task.plan_id).where(Plan.locality_code.in_(locality_codes))
        return self.session.scalars(query.order_by(ProgressReport.period, ProgressReport.id)).all()

    def report_keys(self, *, plan_id: int, period: str) -> list[tuple[int, int]]:
        """(task id, unit id) of every report on the plan's tasks for `period` (one query, no ORM rows)."""
        rows = self.session.execute(
            select(ProgressReport.task_id, ProgressReport.unit_id)
            .join(Task, Task.id == ProgressReport.task_id)
            .where(Task.plan_id == plan_id, ProgressReport.period == period)
        )
        return [(task_id, unit_id) for task_id, unit_id in rows]

    def contributions(self, task_id: int) -> Sequence[Contribution]:
        return self.session.scalars(
            select(Contribution).where(Contribution.task_id == task_id).order_by(Contribution.id)
        ).all()

    def extension(self, extension_id: int) -> ExtensionRequest | None:
        return self.session.get(ExtensionRequest, extension_id)

    def extensions(
        self,
        *,
        task_id: int | None = None,
        locality_codes: Sequence[int] | None = None,
        pending_only: bool = False,
    ) -> Sequence[ExtensionRequest]:
        query = select(ExtensionRequest)
        if task_id is not None:
            query = query.where(ExtensionRequest.task_id == task_id)
        if locality_codes is not None:
            query = (
                query.join(Task, Task.id == ExtensionRequest.task_id)
                .join(Plan, Plan.id == Task.plan_id)
                .where(Plan.locality_code.in_(locality_codes))
            )
        if pending_only:
            query = query.where(ExtensionRequest.status == ExtensionStatus.PENDING)
        return self.session.scalars(query.order_by(ExtensionRequest.id)).all()

    def count_extensions(self, task_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(ExtensionRequest)
                .where(
                    ExtensionRequest.task_id == task_id,
                    ExtensionRequest.status != ExtensionStatus.REFUSED,
                )
            )
            or 0
        )

    def triggers(self, task_id: int) -> Sequence[TriggerEvent]:
        return self.session.scalars(
            select(TriggerEvent).where(TriggerEvent.task_id == task_id).order_by(TriggerEvent.id)
        ).all()

    def measurement(self, indicator_id: int, period: str, source: str) -> Measurement | None:
        return self.session.scalar(
            select(Measurement).where(
                Measurement.indicator_id == indicator_id,
                Measurement.period == period,
                Measurement.source == source,
            )
        )

    def measurements(self, indicator_ids: Sequence[int]) -> Sequence[Measurement]:
        if not indicator_ids:
            return []
        return self.session.scalars(
            select(Measurement)
            .where(Measurement.indicator_id.in_(indicator_ids))
            .order_by(Measurement.period, Measurement.id)
        ).all()
