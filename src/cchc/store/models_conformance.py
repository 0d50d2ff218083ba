"""Plans above the commune (the city's, the national ones), the links of a commune plan to them, the
commune's decisions on suggested task matches, amendments of a plan and the versions they make."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base

__all__ = ["ParentPlan", "PlanAmendment", "PlanLink", "PlanVersion", "TaskMatchDecision"]


class ParentPlan(Base):
    """A plan issued above the commune, published once for every commune it binds.

    `level` "province": binds the communes of `province_code`; "national": every commune. The plan's
    content is its `cchc.plan/1` document (`document`), read by the conformance rules."""

    __tablename__ = "parent_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    province_code: Mapped[int | None] = mapped_column(ForeignKey("provinces.code"), index=True)
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(300))
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_issued_on: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    source_name: Mapped[str | None] = mapped_column(String(500))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(String(1000))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlanLink(Base):
    """A commune plan implements a parent plan."""

    __tablename__ = "plan_links"
    __table_args__ = (UniqueConstraint("plan_id", "parent_plan_id", name="uq_plan_links_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_plan_id: Mapped[int] = mapped_column(ForeignKey("parent_plans.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TaskMatchDecision(Base):
    """The commune confirmed (or rejected) that its task answers a parent task (`parent_key` "p<id>:t<n>")."""

    __tablename__ = "task_match_decisions"
    __table_args__ = (UniqueConstraint("plan_id", "parent_key", "task_id", name="uq_task_match_decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_plan_id: Mapped[int] = mapped_column(ForeignKey("parent_plans.id", ondelete="CASCADE"))
    parent_key: Mapped[str] = mapped_column(String(50))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    confirmed: Mapped[bool] = mapped_column(Boolean)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlanAmendment(Base):
    """A document amending a plan ("sửa đổi, bổ sung", "điều chỉnh"): pending until applied or rejected.

    `proposed` is the plan's content as amended (`cchc.plan/1`); `diff` what changes (plan_diff JSON)."""

    __tablename__ = "plan_amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(20))  # consolidated | partial
    status: Mapped[str] = mapped_column(String(20))  # pending | applied | rejected
    source_name: Mapped[str | None] = mapped_column(String(500))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(String(1000))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposed: Mapped[dict[str, Any]] = mapped_column(JSON)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlanVersion(Base):
    """The content of a plan at one version: 1 as first issued, then one per applied amendment."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "seq", name="uq_plan_versions_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("plan_amendments.id", ondelete="SET NULL"))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
