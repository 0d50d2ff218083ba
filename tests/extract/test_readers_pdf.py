"""PDF reader (text layer): reading order, ruled tables as TAB rows, merged cells, page breaks."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_BREAK

from cchc.extract.readers import read_document

from .reader_files import needs_soffice, to_pdf

pytestmark = needs_soffice

SAMPLE = "ke-hoach-cchc-2026-xa-hoa-binh"
HEADER = "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\tKết quả/Sản phẩm"


@pytest.fixture(scope="module")
def sample_pdf(samples_dir, tmp_path_factory):
    """The sample plan printed to PDF by LibreOffice, and its text as the PDF reader gives it."""
    pdf = to_pdf(samples_dir / f"{SAMPLE}.docx", tmp_path_factory.mktemp("pdf"))
    return read_document(pdf)


def lines_of(doc) -> list[str]:
    return doc.text.split("\n")


class TestSamplePlan:
    def test_is_read_from_its_text_layer_with_a_page_break_between_pages(self, sample_pdf):
        assert sample_pdf.kind == "pdf" and not sample_pdf.ocr
        assert sample_pdf.pages >= 3
        assert lines_of(sample_pdf).count("\f") == sample_pdf.pages - 1

    def test_header_and_headings_are_text_lines(self, sample_pdf):
        lines = lines_of(sample_pdf)
        assert any("Số: 15/KH-UBND" in line for line in lines)
        for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. CHỈ TIÊU CHỦ YẾU NĂM 2026", "IV. TỔ CHỨC THỰC HIỆN"):
            assert heading in lines

    def test_task_table_rows_are_tab_separated_with_the_header_repeated_on_each_page(self, sample_pdf):
        lines = lines_of(sample_pdf)
        assert lines.count(HEADER) >= 2
        assert lines[lines.index(HEADER) - 1] == ""
        assert "I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in lines  # merged across: written once
        row = next(line for line in lines if line.startswith("1.\tXây dựng, ban hành Kế hoạch kiểm tra"))
        assert row.split("\t") == ["1.", "Xây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
                                   "Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND", "Quý I/2026",
                                   "Kế hoạch kiểm tra"]

    def test_vertically_merged_cell_continues_as_an_empty_cell(self, sample_pdf):
        row = next(line for line in lines_of(sample_pdf) if line.startswith("2.\tThực hiện quản lý biên chế"))
        assert row.split("\t")[2] == ""
        assert row.split("\t")[3] == "Các phòng, đơn vị thuộc xã"

    def test_text_outside_the_table_keeps_reading_order_around_it(self, sample_pdf):
        lines = lines_of(sample_pdf)
        intro = lines.index("III. NHIỆM VỤ, GIẢI PHÁP")
        first_row = lines.index(HEADER)
        after = lines.index("IV. TỔ CHỨC THỰC HIỆN")
        last_row = max(i for i, line in enumerate(lines) if "\t" in line)
        assert intro < first_row < last_row < after

    def test_every_task_of_the_sample_is_in_a_table_row(self, sample_pdf, samples_dir):
        import json

        expected = json.loads((samples_dir / f"{SAMPLE}.json").read_text(encoding="utf-8"))
        rows = [line.split("\t") for line in lines_of(sample_pdf) if "\t" in line]
        cells = " ".join(" ".join(r) for r in rows)
        for task in expected["tasks"]:
            assert " ".join(task["task"].split()[:3]) in cells, task["task"]  # a row cut by a page break: first words

    def test_text_is_nfc_with_vietnamese_diacritics_intact(self, sample_pdf):
        import unicodedata

        assert unicodedata.is_normalized("NFC", sample_pdf.text)
        assert "Ủy ban nhân dân xã Hòa Bình" in sample_pdf.text.replace("\n", " ")


def test_word_bullets_and_numbering_printed_to_pdf_read_as_labels(tmp_path):
    d = docx.Document()
    d.add_paragraph("Mục đích thứ nhất", style="List Bullet")
    d.add_paragraph("Bước một", style="List Number")
    p = d.add_paragraph("Trang một")
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("Trang hai")
    d.save(tmp_path / "list.docx")
    doc = read_document(to_pdf(tmp_path / "list.docx", tmp_path))
    assert doc.text.split("\n") == ["- Mục đích thứ nhất", "1. Bước một", "Trang một", "\f", "Trang hai", ""]


def test_pdf_without_ruled_lines_has_no_tab_rows(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)  # no "Table Grid" style: no borders printed
    t.cell(0, 0).text, t.cell(0, 1).text = "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.cell(1, 0).text, t.cell(1, 1).text = "XÃ HÒA BÌNH", "Độc lập - Tự do - Hạnh phúc"
    d.save(tmp_path / "header.docx")
    doc = read_document(to_pdf(tmp_path / "header.docx", tmp_path))
    assert "\t" not in doc.text
    assert "XÃ HÒA BÌNH" in doc.text and "Độc lập - Tự do - Hạnh phúc" in doc.text


def test_two_level_table_header_printed_to_pdf_becomes_one_header_row(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=5)
    t.style = "Table Grid"
    for col, text in ((0, "TT"), (1, "Nội dung công việc"), (4, "Thời gian")):
        t.cell(0, col).merge(t.cell(1, col)).text = text
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Cơ quan thực hiện"
    t.cell(1, 2).text, t.cell(1, 3).text = "Chủ trì", "Phối hợp"
    for col, text in enumerate(["1", "Rà soát quy chế", "Văn phòng", "Các phòng", "Quý I/2027"]):
        t.cell(2, col).text = text
    d.save(tmp_path / "header.docx")
    rows = [line for line in read_document(to_pdf(tmp_path / "header.docx", tmp_path)).text.split("\n") if "\t" in line]
    assert rows == ["TT\tNội dung công việc\tChủ trì\tPhối hợp\tThời gian",
                    "1\tRà soát quy chế\tVăn phòng\tCác phòng\tQuý I/2027"]


def test_pdf_printed_from_a_tcvn3_document_is_converted_to_unicode(tmp_path):
    d = docx.Document()
    d.add_paragraph("KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2026 cña x· Hßa B×nh")
    d.add_paragraph("N©ng cao hiÖu qu¶ phôc vô nh©n d©n, doanh nghiÖp")  # (no "ư": 0xAD does not print)
    d.save(tmp_path / "tcvn3.docx")
    doc = read_document(to_pdf(tmp_path / "tcvn3.docx", tmp_path))
    assert doc.text.split("\n")[:2] == ["Kế hoạch cải cách hành chính năm 2026 của xã Hòa Bình",
                                        "Nâng cao hiệu quả phục vụ nhân dân, doanh nghiệp"]
    assert any("TCVN3" in w for w in doc.warnings)
