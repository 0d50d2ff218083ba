"""Queries on provinces, localities and units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from cchc.store.models import Locality, Province, Unit

__all__ = ["LocalityRepository"]


class LocalityRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def province_codes(self) -> set[int]:
        return set(self.session.scalars(select(Province.code)))

    def locality_codes(self) -> set[int]:
        return set(self.session.scalars(select(Locality.code)))

    def bulk_insert_provinces(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(Province), rows)

    def bulk_insert_localities(self, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), 1000):
            self.session.execute(insert(Locality), rows[i : i + 1000])

    def bulk_insert_units(self, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), 2000):
            self.session.execute(insert(Unit), rows[i : i + 2000])

    def provinces(self) -> Sequence[Province]:
        return self.session.scalars(select(Province).order_by(Province.name)).all()

    def province(self, code: int) -> Province | None:
        return self.session.get(Province, code)

    def locality(self, code: int) -> Locality | None:
        return self.session.get(Locality, code)

    def localities(
        self,
        *,
        province_code: int | None = None,
        search: str | None = None,
        fold: str | None = None,
        limit: int = 200,
    ) -> Sequence[Locality]:
        query = select(Locality).order_by(Locality.name).limit(limit)
        if province_code is not None:
            query = query.where(Locality.province_code == province_code)
        if search:
            # SQLite's lower() folds ASCII only: match the folded codename too ("dong_hai" for "Đông Hải").
            like = f"%{search.lower()}%"
            folded = f"%{fold or search.lower()}%"
            query = query.where(or_(func.lower(Locality.name).like(like), Locality.codename.like(folded)))
        return self.session.scalars(query).all()

    def count_localities(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Locality)) or 0

    def units(self, locality_code: int) -> Sequence[Unit]:
        return self.session.scalars(
            select(Unit).where(Unit.locality_code == locality_code).order_by(Unit.id)
        ).all()

    def unit(self, unit_id: int) -> Unit | None:
        return self.session.get(Unit, unit_id)

    def units_by_ids(self, ids: Sequence[int]) -> Sequence[Unit]:
        if not ids:
            return []
        return self.session.scalars(select(Unit).where(Unit.id.in_(ids))).all()

    def add_unit(self, unit: Unit) -> Unit:
        self.session.add(unit)
        self.session.flush()
        return unit
