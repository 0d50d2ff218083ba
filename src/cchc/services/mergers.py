"""Merger-aware history: import the mapping of former communes to their successors, and read it.

The mapping file (CSV in UTF-8, or .xlsx) has one row per former commune:

    ma_xa_cu,ten_xa_cu,loai_cu,huyen_cu,ma_xa_moi,ngay_hieu_luc
    00007,Phường Trúc Bạch,phường,Quận Ba Đình,00004,01/07/2025

(English headers too: old_code, old_name, old_kind, old_district, new_code, effective_on; the date
defaults to 01/07/2025, the day the 2025 reorganisation took effect.) A successor must be a current
commune; a row that cannot be read is reported with its row number, column and value, and nothing of
the file is saved. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.mergers import Merger, MergerCycle, MergerMap
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.kernel.localities import REORGANISATION_DATE
from cchc.kernel.validation import parse_date
from cchc.store.models import Locality
from cchc.store.models_mergers import LocalityMerger

__all__ = ["MergerImport", "import_mergers", "merger_map", "predecessors_view"]

_COLUMNS = {
    "predecessor_code": ("ma_xa_cu", "mã xã cũ", "old_code"),
    "predecessor_name": ("ten_xa_cu", "tên xã cũ", "old_name"),
    "predecessor_kind": ("loai_cu", "loại", "old_kind"),
    "predecessor_district": ("huyen_cu", "huyện cũ", "old_district"),
    "successor_code": ("ma_xa_moi", "mã xã mới", "new_code"),
    "effective_on": ("ngay_hieu_luc", "ngày hiệu lực", "effective_on"),
}
_REQUIRED = ("predecessor_code", "predecessor_name", "successor_code")
MAX_ROWS = 20_000


@dataclass
class MergerImport:
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    successors: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "unchanged": self.unchanged, "updated": self.updated,
                "successors": self.successors, "warnings": self.warnings}


def _rows(content: bytes, filename: str) -> list[dict[str, str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
            raise InvalidInput(f"Không đọc được tệp {filename}: {exc}", where="file") from exc
        values = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"Tệp {filename} không phải UTF-8: lưu lại bằng Excel với «CSV UTF-8» (file must be UTF-8)",
                where="file",
            ) from None
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise InvalidInput(f"Tệp {filename} rỗng.", where="file")
    header = [h.strip().lower() for h in values[0]]
    index: dict[str, int] = {}
    for canon, names in _COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[canon] = i
    missing = [_COLUMNS[c][0] for c in _REQUIRED if c not in index]
    if missing:
        raise InvalidInput(f"Tệp {filename} thiếu cột {', '.join(missing)} (missing columns).", where="file")
    if len(values) - 1 > MAX_ROWS:
        raise InvalidInput(f"Tệp {filename} có quá {MAX_ROWS} dòng.", where="file")
    return [
        {canon: (row[i].strip() if i < len(row) else "") for canon, i in index.items()} | {"_row": str(n)}
        for n, row in enumerate(values[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # datetime too: Excel date cells
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _code(value: str, row: str, column: str) -> int:
    digits = value.strip()
    if not digits.isdigit() or len(digits) > 6:
        raise InvalidInput(f"Dòng {row}, cột {column}: «{value[:40]}» không phải mã xã/phường (5 chữ số).",
                           where=column)
    return int(digits)


def import_mergers(session: Session, actor: Actor, *, content: bytes, filename: str) -> MergerImport:
    """Load a mapping of former communes to successors (admin). All or nothing; idempotent."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Chỉ quản trị viên nhập danh mục sáp nhập xã/phường.")
    rows = _rows(content, filename)
    wanted: list[Merger] = []
    extra: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    for r in rows:
        n = r["_row"]
        pred = _code(r["predecessor_code"], n, "ma_xa_cu")
        succ = _code(r["successor_code"], n, "ma_xa_moi")
        name = r["predecessor_name"]
        if not name:
            raise InvalidInput(f"Dòng {n}, cột ten_xa_cu: thiếu tên xã cũ.", where="ten_xa_cu")
        raw_date = r.get("effective_on") or ""
        when = parse_date(raw_date, f"Dòng {n}, cột ngay_hieu_luc") if raw_date else REORGANISATION_DATE
        assert when is not None
        wanted.append(Merger(pred, name[:200], succ, when))
        extra[(pred, succ)] = ((r.get("predecessor_kind") or None), (r.get("predecessor_district") or None))
    successors = {m.successor_code for m in wanted}
    known = set(session.scalars(select(Locality.code).where(Locality.code.in_(successors))))
    unknown = sorted(successors - known)
    if unknown:
        row = next(r["_row"] for r in rows if int(r["successor_code"]) == unknown[0])
        raise InvalidInput(
            f"Dòng {row}, cột ma_xa_moi: mã {unknown[0]:05d} không phải xã/phường hiện hành "
            f"({len(unknown)} mã như vậy).", where="ma_xa_moi",
        )
    existing = {(m.predecessor_code, m.successor_code): m for m in session.scalars(select(LocalityMerger))}
    try:
        MergerMap([*wanted, *(_merger(m) for k, m in existing.items() if k not in extra)])
    except MergerCycle as exc:
        raise InvalidInput(f"Danh mục sáp nhập vòng tròn: {exc}", where="file") from None
    result = MergerImport(successors=len(successors))
    preds_by_succ: dict[int, set[int]] = {}
    for m in wanted:
        kind, district = extra[(m.predecessor_code, m.successor_code)]
        row = existing.get((m.predecessor_code, m.successor_code))
        values = dict(predecessor_name=m.predecessor_name, predecessor_kind=kind, predecessor_district=district,
                      effective_on=m.effective_on, source=filename[:300])
        if row is None:
            session.add(LocalityMerger(predecessor_code=m.predecessor_code, successor_code=m.successor_code, **values))
            result.added += 1
        elif (row.predecessor_name, row.effective_on) == (m.predecessor_name, m.effective_on):
            result.unchanged += 1
        else:
            for k, v in values.items():
                setattr(row, k, v)
            result.updated += 1
        preds_by_succ.setdefault(m.successor_code, set()).add(m.predecessor_code)
        if m.predecessor_code in known - {m.successor_code}:
            result.warnings.append(
                f"Mã {m.predecessor_code:05d} vừa là xã cũ vừa là xã hiện hành: hồ sơ mang mã này được tính cho "
                f"xã/phường {m.successor_code:05d}."
            )
    for loc in session.scalars(select(Locality).where(Locality.code.in_(successors))):
        merged = sorted(set(loc.predecessor_codes or []) | preds_by_succ.get(loc.code, set()))
        if merged != list(loc.predecessor_codes or []):
            loc.predecessor_codes = merged
    session.flush()
    record_event(session, actor, entity="locality_merger", entity_id=0, action="import", before=None,
                 after={"file": filename[:300], **result.to_json()})
    return result


def _merger(row: LocalityMerger) -> Merger:
    return Merger(row.predecessor_code, row.predecessor_name, row.successor_code, row.effective_on)


def merger_map(session: Session) -> MergerMap:
    """Every recorded merger, as the pure map the rules use (one query)."""
    return MergerMap(_merger(r) for r in session.scalars(select(LocalityMerger)))


@dataclass(frozen=True)
class PredecessorView:
    code: int
    name: str
    kind: str | None
    district: str | None
    effective_on: date

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "kind": self.kind, "district": self.district,
                "effective_on": self.effective_on.isoformat()}


def predecessors_view(session: Session, successor_code: int) -> list[PredecessorView]:
    """The former communes whose records count for `successor_code` (through chains too), by code."""
    mm = merger_map(session)
    codes = set(mm.predecessors(successor_code))
    rows = session.scalars(select(LocalityMerger).where(LocalityMerger.predecessor_code.in_(codes))).all()
    return sorted(
        (PredecessorView(r.predecessor_code, r.predecessor_name, r.predecessor_kind, r.predecessor_district,
                         r.effective_on) for r in rows if mm.current(r.predecessor_code) == successor_code
         or r.predecessor_code == successor_code),
        key=lambda v: v.code,
    )
