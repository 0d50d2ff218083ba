"""Report templates a province uploads: the .docx itself, who uploaded it, and which one is in use.

Every upload is a row; the row marked `active` is the template the province's communes' reports are
laid out with (none active: the Decree 30 default). Older rows stay as the history of the province's
templates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base

__all__ = ["ReportTemplateRow"]


class ReportTemplateRow(Base):
    __tablename__ = "report_templates"
    __table_args__ = (Index("ix_report_templates_province_active", "province_code", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[int] = mapped_column(ForeignKey("provinces.code"))
    filename: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    placeholders: Mapped[list[Any]] = mapped_column(JSON)  # the placeholders the template uses
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
