"""Report templates a province can edit: the Decree 30 default and the placeholders cchc offers.

A template is a .docx with Jinja placeholders (docxtpl). It holds the report's layout, the order of
its parts and their fixed wording; cchc fills it with the snapshot's figures and the drafted parts.
Texts go in with `{{ name }}`, lists with a paragraph loop (`{%p for x in basis %}` … `{%p endfor %}`),
and the parts cchc lays out itself (narrative, tables, charts) with `{{p name }}` on a paragraph of
their own. `PLACEHOLDERS` is the whole offer; `check_template` refuses a template that uses anything
else, naming the placeholder and the paragraph it is in.

The default template is built from code (`build_default_template`) the first time it is needed and
kept in memory: it is the code's own layout, so it cannot drift from it, its rules are measured with
the fonts the report is laid out with, and there is no binary copy to keep in step. A province starts
from it by downloading it from the templates page.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from cchc.reports import docx_layout as L
from cchc.reports.placeholders import BLOCKS, FIGURE_KEYS, FIGURES, PLACEHOLDERS, Placeholder

__all__ = [
    "BLOCKS",
    "FIGURE_KEYS",
    "FIGURES",
    "PLACEHOLDERS",
    "Placeholder",
    "build_default_template",
    "default_template_bytes",
    "offered_names",
]




def offered_names() -> frozenset[str]:
    return frozenset(p.name for p in PLACEHOLDERS)


# --------------------------------------------------------------------------- the default template


TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def _upper_outside_tags(text: str) -> str:
    return "".join(part if TAG.fullmatch(part) else part.upper() for part in TAG.split(text))


def _heading(doc: DocxDocument, text: str, *, level: int = 1) -> None:
    p = L._format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, before=L.BODY_SPACING_PT, line=1.15,
                  first_indent_mm=L.INDENT_MM, keep_next=True)
    L._run(p, _upper_outside_tags(text) if level == 1 else text, L.BODY_PT, bold=True)


def _tag(container: Any, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag (`{%p … %}` or `{{p … }}`): removed when rendered."""
    p = L._format(container.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
    L._run(p, text, 11)


def build_default_template() -> DocxDocument:
    """The Decree 30 periodic report as a docxtpl template (the layout `docx_report` always had)."""
    doc = L.new_document()
    # Header: issuing body and number on the left, national title, motto, place and date on the right.
    table = doc.add_table(rows=1, cols=2)
    table.alignment = 1
    L._no_borders(table)
    L._fixed_widths(table, [L.HEADER_LEFT_MM, L.HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    left_avail = L.HEADER_LEFT_MM - 2 * L.CELL_PAD_MM
    right_avail = L.HEADER_RIGHT_MM - 2 * L.CELL_PAD_MM
    p = L._format(left.paragraphs[0])
    L._run(p, "{%p if parent_body %}", 11)
    p = L._format(left.add_paragraph())
    L._run(p, "{{ parent_body|upper }}", 13)
    _tag(left, "{%p endif %}")
    _tag(left, "{%p for line in issuer_lines %}")
    p = L._format(left.add_paragraph())
    L._run(p, "{{ line|upper }}", 13, bold=True)
    _tag(left, "{%p endfor %}")
    # The rule under the issuing body: about half the width of its usual first line.
    widest = L.text_width_mm("ỦY BAN NHÂN DÂN", 13, bold=True)
    L._rule(left, min(left_avail, max(15.0, widest * 0.45)), left_avail, after=6)
    p = L._format(left.add_paragraph())
    L._run(p, "{{ number_line }}", 13)
    p = L._format(right.paragraphs[0])
    L._run(p, L.NATIONAL_TITLE, 12, bold=True)
    p = L._format(right.add_paragraph())
    L._run(p, L.MOTTO, 13, bold=True)
    motto = L.text_width_mm(L.MOTTO, 13, bold=True) + 1.0
    side = max(0.0, (right_avail - motto) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    L._bottom_border(p, space_pt=1)
    p = L._format(right.add_paragraph(), before=6)
    L._run(p, "{{ place_date }}", 14, italic=True)
    for cell in (left, right):
        cell.vertical_alignment = 0  # top

    # Title and subject; the rule under the subject sized for a usual subject line.
    p = L._format(doc.add_paragraph(), before=18, keep_next=True)
    L._run(p, "BÁO CÁO", 14, bold=True)
    p = L._format(doc.add_paragraph(), keep_next=True)
    L._run(p, "{{ subject }}", 14, bold=True)
    usual = "Kết quả thực hiện công tác cải cách hành chính quý II năm 2026"
    rule = L._rule(doc, max(25.0, min(L.text_width_mm(usual, 14, bold=True), L.TEXT_WIDTH_MM) * 0.4),
                   L.TEXT_WIDTH_MM, after=12)
    rule.paragraph_format.space_before = Pt(4)
    _tag(doc, "{%p for text in basis %}")
    L.add_body(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")

    _heading(doc, "I. Công tác chỉ đạo, điều hành cải cách hành chính")
    _tag(doc, "{{p direction }}")
    _heading(doc, "II. Kết quả thực hiện các nhiệm vụ cải cách hành chính")
    _tag(doc, "{{p results }}")
    _heading(doc, "III. Đánh giá chung")
    _heading(doc, "1. Ưu điểm", level=2)
    _tag(doc, "{{p strengths }}")
    _heading(doc, "2. Tồn tại, hạn chế", level=2)
    _tag(doc, "{{p shortcomings }}")
    _heading(doc, "3. Nguyên nhân", level=2)
    _tag(doc, "{{p causes }}")
    _heading(doc, "IV. Nhiệm vụ trọng tâm {{ next_period_label|upper }}")
    _tag(doc, "{{p next_tasks }}")
    _heading(doc, "V. Đề xuất, kiến nghị")
    _tag(doc, "{{p proposals }}")
    closing = L.add_body(doc, "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {{ period_label }} "
                              "của Ủy ban nhân dân {{ locality_name }}./.")
    L.keep_with_next(closing)

    # Recipients and signature.
    table = doc.add_table(rows=1, cols=2)
    L._no_borders(table)
    L._fixed_widths(table, [80, L.TEXT_WIDTH_MM - 80])
    L._cant_split(table.rows[0])
    left, right = table.rows[0].cells
    p = L._format(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    L._run(p, "Nơi nhận:", 12, bold=True, italic=True)
    _tag(left, "{%p for line in recipients %}")
    p = L._format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
    L._run(p, "{{ line }}", 11)
    _tag(left, "{%p endfor %}")
    p = L._format(right.paragraphs[0], before=6)
    L._run(p, "{{ signer_authority|upper }}", 13, bold=True)
    p = L._format(right.add_paragraph())
    L._run(p, "{{ signer_title|upper }}", 13, bold=True)
    for _ in range(5):  # room for the signature and the seal (about 3 cm)
        L._format(right.add_paragraph(), line=1.15)
    p = L._format(right.add_paragraph())
    L._run(p, "{{ signer_name }}", 14, bold=True)

    # Appendices on landscape pages.
    L.start_landscape_section(doc)
    attached = ("(Kèm theo Báo cáo số {{ number or '     ' }}/{{ symbol }} ngày {{ report_date }} "
                "của Ủy ban nhân dân {{ locality_name }})")
    _appendix_title(doc, "Phụ lục I", "Tình hình thực hiện nhiệm vụ cải cách hành chính {{ period_label }}",
                    attached, first=True)
    _tag(doc, "{{p appendix_tasks }}")
    _appendix_title(doc, "Phụ lục II", "Kết quả thực hiện các chỉ tiêu {{ period_label }}", attached)
    _tag(doc, "{{p appendix_indicators }}")
    _tag(doc, "{%p if has_services %}")
    _appendix_title(doc, "Phụ lục III", "Tình hình giải quyết thủ tục hành chính {{ period_label }}", attached)
    _tag(doc, "{{p appendix_services }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if data_as_of %}")
    L.add_caption(doc, "Số liệu cập nhật đến ngày {{ data_as_of }}.")
    _tag(doc, "{%p endif %}")
    return doc


def _appendix_title(doc: DocxDocument, label: str, title: str, attached: str, *, first: bool = False) -> None:
    p = doc.add_paragraph()
    p.alignment = 1
    p.paragraph_format.page_break_before = not first
    p.paragraph_format.keep_with_next = True
    L._run(p, label, 14, bold=True)
    p = doc.add_paragraph()
    p.alignment = 1
    p.paragraph_format.keep_with_next = True
    L._run(p, _upper_outside_tags(title), 14, bold=True)
    p = doc.add_paragraph()
    p.alignment = 1
    p.paragraph_format.space_after = Pt(8)
    L._run(p, attached, 13, italic=True)


@lru_cache(maxsize=1)
def default_template_bytes() -> bytes:
    buf = io.BytesIO()
    build_default_template().save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- checking a template


MAX_REPEAT = 10_000  # the longest string or list a template may build by repetition


def jinja_env() -> Any:
    """The environment templates are rendered in: an uploaded template is untrusted.

    Jinja's sandbox (no attribute of Python internals), escaping, no globals (`range`, `lipsum`, …: a
    template loops over the lists cchc offers only), no `**`, and `*` cannot build huge strings.
    """
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class ReportSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                raise SecurityError("Mẫu không được dùng phép lũy thừa (**).")
            sized = [x for x in (left, right) if isinstance(x, str | list | tuple)]
            counts = [x for x in (left, right) if isinstance(x, int)]
            if sized and counts and len(sized[0]) * max(counts[0], 0) > MAX_REPEAT:
                raise SecurityError("Mẫu tạo chuỗi quá dài.")
            return super().call_binop(context, operator, left, right)

    env = ReportSandbox(autoescape=True)
    env.globals.clear()
    return env
