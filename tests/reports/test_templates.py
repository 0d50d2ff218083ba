"""Report templates (docxtpl): the Decree 30 default, a province's own wording and order, the check."""

from __future__ import annotations

import io
import re
import string

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.reports import docx_layout as L
from cchc.reports.docx_report import build_report_docx, report_docx_bytes, template_context
from cchc.reports.docx_template import (
    BLOCKS,
    FIGURES,
    PLACEHOLDERS,
    default_template_bytes,
    offered_names,
)
from cchc.reports.sample import make_report_data
from cchc.reports.template_check import check_template


def _edit(content: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(content))
    edit(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _paragraph(doc, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if p.text == text)


def _add_body_after(doc, anchor: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """A body paragraph with `text` right after the paragraph reading `anchor`."""
    new = L.add_body(doc, text)
    _paragraph(doc, anchor)._p.addnext(new._p)


def _texts(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_the_default_template_passes_its_own_check_and_names_only_offered_placeholders() -> None:
    content = default_template_bytes()
    assert check_template(content) == []
    used = set(re.findall(r"\{\{p? *([a-z_]+)", "\n".join(_texts(content))))
    assert used - {"text", "line"} <= offered_names()  # loop variables besides
    assert {"direction", "results", "proposals", "appendix_tasks"} <= used


def test_the_context_offers_every_placeholder_of_the_catalogue_and_every_figure() -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(default_template_bytes()))
    tpl.init_docx()
    context = template_context(tpl, make_report_data(), with_charts=False)
    assert set(context) == offered_names()
    assert set(context["figures"]) == {k for k, _ in FIGURES}
    assert all(p.description for p in PLACEHOLDERS)


def test_a_report_laid_out_with_the_default_given_explicitly_is_the_same_report() -> None:
    data = make_report_data()
    a = _texts(report_docx_bytes(data, with_charts=False))
    b = _texts(report_docx_bytes(data, with_charts=False, template=default_template_bytes()))
    assert a == b
    assert not any("{{" in t or "{%" in t for t in a)


def test_a_province_template_changes_the_wording_and_the_order_of_the_parts() -> None:
    def edit(doc):  # type: ignore[no-untyped-def]
        _paragraph(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ").runs[0].text = "IV. KIẾN NGHỊ VỚI CẤP TRÊN"
        heading = _paragraph(doc, "IV. KIẾN NGHỊ VỚI CẤP TRÊN")
        block = _paragraph(doc, "{{p proposals }}")
        next_heading = _paragraph(doc, "IV. NHIỆM VỤ TRỌNG TÂM {{ next_period_label|upper }}")
        next_heading.runs[0].text = "V. PHƯƠNG HƯỚNG {{ next_period_label|upper }}"
        next_heading._p.addprevious(heading._p)  # the proposals now come before the next period's tasks
        heading._p.addnext(block._p)
        _add_body_after(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
                        "Tổng số nhiệm vụ của kế hoạch: {{ figures.tasks_total }}; hoàn thành "
                        "{{ figures.tasks_done }}.")

    template = _edit(default_template_bytes(), edit)
    assert check_template(template) == []
    data = make_report_data()
    texts = _texts(report_docx_bytes(data, with_charts=False, template=template))
    assert texts.index("IV. KIẾN NGHỊ VỚI CẤP TRÊN") < texts.index("V. PHƯƠNG HƯỚNG QUÝ TỚI")
    proposal = next(i for i, t in enumerate(texts) if t.startswith("- Đề nghị UBND thành phố"))
    assert texts.index("IV. KIẾN NGHỊ VỚI CẤP TRÊN") < proposal < texts.index("V. PHƯƠNG HƯỚNG QUÝ TỚI")
    total = data.snapshot.tasks.total.total if data.snapshot else None
    line = next(t for t in texts if t.startswith("Tổng số nhiệm vụ của kế hoạch:"))
    assert line.endswith(".") and "{{" not in line
    if total is not None:
        assert f"{total:02d}" in line or str(total) in line


def test_an_unknown_placeholder_is_refused_with_its_name_and_the_paragraph_it_is_in() -> None:
    template = _edit(default_template_bytes(), lambda doc: _add_body_after(
        doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "Kính gửi {{ so_noi_vu_ten }} để biết."))
    problems = check_template(template)
    assert [p.placeholder for p in problems] == ["so_noi_vu_ten"]
    message = problems[0].message
    assert "«so_noi_vu_ten»" in message and "không cung cấp" in message
    assert re.search(r"đoạn \d+ của thân văn bản", problems[0].where)
    assert "Kính gửi {{ so_noi_vu_ten }} để biết." in message


def test_an_unknown_figure_and_a_block_written_inline_are_both_named() -> None:
    def edit(doc):  # type: ignore[no-untyped-def]
        _add_body_after(doc, "III. ĐÁNH GIÁ CHUNG", "Điểm: {{ figures.diem_xep_hang }}.")
        _add_body_after(doc, "1. Ưu điểm", "Xem thêm: {{ strengths }}")

    problems = check_template(_edit(default_template_bytes(), edit))
    by = {p.placeholder: p for p in problems}
    assert set(by) == {"figures.diem_xep_hang", "strengths"}
    assert "{{p strengths }}" in by["strengths"].message
    assert by["figures.diem_xep_hang"].where


def test_a_placeholder_in_a_table_cell_is_located_by_table_row_and_cell() -> None:
    def edit(doc):  # type: ignore[no-untyped-def]
        cell = doc.tables[0].rows[0].cells[1]
        cell.add_paragraph("{{ ten_tinh }}")

    problems = check_template(_edit(default_template_bytes(), edit))
    assert [p.placeholder for p in problems] == ["ten_tinh"]
    assert problems[0].where == "bảng 1, hàng 1, ô 2"


def test_a_jinja_syntax_error_and_a_file_that_is_not_a_docx_are_refused() -> None:
    broken = _edit(default_template_bytes(), lambda doc: _add_body_after(
        doc, "III. ĐÁNH GIÁ CHUNG", "{% if figures.tasks_total %}không đóng"))
    problems = check_template(broken)
    assert problems and "cú pháp" in problems[0].message
    assert check_template(b"PK\x03\x04 not really a docx")[0].message.startswith("Tệp không phải")


def test_a_template_that_reaches_into_python_internals_is_refused() -> None:
    template = _edit(default_template_bytes(), lambda doc: _add_body_after(
        doc, "III. ĐÁNH GIÁ CHUNG", "{{ locality_name.__class__.__mro__ }}"))
    problems = check_template(template)
    assert problems and "Không điền được mẫu" in problems[0].message


def test_every_block_placeholder_is_filled_in_the_default() -> None:
    texts = _texts(report_docx_bytes(make_report_data(), with_charts=False))
    joined = "\n".join(texts)
    for name in BLOCKS:
        assert name not in joined


def test_an_unapproved_version_laid_out_with_a_province_template_still_carries_the_draft_mark() -> None:
    from dataclasses import replace

    template = _edit(default_template_bytes(), lambda doc: _add_body_after(
        doc, "III. ĐÁNH GIÁ CHUNG", "Nội dung thêm của tỉnh."))
    buf = io.BytesIO()
    build_report_docx(replace(make_report_data(), draft_mark=True), with_charts=False, template=template).save(buf)
    section = Document(io.BytesIO(buf.getvalue())).sections[0]  # as saved, not as held in memory
    for header in (section.header, section.first_page_header):
        assert any(L.DRAFT_MARK in p.text for p in header.paragraphs)


_NAMES = st.text(alphabet=string.ascii_lowercase + "_", min_size=3, max_size=20).filter(
    lambda s: s[0] != "_" and s not in offered_names() and s not in {"for", "if", "in", "and", "not", "or",
                                                                       "true", "false", "none", "is"})


@settings(max_examples=15, deadline=None)
@given(_NAMES)
def test_any_name_cchc_does_not_offer_is_refused_by_that_name(name: str) -> None:
    template = _edit(default_template_bytes(), lambda doc: _add_body_after(
        doc, "III. ĐÁNH GIÁ CHUNG", f"Trường thêm: {{{{ {name} }}}}."))
    problems = check_template(template)
    assert [p.placeholder for p in problems] == [name]
    assert f"«{name}»" in problems[0].message


def test_a_report_from_a_reworded_province_template_still_passes_every_decree30_check(tmp_path, shared_dir) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    def edit(doc):  # type: ignore[no-untyped-def]
        _paragraph(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ").runs[0].text = "V. KIẾN NGHỊ, ĐỀ XUẤT VỚI UBND TỈNH"

    path = tmp_path / "bao-cao-tinh.docx"
    path.write_bytes(report_docx_bytes(make_report_data(), with_charts=False,
                                       template=_edit(default_template_bytes(), edit)))
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "decree30: 17/17", proc.stdout


def test_the_reports_doc_lists_every_placeholder_offered() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    missing = [p.name for p in PLACEHOLDERS if f"| `{p.name}` |" not in doc]
    missing += [f"figures.{k}" for k, _ in FIGURES if f"| `figures.{k}` |" not in doc]
    assert not missing, missing


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_refused_with_a_reason_and_never_raise(content: bytes) -> None:
    problems = check_template(b"PK\x03\x04" + content)
    assert problems and all(p.message for p in problems)


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    assert check_template(buf.getvalue())[0].message.startswith("Tệp không phải")


def test_text_with_markup_characters_is_escaped_into_the_document_not_into_its_xml() -> None:
    data = make_report_data(basis=["Thực hiện Kế hoạch số 12/KH-UBND (mục <1> & <2>) của UBND tỉnh."])
    texts = _texts(report_docx_bytes(data, with_charts=False))
    assert "Thực hiện Kế hoạch số 12/KH-UBND (mục <1> & <2>) của UBND tỉnh." in texts


def test_a_template_cannot_loop_over_made_up_ranges_or_build_huge_strings() -> None:
    for text in ("{% for i in range(100000) %}x{% endfor %}", "{{ 'x' * 100000000 }}", "{{ 9 ** 9 ** 9 }}"):
        template = _edit(default_template_bytes(), lambda doc, t=text: _add_body_after(doc, "III. ĐÁNH GIÁ CHUNG", t))
        problems = check_template(template)
        assert problems, text


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (51 * 1024 * 1024))
    assert "quá lớn" in check_template(buf.getvalue())[0].message
