"""The monthly notice (Thông báo) of a commune's service indicators, as a Decree-30 Word document."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from cchc.domain.notice_rules import score_sentence
from cchc.reports import charts as _charts
from cchc.reports import docx_layout as L
from cchc.reports.data import MonthlyRates, NoticeData
from cchc.reports.docx_report import (
    II06A_HEADER_ROW,
    II06A_HEADERS,
    II06A_MERGES,
    II06A_WIDTHS,
    service_table_rows,
)

__all__ = ["KEY_RATES", "build_notice_docx", "key_rate_rows", "write_notice_docx"]

KEY_RATES: tuple[tuple[str, str], ...] = (
    ("on_time_rate", "Tỷ lệ hồ sơ giải quyết trước và đúng hạn"),
    ("online_rate", "Tỷ lệ hồ sơ tiếp nhận trực tuyến"),
    ("online_payment_rate", "Tỷ lệ thanh toán trực tuyến (hồ sơ có phí, lệ phí)"),
    ("digitization_rate", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
    ("satisfaction_rate", "Mức độ hài lòng của người dân, doanh nghiệp"),
)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _delta(cur: float | None, prev: float | None) -> str:
    if cur is None or prev is None:
        return "—"
    d = cur - prev
    return ("+" if d > 0 else "") + f"{d:.1f}".replace(".", ",")


def key_rate_rows(current: MonthlyRates | None, previous: MonthlyRates | None) -> list[list[str]]:
    """Rows of the key-rates table: indicator, this month, last month, change in percentage points."""
    rows = []
    for i, (key, label) in enumerate(KEY_RATES, 1):
        cur = getattr(current, key) if current else None
        prev = getattr(previous, key) if previous else None
        rows.append([str(i), label, _pct(cur), _pct(prev), _delta(cur, prev)])
    return rows


def build_notice_docx(data: NoticeData, *, with_charts: bool = True) -> DocxDocument:
    """Lay out the monthly notice: key rates, the 766 index by group, the II.06a table, the trend."""
    doc = L.new_document()
    year = int(data.month[:4])
    L.add_header_block(doc, issuer_lines=data.issuer_lines, number_line=data.number_line,
                       place_date=L.place_and_date(data.place or L.place_name(data.locality_name), data.notice_date, year),
                       parent_body=data.parent_body)
    subject = f"Kết quả Chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công {data.month_label}"
    L.add_title(doc, "Thông báo", subject)
    cur = data.current
    total = data.index_766_total
    text = (f"Căn cứ dữ liệu trên Hệ thống thông tin giải quyết thủ tục hành chính và Quyết định số 766/QĐ-TTg ngày "
            f"23/6/2022 của Thủ tướng Chính phủ, Ủy ban nhân dân {data.locality_name} thông báo kết quả Chỉ số phục vụ "
            f"người dân, doanh nghiệp {data.month_label} như sau:")
    L.add_body(doc, text)
    L.add_heading(doc, "1. Kết quả chung", level=2)
    if cur is not None:
        score = score_sentence(total, provisional=data.index_766_provisional, missing=data.index_766_missing)
        L.add_body(doc, f"Trong tháng, {data.locality_name} tiếp nhận {_thousands(cur.received)} hồ sơ thủ tục hành chính"
                        + (f"; {score}" if score else "") + ".")
    L.add_caption(doc, "Bảng 1. Các chỉ số chính", keep_next=True)
    L.add_table(doc, ["STT", "Chỉ số", "Tháng này", "Tháng trước", "Tăng/giảm (điểm %)"],
                key_rate_rows(cur, data.previous), [12, 78, 24, 24, 27], size=12, align=["c", "l", "r", "r", "r"])
    if data.index_766:
        L.add_caption(doc, "Bảng 2. Điểm Chỉ số 766 theo nhóm", keep_next=True)
        rows = [[str(i), g.name, _pts(g.max_points), _pts(g.score), _pts(g.entered) if g.entered else ""]
                for i, g in enumerate(data.index_766, 1)]
        rows.append(["", "Tổng điểm (tạm tính)" if data.index_766_provisional else "Tổng điểm", "100", _pts(total), ""])
        L.add_table(doc, ["STT", "Nhóm chỉ số", "Điểm tối đa", "Điểm đạt", "Trong đó nhập từ nguồn khác"], rows,
                    [12, 70, 25, 25, 33], size=12, align=["c", "l", "r", "r", "r"], bold_last=True)
        if data.index_766_note:
            L.add_caption(doc, data.index_766_note)
    if data.service_rows:
        L.add_caption(doc, "Bảng 3. Tình hình giải quyết TTHC (mẫu II.06a/VPCP/KSTT), đơn vị tính: hồ sơ", keep_next=True)
        L.add_table(doc, II06A_HEADERS, service_table_rows(data.service_rows), II06A_WIDTHS, size=10,
                    align=["l"] + ["r"] * 11, header_rows=[II06A_HEADER_ROW], merges=II06A_MERGES, bold_last=True,
                    header_size=9, cell_pad_mm=0.8)
    if with_charts and len(data.history) > 1:
        L.add_picture(doc, _charts.to_png(_charts.service_trend(data.history)), width_mm=150)
        L.add_caption(doc, "Biểu đồ. Diễn biến các chỉ số phục vụ theo tháng")
    L.add_heading(doc, "2. Nhận xét", level=2)
    for r in data.remarks:
        L.add_bullet(doc, r)
    if not data.remarks:
        L.add_body(doc, "(Chưa có nhận xét.)", italic=True)
    L.add_heading(doc, "3. Yêu cầu", level=2)
    for r in data.requests:
        L.add_bullet(doc, r)
    closing = L.add_body(doc, f"Ủy ban nhân dân {data.locality_name} thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    L.keep_with_next(closing)
    L.add_signature_block(doc, recipients=data.recipients, authority=data.signer.authority, title=data.signer.title,
                          name=data.signer.name)
    return doc


def write_notice_docx(data: NoticeData, path: str | Path, *, with_charts: bool = True) -> Path:
    path = Path(path)
    build_notice_docx(data, with_charts=with_charts).save(str(path))
    return path


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pts(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
