"""Report versions and their figures as rows: one row per generated version, with its snapshot.

The files of a version (.docx, .xlsx, .pdf, the edited text as JSON) stay in the data directory; the
row holds who generated and approved it, the SHA-256 of its .docx and the `ReportSnapshot` JSON of
every figure it states, so the figures of a signed report are in the database with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base


class ReportVersionRow(Base):
    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("locality_code", "period", "version", name="uq_report_versions_locality_period_version"),
        Index("ix_report_versions_locality_period", "locality_code", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locality_code: Mapped[int] = mapped_column(ForeignKey("localities.code"))
    period: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, Any]] = mapped_column(JSON)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
