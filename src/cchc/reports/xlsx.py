"""Excel appendices of a report and of the monthly notice (openpyxl): the Word tables, ready to file.

Each sheet holds one table of the document, in the document's order and with its figures, under a header
block: the sheet's label and title, the reporting locality as the document names it, the period, the span
the figures are counted over (`Từ ngày … đến ngày …`), the cut-off date. The table has an STT column and its
header rows (the two-level header of form II.06a/VPCP/KSTT merged as in the official table) are repeated on
every printed page and frozen on screen. Counts and figures are numbers, dates are dates and percentages are
fractions with a `%` format, rounded to the precision shown (what the Word document prints), never text.
Pages print on landscape A4 fitted to the width. Text that a spreadsheet would run as a formula stays text
(`domain/cells.py`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from cchc.domain.cells import formula_like
from cchc.domain.periods import Period
from cchc.reports.data import (
    Index766Group,
    IndicatorRow,
    MonthlyRates,
    NoticeData,
    ReportData,
    ServiceRow,
    TaskStatusRow,
)
from cchc.reports.snapshot import PENDING_SPLIT_NOTE, ServiceFigure, pending_split

__all__ = [
    "HEADER_ROW",
    "II06A_HEADER",
    "II06A_MERGES",
    "Month",
    "Num",
    "Pct",
    "notice_workbook",
    "report_workbook",
    "write_notice_xlsx",
    "write_report_xlsx",
]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"
_SIZE = 12
_LINE = 15.75  # points per line of 12 pt text
HEADER_ROW = 9  # the first header row of every table; rows 1-8 are the header block

DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mm/yyyy"
COUNT_FORMAT = "#,##0"

_SOURCES = {"manual": "Đơn vị báo cáo", "dossiers": "Hệ thống hồ sơ TTHC", "tasks": "Theo dõi nhiệm vụ"}
_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}

# Form II.06a/VPCP/KSTT: three header rows, merged as in the official table.
II06A_HEADER = [
    ["STT", "Lĩnh vực giải quyết", "Tổng số hồ sơ tiếp nhận", "", "", "", "Đã giải quyết", "", "", "",
     "Đang giải quyết", "", ""],
    ["", "", "Tổng số", "Kỳ trước chuyển qua", "Tiếp nhận trong kỳ", "", "Tổng số", "Trước hạn", "Đúng hạn",
     "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"],
    ["", "", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "", "", "", "", "", "", ""],
]
# (first row, first column, last row, last column), 0-based within the header
II06A_MERGES = [
    (0, 0, 2, 0), (0, 1, 2, 1), (0, 2, 0, 5), (0, 6, 0, 9), (0, 10, 0, 12),
    (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 1, 5),
    *((1, c, 2, c) for c in range(6, 13)),
]


# --------------------------------------------------------------------------- typed cells


@dataclass(frozen=True)
class Pct:
    """A rate in percent (`96.31`), written as the fraction `0.9631` with a % format of its precision."""

    value: float


@dataclass(frozen=True)
class Num:
    """A figure (points, days…) shown with the decimals it has, at most `places`."""

    value: float
    places: int = 2


@dataclass(frozen=True)
class Month:
    """A month (`2026-05`), written as the date of its first day shown `05/2026`."""

    code: str

    @property
    def day(self) -> date:
        y, m = self.code.split("-")
        return date(int(y), int(m), 1)


def _places(value: float, most: int = 2) -> int:
    """The decimals `value` shows once rounded to `most`: 98 → 0, 98.7 → 1, 98.75 → 2."""
    v = round(value, most)
    return next(p for p in range(most + 1) if round(v, p) == v)


def _decimal_format(places: int, *, percent: bool = False) -> str:
    return ("#,##0" if not percent else "0") + ("." + "0" * places if places else "") + ("%" if percent else "")


def _put(cell, value: object, places: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """Write `value` with its type and Vietnamese display format (`places`: the decimals of its column)."""
    if value is None:
        return
    if isinstance(value, Pct):
        places = _places(value.value) if places is None else places
        cell.value = round(round(value.value, places) / 100, places + 2)
        cell.number_format = _decimal_format(places, percent=True)
    elif isinstance(value, Num):
        places = _places(value.value, value.places) if places is None else min(places, value.places)
        v = round(value.value, places)
        cell.value = int(v) if places == 0 else v
        cell.number_format = _decimal_format(places)
    elif isinstance(value, Month):
        cell.value = value.day
        cell.number_format = MONTH_FORMAT
    elif isinstance(value, datetime):
        cell.value = value.date()
        cell.number_format = DATE_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        cell.value = "Có" if value else "Không"
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    elif isinstance(value, float):
        _put(cell, Num(value))
    else:
        text = str(value)
        cell.value = text
        if formula_like(text):
            cell.data_type = "s"  # text that looks like a formula stays text


def _column_places(rows: Sequence[Sequence[object]], c: int) -> int | None:
    """One precision for a column of figures: the most decimals any of its values shows."""
    found = [_places(v.value) if isinstance(v, Pct) else _places(v.value, v.places)
             for r in rows if c < len(r) for v in (r[c],) if isinstance(v, Pct | Num)]
    return max(found) if found else None


def _shown(value: object) -> str:
    """About what the cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, Pct):
        return f"{value.value:.{_places(value.value)}f}%"
    if isinstance(value, Num):
        return f"{value.value:,.{_places(value.value, value.places)}f}"
    if isinstance(value, Month):
        return "00/0000"
    if isinstance(value, date):
        return "00/00/0000"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --------------------------------------------------------------------------- one sheet


@dataclass(frozen=True)
class Column:
    name: str
    widest: float  # the column never grows past this width (longer text wraps)
    align: str = "left"  # left | center | right
    narrowest: float = 5


@dataclass
class Heading:
    """What the header block of every sheet says."""

    locality: str  # "Ủy ban nhân dân phường Hoà Bình"
    period: str  # "Quý III năm 2026"
    attached: str  # "(Kèm theo Báo cáo số …/BC-UBND ngày … của Ủy ban nhân dân …)"
    cutoff: date


@dataclass
class Table:
    sheet: str
    label: str  # "Phụ lục I"
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    window: tuple[date, date]
    header: Sequence[Sequence[str]] | None = None  # several header rows (None: one row of column names)
    merges: Sequence[tuple[int, int, int, int]] = ()
    unit: str = ""  # "Đơn vị tính: hồ sơ"
    bold_last: bool = False  # the last row is the total
    notes: Sequence[str] = field(default_factory=tuple)


def _font(*, bold: bool = False, italic: bool = False, size: float = _SIZE) -> Font:
    return Font(name=_FONT, bold=bold, italic=italic, size=size)


def _lines(text: str, width: float) -> int:
    """Lines a text takes in a column `width` characters wide (generous, so nothing is cut)."""
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(len(part) * 1.08 / usable)) for part in text.split("\n"))


def _widths(table: Table, header: Sequence[Sequence[str]]) -> list[float]:
    out = []
    for c, col in enumerate(table.columns):
        words = [w for row in header for w in (row[c] or "").split()] if header else col.name.split()
        shortest = max([len(w) + 2 for w in words] + [col.narrowest])
        natural = max([len(_shown(r[c])) + 2 for r in table.rows if c < len(r)] + [0])
        out.append(float(min(col.widest, max(shortest, natural))))
    return out


def _merged_row(ws: Worksheet, row: int, first: int, last: int, value: object, *, font: Font,
                horizontal: str = "center", height: float | None = None) -> None:
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first)
    _put(cell, value)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if height:
        ws.row_dimensions[row].height = height


def _upper(text: str) -> str:
    """A title in capitals, document symbols (`766/QĐ-TTg`, `II.06a/VPCP/KSTT`) kept as they are written."""
    return " ".join(w if "/" in w else w.upper() for w in text.split(" "))


def _header_block(ws: Worksheet, table: Table, heading: Heading, widths: Sequence[float]) -> None:
    n = len(widths)
    total = sum(widths)
    title = _upper(table.title)
    _merged_row(ws, 1, 1, n, table.label, font=_font(bold=True, size=13))
    _merged_row(ws, 2, 1, n, title, font=_font(bold=True, size=13), height=18 * _lines(title, total))
    _merged_row(ws, 3, 1, n, heading.attached, font=_font(italic=True), height=_LINE * _lines(heading.attached, total))
    span = next((k for k in range(1, n) if sum(widths[:k]) >= 22), max(1, n - 1))
    start, end = table.window
    lines = [
        ("Đơn vị báo cáo:", heading.locality),
        ("Kỳ báo cáo:", heading.period),
        ("Thời gian lấy số liệu:", f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"),
        ("Ngày chốt số liệu:", heading.cutoff),
    ]
    for i, (label, value) in enumerate(lines, 4):
        _merged_row(ws, i, 1, span, label, font=_font(), horizontal="left")
        _merged_row(ws, i, span + 1, n, value, font=_font(bold=True), horizontal="left")
    _merged_row(ws, 8, 1, n, table.unit, font=_font(italic=True), horizontal="right")


def _sheet(wb: Workbook, table: Table, heading: Heading) -> Worksheet:
    ws = wb.create_sheet(table.sheet)
    header = [list(r) for r in table.header] if table.header else [[c.name for c in table.columns]]
    widths = _widths(table, header)
    n = len(table.columns)
    _header_block(ws, table, heading, widths)

    for r, names in enumerate(header):
        row = HEADER_ROW + r
        lines = 1
        for c, name in enumerate(names):
            cell = ws.cell(row=row, column=c + 1)
            if name:
                _put(cell, name)
                r1, c1 = next(((r1, c1) for r0, c0, r1, c1 in table.merges if (r0, c0) == (r, c)), (r, c))
                lines = max(lines, math.ceil(_lines(name, sum(widths[c:c1 + 1])) / (r1 - r + 1)))
            cell.font = _font(bold=True, size=11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = _BORDER
        ws.row_dimensions[row].height = _LINE * lines
    for r0, c0, r1, c1 in table.merges:
        ws.merge_cells(start_row=HEADER_ROW + r0, start_column=c0 + 1, end_row=HEADER_ROW + r1, end_column=c1 + 1)

    first = HEADER_ROW + len(header)
    places = [_column_places(table.rows, c) for c in range(n)]
    for i, values in enumerate(table.rows):
        row = first + i
        bold = table.bold_last and i == len(table.rows) - 1
        lines = 1
        for c, value in enumerate(values):
            cell = ws.cell(row=row, column=c + 1)
            _put(cell, value, places[c])
            wrap = isinstance(value, str) and len(value) + 2 > widths[c]
            if wrap:
                lines = max(lines, _lines(str(value), widths[c]))
            cell.font = _font(bold=bold)
            cell.alignment = Alignment(horizontal=table.columns[c].align, vertical="center", wrap_text=wrap)
            cell.border = _BORDER
        if lines > 1:
            ws.row_dimensions[row].height = _LINE * lines
    last = first + len(table.rows) - 1

    note_row = last + 2
    for note in table.notes:
        _merged_row(ws, note_row, 1, n, note, font=_font(italic=True, size=11), horizontal="left",
                    height=_LINE * _lines(note, sum(widths)))
        note_row += 1

    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    end_col = get_column_letter(n)
    ws.freeze_panes = f"A{first}"
    if len(header) == 1 and table.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{end_col}{last - (1 if table.bold_last else 0)}"
    ws.print_title_rows = f"{HEADER_ROW}:{first - 1}"
    ws.print_area = f"A1:{end_col}{max(last, note_row - 1)}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = _FONT
    ws.oddFooter.center.size = 10
    return ws


# --------------------------------------------------------------------------- the rows of each table

TASK_COLUMNS = [
    Column("STT", 6, "center"), Column("Mã NV", 10, "center"), Column("Lĩnh vực", 20),
    Column("Nhiệm vụ", 48), Column("Đơn vị chủ trì", 24), Column("Thời hạn", 14, "center"),
    Column("Ngày đến hạn", 12, "center"), Column("Tình trạng", 16, "center"), Column("Tiến độ (%)", 10, "right"),
    Column("Ghi chú", 20),
]
INDICATOR_COLUMNS = [
    Column("STT", 6, "center"), Column("Chỉ tiêu", 50), Column("So sánh", 9, "center"),
    Column("Kế hoạch", 11, "right"), Column("Thực hiện", 11, "right"), Column("Đơn vị tính", 10, "center"),
    Column("Đánh giá", 14, "center"), Column("Nguồn số liệu", 22), Column("Ghi chú", 30),
]
SERVICE_COLUMNS = [Column("STT", 6, "center"), Column("Lĩnh vực giải quyết", 30),
                   *(Column(name, 12, "right", narrowest=9) for name in (
                       "Tổng số", "Kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính",
                       "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"))]
INDEX_COLUMNS = [
    Column("STT", 6, "center"), Column("Nhóm chỉ số", 36), Column("Điểm tối đa", 11, "right"),
    Column("Điểm đạt", 11, "right"), Column("Đo từ hồ sơ", 11, "right"), Column("Nhập từ nguồn khác", 12, "right"),
]
MONTH_COLUMNS = [
    Column("STT", 6, "center"), Column("Tháng", 10, "center"), Column("Hồ sơ tiếp nhận", 11, "right"),
    Column("Đúng hạn (%)", 11, "right"), Column("Trực tuyến (%)", 11, "right"),
    Column("Thanh toán trực tuyến (%)", 13, "right"), Column("Số hóa (%)", 11, "right"),
    Column("Hài lòng (%)", 11, "right"), Column("Chỉ số 766 (điểm)", 11, "right"),
]
MONTH_NOTE = Column("Ghi chú chỉ số 766", 14, "center")
PENDING_COLUMNS = [Column("STT", 6, "center"), Column("Nội dung", 60), Column("Số hồ sơ", 12, "right"),
                   Column("Tỷ lệ (%)", 11, "right")]


def _due_date(text: str) -> date | None:
    """A due date written as a date (`30/6/2026`); other timelines (`Quý II`, `Thường xuyên`) have none."""
    parts = text.strip().split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def task_rows(rows: Sequence[TaskStatusRow], due_on: dict[str, date | None] | None = None) -> list[list[object]]:
    """Phụ lục I: the Word rows, with the due date as a date beside the plan's timeline text."""
    due_on = due_on or {}
    return [[i, r.ref, r.area_label, r.task, r.lead, r.due, due_on.get(r.ref) or _due_date(r.due), r.status_label,
             None if r.percent is None else Pct(r.percent), r.note]
            for i, r in enumerate(rows, 1)]


def _figure(value: float | None, unit: str) -> object:
    if value is None:
        return None
    return Pct(value) if unit == "%" else Num(value)


def indicator_rows(rows: Sequence[IndicatorRow]) -> list[list[object]]:
    """Phụ lục II: target and actual as numbers (percentages with a % format), the unit beside them."""
    return [[i, r.name, _COMPARATORS.get(r.comparator.value, r.comparator.value), _figure(r.target, r.unit),
             _figure(r.actual, r.unit), r.unit, r.status_label, _SOURCES.get(r.source, r.source), r.note]
            for i, r in enumerate(rows, 1)]


def service_rows(rows: Sequence[ServiceRow]) -> list[list[object]]:
    """Form II.06a: one row per sector numbered, the total (the last row) without a number."""
    total = len(rows) - 1 if rows and rows[-1].label.startswith("Tổng") else None
    return [[None if i == total else i + 1, r.label, *r.cells()] for i, r in enumerate(rows)]


def pending_rows(total: ServiceFigure) -> list[list[object]]:
    """The document's pending split table (`snapshot.pending_split`): STT, what, how many, the share."""
    return [[int(line.number), line.label, line.count, None if line.ratio.value is None else Pct(line.ratio.value)]
            for line in pending_split(total)]


def index_rows(groups: Sequence[Index766Group], *, total: float | None,
               provisional: bool = False) -> list[list[object]]:
    """The Decision 766 groups as the Word table shows them (blank where it is blank) and the total."""
    rows: list[list[object]] = [
        [i, g.name, Num(g.max_points), None if g.score is None else Num(g.score),
         None if g.measured is None else Num(g.measured), Num(g.entered) if g.entered else None]
        for i, g in enumerate(groups, 1)
    ]
    if groups:
        label = "Tổng điểm (tạm tính)" if provisional else "Tổng điểm"
        rows.append([None, label, Num(sum(g.max_points for g in groups)), None if total is None else Num(total),
                     None, None])
    return rows


def month_rows(months: Sequence[MonthlyRates], notes: dict[str, str] | None = None) -> list[list[object]]:
    def pct(v: float | None) -> Pct | None:
        return None if v is None else Pct(v)

    out: list[list[object]] = []
    for i, m in enumerate(months, 1):
        row: list[object] = [i, Month(m.month), m.received, pct(m.on_time_rate), pct(m.online_rate),
                             pct(m.online_payment_rate), pct(m.digitization_rate), pct(m.satisfaction_rate),
                             None if m.index_766 is None else Num(m.index_766)]
        if notes is not None:
            row.append(notes.get(m.month, ""))
        out.append(row)
    return out


# --------------------------------------------------------------------------- workbooks


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _month_span(months: Sequence[MonthlyRates], cutoff: date) -> tuple[date, date] | None:
    if not months:
        return None
    first, last = Period.parse(months[0].month), Period.parse(months[-1].month)
    return first.start, min(last.end, max(cutoff, first.start))


def report_workbook(data: ReportData) -> Workbook:
    """Sheets in the document's order: tasks (Phụ lục I), indicators (Phụ lục II), II.06a, the 766 index, months."""
    wb = Workbook()
    wb.remove(wb.active)
    per = Period.parse(data.period_code)
    snap = data.snapshot
    if snap is not None:
        cutoff = snap.cutoff
    else:
        cutoff = min(per.end, data.data_as_of.date()) if data.data_as_of else per.end
    date_text = data.report_date.strftime("%d/%m/%Y") if data.report_date else "…"
    heading = Heading(
        locality=f"Ủy ban nhân dân {data.locality_name}",
        period=_capital(data.period_label),
        attached=(f"(Kèm theo Báo cáo số {data.number or '     '}/{data.symbol} ngày {date_text} "
                  f"của Ủy ban nhân dân {data.locality_name})"),
        cutoff=cutoff,
    )
    tasks_window = (per.start, cutoff)
    dossiers = snap.dossiers if snap is not None else None
    dossier_window = (dossiers.start, dossiers.end) if dossiers is not None and dossiers.start and dossiers.end \
        else tasks_window
    wb.properties.title = f"Phụ lục báo cáo kết quả cải cách hành chính {data.period_label} - {data.locality_name}"
    wb.properties.creator = "cchc"

    due_on = {r.ref: r.due_on for r in snap.tasks.rows} if snap is not None else {}
    _sheet(wb, Table("PL1 Nhiệm vụ", "Phụ lục I",
                     f"Tình hình thực hiện nhiệm vụ cải cách hành chính {data.period_label}",
                     TASK_COLUMNS, task_rows(data.task_rows, due_on), tasks_window), heading)
    _sheet(wb, Table("PL2 Chỉ tiêu", "Phụ lục II", f"Kết quả thực hiện các chỉ tiêu {data.period_label}",
                     INDICATOR_COLUMNS, indicator_rows(data.indicators), tasks_window), heading)
    if data.service_rows:
        _sheet(wb, Table("II.06a", "Biểu mẫu II.06a/VPCP/KSTT",
                         f"Tình hình giải quyết thủ tục hành chính {data.period_label}", SERVICE_COLUMNS,
                         service_rows(data.service_rows), dossier_window, header=II06A_HEADER, merges=II06A_MERGES,
                         unit="Đơn vị tính: hồ sơ", bold_last=True,
                         notes=[f"Ghi chú: {data.on_time_note}"] if data.on_time_note else ()), heading)
    if dossiers is not None and dossiers.total.resolved + dossiers.total.pending:
        _sheet(wb, Table("Đang giải quyết", "Hồ sơ đang giải quyết, trả lại, rút",
                         f"Hồ sơ đang giải quyết tại ngày cuối kỳ, hồ sơ trả lại và hồ sơ người nộp rút "
                         f"{data.period_label}", PENDING_COLUMNS, pending_rows(dossiers.total), dossier_window,
                         unit="Đơn vị tính: hồ sơ", notes=[f"Ghi chú: {PENDING_SPLIT_NOTE}"]), heading)
    if data.index_766:
        provisional = bool(snap and snap.index_766 and snap.index_766.provisional)
        _sheet(wb, Table("Chỉ số 766", "Chỉ số phục vụ người dân, doanh nghiệp",
                         f"Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg {data.period_label}",
                         INDEX_COLUMNS, index_rows(data.index_766, total=data.index_766_total,
                                                   provisional=provisional),
                         dossier_window, unit="Đơn vị tính: điểm", bold_last=True,
                         notes=[data.index_766_note] if data.index_766_note else ()), heading)
    if data.monthly:
        columns = MONTH_COLUMNS
        notes = None
        if dossiers is not None:
            notes = {m.month: "tạm tính" if m.index_766_provisional else "" for m in dossiers.months}
            columns = [*MONTH_COLUMNS, MONTH_NOTE]
        window = dossier_window if dossiers is not None and dossiers.start else (
            _month_span(data.monthly, cutoff) or tasks_window)
        _sheet(wb, Table("Theo tháng", "Số liệu theo tháng",
                         f"Chỉ số phục vụ người dân, doanh nghiệp theo tháng {data.period_label}", columns,
                         month_rows(data.monthly, notes), window), heading)
    return wb


def notice_workbook(data: NoticeData) -> Workbook:
    """Sheets of the monthly notice: the 766 index, the key rates, II.06a and the monthly series."""
    wb = Workbook()
    wb.remove(wb.active)
    per = Period.parse(data.month)
    cutoff = min(per.end, data.data_as_of.date()) if data.data_as_of else per.end
    cutoff = max(cutoff, per.start)
    date_text = data.notice_date.strftime("%d/%m/%Y") if data.notice_date else "…"
    heading = Heading(
        locality=f"Ủy ban nhân dân {data.locality_name}",
        period=_capital(data.month_label),
        attached=(f"(Kèm theo Thông báo số {data.number or '     '}/{data.symbol} ngày {date_text} "
                  f"của Ủy ban nhân dân {data.locality_name})"),
        cutoff=cutoff,
    )
    window = (per.start, cutoff)
    label = "Chỉ số phục vụ người dân, doanh nghiệp"
    wb.properties.title = f"Thông báo chỉ số phục vụ {data.month_label} - {data.locality_name}"
    wb.properties.creator = "cchc"
    _sheet(wb, Table("Chỉ số 766", label,
                     f"Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg {data.month_label}",
                     INDEX_COLUMNS, index_rows(data.index_766, total=data.index_766_total,
                                               provisional=data.index_766_provisional),
                     window, unit="Đơn vị tính: điểm", bold_last=True,
                     notes=[data.index_766_note] if data.index_766_note else ()), heading)
    key = [m for m in (data.previous, data.current) if m is not None]
    _sheet(wb, Table("Chỉ số chính", label, f"Các chỉ số chính {data.month_label} so với tháng trước",
                     MONTH_COLUMNS, month_rows(key), _month_span(key, cutoff) or window), heading)
    _sheet(wb, Table("II.06a", "Biểu mẫu II.06a/VPCP/KSTT",
                     f"Tình hình giải quyết thủ tục hành chính {data.month_label}", SERVICE_COLUMNS,
                     service_rows(data.service_rows), window, header=II06A_HEADER, merges=II06A_MERGES,
                     unit="Đơn vị tính: hồ sơ", bold_last=True), heading)
    if data.history:
        _sheet(wb, Table("Theo tháng", label, "Diễn biến chỉ số phục vụ theo tháng", MONTH_COLUMNS,
                         month_rows(data.history), _month_span(data.history, cutoff) or window), heading)
    return wb


def write_report_xlsx(data: ReportData, path: str | Path) -> Path:
    wb = report_workbook(data)
    wb.save(str(path))
    return Path(path)


def write_notice_xlsx(data: NoticeData, path: str | Path) -> Path:
    wb = notice_workbook(data)
    wb.save(str(path))
    return Path(path)
