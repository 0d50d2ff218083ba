"""Models of the PAR-index self-assessment: criteria sets, a commune's assessment per year, scores, evidence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base, _enum

__all__ = [
    "AssessmentStatus",
    "CriterionReview",
    "ParIndexAssessment",
    "ParIndexEvidence",
    "ParIndexScore",
    "ParIndexSet",
]


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPRAISED = "appraised"


class CriterionReview(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    NEEDS_EVIDENCE = "needs_evidence"


class ParIndexSet(Base):
    """One version of a province's criteria set for a year (province NULL: the packaged sample)."""

    __tablename__ = "parindex_sets"
    __table_args__ = (UniqueConstraint("province_code", "year", "version", name="uq_parindex_sets_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int | None] = mapped_column(ForeignKey("provinces.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ParIndexAssessment(Base):
    __tablename__ = "parindex_assessments"
    __table_args__ = (UniqueConstraint("locality_code", "year", name="uq_parindex_assessments_locality_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locality_code: Mapped[int] = mapped_column(ForeignKey("localities.code"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("parindex_sets.id"))
    status: Mapped[AssessmentStatus] = mapped_column(
        _enum(AssessmentStatus, "parindex_status"), default=AssessmentStatus.DRAFT
    )
    prefilled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appraised_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    appraised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ParIndexScore(Base):
    """One leaf criterion of an assessment: proposed (with its figure), self-assessed, appraised, survey."""

    __tablename__ = "parindex_scores"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_code", name="uq_parindex_scores_criterion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("parindex_assessments.id", ondelete="CASCADE"), index=True
    )
    criterion_code: Mapped[str] = mapped_column(String(30))
    proposed: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(100))
    figure: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    self_score: Mapped[float | None] = mapped_column(Float)
    self_reason: Mapped[str | None] = mapped_column(Text)
    appraised: Mapped[float | None] = mapped_column(Float)
    appraisal_comment: Mapped[str | None] = mapped_column(Text)
    review: Mapped[CriterionReview] = mapped_column(
        _enum(CriterionReview, "parindex_review"), default=CriterionReview.PENDING
    )
    survey: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ParIndexEvidence(Base):
    """A document behind a score: a task's progress report (linked, not copied) or an uploaded file."""

    __tablename__ = "parindex_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("parindex_scores.id", ondelete="CASCADE"), index=True)
    progress_report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id", ondelete="SET NULL"))
    file_path: Mapped[str | None] = mapped_column(String(1000))
    file_name: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
