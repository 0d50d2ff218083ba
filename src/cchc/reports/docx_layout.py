"""Decree 30/2020/NĐ-CP (Phụ lục I) layout primitives for Word documents built with python-docx.

A4 portrait, margins 20/20/30/15 mm, Times New Roman; the header table (issuing body with a
short rule, number and symbol; national title, motto with a full-length rule, place and date),
the document title, justified body paragraphs with a first-line indent, tables, the recipients
and signature block, page numbers centred at the top from page 2, landscape appendix sections.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

__all__ = [
    "BODY_PT",
    "FONT",
    "TEXT_WIDTH_MM",
    "add_body",
    "add_bullet",
    "add_caption",
    "add_draft_mark",
    "add_heading",
    "add_header_block",
    "add_picture",
    "add_signature_block",
    "add_table",
    "add_title",
    "new_document",
    "place_and_date",
    "place_name",
    "start_landscape_section",
    "text_width_mm",
]

FONT = "Times New Roman"
BODY_PT = 14
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_W_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
CELL_PAD_MM = 1.9  # Word's default left/right cell margin (0.08")
HEADER_LEFT_MM = 68
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

# Liberation Serif has the metrics of Times New Roman: the rules under the motto and the issuing
# body are sized from the real width of the text.
_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
              "/usr/share/fonts/liberation", "/Library/Fonts", "C:/Windows/Fonts")


@lru_cache(maxsize=8)
def _font(bold: bool, italic: bool, size: float):  # type: ignore[no-untyped-def]
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with the dev tools
        return None
    for d in _FONT_DIRS:
        path = Path(d) / _FONT_FILES[(bold, italic)]
        if path.exists():
            return ImageFont.truetype(str(path), int(size * 100))
    return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of `text` in Times New Roman (measured with Liberation Serif, else estimated)."""
    font = _font(bold, italic, size_pt)
    if font is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72
    return float(font.getlength(text)) / 100 * 25.4 / 72


# --------------------------------------------------------------------------- document


def new_document() -> DocxDocument:
    """An empty A4 document with Decree-30 margins and Times New Roman 14 pt as the default."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    _set_margins(section)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _set_default_font(doc)
    _add_page_numbers(section)
    return doc


def _set_margins(section) -> None:  # type: ignore[no-untyped-def]
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])


def _set_default_font(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        _set_rfonts(rpr)
        sz = rpr.find(qn("w:sz"))
        if sz is None:
            sz = OxmlElement("w:sz")
            rpr.append(sz)
        sz.set(qn("w:val"), str(BODY_PT * 2))
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_rfonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    for name in ("Table Grid", "Header", "Footer"):
        if name in [s.name for s in styles]:
            styles[name].font.name = FONT


def _set_rfonts(rpr) -> None:  # type: ignore[no-untyped-def]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def _run(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False,
         underline: bool = False):  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.name = FONT
    _set_rfonts(run._element.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if underline:
        run.font.underline = True
    return run


def _format(paragraph: Paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0,  # type: ignore[no-untyped-def]
            line: float | None = 1.0, first_indent_mm: float | None = None, keep_next: bool = False) -> Paragraph:
    pf = paragraph.paragraph_format
    paragraph.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    if first_indent_mm is not None:
        pf.first_line_indent = Mm(first_indent_mm)
    if keep_next:
        pf.keep_with_next = True
    return paragraph


_PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                     "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                     "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                     "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                     "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _bottom_border(paragraph: Paragraph, *, size_eighths: int = 6, space_pt: int = 1) -> None:
    """A single bottom border (a horizontal rule between the paragraph's indents), in schema order."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    successors = {qn(t) for t in _PPR_AFTER_BORDER}
    for i, child in enumerate(ppr):
        if child.tag in successors:
            ppr.insert(i, border)
            return
    ppr.append(border)


def _rule(container, width_mm: float, available_mm: float, *, after: float = 0):  # type: ignore[no-untyped-def]
    """An empty 2 pt paragraph whose bottom border is a centred rule `width_mm` long."""
    p = container.add_paragraph()
    _format(p, after=after)
    side = max(0.0, (available_mm - width_mm) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(2)
    _bottom_border(p, space_pt=0)
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "4")
    rpr.append(sz)
    p._p.get_or_add_pPr().append(rpr)
    return p


_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription")


def _tblpr_set(table: Table, el) -> None:  # type: ignore[no-untyped-def]
    """Put `el` into tblPr at its schema position (Word rejects out-of-order table properties)."""
    tbl_pr = table._tbl.tblPr
    name = el.tag.split("}")[1]
    for old in tbl_pr.findall(el.tag):
        tbl_pr.remove(old)
    later = {qn(f"w:{t}") for t in _TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1:]}
    for i, child in enumerate(tbl_pr):
        if child.tag in later:
            tbl_pr.insert(i, el)
            return
    tbl_pr.append(el)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _tblpr_set(table, borders)


def _fixed_widths(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _tblpr_set(table, layout)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _cell_paragraph(cell: _Cell, first: bool) -> Paragraph:
    return cell.paragraphs[0] if first and not cell.paragraphs[0].text and not cell.paragraphs[0].runs else cell.add_paragraph()


# --------------------------------------------------------------------------- header


def place_and_date(place: str, day: date | None, year: int | None = None) -> str:
    """`An Bình, ngày 08 tháng 6 năm 2026`: days below 10 and months 1-2 take a leading zero (Decree 30)."""
    if day is None:
        return f"{place}, ngày … tháng … năm {year or date.today().year}"
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"


def place_name(locality_name: str) -> str:
    """The place in the date line: `xã An Bình` → `An Bình`, `phường Hòa Bình` → `Hòa Bình`."""
    name = locality_name.strip()
    for prefix in ("xã ", "phường ", "thị trấn ", "đặc khu "):
        if name.lower().startswith(prefix):
            return name[len(prefix):].strip()
    return name


def add_header_block(doc: DocxDocument, *, issuer_lines: Sequence[str], number_line: str, place_date: str,
                     parent_body: str = "") -> Table:
    """The two-column header: issuing body / number on the left, national title / motto / date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    left_avail = HEADER_LEFT_MM - 2 * CELL_PAD_MM
    right_avail = HEADER_RIGHT_MM - 2 * CELL_PAD_MM

    first = True
    if parent_body:
        p = _format(_cell_paragraph(left, first))
        _run(p, parent_body.upper(), 13)
        first = False
    for line in issuer_lines:
        p = _format(_cell_paragraph(left, first))
        _run(p, line.upper(), 13, bold=True)
        first = False
    widest = max((text_width_mm(x.upper(), 13, bold=True) for x in issuer_lines), default=30)
    _rule(left, min(left_avail, max(15.0, widest * 0.45)), left_avail, after=6)
    p = _format(left.add_paragraph())
    _run(p, number_line, 13)

    p = _format(_cell_paragraph(right, True))
    _run(p, NATIONAL_TITLE, 12, bold=True)
    p = _format(right.add_paragraph())
    _run(p, MOTTO, 13, bold=True)
    # The motto's rule is as long as the motto: its border runs between indents of that width.
    motto = text_width_mm(MOTTO, 13, bold=True) + 1.0
    side = max(0.0, (right_avail - motto) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    _bottom_border(p, space_pt=1)
    p = _format(right.add_paragraph(), before=6)
    _run(p, place_date, 14, italic=True)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def add_title(doc: DocxDocument, title: str, subject: str, *, before: float = 18) -> None:
    """`BÁO CÁO` (or `THÔNG BÁO`) and the subject, centred bold 14 pt, with a short rule below."""
    p = _format(doc.add_paragraph(), before=before, keep_next=True)
    _run(p, title.upper(), 14, bold=True)
    p = _format(doc.add_paragraph(), keep_next=True)
    _run(p, subject, 14, bold=True)
    width = min(text_width_mm(subject, 14, bold=True), TEXT_WIDTH_MM) * 0.4
    rule = _rule(doc, max(25.0, width), TEXT_WIDTH_MM, after=12)
    rule.paragraph_format.space_before = Pt(4)


# --------------------------------------------------------------------------- body


INDENT_MM = 12.7
BODY_SPACING_PT = 6


def add_heading(doc: DocxDocument, text: str, *, level: int = 1) -> Paragraph:
    """Numbered headings inside the body: level 1 `I. …` bold capitals, level 2 `1. …` bold, level 3 italic."""
    p = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, before=BODY_SPACING_PT, line=1.15,
                first_indent_mm=INDENT_MM, keep_next=True)
    if level == 1:
        _run(p, text.upper(), BODY_PT, bold=True)
    elif level == 2:
        _run(p, text, BODY_PT, bold=True)
    else:
        _run(p, text, BODY_PT, bold=True, italic=True)
    return p


def add_body(doc: DocxDocument, text: str, *, suffix: str = "", italic: bool = False) -> Paragraph:
    """A justified 14 pt body paragraph with a 1.27 cm first-line indent and 6 pt before; `suffix` in italics."""
    p = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=BODY_SPACING_PT, line=1.15,
                first_indent_mm=INDENT_MM)
    _run(p, text, BODY_PT, italic=italic)
    if suffix:
        _run(p, suffix, BODY_PT, italic=True)
    return p


def add_bullet(doc: DocxDocument, text: str, *, suffix: str = "") -> Paragraph:
    """A `- ` item formatted as a body paragraph (the Vietnamese administrative list style)."""
    return add_body(doc, f"- {text}", suffix=suffix)


def add_caption(doc: DocxDocument, text: str, *, keep_next: bool = False) -> Paragraph:
    """A centred 12 pt italic caption; `keep_next` keeps a table's caption on the table's page."""
    p = _format(doc.add_paragraph(), before=3, after=3, keep_next=keep_next)
    _run(p, text, 12, italic=True)
    return p


def add_picture(doc: DocxDocument, png: bytes, *, width_mm: float = 150) -> Paragraph:
    """A centred picture (a chart rendered to PNG)."""
    p = _format(doc.add_paragraph(), before=6, keep_next=True)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    return p


KEEP_TOGETHER_ROWS = 20


def add_table(doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float],
              *, size: float = 12, align: Sequence[str] | None = None, header_rows: Sequence[Sequence[str]] = (),
              merges: Sequence[tuple[int, int, int, int]] = (), bold_last: bool = False,
              header_size: float | None = None, cell_pad_mm: float | None = None) -> Table:
    """A bordered table: bold centred header row(s) repeated on every page, then the data rows.

    `header_rows` are extra header rows above `headers`; `merges` are (row, col, row2, col2) over them.
    `align` holds one of `l`, `c`, `r` per column for the data rows.
    """
    n_head = len(header_rows) + 1
    table = doc.add_table(rows=n_head + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths_mm)
    if cell_pad_mm is not None:
        _cell_margins(table, cell_pad_mm)
    hsize = header_size or size
    for r, texts in enumerate([*header_rows, headers]):
        row = table.rows[r]
        _repeat_header(row)
        for c, text in enumerate(texts):
            if text:
                cell = row.cells[c]
                _run(_format(cell.paragraphs[0], before=2, after=2), str(text), hsize, bold=True)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r0, c0, r1, c1 in merges:
        a, b = table.cell(r0, c0), table.cell(r1, c1)
        keep = a.text or b.text
        merged = a.merge(b)
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        if not merged.paragraphs[0].runs and keep:
            _run(_format(merged.paragraphs[0], before=2, after=2), keep, hsize, bold=True)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    aligns = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT,
              "j": WD_ALIGN_PARAGRAPH.JUSTIFY}
    for i, values in enumerate(rows):
        row = table.rows[n_head + i]
        _cant_split(row)
        last = bold_last and i == len(rows) - 1
        for c, value in enumerate(values):
            cell = row.cells[c]
            a = aligns[(align[c] if align else "l")]
            _run(_format(cell.paragraphs[0], align=a, before=2, after=2), "" if value is None else str(value), size,
                 bold=last)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if len(table.rows) <= KEEP_TOGETHER_ROWS:
        # A short table stays on one page: every row but the last keeps with the next (Word's own way).
        for row in table.rows[:-1]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    return table


def _cell_margins(table: Table, pad_mm: float) -> None:
    """Left/right cell padding of the whole table (narrow numeric columns need less than Word's 1.9 mm)."""
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(pad_mm / 25.4 * 1440)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    _tblpr_set(table, mar)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cant_split(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


# --------------------------------------------------------------------------- closing


def add_signature_block(doc: DocxDocument, *, recipients: Sequence[str], authority: str, title: str,
                        name: str) -> Table:
    """`Nơi nhận:` (12 pt bold italic, list in 11 pt ending `- Lưu: VT, …`) beside the signature block."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [80, TEXT_WIDTH_MM - 80])
    _cant_split(table.rows[0])  # recipients and signature stay on one page
    left, right = table.rows[0].cells
    p = _format(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    _run(p, "Nơi nhận:", 12, bold=True, italic=True)
    items = [r.strip() for r in recipients if r.strip()]
    if not any(_is_archive(r) for r in items):
        items.append("Lưu: VT.")
    items.sort(key=_is_archive)  # the archive line always comes last
    for item in items:
        text = item if item.startswith("-") else f"- {item}"
        p = _format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        _run(p, text, 11)

    p = _format(right.paragraphs[0], before=6)
    _run(p, authority.upper(), 13, bold=True)
    p = _format(right.add_paragraph())
    _run(p, title.upper(), 13, bold=True)
    for _ in range(5):  # room for the signature and the seal (about 3 cm)
        _format(right.add_paragraph(), line=1.15)
    p = _format(right.add_paragraph())
    _run(p, name, 14, bold=True)
    return table


def _is_archive(text: str) -> bool:
    return text.lstrip("- ").lower().startswith("lưu")


# --------------------------------------------------------------------------- sections


def _add_page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """A centred PAGE field at the top; the first page has its own (empty) header."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _format(p)
    _field(p, "PAGE", "2")
    first = section.first_page_header
    first.is_linked_to_previous = False


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    def char(kind: str):  # type: ignore[no-untyped-def]
        run = _run(paragraph, "", 13)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    char("begin")
    run = _run(paragraph, "", 13)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    _run(paragraph, placeholder, 13)
    char("end")


def start_landscape_section(doc: DocxDocument):  # type: ignore[no-untyped-def]
    """A new landscape A4 section (for wide appendix tables); page numbers continue in its header."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_H_MM), Mm(PAGE_W_MM)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(20)
    section.right_margin = Mm(15)
    section.different_first_page_header_footer = False
    return section


def start_portrait_section(doc: DocxDocument):  # type: ignore[no-untyped-def]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    _set_margins(section)
    section.different_first_page_header_footer = False
    return section


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


DRAFT_MARK = "DỰ THẢO"


def add_draft_mark(doc: DocxDocument, text: str = DRAFT_MARK) -> None:
    """`DỰ THẢO` at the top right of every page (the first page's header and the running one)."""
    section = doc.sections[0]
    for header in (section.first_page_header, section.header):
        header.is_linked_to_previous = False
        p = header.paragraphs[0] if not header.paragraphs[0].text and not header.paragraphs[0].runs else (
            header.add_paragraph())
        _format(p, align=WD_ALIGN_PARAGRAPH.RIGHT)
        run = _run(p, text, 13, bold=True)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
