"""Views of what hangs on a task — progress reports, contributions, extension requests — and their builders.

Shared by the task, progress and extension use cases (services/tasks.py, progress.py, extensions.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.services.plans.views import iso
from cchc.store.models import Contribution, ExtensionRequest, ExtensionStatus, ProgressReport, Unit

__all__ = [
    "ContributionView",
    "ExtensionView",
    "ReportView",
    "contribution_view",
    "extension_view",
    "report_view",
]


@dataclass(frozen=True)
class ReportView:
    id: int
    task_id: int
    period: str
    unit_id: int
    unit_name: str
    status: TaskStatus
    percent: int
    results: str
    difficulties: str | None
    proposals: str | None
    done_on: date | None
    evidence_number: str | None
    evidence_date: date | None
    evidence_file: str | None
    evidence_sha256: str | None
    submitted_by: int | None
    submitted_at: datetime
    review_status: ReviewStatus
    review_comment: str | None
    reviewed_by: int | None
    reviewed_at: datetime | None
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "task_id": self.task_id,
            "period": self.period,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "status": self.status.value,
            "percent": self.percent,
            "results": self.results,
            "difficulties": self.difficulties,
            "proposals": self.proposals,
            "done_on": iso(self.done_on),
            "evidence_number": self.evidence_number,
            "evidence_date": iso(self.evidence_date),
            "evidence_file": self.evidence_file,
            "evidence_sha256": self.evidence_sha256,
            "submitted_by": self.submitted_by,
            "submitted_at": iso(self.submitted_at),
            "review_status": self.review_status.value,
            "review_comment": self.review_comment,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": iso(self.reviewed_at),
            "version": self.version,
        }


@dataclass(frozen=True)
class ContributionView:
    id: int
    task_id: int
    period: str
    unit_id: int
    unit_name: str
    text: str
    evidence_number: str | None
    evidence_date: date | None
    submitted_by: int | None
    submitted_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "task_id": self.task_id,
            "period": self.period,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "text": self.text,
            "evidence_number": self.evidence_number,
            "evidence_date": iso(self.evidence_date),
            "submitted_by": self.submitted_by,
            "submitted_at": iso(self.submitted_at),
        }


def report_view(r: ProgressReport, units: dict[int, Unit]) -> ReportView:
    unit = units.get(r.unit_id)
    return ReportView(
        r.id,
        r.task_id,
        r.period,
        r.unit_id,
        unit.name if unit else "",
        r.status,
        r.percent,
        r.results,
        r.difficulties,
        r.proposals,
        r.done_on,
        r.evidence_number,
        r.evidence_date,
        Path(r.evidence_file).name if r.evidence_file else None,
        r.evidence_sha256,
        r.submitted_by,
        r.submitted_at,
        r.review_status,
        r.review_comment,
        r.reviewed_by,
        r.reviewed_at,
        r.version,
    )


def contribution_view(c: Contribution, units: dict[int, Unit]) -> ContributionView:
    unit = units.get(c.unit_id)
    return ContributionView(
        c.id,
        c.task_id,
        c.period,
        c.unit_id,
        unit.name if unit else "",
        c.text,
        c.evidence_number,
        c.evidence_date,
        c.submitted_by,
        c.submitted_at,
    )


@dataclass(frozen=True)
class ExtensionView:
    id: int
    task_id: int
    requested_by: int | None
    requested_at: datetime
    old_due_on: date | None
    new_due_on: date
    reason: str
    status: ExtensionStatus
    decided_by: int | None
    decided_at: datetime | None
    comment: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "task_id": self.task_id,
            "requested_by": self.requested_by,
            "requested_at": self.requested_at.isoformat(),
            "old_due_on": self.old_due_on.isoformat() if self.old_due_on else None,
            "new_due_on": self.new_due_on.isoformat(),
            "reason": self.reason,
            "status": self.status.value,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "comment": self.comment,
        }


def extension_view(e: ExtensionRequest) -> ExtensionView:
    return ExtensionView(
        e.id,
        e.task_id,
        e.requested_by,
        e.requested_at,
        e.old_due_on,
        e.new_due_on,
        e.reason,
        e.status,
        e.decided_by,
        e.decided_at,
        e.comment,
    )
