"""Criteria sets: the packaged sample, import from a province's .xlsx, list, read, export."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.parindex import Band, CriteriaSet, set_from_rows
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now
from cchc.parindex.common import audit, criteria_of
from cchc.reports.parindex import read_set_xlsx, set_xlsx
from cchc.store.localities import LocalityRepository
from cchc.store.models_parindex import ParIndexSet
from cchc.store.parindex import ParIndexRepository

SAMPLE_FILE = "sample_2026.json"


@dataclass(frozen=True)
class SetSummary:
    id: int
    province_code: int | None
    year: int
    version: int
    name: str
    sample: bool
    total_max: float
    survey_max: float
    criteria: int
    imported_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "province_code": self.province_code, "year": self.year, "version": self.version,
                "name": self.name, "sample": self.sample, "total_max": self.total_max,
                "survey_max": self.survey_max, "criteria": self.criteria, "imported_at": self.imported_at.isoformat()}


def _summary(row: ParIndexSet) -> SetSummary:
    cset = criteria_of(row)
    return SetSummary(row.id, row.province_code, row.year, row.version, row.name, row.sample, cset.total_max,
                      cset.survey_max, len(cset.leaves()), row.imported_at)


def sample_set(year: int | None = None) -> CriteriaSet:
    """The packaged sample (mẫu tham khảo), for `year` when given."""
    text = resources.files("cchc.parindex").joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    cset = CriteriaSet.from_dict(json.loads(text))
    return cset if year is None or year == cset.year else cset.with_meta(year=year)


def _sha(cset: CriteriaSet) -> str:
    return hashlib.sha256(json.dumps(cset.to_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def store_set(session: Session, actor: Actor, cset: CriteriaSet) -> ParIndexSet:
    """Keep `cset` as the next version of its province and year (the same content again is not duplicated)."""
    repo = ParIndexRepository(session)
    sha = _sha(cset.with_meta(version=0))
    same = repo.set_by_sha(cset.province_code, cset.year, sha)
    if same is not None:
        return same
    latest = repo.latest_set(cset.province_code, cset.year)
    version = (latest.version + 1) if latest is not None else 1
    cset = cset.with_meta(version=version)
    row = ParIndexSet(province_code=cset.province_code, year=cset.year, version=version, name=cset.name,
                      sample=cset.sample, content=cset.to_dict(), sha256=sha, imported_by=actor.user_id,
                      imported_at=now())
    repo.add(row)
    audit(session, actor, entity="parindex_set", entity_id=row.id, action="import", before=None,
          after={"province_code": row.province_code, "year": row.year, "version": version, "name": row.name,
                 "sample": row.sample, "criteria": len(cset.leaves()), "sha256": sha}, locality_code=None)
    return row


def ensure_sample_set(session: Session, actor: Actor, *, year: int) -> ParIndexSet:
    """The sample set for `year` in the database (installed on first use)."""
    row = ParIndexRepository(session).latest_set(None, year)
    return row if row is not None else store_set(session, actor, sample_set(year))


def _require_set_admin(session: Session, actor: Actor, province_code: int | None) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.CITY_REVIEWER and province_code is not None and actor.province_code == province_code:
        return
    raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh, thành phố (hoặc quản trị) được nhập bộ tiêu chí.")


def import_set_xlsx(session: Session, actor: Actor, *, content: bytes, province_code: int | None = None,
                    year: int | None = None, name: str | None = None,
                    bands: list[Band] | None = None) -> SetSummary:
    """A province's criteria set from its published .xlsx; the caller's values win over the workbook's."""
    sheet = read_set_xlsx(content)
    info = sheet.info
    province = province_code if province_code is not None else info.get("province_code")
    province = int(province) if province not in (None, "") else None
    if province is None:
        raise InvalidInput("Chưa rõ bộ tiêu chí của tỉnh, thành phố nào: hãy chọn mã tỉnh/thành phố.",
                           where="province_code")
    if LocalityRepository(session).province(province) is None:
        raise NotFound(f"Không có tỉnh, thành phố mã {province}.", where="province_code")
    _require_set_admin(session, actor, province)
    the_year = year if year is not None else info.get("year")
    if the_year in (None, ""):
        raise InvalidInput("Chưa rõ năm áp dụng của bộ tiêu chí.", where="year")
    the_bands = bands or sheet.bands
    if not the_bands:
        raise InvalidInput("Bộ tiêu chí chưa có các mức xếp loại (trang «Xếp loại»).", where="bands")
    sample = str(info.get("sample", "")).strip().lower() in ("có", "co", "true", "1", "yes")
    cset = set_from_rows(sheet.rows, header=sheet.header, name=name or str(info.get("name") or
                         f"Bộ tiêu chí Chỉ số CCHC cấp xã năm {the_year}"), year=int(the_year),
                         province_code=province, version=1, bands=the_bands, sample=sample,
                         note=str(info.get("note") or ""), areas=sheet.areas)
    return _summary(store_set(session, actor, cset))


def list_sets(session: Session, actor: Actor, *, year: int | None = None) -> list[SetSummary]:
    """The sets an actor may use: the province's and the samples (an admin sees every set)."""
    province = None if actor.is_admin else _province_of_actor(session, actor)
    rows = ParIndexRepository(session).sets(province_code=province, year=year) if province is not None or \
        actor.is_admin else ParIndexRepository(session).sets(province_code=-1, year=year)
    return [_summary(r) for r in rows]


def _province_of_actor(session: Session, actor: Actor) -> int | None:
    if actor.province_code is not None:
        return actor.province_code
    if actor.locality_code is not None:
        loc = LocalityRepository(session).locality(actor.locality_code)
        return loc.province_code if loc else None
    return None


def get_set(session: Session, actor: Actor, *, set_id: int) -> CriteriaSet:
    row = ParIndexRepository(session).set(int(set_id))
    if row is None:
        raise NotFound(f"Không có bộ tiêu chí #{set_id}.", where="set_id")
    if row.province_code is not None and not actor.is_admin and _province_of_actor(session, actor) != row.province_code:
        raise PermissionDenied("Bộ tiêu chí này thuộc tỉnh, thành phố khác.")
    return criteria_of(row)


def export_set_xlsx(session: Session, actor: Actor, *, set_id: int) -> bytes:
    """The set as an .xlsx in the published layout (reads back to the same set)."""
    return set_xlsx(get_set(session, actor, set_id=set_id))
