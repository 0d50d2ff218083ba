"""Word .docx reader: body order, Word numbering, merged cells, nested and repeated-header tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from cchc.extract.readers import read_document

SAMPLE = "ke-hoach-cchc-2026-xa-hoa-binh"
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def add_list(document, levels: list[tuple[str, str]], *, start: int = 1) -> int:
    """Define a list (numFmt, lvlText per level) in the document's numbering part; returns its abstractNumId."""
    root = document.part.numbering_part.element
    abs_id = 500 + len(root.findall(qn("w:abstractNum")))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    an = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abs_id}">{lvls}</w:abstractNum>')
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(an)
    else:
        root.append(an)
    return abs_id


def add_num(document, abs_id: int, *, restart_at: int | None = None) -> int:
    root = document.part.numbering_part.element
    num_id = 700 + len(root.findall(qn("w:num")))
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
        if restart_at is not None else ""
    )
    root.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/>{override}</w:num>'
    ))
    return num_id


def numbered(paragraph, num_id: int, ilvl: int = 0):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))
    return paragraph


def save(document, tmp_path: Path, name: str = "plan.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def read(document, tmp_path: Path) -> list[str]:
    return read_document(save(document, tmp_path)).text.split("\n")[:-1]


class TestSample:
    def test_sample_docx_reads_exactly_as_the_sample_text(self, samples_dir):
        doc = read_document(samples_dir / f"{SAMPLE}.docx")
        assert doc.kind == "docx"
        assert doc.text == (samples_dir / f"{SAMPLE}.txt").read_text(encoding="utf-8")

    def test_sample_generator_writes_the_same_files_again(self, samples_dir, tmp_path):
        import importlib.util
        import sys

        spec = importlib.util.spec_from_file_location("make_samples", samples_dir / "make_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = module
        try:
            spec.loader.exec_module(module)
        finally:
            sys.modules.pop("make_samples", None)
        docx_path, txt_path, json_path = module.main(tmp_path)
        assert read_document(docx_path).text == txt_path.read_text(encoding="utf-8")
        assert txt_path.read_text(encoding="utf-8") == (samples_dir / f"{SAMPLE}.txt").read_text(encoding="utf-8")
        assert json_path.read_text(encoding="utf-8") == (samples_dir / f"{SAMPLE}.json").read_text(encoding="utf-8")


class TestBodyOrder:
    def test_paragraphs_and_tables_come_in_document_order_with_blank_lines_around_tables(self, tmp_path):
        d = docx.Document()
        d.add_paragraph("Trước bảng")
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "STT", "Nhiệm vụ"
        t.cell(1, 0).text, t.cell(1, 1).text = "1", "Rà soát"
        d.add_paragraph("Sau bảng")
        assert read(d, tmp_path) == ["Trước bảng", "", "STT\tNhiệm vụ", "1\tRà soát", "", "Sau bảng"]

    def test_explicit_page_break_becomes_a_form_feed_line(self, tmp_path):
        d = docx.Document()
        p = d.add_paragraph("Trang một")
        p.add_run().add_break(WD_BREAK.PAGE)
        p.add_run("Trang hai")
        doc = read_document(save(d, tmp_path))
        assert doc.text == "Trang một\n\f\nTrang hai\n"
        assert doc.pages == 2

    def test_soft_line_break_starts_a_new_line_and_tabs_become_spaces(self, tmp_path):
        d = docx.Document()
        p = d.add_paragraph("ỦY BAN NHÂN DÂN")
        p.add_run().add_break()
        p.add_run("XÃ HÒA BÌNH\tSố: 15/KH-UBND")
        assert read(d, tmp_path) == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH Số: 15/KH-UBND"]

    def test_deleted_revisions_and_headers_are_left_out_and_text_boxes_follow_their_paragraph(self, tmp_path):
        d = docx.Document()
        d.sections[0].header.paragraphs[0].text = "Đầu trang không lấy"
        p = d.add_paragraph("Giữ lại ")
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>bị xóa</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>được chèn</w:t></w:r></w:ins>'))
        box = parse_xml(
            f'<w:r {nsdecls("w", "wp", "a")} {WPS} {MC}><mc:AlternateContent><mc:Choice Requires="wps">'
            '<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
            '<w:p><w:r><w:t>Chữ trong hộp</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            '<w:txbxContent><w:p><w:r><w:t>Chữ trong hộp</w:t></w:r></w:p></w:txbxContent>'
            '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
        )
        p._p.append(box)
        d.add_paragraph("Tiếp theo")
        assert read(d, tmp_path) == ["Giữ lại được chèn", "Chữ trong hộp", "Tiếp theo"]

    def test_runs_in_a_tcvn3_font_are_converted_to_unicode(self, tmp_path):
        d = docx.Document()
        p = d.add_paragraph()
        run = p.add_run("KÕ ho¹ch c¶i c¸ch hµnh chÝnh")
        run.font.name = ".VnTime"
        p.add_run(" – 2026")
        heading = d.add_paragraph().add_run("ñy ban nh©n d©n")
        heading.font.name = ".VnTimeH"
        assert read(d, tmp_path) == ["Kế hoạch cải cách hành chính – 2026", "ỦY BAN NHÂN DÂN"]

    def test_runs_in_a_vni_font_are_converted_to_unicode(self, tmp_path):
        d = docx.Document()
        run = d.add_paragraph().add_run("Keá hoaïch caûi caùch haønh chính")
        run.font.name = "VNI-Times"
        assert read(d, tmp_path) == ["Kế hoạch cải cách hành chính"]


class TestNumbering:
    def test_outline_numbering_renders_roman_decimal_letter_and_bullet_labels(self, tmp_path):
        d = docx.Document()
        outline = add_num(d, add_list(d, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"),
                                          ("bullet", "\uf0b7")]))
        for text, level in [("MỤC ĐÍCH", 0), ("Mục đích", 1), ("ý một", 2), ("ý hai", 2), ("gạch", 3),
                            ("Yêu cầu", 1), ("ý ba", 2), ("NHIỆM VỤ", 0), ("Thể chế", 1)]:
            numbered(d.add_paragraph(text), outline, level)
        assert read(d, tmp_path) == [
            "I. MỤC ĐÍCH", "1. Mục đích", "a) ý một", "b) ý hai", "- gạch", "2. Yêu cầu", "a) ý ba",
            "II. NHIỆM VỤ", "1. Thể chế",
        ]

    def test_multi_level_label_joins_the_parent_numbers(self, tmp_path):
        d = docx.Document()
        num = add_num(d, add_list(d, [("decimal", "%1."), ("decimal", "%1.%2.")]))
        for text, level in [("Một", 0), ("Con một", 1), ("Con hai", 1), ("Hai", 0), ("Con ba", 1)]:
            numbered(d.add_paragraph(text), num, level)
        assert read(d, tmp_path) == ["1. Một", "1.1. Con một", "1.2. Con hai", "2. Hai", "2.1. Con ba"]

    def test_list_instances_of_one_definition_continue_unless_restarted(self, tmp_path):
        d = docx.Document()
        abs_id = add_list(d, [("decimal", "%1.")])
        first, cont, restarted = add_num(d, abs_id), add_num(d, abs_id), add_num(d, abs_id, restart_at=1)
        for text, num in [("a", first), ("b", first), ("c", cont), ("d", restarted), ("e", restarted)]:
            numbered(d.add_paragraph(text), num)
        assert read(d, tmp_path) == ["1. a", "2. b", "3. c", "1. d", "2. e"]

    def test_numbering_from_a_list_style_and_bullets_are_rendered(self, tmp_path):
        d = docx.Document()
        d.add_paragraph("Một", style="List Number")
        d.add_paragraph("Hai", style="List Number")
        d.add_paragraph("Ý", style="List Bullet")
        d.add_paragraph("+ giữ nguyên dấu cộng đã gõ")
        assert read(d, tmp_path) == ["1. Một", "2. Hai", "- Ý", "+ giữ nguyên dấu cộng đã gõ"]

    def test_numbered_stt_cells_in_a_table_get_their_labels(self, tmp_path):
        d = docx.Document()
        num = add_num(d, add_list(d, [("decimal", "%1")]))
        t = d.add_table(rows=3, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "STT", "Nhiệm vụ"
        for r in (1, 2):
            numbered(t.cell(r, 0).paragraphs[0], num)
            t.cell(r, 1).text = f"Việc {r}"
        assert read(d, tmp_path) == ["STT\tNhiệm vụ", "1\tViệc 1", "2\tViệc 2"]


class TestTables:
    def test_vertically_merged_cell_continues_empty_and_horizontal_merge_appears_once(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=4, cols=4)
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row.cells):
                cell.text = f"{r}{c}"
        area = t.cell(1, 0).merge(t.cell(1, 3))
        area.text = "I. CẢI CÁCH THỂ CHẾ"
        lead = t.cell(2, 2).merge(t.cell(3, 2))
        for extra in lead.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        lead.paragraphs[0].text = "Văn phòng"
        assert read(d, tmp_path) == [
            "00\t01\t02\t03",
            "I. CẢI CÁCH THỂ CHẾ",
            "20\t21\tVăn phòng\t23",
            "30\t31\t\t33",
        ]

    def test_a_cell_with_several_paragraphs_is_one_cell_on_one_line(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text = "1"
        units = t.cell(0, 1)
        units.text = "Phòng Văn hóa - Xã hội"  # units one per paragraph: separate items
        units.add_paragraph("Văn phòng HĐND và UBND")
        t.cell(1, 0).text = "2"
        prose = t.cell(1, 1)
        prose.text = "Rà soát thủ tục hành chính,"  # a sentence running on: a space
        prose.add_paragraph("công khai kết quả.")
        prose.add_paragraph("Báo cáo Ủy ban nhân dân xã.")
        assert read(d, tmp_path) == [
            "1\tPhòng Văn hóa - Xã hội; Văn phòng HĐND và UBND",
            "2\tRà soát thủ tục hành chính, công khai kết quả. Báo cáo Ủy ban nhân dân xã.",
        ]

    def test_nested_table_is_flattened_into_its_cell(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "1"
        inner = t.cell(0, 1).add_table(rows=2, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "Quý I", "Kế hoạch"
        inner.cell(1, 0).text, inner.cell(1, 1).text = "Quý II", "Báo cáo"
        assert read(d, tmp_path) == ["1\tQuý I Kế hoạch; Quý II Báo cáo"]

    def test_two_level_header_becomes_one_header_row_naming_every_column(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=3, cols=5)
        top, sub = t.rows[0].cells, t.rows[1].cells
        for col, text in ((0, "TT"), (1, "Nội dung công việc"), (4, "Thời gian")):
            merged = t.cell(0, col).merge(t.cell(1, col))
            merged.text = text
        group = t.cell(0, 2).merge(t.cell(0, 3))
        group.text = "Cơ quan thực hiện"
        sub[2].text, sub[3].text = "Chủ trì", "Phối hợp"
        for col, text in enumerate(["1", "Rà soát quy chế", "Văn phòng", "Các phòng", "Quý I/2027"]):
            t.cell(2, col).text = text
        assert top[0].text == "TT"
        for row in t.rows[:2]:  # both header rows repeat on each page
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        assert read(d, tmp_path) == [
            "TT\tNội dung công việc\tChủ trì\tPhối hợp\tThời gian",
            "1\tRà soát quy chế\tVăn phòng\tCác phòng\tQuý I/2027",
        ]

    def test_one_column_layout_table_is_read_as_paragraphs(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=1, cols=1)
        t.cell(0, 0).text = "Dòng một"
        t.cell(0, 0).add_paragraph("Dòng hai")
        d.add_paragraph("Sau")
        assert read(d, tmp_path) == ["Dòng một", "Dòng hai", "Sau"]

    def test_long_table_over_several_pages_keeps_every_row_and_its_header_row_once(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=1, cols=3)
        for cell, text in zip(t.rows[0].cells, ["STT", "Nhiệm vụ", "Thời gian"], strict=True):
            cell.text = text
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for i in range(1, 121):
            row = t.add_row()
            row.cells[0].text, row.cells[1].text, row.cells[2].text = str(i), f"Nhiệm vụ số {i} " * 6, "Quý I/2026"
            if i == 60:  # a header row typed again mid-table, as converted PDFs often have
                again = t.add_row()
                for cell, text in zip(again.cells, ["STT", "Nhiệm vụ", "Thời gian"], strict=True):
                    cell.text = text
        lines = read(d, tmp_path)
        assert lines.count("STT\tNhiệm vụ\tThời gian") == 1
        rows = [line for line in lines if line and line[0].isdigit()]
        assert [r.split("\t")[0] for r in rows] == [str(i) for i in range(1, 121)]

    def test_table_split_by_a_page_break_with_the_same_header_is_read_as_one_table(self, tmp_path):
        d = docx.Document()
        for part, first in ((1, 1), (2, 3)):
            t = d.add_table(rows=3, cols=2)
            t.cell(0, 0).text, t.cell(0, 1).text = "STT", "Nhiệm vụ"
            for r in (1, 2):
                t.cell(r, 0).text, t.cell(r, 1).text = str(first + r - 1), f"Việc {first + r - 1}"
            if part == 1:
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        assert read(d, tmp_path) == ["STT\tNhiệm vụ", "1\tViệc 1", "2\tViệc 2", "3\tViệc 3", "4\tViệc 4"]

    def test_row_starting_after_skipped_grid_columns_keeps_its_cells_in_place(self, tmp_path):
        d = docx.Document()
        t = d.add_table(rows=2, cols=3)
        for c in range(3):
            t.cell(0, c).text = f"H{c}"
        tr = t.rows[1]._tr
        tr.remove(tr.tc_lst[0])
        tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
        t.rows[1].cells[-1].text = "cuối"
        lines = read(d, tmp_path)
        assert lines[0] == "H0\tH1\tH2"
        assert lines[1].split("\t")[0] == "" and lines[1].endswith("cuối")


@pytest.mark.parametrize("style", ["Table Grid", None])
def test_table_style_does_not_change_the_text(tmp_path, style):
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    if style:
        t.style = style
    t.cell(0, 0).text, t.cell(0, 1).text = "a", "b"
    assert read(d, tmp_path) == ["a\tb"]


def test_tcvn3_text_in_an_ordinary_font_is_still_converted(tmp_path):
    d = docx.Document()
    d.add_paragraph("KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2026 cña x· Hßa B×nh")
    doc = read_document(save(d, tmp_path))
    assert doc.text == "Kế hoạch cải cách hành chính năm 2026 của xã Hòa Bình\n"
    assert any("TCVN3" in w for w in doc.warnings)


def test_bullets_typed_by_hand_read_as_dash_labels(tmp_path):
    d = docx.Document()
    d.add_paragraph("• Rà soát thủ tục hành chính")
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'))
    p.add_run("\tCông khai kết quả")
    d.add_paragraph("– giữ dấu gạch ngang đã gõ")
    assert read(d, tmp_path) == ["- Rà soát thủ tục hành chính", "- Công khai kết quả", "– giữ dấu gạch ngang đã gõ"]
