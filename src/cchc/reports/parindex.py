"""PAR-index files: the criteria set as provinces publish it (.xlsx, read and written), and the results report (.docx).

The workbook has the set on its first sheet (a title row, then the header `STT | Lĩnh vực/Tiêu chí/Tiêu chí
thành phần | Điểm tối đa | Cách chấm | Tài liệu kiểm chứng`, optionally `Điểm điều tra XHH` and `Nguồn số liệu
(cchc)`), the classification bands on a sheet `Xếp loại` and the set's particulars on a sheet `Thông tin`.
An assessment export adds the commune's, the appraiser's and the survey's points to the same rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc.domain.cells import formula_like
from cchc.domain.errors import InvalidInput
from cchc.domain.parindex import COLUMNS, OPTIONAL_COLUMNS, Band, CriteriaSet, set_rows
from cchc.reports import docx_layout as L

__all__ = [
    "ASSESSMENT_COLUMNS",
    "ResultArea",
    "ResultsReport",
    "SetSheet",
    "read_set_xlsx",
    "results_docx",
    "set_xlsx",
]

SET_SHEET = "Bộ tiêu chí"
BANDS_SHEET = "Xếp loại"
INFO_SHEET = "Thông tin"
ASSESSMENT_COLUMNS = ("Điểm đề xuất (cchc)", "Số liệu", "Điểm tự chấm", "Lý do điều chỉnh", "Điểm thẩm định",
                      "Ý kiến thẩm định", "Điểm điều tra XHH đạt", "Điểm đạt")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"
_INFO_KEYS = {"Tên bộ tiêu chí": "name", "Năm": "year", "Mã tỉnh/thành phố": "province_code",
              "Phiên bản": "version", "Mẫu tham khảo": "sample", "Ghi chú": "note"}
_AREA_KEY = "Lĩnh vực CCHC của mục"


@dataclass(frozen=True)
class SetSheet:
    """What a criteria workbook holds, before it becomes a set (the service adds what the caller gives)."""

    header: list[object]
    rows: list[list[object]]
    info: dict[str, Any]
    bands: list[Band]
    areas: dict[str, str]


def _write(ws: Any, row: int, col: int, value: object, *, bold: bool = False, wrap: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if formula_like(value):
        cell.data_type = "s"  # text that looks like a formula stays text
    cell.font = Font(name=_FONT, size=12, bold=bold)
    cell.alignment = Alignment(vertical="center", wrap_text=wrap)
    cell.border = _BORDER


def set_xlsx(cset: CriteriaSet, *, title: str | None = None,
             scores: dict[str, Sequence[object]] | None = None) -> bytes:
    """The set as a workbook in the published layout; `scores` (criterion code → ASSESSMENT_COLUMNS values)
    adds an assessment's columns beside each row."""
    wb = Workbook()
    ws = wb.active
    ws.title = SET_SHEET
    ws.cell(row=1, column=1, value=title or cset.name).font = Font(name=_FONT, bold=True, size=13)
    columns = [*COLUMNS, *OPTIONAL_COLUMNS, *(ASSESSMENT_COLUMNS if scores is not None else ())]
    for c, name in enumerate(columns, 1):
        _write(ws, 3, c, name, bold=True, wrap=True)
    for r, (values, crit) in enumerate(zip(set_rows(cset), cset.walk(), strict=True), 4):
        extra = list((scores or {}).get(crit.code, [None] * len(ASSESSMENT_COLUMNS))) if scores is not None else []
        for c, value in enumerate([*values, *extra], 1):
            _write(ws, r, c, value, bold=crit.level == 1, wrap=isinstance(value, str) and len(value) > 20)
    for c, width in enumerate([8, 60, 10, 45, 40, 12, 30, *([14] * len(ASSESSMENT_COLUMNS))][: len(columns)], 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A4"
    bands = wb.create_sheet(BANDS_SHEET)
    for c, name in enumerate(("Xếp loại", "Từ (điểm trên 100)", "English"), 1):
        _write(bands, 1, c, name, bold=True)
    for r, b in enumerate(cset.bands, 2):
        for c, value in enumerate((b.label_vi, b.at_least, b.label_en), 1):
            _write(bands, r, c, value)
    info = wb.create_sheet(INFO_SHEET)
    values = {"name": cset.name, "year": cset.year, "province_code": cset.province_code, "version": cset.version,
              "sample": "có" if cset.sample else "không", "note": cset.note}
    r = 1
    for label, key in _INFO_KEYS.items():
        _write(info, r, 1, label, bold=True)
        _write(info, r, 2, values[key])
        r += 1
    for a in cset.areas:
        if a.area:
            _write(info, r, 1, f"{_AREA_KEY} {a.label}", bold=True)
            _write(info, r, 2, a.area)
            r += 1
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_set_xlsx(content: bytes) -> SetSheet:
    """The header, rows, particulars and bands of a criteria workbook (the first sheet holds the table)."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(f"Không đọc được tệp Excel bộ tiêu chí: {exc}.", where="file") from None
    ws = wb[SET_SHEET] if SET_SHEET in wb.sheetnames else wb.worksheets[0]
    all_rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next((i for i, r in enumerate(all_rows) if r and _text(r[0]).upper() == "STT"), None)
    if start is None:
        raise InvalidInput("Không tìm thấy dòng tiêu đề bắt đầu bằng «STT» trong bảng tiêu chí.", where="file")
    header = all_rows[start]
    rows = all_rows[start + 1:]
    info: dict[str, Any] = {}
    areas: dict[str, str] = {}
    if INFO_SHEET in wb.sheetnames:
        for r in wb[INFO_SHEET].iter_rows(values_only=True):
            key, value = _text(r[0] if r else None), r[1] if r and len(r) > 1 else None
            if key in _INFO_KEYS and value not in (None, ""):
                info[_INFO_KEYS[key]] = value
            elif key.startswith(_AREA_KEY) and value:
                areas[key[len(_AREA_KEY):].strip()] = _text(value)
    bands: list[Band] = []
    if BANDS_SHEET in wb.sheetnames:
        for r in list(wb[BANDS_SHEET].iter_rows(values_only=True))[1:]:
            if r and _text(r[0]):
                try:
                    at_least = float(str(r[1]).replace(",", "."))
                except (TypeError, ValueError):
                    raise InvalidInput(f"Mức xếp loại «{r[0]}»: ngưỡng «{r[1]}» không phải là số.",
                                       where="bands") from None
                bands.append(Band(_text(r[0]), _text(r[2]) if len(r) > 2 and r[2] else _text(r[0]), at_least))
    wb.close()
    # Areas are numbered by position: the label of an area row (I, II…) → its code (1, 2…).
    labels = [_text(r[0]) for r in rows if r and _text(r[0]).upper().rstrip(".") in _ROMAN]
    by_code = {str(i): areas[label] for i, label in enumerate(labels, 1) if label in areas}
    return SetSheet(header=header, rows=rows, info=info, bands=bands, areas=by_code)


_ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}


# --------------------------------------------------------------------------- the results report


@dataclass(frozen=True)
class ResultArea:
    label: str
    title: str
    max_points: float
    self_points: float
    final_points: float


@dataclass(frozen=True)
class ResultsReport:
    """The data of the Decree 30 report of a commune's PAR-index results (plain values, no database)."""

    year: int
    locality_name: str
    parent_body: str
    set_name: str
    sample_set: bool
    status_label: str
    self_index: float
    final_index: float
    classification: str
    rank: int | None
    ranked_of: int
    survey_points: float
    survey_max: float
    areas: list[ResultArea] = field(default_factory=list)
    shortfalls: list[tuple[str, str, float, float]] = field(default_factory=list)  # label, title, got, max
    report_date: date | None = None


def _pts(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def results_docx(data: ResultsReport) -> bytes:
    """A Decree 30 report: the index, the classification and rank, the areas' points and where points were lost."""
    doc = L.new_document()
    L.add_header_block(doc, issuer_lines=["Ủy ban nhân dân", data.locality_name], number_line="Số:      /BC-UBND",
                       place_date=L.place_and_date(L.place_name(data.locality_name), data.report_date, data.year),
                       parent_body=data.parent_body)
    L.add_title(doc, "Báo cáo", f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {data.year}")
    L.add_body(doc, f"Căn cứ {data.set_name}"
               + (" (mẫu tham khảo, không phải bộ tiêu chí chính thức của tỉnh, thành phố)" if data.sample_set else "")
               + f", Ủy ban nhân dân {data.locality_name} báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách "
               f"hành chính năm {data.year} như sau:")
    L.add_heading(doc, "I. Kết quả chung")
    L.add_bullet(doc, f"Tình trạng: {data.status_label}.")
    L.add_bullet(doc, f"Điểm tự đánh giá: {_pts(data.self_index)}/100 điểm.")
    L.add_bullet(doc, f"Chỉ số sau thẩm định (gồm điểm điều tra xã hội học {_pts(data.survey_points)}/"
                      f"{_pts(data.survey_max)} điểm): {_pts(data.final_index)}/100 điểm; xếp loại: "
                      f"{data.classification}.")
    if data.rank is not None:
        L.add_bullet(doc, f"Xếp hạng: {data.rank}/{data.ranked_of} xã, phường đã được thẩm định.")
    L.add_heading(doc, "II. Kết quả theo lĩnh vực")
    rows = [[a.label, a.title, _pts(a.max_points), _pts(a.self_points), _pts(a.final_points)] for a in data.areas]
    rows.append(["", "Tổng cộng", _pts(sum(a.max_points for a in data.areas)),
                 _pts(sum(a.self_points for a in data.areas)), _pts(sum(a.final_points for a in data.areas))])
    L.add_caption(doc, "Bảng 1. Điểm theo lĩnh vực", keep_next=True)
    L.add_table(doc, ["STT", "Lĩnh vực", "Điểm tối đa", "Tự đánh giá", "Sau thẩm định"], rows,
                [12, 88, 20, 22, 23], align=["c", "l", "r", "r", "r"], bold_last=True)
    L.add_heading(doc, "III. Tồn tại, hạn chế")
    if data.shortfalls:
        L.add_body(doc, "Các tiêu chí chưa đạt điểm tối đa:")
        for label, title, got, most in data.shortfalls:
            L.add_bullet(doc, f"{label}. {title}: đạt {_pts(got)}/{_pts(most)} điểm.")
    else:
        L.add_body(doc, "Tất cả các tiêu chí đều đạt điểm tối đa.")
    L.add_heading(doc, "IV. Phương hướng khắc phục")
    L.add_body(doc, "Tập trung khắc phục các tiêu chí chưa đạt điểm tối đa trong kế hoạch cải cách hành chính "
                    f"năm {data.year + 1}; giao các phòng, đơn vị chủ trì theo từng lĩnh vực.")
    closing = L.add_body(doc, f"Trên đây là báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm "
                              f"{data.year} của Ủy ban nhân dân {data.locality_name}./.")
    L.keep_with_next(closing)
    L.add_signature_block(doc, recipients=["Sở Nội vụ (để báo cáo)", "Lưu: VT."], authority="TM. Ủy ban nhân dân",
                          title="Chủ tịch", name="")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
