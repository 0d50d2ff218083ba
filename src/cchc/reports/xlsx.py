"""Excel appendices of a report and of the monthly notice (openpyxl), with the same rows as the Word tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.domain.cells import formula_like
from cchc.reports.data import (
    Index766Group,
    IndicatorRow,
    MonthlyRates,
    NoticeData,
    ReportData,
    ServiceRow,
    TaskStatusRow,
)

__all__ = ["notice_workbook", "report_workbook", "write_notice_xlsx", "write_report_xlsx"]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"

TASK_COLUMNS = ["STT", "Mã NV", "Lĩnh vực", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng", "Tiến độ (%)", "Ghi chú"]
INDICATOR_COLUMNS = ["STT", "Chỉ tiêu", "So sánh", "Kế hoạch", "Thực hiện", "Đơn vị tính", "Đánh giá", "Nguồn số liệu", "Ghi chú"]
SERVICE_COLUMNS = ["Lĩnh vực", "Tổng số nhận", "Từ kỳ trước", "Trực tuyến", "Trực tiếp, BCCI", "Đã giải quyết",
                   "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết", "Trong hạn", "Quá hạn (đang GQ)"]
INDEX_COLUMNS = ["STT", "Nhóm chỉ số", "Điểm tối đa", "Điểm đạt", "Đo từ hồ sơ", "Nhập từ nguồn khác"]
MONTH_COLUMNS = ["Tháng", "Hồ sơ tiếp nhận", "Đúng hạn (%)", "Trực tuyến (%)", "Thanh toán trực tuyến (%)",
                 "Số hóa (%)", "Hài lòng (%)", "Chỉ số 766 (điểm)"]
_SOURCES = {"manual": "Đơn vị báo cáo", "dossiers": "Hệ thống hồ sơ TTHC", "tasks": "Theo dõi nhiệm vụ"}


def _sheet(wb: Workbook, title: str, caption: str, columns: Sequence[str], rows: Sequence[Sequence[object]],
           widths: Sequence[int]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.cell(row=1, column=1, value=caption).font = Font(name=_FONT, bold=True, size=13)
    for c, name in enumerate(columns, 1):
        cell = ws.cell(row=3, column=c, value=name)
        cell.font = Font(name=_FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for r, values in enumerate(rows, 4):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value)
            if formula_like(value):
                cell.data_type = "s"  # text that looks like a formula stays text
            cell.font = Font(name=_FONT, size=12)
            cell.alignment = Alignment(vertical="center", wrap_text=isinstance(value, str) and len(value) > 20)
            cell.border = _BORDER
            if isinstance(value, float):
                cell.number_format = "0.0#"
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{3 + len(rows)}"
    return ws


def task_rows(rows: Sequence[TaskStatusRow]) -> list[list[object]]:
    return [[i, r.ref, r.area_label, r.task, r.lead, r.due, r.status_label, r.percent, r.note]
            for i, r in enumerate(rows, 1)]


def indicator_rows(rows: Sequence[IndicatorRow]) -> list[list[object]]:
    return [[i, r.name, r.comparator.value, r.target, r.actual, r.unit, r.status_label,
             _SOURCES.get(r.source, r.source), r.note] for i, r in enumerate(rows, 1)]


def service_rows(rows: Sequence[ServiceRow]) -> list[list[object]]:
    return [[r.label, *r.cells()] for r in rows]


def index_rows(groups: Sequence[Index766Group], *, provisional: bool = False) -> list[list[object]]:
    rows: list[list[object]] = [
        [i, g.name, g.max_points, g.score, None if g.measured is None else round(g.measured, 2), round(g.entered, 2)]
        for i, g in enumerate(groups, 1)
    ]
    if groups:
        scores = [g.score for g in groups]
        total = None if any(s is None for s in scores) else round(sum(s or 0 for s in scores), 2)
        label = "Tổng điểm (tạm tính)" if provisional else "Tổng điểm"
        rows.append(["", label, sum(g.max_points for g in groups), total, None, None])
    return rows


def month_rows(months: Sequence[MonthlyRates]) -> list[list[object]]:
    return [[m.month, m.received, m.on_time_rate, m.online_rate, m.online_payment_rate, m.digitization_rate,
             m.satisfaction_rate, m.index_766] for m in months]


def report_workbook(data: ReportData) -> Workbook:
    """Sheets: tasks (Phụ lục I), indicators (Phụ lục II), II.06a, the 766 index, the monthly series."""
    wb = Workbook()
    wb.remove(wb.active)
    head = f"{data.locality_name} - {data.period_label}"
    _sheet(wb, "PL1 Nhiệm vụ", f"Phụ lục I. Tình hình thực hiện nhiệm vụ cải cách hành chính ({head})",
           TASK_COLUMNS, task_rows(data.task_rows), [6, 9, 24, 60, 30, 14, 18, 11, 20])
    _sheet(wb, "PL2 Chỉ tiêu", f"Phụ lục II. Kết quả thực hiện các chỉ tiêu ({head})",
           INDICATOR_COLUMNS, indicator_rows(data.indicators), [6, 55, 9, 10, 10, 10, 22, 22, 20])
    if data.service_rows:
        _sheet(wb, "II.06a", f"Tình hình giải quyết TTHC, mẫu II.06a/VPCP/KSTT ({head})", SERVICE_COLUMNS,
               service_rows(data.service_rows), [28] + [12] * 11)
    snap = data.snapshot
    if data.index_766:
        provisional = bool(snap and snap.index_766 and snap.index_766.provisional)
        _sheet(wb, "Chỉ số 766", f"Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) ({head})",
               INDEX_COLUMNS, index_rows(data.index_766, provisional=provisional), [6, 32, 12, 12, 12, 16])
    if data.monthly:
        rows = month_rows(data.monthly)
        columns = MONTH_COLUMNS
        if snap is not None and snap.dossiers is not None:
            flags = {m.month: m.index_766_provisional for m in snap.dossiers.months}
            rows = [[*r, "tạm tính" if flags.get(str(r[0])) else ""] for r in rows]
            columns = [*MONTH_COLUMNS, "Ghi chú chỉ số 766"]
        _sheet(wb, "Theo tháng", f"Chỉ số phục vụ theo tháng ({head})", columns, rows,
               [10, 14, 14, 14, 18, 12, 12, 16, 16])
    return wb


def notice_workbook(data: NoticeData) -> Workbook:
    """Sheets of the monthly notice: the 766 index, II.06a and the monthly series."""
    wb = Workbook()
    wb.remove(wb.active)
    head = f"{data.locality_name} - {data.month_label}"
    _sheet(wb, "Chỉ số 766", f"Chỉ số phục vụ người dân, doanh nghiệp ({head})", INDEX_COLUMNS,
           index_rows(data.index_766, provisional=data.index_766_provisional), [6, 32, 12, 12, 12, 16])
    _sheet(wb, "Chỉ số chính", f"Các chỉ số chính ({head})", MONTH_COLUMNS,
           month_rows([m for m in (data.previous, data.current) if m is not None]), [10, 14, 14, 14, 18, 12, 12, 16])
    _sheet(wb, "II.06a", f"Tình hình giải quyết TTHC, mẫu II.06a/VPCP/KSTT ({head})", SERVICE_COLUMNS,
           service_rows(data.service_rows), [28] + [12] * 11)
    if data.history:
        _sheet(wb, "Theo tháng", f"Diễn biến theo tháng ({data.locality_name})", MONTH_COLUMNS,
               month_rows(data.history), [10, 14, 14, 14, 18, 12, 12, 16])
    return wb


def write_report_xlsx(data: ReportData, path: str | Path) -> Path:
    wb = report_workbook(data)
    wb.save(str(path))
    return Path(path)


def write_notice_xlsx(data: NoticeData, path: str | Path) -> Path:
    wb = notice_workbook(data)
    wb.save(str(path))
    return Path(path)
