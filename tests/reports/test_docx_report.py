"""The periodic report read back with python-docx: Decree-30 layout, content order, appendices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu

from cchc.reports.data import ReportData, Signer
from cchc.reports.docx_layout import MOTTO, text_width_mm
from cchc.reports.docx_report import TASK_HEADERS, build_report_docx, write_report_docx
from cchc.reports.sample import make_report_data


def _mm(v: int) -> float:
    return Emu(v).mm


def _para(doc, text: str):  # type: ignore[no-untyped-def]
    """The first paragraph (body, then header-table cells) whose text starts with `text`."""
    for p in doc.paragraphs:
        if p.text.strip().startswith(text):
            return p
    for t in doc.tables:
        for cell in t._cells:
            for p in cell.paragraphs:
                if p.text.strip().startswith(text):
                    return p
    raise AssertionError(f"no paragraph starts with {text!r}")


def _runs(p):  # type: ignore[no-untyped-def]
    return [r for r in p.runs if r.text.strip()]


def _sizes(p) -> set[float]:  # type: ignore[no-untyped-def]
    return {r.font.size.pt for r in _runs(p)}


def _bottom_border(p):  # type: ignore[no-untyped-def]
    ppr = p._p.pPr
    bdr = ppr.find(qn("w:pBdr")) if ppr is not None else None
    return bdr.find(qn("w:bottom")) if bdr is not None else None


@pytest.fixture(scope="module")
def doc(report_docx: Path):  # type: ignore[no-untyped-def]
    return Document(str(report_docx))


class TestPageSetup:
    def test_first_section_is_a4_portrait_with_decree30_margins(self, doc) -> None:  # type: ignore[no-untyped-def]
        s = doc.sections[0]
        assert (round(_mm(s.page_width)), round(_mm(s.page_height))) == (210, 297)
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert 20 <= round(_mm(s.top_margin)) <= 25
        assert 20 <= round(_mm(s.bottom_margin)) <= 25
        assert 30 <= round(_mm(s.left_margin)) <= 35
        assert 15 <= round(_mm(s.right_margin)) <= 20

    def test_appendices_are_in_a_landscape_a4_section(self, doc) -> None:  # type: ignore[no-untyped-def]
        last = doc.sections[-1]
        assert len(doc.sections) == 2
        assert last.orientation == WD_ORIENT.LANDSCAPE
        assert (round(_mm(last.page_width)), round(_mm(last.page_height))) == (297, 210)

    def test_default_font_is_times_new_roman_14(self, doc) -> None:  # type: ignore[no-untyped-def]
        normal = doc.styles["Normal"]
        assert normal.font.name == "Times New Roman"
        assert normal.font.size.pt == 14
        fonts = {r.font.name for p in doc.paragraphs for r in _runs(p)}
        assert fonts == {"Times New Roman"}

    def test_page_number_is_a_centred_page_field_at_the_top_from_page_two(self, doc) -> None:  # type: ignore[no-untyped-def]
        s = doc.sections[0]
        assert s.different_first_page_header_footer
        header_xml = s.header._element.xml
        assert "PAGE" in "".join(i.text for i in s.header._element.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in header_xml
        assert s.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert not list(s.first_page_header._element.iter(qn("w:instrText")))
        # The appendix section continues the numbering in its (linked) header.
        assert doc.sections[1].header.is_linked_to_previous


class TestHeader:
    def test_issuing_body_is_bold_capitals_with_a_short_centred_rule_below(self, doc) -> None:  # type: ignore[no-untyped-def]
        left = doc.tables[0].rows[0].cells[0]
        texts = [p.text for p in left.paragraphs]
        assert texts[:2] == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"]
        for p in left.paragraphs[:2]:
            assert all(r.font.bold for r in _runs(p))
            assert _sizes(p) == {13}
        rule = left.paragraphs[2]
        assert rule.text == "" and _bottom_border(rule) is not None
        cell_text_mm = 68 - 2 * 1.9
        length = cell_text_mm - _mm(rule.paragraph_format.left_indent) - _mm(rule.paragraph_format.right_indent)
        issuer_width = text_width_mm("ỦY BAN NHÂN DÂN", 13, bold=True)
        assert issuer_width / 3 - 1 <= length <= issuer_width / 2 + 1

    def test_number_and_symbol_line_is_13_pt(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, "Số:")
        assert p.text.endswith("/BC-UBND")
        assert _sizes(p) == {13}

    def test_national_title_is_12_pt_bold_capitals(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert _sizes(p) == {12} and all(r.font.bold for r in _runs(p))

    def test_motto_is_13_pt_bold_with_a_rule_as_long_as_the_motto(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, MOTTO)
        assert _sizes(p) == {13} and all(r.font.bold for r in _runs(p))
        assert _bottom_border(p).get(qn("w:val")) == "single"
        cell_text_mm = 165 - 68 - 2 * 1.9
        rule = cell_text_mm - _mm(p.paragraph_format.left_indent) - _mm(p.paragraph_format.right_indent)
        assert abs(rule - text_width_mm(MOTTO, 13, bold=True)) <= 2

    def test_place_and_date_is_italic_with_leading_zeros(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, "An Bình, ngày")
        assert p.text == "An Bình, ngày 08 tháng 6 năm 2026"
        assert all(r.font.italic for r in _runs(p)) and _sizes(p) == {14}

    def test_title_and_subject_are_centred_bold_14_pt(self, doc) -> None:  # type: ignore[no-untyped-def]
        paragraphs = doc.paragraphs
        i = next(k for k, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
        title, subject = paragraphs[i], paragraphs[i + 1]
        for p in (title, subject):
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert _sizes(p) == {14} and all(r.font.bold for r in _runs(p))
        assert subject.text == "Kết quả thực hiện công tác cải cách hành chính quý II năm 2026"


class TestBody:
    def test_long_paragraphs_are_justified_14_pt_with_indent_and_spacing(self, doc) -> None:  # type: ignore[no-untyped-def]
        body = [p for p in doc.paragraphs if len(p.text) > 120]
        assert len(body) > 10
        for p in body:
            assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY, p.text[:40]
            assert round(_mm(p.paragraph_format.first_line_indent), 1) == 12.7
            assert p.paragraph_format.space_before.pt >= 6
            assert _sizes(p) <= {13, 14}

    def test_parts_come_in_the_usual_order_of_a_par_report(self, doc) -> None:  # type: ignore[no-untyped-def]
        texts = [p.text for p in doc.paragraphs]
        order = [
            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "1. Cải cách thể chế",
            "2. Cải cách thủ tục hành chính",
            "3. Cải cách tổ chức bộ máy",
            "4. Cải cách chế độ công vụ",
            "5. Cải cách tài chính công",
            "6. Xây dựng chính quyền điện tử, chính quyền số",
            "7. Kết quả thực hiện các chỉ tiêu",
            "8. Chất lượng phục vụ người dân, doanh nghiệp",
            "III. ĐÁNH GIÁ CHUNG",
            "IV. NHIỆM VỤ TRỌNG TÂM QUÝ TỚI",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
        ]
        positions = [texts.index(h) for h in order]
        assert positions == sorted(positions)

    def test_narrative_paragraphs_cite_the_tasks_they_come_from(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, "Trung tâm Phục vụ hành chính công xã tiếp nhận")
        assert p.text.endswith("theo mẫu 04 Thông tư số 03/2025/TT-VPCP (nhiệm vụ II.2.a, II.2.d).")
        assert p.runs[-1].font.italic

    def test_shortcomings_and_proposals_are_dash_items(self, doc) -> None:  # type: ignore[no-untyped-def]
        assert _para(doc, "- Tỷ lệ thanh toán trực tuyến (68,4%)")
        assert _para(doc, "- Đề nghị UBND thành phố")

    def test_charts_are_embedded_as_pictures(self, doc) -> None:  # type: ignore[no-untyped-def]
        assert len(doc.inline_shapes) == 3

    def test_report_ends_with_the_conventional_closing(self, doc) -> None:  # type: ignore[no-untyped-def]
        assert _para(doc, "Trên đây là báo cáo").text.endswith("xã An Bình./.")


class TestSignature:
    def test_recipients_heading_is_12_pt_bold_italic_and_the_list_11_pt(self, doc) -> None:  # type: ignore[no-untyped-def]
        p = _para(doc, "Nơi nhận:")
        assert _sizes(p) == {12}
        assert all(r.font.bold and r.font.italic for r in _runs(p))
        cell = next(c for t in doc.tables for c in t._cells if c.paragraphs[0].text == "Nơi nhận:")
        items = [q for q in cell.paragraphs[1:] if q.text.strip()]
        assert [_sizes(q) for q in items] == [{11}] * len(items)
        assert all(q.text.startswith("- ") for q in items)
        assert items[-1].text == "- Lưu: VT, VHXH."

    def test_chairman_signs_for_the_committee(self, doc) -> None:  # type: ignore[no-untyped-def]
        cell = next(c for t in doc.tables for c in t._cells if c.paragraphs[0].text.startswith("TM."))
        lines = [p.text for p in cell.paragraphs if p.text.strip()]
        assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Minh"]
        assert all(r.font.bold for p in cell.paragraphs for r in _runs(p))

    def test_vice_chairman_signs_kt_chu_tich(self) -> None:
        d = build_report_docx(make_report_data(signer=Signer.vice_chairman("Trần Thị Hoa")), with_charts=False)
        cell = next(c for t in d.tables for c in t._cells if c.paragraphs[0].text.startswith("KT."))
        assert [p.text for p in cell.paragraphs if p.text.strip()] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Hoa"]

    def test_an_archive_line_is_added_when_the_recipients_lack_one(self) -> None:
        d = build_report_docx(make_report_data(recipients=["Sở Nội vụ (để b/c);"]), with_charts=False)
        cell = next(c for t in d.tables for c in t._cells if c.paragraphs[0].text == "Nơi nhận:")
        assert cell.paragraphs[-1].text == "- Lưu: VT."


class TestAppendices:
    def test_task_appendix_has_one_row_per_task(self, doc) -> None:  # type: ignore[no-untyped-def]
        data = make_report_data()
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == len(TASK_HEADERS))
        assert [c.text for c in table.rows[0].cells] == TASK_HEADERS
        assert len(table.rows) - 1 == len(data.task_rows)
        assert [r.cells[1].text for r in table.rows[1:]] == [t.ref for t in data.task_rows]

    def test_indicator_appendix_has_one_row_per_indicator(self, doc) -> None:  # type: ignore[no-untyped-def]
        data = make_report_data()
        table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Chỉ tiêu"])
        assert len(table.rows) - 1 == len(data.indicators)
        assert table.rows[1].cells[2].text == "≥ 98%" and table.rows[1].cells[3].text == "98,7%"
        assert table.rows[-1].cells[3].text == "—"

    def test_ii06a_table_has_two_header_rows_and_the_total_last(self, doc) -> None:  # type: ignore[no-untyped-def]
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Lĩnh vực")
        data = make_report_data()
        assert len(table.rows) == 2 + len(data.service_rows)
        last = [c.text for c in table.rows[-1].cells]
        assert last[0] == "Tổng cộng" and last[1] == "1.327"


def test_report_without_any_data_still_lays_out(tmp_path: Path) -> None:
    empty = ReportData(locality_code=1, locality_name="xã Mới", issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ MỚI"],
                       period_code="2026-Q3", period_label="quý III năm 2026")
    d = build_report_docx(empty)
    texts = [p.text for p in d.paragraphs]
    assert "(Kế hoạch không có chỉ tiêu định lượng cho kỳ này.)" in texts
    assert "(Không có đề xuất, kiến nghị.)" in texts
    assert _para(d, "Mới, ngày").text == "Mới, ngày … tháng … năm 2026"
    assert len(d.inline_shapes) == 0  # no figures, no empty charts


def test_shared_checker_passes_every_decree30_check(report_docx: Path, shared_dir: Path) -> None:
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"), str(report_docx)],
                          capture_output=True, text=True, check=False)
    last = proc.stdout.strip().splitlines()[-1]
    passed, total = last.removeprefix("decree30: ").split("/")
    assert passed == total, proc.stdout
    assert proc.returncode == 0


def test_shared_checker_passes_with_a_vice_chairman_and_a_number(tmp_path: Path, shared_dir: Path) -> None:
    path = write_report_docx(make_report_data(number="87", signer=Signer.vice_chairman("Trần Thị Hoa")),
                             tmp_path / "r.docx", with_charts=False)
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


def test_a_year_report_plans_for_next_year_and_keeps_its_period_in_the_title() -> None:
    d = build_report_docx(make_report_data(kind="year", period_code="2026", period_label="năm 2026",
                                           subject="Kết quả thực hiện công tác cải cách hành chính năm 2026"),
                          with_charts=False)
    texts = [p.text for p in d.paragraphs]
    assert "IV. NHIỆM VỤ TRỌNG TÂM NĂM TỚI" in texts
    assert "Kết quả thực hiện công tác cải cách hành chính năm 2026" in texts
    assert any(t.startswith("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2026") for t in texts)


def test_a_given_number_and_date_appear_in_the_header_and_the_appendix_reference() -> None:
    from datetime import date

    d = build_report_docx(make_report_data(number="125", report_date=date(2026, 1, 5)), with_charts=False)
    left = d.tables[0].rows[0].cells[0]
    assert left.paragraphs[-1].text == "Số: 125/BC-UBND"
    assert _para(d, "An Bình, ngày").text == "An Bình, ngày 05 tháng 01 năm 2026"
    assert _para(d, "(Kèm theo Báo cáo số").text.startswith("(Kèm theo Báo cáo số 125/BC-UBND ngày 05/01/2026")
