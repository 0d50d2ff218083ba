"""Typed SQLAlchemy 2 models of the plan workspace; Alembic migrations are the schema source."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cchc.domain.areas import Area
from cchc.domain.statuses import PlanStatus, ReviewStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.store.base import Base as Base
from cchc.store.base import _enum

__all__ = [
    "AuditEvent",
    "Base",
    "Contribution",
    "ExtensionRequest",
    "ExtensionStatus",
    "Indicator",
    "IndicatorUnit",
    "Locality",
    "LocalityKind",
    "Measurement",
    "MeasurementSource",
    "Plan",
    "PlanKind",
    "ProgressReport",
    "Province",
    "Role",
    "Task",
    "TaskUnit",
    "TriggerEvent",
    "Unit",
    "User",
]


class Role(StrEnum):
    STANDING_OFFICE = "standing_office"
    UNIT_OFFICER = "unit_officer"
    LEADER = "leader"
    CITY_REVIEWER = "city_reviewer"
    ADMIN = "admin"
    MINISTRY_REVIEWER = "ministry_reviewer"


class LocalityKind(StrEnum):
    XA = "xã"
    PHUONG = "phường"
    DAC_KHU = "đặc khu"


class PlanKind(StrEnum):
    GENERAL = "general"
    TTHC = "tthc"
    APPENDIX = "appendix"
    AMENDMENT = "amendment"


class MeasurementSource(StrEnum):
    MANUAL = "manual"
    DOSSIERS = "dossiers"
    TASKS = "tasks"


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class Province(Base):
    __tablename__ = "provinces"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    codename: Mapped[str] = mapped_column(String(200))


class Locality(Base):
    __tablename__ = "localities"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    codename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[LocalityKind] = mapped_column(_enum(LocalityKind, "locality_kind"))
    province_code: Mapped[int] = mapped_column(ForeignKey("provinces.code"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Codes of the communes merged into this one (2025 reorganisation), when known.
    predecessor_codes: Mapped[list[int] | None] = mapped_column(JSON)

    province: Mapped[Province] = relationship(lazy="raise")


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("locality_code", "name", name="uq_units_locality_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locality_code: Mapped[int] = mapped_column(ForeignKey("localities.code"), index=True)
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind, "unit_kind"))
    name: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role"))
    locality_code: Mapped[int | None] = mapped_column(ForeignKey("localities.code"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    province_code: Mapped[int | None] = mapped_column(ForeignKey("provinces.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Where notifications are e-mailed, and how (`immediate` when NULL, `digest`, `none`): see models_notify.
    email: Mapped[str | None] = mapped_column(String(320))
    email_mode: Mapped[str | None] = mapped_column(String(10))


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locality_code: Mapped[int] = mapped_column(ForeignKey("localities.code"), index=True)
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(300))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[PlanKind] = mapped_column(_enum(PlanKind, "plan_kind"), default=PlanKind.GENERAL)
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus, "plan_status"), default=PlanStatus.DRAFT)
    source_path: Mapped[str | None] = mapped_column(String(1000))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_name: Mapped[str | None] = mapped_column(String(500))
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TaskUnit(Base):
    """A unit linked to a task as lead (`lead=True`) or coordinator."""

    __tablename__ = "task_units"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)
    lead: Mapped[bool] = mapped_column(Boolean, primary_key=True)


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str | None] = mapped_column(String(50))
    origin: Mapped[str] = mapped_column(String(20), default="narrative")
    area: Mapped[Area] = mapped_column(_enum(Area, "area"))
    objective: Mapped[str | None] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text)
    activity: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    funding: Mapped[str | None] = mapped_column(Text)
    lead_raw: Mapped[str | None] = mapped_column(Text)
    support_raw: Mapped[str | None] = mapped_column(Text)
    # Unit references as extracted (kinds, collective refs), kept for re-resolution.
    unit_refs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    timeline_kind: Mapped[str] = mapped_column(String(20), default="unspecified")
    timeline_raw: Mapped[str | None] = mapped_column(Text)
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    every: Mapped[str | None] = mapped_column(String(20))
    offset_days: Mapped[int | None] = mapped_column(Integer)
    trigger_on: Mapped[date | None] = mapped_column(Date)
    # Due date after triggers and approved extensions, before moving off non-working days.
    computed_due: Mapped[date | None] = mapped_column(Date)
    # Status as reported (never overdue/done_late: those are computed on read).
    reported_status: Mapped[TaskStatus] = mapped_column(
        _enum(TaskStatus, "task_status"), default=TaskStatus.NOT_STARTED
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[int] = mapped_column(Integer, default=0)
    done_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    units: Mapped[list[TaskUnit]] = relationship(lazy="raise", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class IndicatorUnit(Base):
    __tablename__ = "indicator_units"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str | None] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(50))
    comparator: Mapped[str] = mapped_column(String(2))
    target: Mapped[float] = mapped_column(Float)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    metric: Mapped[str | None] = mapped_column(String(50))
    responsible_raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)

    units: Mapped[list[IndicatorUnit]] = relationship(lazy="raise", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Measurement(Base):
    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period", "source", name="uq_measurements_indicator_period_source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    source: Mapped[MeasurementSource] = mapped_column(_enum(MeasurementSource, "measurement_source"))
    evidence: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProgressReport(Base):
    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("task_id", "period", "unit_id", name="uq_progress_task_period_unit"),
        Index("ix_progress_period", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[TaskStatus] = mapped_column(_enum(TaskStatus, "task_status"))
    percent: Mapped[int] = mapped_column(Integer)
    results: Mapped[str] = mapped_column(Text)
    difficulties: Mapped[str | None] = mapped_column(Text)
    proposals: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    evidence_number: Mapped[str | None] = mapped_column(String(100))
    evidence_date: Mapped[date | None] = mapped_column(Date)
    evidence_file: Mapped[str | None] = mapped_column(String(1000))
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    review_status: Mapped[ReviewStatus] = mapped_column(
        _enum(ReviewStatus, "review_status"), default=ReviewStatus.SUBMITTED
    )
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Contribution(Base):
    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    text: Mapped[str] = mapped_column(Text)
    evidence_number: Mapped[str | None] = mapped_column(String(100))
    evidence_date: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExtensionRequest(Base):
    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    old_due_on: Mapped[date | None] = mapped_column(Date)
    new_due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        _enum(ExtensionStatus, "extension_status"), default=ExtensionStatus.PENDING
    )
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)


class TriggerEvent(Base):
    __tablename__ = "trigger_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Append-only: the store offers no update or delete of these rows."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(50))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(100))
    locality_code: Mapped[int | None] = mapped_column(Integer, index=True)

from cchc.store import models_conformance as _models_conformance  # noqa: E402,F401  (parent plans, amendments)
from cchc.store import models_notify as models_notify  # noqa: E402,F401  (notifications tables)
from cchc.store import models_parindex as _models_parindex  # noqa: E402,F401  (PAR-index tables)
from cchc.store import models_reports as _models_reports  # noqa: E402,F401  (report versions)
from cchc.store import models_sessions as _models_sessions  # noqa: E402,F401  (server-side sessions)
from cchc.store import models_templates as _models_templates  # noqa: E402,F401  (report templates)
from cchc.store.models_jobs import Job as Job  # noqa: E402,F401  (the jobs table joins the metadata)
from cchc.store.models_mergers import LocalityMerger as LocalityMerger  # noqa: E402  (metadata sees it)
