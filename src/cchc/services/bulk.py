"""Bulk export of tasks and indicators to XLSX/CSV, and import of the same columns with a preview."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.cells import csv_safe, csv_unescape, formula_like
from cchc.domain.errors import CchcError, InvalidInput
from cchc.kernel.actor import Actor
from cchc.kernel.validation import clean_int, clean_number, clean_text, parse_date
from cchc.services.plans import (
    IndicatorView,
    TaskView,
    add_indicator,
    add_task,
    get_plan,
    get_plan_row,
    update_indicator,
    update_task,
)

__all__ = [
    "INDICATOR_COLUMNS",
    "TASK_COLUMNS",
    "ImportPreview",
    "RowChange",
    "RowError",
    "apply_import",
    "export_indicators",
    "export_tasks",
    "preview_import",
]

# (key, Vietnamese header); an import accepts either.
TASK_COLUMNS: list[tuple[str, str]] = [
    ("id", "Mã"),
    ("ref", "Số thứ tự"),
    ("area", "Lĩnh vực"),
    ("objective", "Mục tiêu"),
    ("task", "Nhiệm vụ"),
    ("activity", "Hoạt động"),
    ("output", "Sản phẩm"),
    ("funding", "Kinh phí"),
    ("lead_units", "Đơn vị chủ trì"),
    ("support_units", "Đơn vị phối hợp"),
    ("timeline_kind", "Loại thời hạn"),
    ("timeline_raw", "Thời gian (nguyên văn)"),
    ("start_on", "Ngày bắt đầu"),
    ("end_on", "Ngày kết thúc"),
    ("due_on", "Hạn hoàn thành"),
    ("every", "Định kỳ"),
    ("offset_days", "Số ngày sau sự kiện"),
    ("status", "Trạng thái"),
    ("version", "Phiên bản"),
]
INDICATOR_COLUMNS: list[tuple[str, str]] = [
    ("id", "Mã"),
    ("ref", "Số thứ tự"),
    ("name", "Tên chỉ tiêu"),
    ("unit", "Đơn vị tính"),
    ("comparator", "So sánh"),
    ("target", "Chỉ tiêu"),
    ("period_start", "Từ ngày"),
    ("period_end", "Đến ngày"),
    ("metric", "Mã chỉ số"),
    ("responsible_units", "Đơn vị theo dõi"),
    ("version", "Phiên bản"),
]
# Columns shown on export but not imported (computed).
_READ_ONLY = {"status"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class RowChange:
    row: int
    id: int | None
    action: str  # add | update | unchanged
    fields: dict[str, tuple[Any, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id": self.id,
            "action": self.action,
            "fields": {k: list(v) for k, v in self.fields.items()},
        }


@dataclass
class ImportPreview:
    what: str
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "changes": [c.to_json() for c in self.changes],
            "errors": [e.to_json() for e in self.errors],
            "applied": self.applied,
        }


def _fmt(value: Any) -> Any:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _task_row(t: TaskView) -> dict[str, Any]:
    return {
        "id": t.id,
        "ref": t.ref,
        "area": t.area.value,
        "objective": t.objective,
        "task": t.task,
        "activity": t.activity,
        "output": t.output,
        "funding": t.funding,
        "lead_units": "; ".join(u.name for u in t.lead),
        "support_units": "; ".join(u.name for u in t.support),
        "timeline_kind": t.timeline_kind,
        "timeline_raw": t.timeline_raw,
        "start_on": t.start_on,
        "end_on": t.end_on,
        "due_on": t.due_on,
        "every": t.every,
        "offset_days": t.offset_days,
        "status": t.status.value,
        "version": t.version,
    }


def _indicator_row(i: IndicatorView) -> dict[str, Any]:
    return {
        "id": i.id,
        "ref": i.ref,
        "name": i.name,
        "unit": i.unit,
        "comparator": i.comparator,
        "target": i.target,
        "period_start": i.period_start,
        "period_end": i.period_end,
        "metric": i.metric,
        "responsible_units": "; ".join(u.name for u in i.responsible),
        "version": i.version,
    }


def _write(rows: list[dict[str, Any]], columns: list[tuple[str, str]], fmt: str, sheet: str) -> bytes:
    header = [label for _, label in columns]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_safe("" if (v := _fmt(row.get(k))) is None else v) for k, _ in columns])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        ws.append(header)
        for row in rows:
            ws.append([_fmt(row.get(k)) for k, _ in columns])
            for cell in ws[ws.max_row]:
                if formula_like(cell.value):
                    cell.data_type = "s"  # text that looks like a formula stays text
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise InvalidInput(f"Định dạng không hỗ trợ: {fmt!r} (xlsx, csv).", where="fmt")


def export_tasks(session: Session, actor: Actor, *, plan_id: int, fmt: str = "xlsx") -> bytes:
    """The plan's tasks as an XLSX or CSV file (columns TASK_COLUMNS)."""
    plan = get_plan(session, actor, plan_id=plan_id)
    return _write([_task_row(t) for t in plan.tasks], TASK_COLUMNS, fmt, "Nhiệm vụ")


def export_indicators(session: Session, actor: Actor, *, plan_id: int, fmt: str = "xlsx") -> bytes:
    """The plan's indicators as an XLSX or CSV file (columns INDICATOR_COLUMNS)."""
    plan = get_plan(session, actor, plan_id=plan_id)
    return _write([_indicator_row(i) for i in plan.indicators], INDICATOR_COLUMNS, fmt, "Chỉ tiêu")


# A cell longer than this is refused with its row and column (the csv module's own limit raised an error).
MAX_CELL_CHARS = 128 * 1024
# The csv module refuses fields over its process-wide limit (128 KiB by default) with csv.Error; the
# limit is raised once so that the cell check below can name the row and column of a long cell.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

_USE_UTF8 = "hãy lưu lại tệp dạng «CSV UTF-8» (Excel: Lưu thành → CSV UTF-8) rồi nhập lại"


def _decode_csv(content: bytes, filename: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in: UTF-8, UTF-16 (by its BOM) or Windows-1258.

    Windows-1258 writes Vietnamese with combining tone marks; the text is put in NFC so that headers
    and unit names compare equal to the ones typed on the web.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise InvalidInput(f"Tệp {filename!r} ghi UTF-16 nhưng bị hỏng; {_USE_UTF8}.", where="file") from None
    head = content[:4096]
    if head and head.count(b"\x00") * 4 >= len(head):
        raise InvalidInput(f"Tệp {filename!r} có vẻ ghi bằng UTF-16 không có BOM; {_USE_UTF8}.", where="file")
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1258")
    except UnicodeDecodeError:
        raise InvalidInput(f"Không đọc được bảng mã của tệp {filename!r}; {_USE_UTF8}.", where="file") from None
    return unicodedata.normalize("NFC", text), "Windows-1258"


def _read(content: bytes, filename: str) -> list[list[Any]]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        text, _encoding = _decode_csv(content, filename)
        sample = text[:2000]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows: list[list[Any]] = []
        try:
            for row in reader:
                for col, cell in enumerate(row, start=1):
                    if len(cell) > MAX_CELL_CHARS:
                        raise InvalidInput(
                            f"Ô ở dòng {reader.line_num}, cột {col} của tệp {filename!r} dài {len(cell)} ký tự, "
                            f"quá giới hạn {MAX_CELL_CHARS // 1024} KiB.",
                            where="file",
                        )
                rows.append([csv_unescape(c) for c in row])
        except csv.Error as exc:
            raise InvalidInput(f"Tệp {filename!r} hỏng ở dòng {reader.line_num}: {exc}.", where="file") from None
        return rows
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InvalidInput(f"Không mở được tệp Excel {filename!r}: {exc}", where="file") from None
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    raise InvalidInput(f"Chỉ nhận tệp .xlsx hoặc .csv (nhận được {filename!r}).", where="file")


def _units_from_names(value: Any, names: dict[str, int], column: str) -> list[int]:
    text = clean_text(value, column) or ""
    ids = []
    for part in [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]:
        uid = names.get(part.lower())
        if uid is None:
            raise InvalidInput(f"Không có đơn vị tên {part!r} trong xã/phường.", where=column)
        ids.append(uid)
    return ids


_TASK_KEYS = [k for k, _ in TASK_COLUMNS]
_IND_KEYS = [k for k, _ in INDICATOR_COLUMNS]


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _compare_value(key: str, value: Any) -> Any:
    if key in ("start_on", "end_on", "due_on", "period_start", "period_end"):
        return parse_date(value, key)
    if key in ("offset_days",):
        return clean_int(value, key)
    if key == "target":
        return clean_number(value, key)
    return clean_text(value, key)


def _plan_rows(
    session: Session, actor: Actor, plan_id: int, what: str, content: bytes, filename: str
) -> tuple[ImportPreview, list[tuple[int, int | None, int | None, dict[str, Any]]]]:
    if what not in ("tasks", "indicators"):
        raise InvalidInput(f"Loại dữ liệu không hợp lệ: {what!r} (tasks, indicators).", where="what")
    plan_row = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan_row.locality_code, "nhập dữ liệu hàng loạt")
    plan = get_plan(session, actor, plan_id=plan_id)
    columns = TASK_COLUMNS if what == "tasks" else INDICATOR_COLUMNS
    by_header = {label.lower(): key for key, label in columns} | {key: key for key, _ in columns}
    rows = _read(content, filename)
    preview = ImportPreview(what=what)
    if not rows:
        raise InvalidInput(f"Tệp {filename!r} không có dữ liệu.", where="file")
    header = [by_header.get(str(h or "").strip().lower()) for h in rows[0]]
    main = "task" if what == "tasks" else "name"
    if main not in header:
        wanted = dict(columns)[main]
        hint = ""
        if Path(filename).suffix.lower() == ".csv" and _decode_csv(content, filename)[1] != "UTF-8":
            hint = f" Tệp không ghi bằng UTF-8 (đã đọc như {_decode_csv(content, filename)[1]}); {_USE_UTF8}."
        raise InvalidInput(f'Thiếu cột "{wanted}" ở dòng tiêu đề của tệp {filename!r}.{hint}', where="file")
    from cchc.kernel.localities import list_units

    names = {u.name.lower(): u.id for u in list_units(session, actor, locality_code=plan.locality_code)}
    current: dict[int, dict[str, Any]] = (
        {t.id: _task_row(t) for t in plan.tasks}
        if what == "tasks"
        else {i.id: _indicator_row(i) for i in plan.indicators}
    )
    versions = {k: v["version"] for k, v in current.items()}
    unit_ids: dict[int, dict[str, list[int]]] = (
        {
            t.id: {"lead_units": [u.unit_id for u in t.lead], "support_units": [u.unit_id for u in t.support]}
            for t in plan.tasks
        }
        if what == "tasks"
        else {i.id: {"responsible_units": [u.unit_id for u in i.responsible]} for i in plan.indicators}
    )
    out: list[tuple[int, int | None, int | None, dict[str, Any]]] = []
    for number, raw in enumerate(rows[1:], start=2):
        values = {key: _normalise(v) for key, v in zip(header, raw, strict=False) if key is not None}
        if all(v is None for v in values.values()):
            continue
        try:
            rid = clean_int(values.get("id"), "id")
            version = clean_int(values.get("version"), "version")
        except InvalidInput as exc:
            preview.errors.append(RowError(number, exc.where, exc.message))
            continue
        if rid is not None and rid not in current:
            preview.errors.append(RowError(number, "id", f"Mã {rid} không thuộc kế hoạch này."))
            continue
        if rid is not None and version is not None and version != versions[rid]:
            preview.errors.append(
                RowError(
                    number,
                    "version",
                    f"Dòng dựa trên phiên bản {version}, hiện tại là {versions[rid]}: "
                    "đã có người sửa, hãy xuất lại tệp.",
                )
            )
            continue
        changes: dict[str, Any] = {}
        diff: dict[str, tuple[Any, Any]] = {}
        row_ok = True
        for key, value in values.items():
            if key in ("id", "version") or key in _READ_ONLY:
                continue
            try:
                if key in ("lead_units", "support_units", "responsible_units"):
                    new_ids = _units_from_names(value, names, key)
                    target = {
                        "lead_units": "lead_unit_ids",
                        "support_units": "support_unit_ids",
                        "responsible_units": "responsible_unit_ids",
                    }[key]
                    old_ids = unit_ids[rid][key] if rid is not None else []
                    if rid is None or set(old_ids) != set(new_ids):
                        changes[target] = new_ids
                        diff[key] = (current[rid][key] if rid is not None else None, value)
                    continue
                new = _compare_value(key, value)
                old = current[rid][key] if rid is not None else None
                if rid is None or new != old:
                    changes[key] = new
                    diff[key] = (_fmt(old), _fmt(new))
            except InvalidInput as exc:
                preview.errors.append(RowError(number, key, exc.message))
                row_ok = False
        if not row_ok:
            continue
        if rid is None and not changes.get(main):
            label = dict(columns)[main]
            preview.errors.append(RowError(number, main, f'Trường "{label}" không được để trống.'))
            continue
        action = "add" if rid is None else ("update" if changes else "unchanged")
        preview.changes.append(RowChange(number, rid, action, diff))
        out.append((number, rid, versions.get(rid) if rid is not None else None, changes))
    return preview, out


def preview_import(
    session: Session, actor: Actor, *, plan_id: int, what: str, content: bytes, filename: str
) -> ImportPreview:
    """What importing the file would change, row by row, and every row error; changes nothing."""
    preview, rows = _plan_rows(session, actor, plan_id, what, content, filename)
    # Dry-run each change through the real service in a savepoint so that its validation speaks too.
    for number, rid, version, changes in rows:
        if not changes:
            continue
        savepoint = session.begin_nested()
        try:
            _apply_one(session, actor, plan_id, what, rid, version, changes)
        except CchcError as exc:
            preview.errors.append(RowError(number, exc.where, exc.message))
        finally:
            savepoint.rollback()
    if preview.errors:
        bad = {e.row for e in preview.errors}
        preview.changes = [c for c in preview.changes if c.row not in bad]
    return preview


def _apply_one(
    session: Session,
    actor: Actor,
    plan_id: int,
    what: str,
    rid: int | None,
    version: int | None,
    changes: dict[str, Any],
) -> None:
    fn: Callable[..., Any]
    if what == "tasks":
        if rid is None:
            add_task(session, actor, plan_id=plan_id, fields=changes)
        else:
            update_task(session, actor, task_id=rid, version=version or 0, changes=changes)
    else:
        if rid is None:
            add_indicator(session, actor, plan_id=plan_id, fields=changes)
        else:
            fn = update_indicator
            fn(session, actor, indicator_id=rid, version=version or 0, changes=changes)


def apply_import(
    session: Session, actor: Actor, *, plan_id: int, what: str, content: bytes, filename: str
) -> ImportPreview:
    """Apply the file's changes; with any row error nothing is applied and InvalidInput lists them."""
    preview = preview_import(session, actor, plan_id=plan_id, what=what, content=content, filename=filename)
    if preview.errors:
        lines = "; ".join(
            f"dòng {e.row}{f' ({e.column})' if e.column else ''}: {e.message}" for e in preview.errors[:5]
        )
        more = f" và {len(preview.errors) - 5} lỗi khác" if len(preview.errors) > 5 else ""
        err = InvalidInput(f"Tệp có {len(preview.errors)} lỗi, chưa nhập gì: {lines}{more}.", where="file")
        err.preview = preview  # type: ignore[attr-defined]
        raise err
    _, rows = _plan_rows(session, actor, plan_id, what, content, filename)
    for _, rid, version, changes in rows:
        if changes:
            _apply_one(session, actor, plan_id, what, rid, version, changes)
    preview.applied = True
    return preview
