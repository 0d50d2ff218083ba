"""Former communes and the communes they were merged into (the 2025 reorganisation and earlier ones)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base

__all__ = ["LocalityMerger"]


class LocalityMerger(Base):
    """`predecessor_code` (a former commune, not necessarily in `localities`) became part of `successor_code`."""

    __tablename__ = "locality_mergers"
    __table_args__ = (UniqueConstraint("predecessor_code", "successor_code", name="uq_locality_mergers_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predecessor_code: Mapped[int] = mapped_column(Integer, index=True)
    predecessor_name: Mapped[str] = mapped_column(String(200))
    predecessor_kind: Mapped[str | None] = mapped_column(String(50))
    predecessor_district: Mapped[str | None] = mapped_column(String(200))
    successor_code: Mapped[int] = mapped_column(ForeignKey("localities.code"), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(300))
