"""Builders of real files for the reader tests: PDFs via LibreOffice, page images, seed text → Word tables."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cchc.extract.readers.doc import soffice_convert, soffice_path
from cchc.extract.readers.ocr import tesseract_available

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
needs_tesseract = pytest.mark.skipif(not tesseract_available("vie"), reason="tesseract with 'vie' is not installed")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def to_pdf(source: Path, out_dir: Path) -> Path:
    """Convert a document to PDF with LibreOffice (the test skips when soffice is missing)."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    return soffice_convert(source, "pdf", out_dir)


def page_image(lines: list[str], path: Path, *, size: tuple[int, int] = (1700, 900), font_px: int = 34):
    """Draw `lines` in black on white like a 200-dpi scan of a typed page; returns the PIL image."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.is_file():
        pytest.skip(f"font {FONT} is missing")
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), font_px)
    y = 80
    for line in lines:
        draw.text((100, y), line, fill=0, font=font)
        y += int(font_px * 1.8)
    img.save(path)
    return img


def encrypted_ooxml(path: Path) -> Path:
    """A minimal OLE compound file shaped like a password-protected .docx (EncryptionInfo/EncryptedPackage)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray()
    for name, kind in (("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2), ("", 0)):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = kind
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory += entry
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory))
    return path


_BOLD = re.compile(r"</?b>")
_ROMAN = re.compile(r"^[IVX]+\.?$")


def _add_text(paragraph, text: str) -> None:
    bold = False
    for part in re.split(r"(</?b>)", text):
        if part == "<b>":
            bold = True
        elif part == "</b>":
            bold = False
        elif part:
            paragraph.add_run(part).bold = bold or None


def _table_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split text lines into ("para", [line]) and ("table", rows) blocks; a table continued on the next page
    (its header repeated) is one table, and a row split over the page break is joined again."""
    blocks: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" not in line:
            blocks.append(("para", [line]))
            i += 1
            continue
        rows = [line]
        i += 1
        while i < len(lines):
            if "\t" in lines[i]:
                rows.append(lines[i])
                i += 1
                continue
            # blank/page-break lines, then the header again: the same table on the next page
            j = i
            while j < len(lines) and lines[j].strip() in ("", "\f"):
                j += 1
            if j > i and j < len(lines) and _same_row(lines[j], rows[0]):
                i = j + 1
                if i < len(lines) and "\t" in lines[i] and _is_continuation(lines[i]):
                    rows[-1] = _join_rows(rows[-1], lines[i])
                    i += 1
                continue
            break
        blocks.append(("table", rows))
    return blocks


def _is_continuation(line: str) -> bool:
    """The rest of a row cut by a page break: no STT, and its first words continue a sentence."""
    cells = _cells(line)
    filled = [_BOLD.sub("", c) for c in cells if c]
    return bool(cells) and not cells[0] and bool(filled) and filled[0][:1].islower()


def _join_rows(a: str, b: str) -> str:
    ca, cb = _cells(a), _cells(b)
    n = max(len(ca), len(cb))
    ca += [""] * (n - len(ca))
    cb += [""] * (n - len(cb))
    return "\t".join(" ".join(x for x in (p, q) if x) for p, q in zip(ca, cb, strict=True))


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _same_row(a: str, b: str) -> bool:
    norm = lambda s: [_BOLD.sub("", c).strip().lower() for c in s.split("\t") if c.strip()]  # noqa: E731
    return norm(a) == norm(b)


def text_to_docx(text: str, path: Path) -> Path:
    """Write a seed text as a Word file: TAB lines become real tables (header row repeated on each page,
    empty cells under the objective/task columns vertically merged), "- " lines become Word bullets,
    "\\f" lines page breaks."""
    d = docx.Document()
    lines = text.replace("\r\n", "\n").split("\n")
    blocks = _table_blocks(lines)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    section = d.sections[0]
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)
    if any(kind == "table" and max(len(_cells(r)) for r in rows) >= 6 for kind, rows in blocks):
        # a wide task table is printed on landscape A4, as communes do
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    for kind, content in blocks:
        if kind == "para":
            line = content[0]
            if line.strip() == "\f":
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif not line.strip():
                continue
            elif line.startswith("- ") and "\t" not in line:
                _add_text(d.add_paragraph(style="List Bullet"), line[2:])
            else:
                _add_text(d.add_paragraph(), line.replace("\f", ""))
            continue
        rows = [_cells(r) for r in content]
        n_cols = max(len(r) for r in rows)
        rows = [r + [""] * (n_cols - len(r)) for r in rows]
        table = d.add_table(rows=len(rows), cols=n_cols)
        table.style = "Table Grid"
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        grid = [list(row.cells) for row in table.rows]  # table.cell() is slow on long tables
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                _add_text(grid[r][c].paragraphs[0], value)
        # merged-looking continuation: an empty cell under a filled one in columns 1-2 becomes a vMerge
        for c in (1, 2):
            if c >= n_cols:
                continue
            for r in range(2, len(rows)):
                if rows[r][c] or rows[r][0] or not (rows[r - 1][c] or _is_merged(grid[r - 1][c])):
                    continue
                _vmerge(grid[r - 1][c], restart=not _is_merged(grid[r - 1][c]))
                _vmerge(grid[r][c], restart=False)
        # a section row ("I<TAB>CẢI CÁCH THỂ CHẾ<TAB><TAB>…") spans the table: one merged cell
        for r, cells in enumerate(rows):
            filled = [c for c, v in enumerate(cells) if v]
            if n_cols > 2 and filled == [0, 1] and _ROMAN.match(_BOLD.sub("", cells[0])):
                merged = grid[r][1].merge(grid[r][n_cols - 1])
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
    d.save(path)
    return path


def _is_merged(cell) -> bool:
    tcpr = cell._tc.tcPr
    return tcpr is not None and tcpr.find(qn("w:vMerge")) is not None


def _vmerge(cell, *, restart: bool) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    if tcpr.find(qn("w:vMerge")) is not None:
        return
    el = OxmlElement("w:vMerge")
    if restart:
        el.set(qn("w:val"), "restart")
    tcpr.append(el)


def table_image(path: Path, *, font_px: int = 30) -> Path:
    """A ruled task table drawn like a 200-dpi scan: header, a section row merged across, a lead cell
    merged down over two rows. Returns the path of the PNG."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.is_file():
        pytest.skip(f"font {FONT} is missing")
    xs = [80, 200, 900, 1400]
    ys = [300, 380, 460, 540, 620]
    img = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), font_px)
    draw.text((80, 120), "III. NHIỆM VỤ, GIẢI PHÁP", fill=0, font=font)
    for x in (xs[0], xs[-1]):
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    for x in xs[1:-1]:  # inner verticals, broken in the merged section row (ys[1]..ys[2])
        draw.line([(x, ys[0]), (x, ys[1])], fill=0, width=3)
        draw.line([(x, ys[2]), (x, ys[-1])], fill=0, width=3)
    draw.line([(xs[1], ys[1]), (xs[1], ys[2])], fill=0, width=3)  # the STT column stays separate
    for y in (ys[0], ys[1], ys[2], ys[-1]):
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    draw.line([(xs[0], ys[3]), (xs[2], ys[3])], fill=0, width=3)  # no line under the lead cell: merged down
    cells = {
        (0, 0): "STT", (0, 1): "Nhiệm vụ", (0, 2): "Chủ trì",
        (1, 0): "I", (1, 1): "CẢI CÁCH THỂ CHẾ",
        (2, 0): "1.", (2, 1): "Rà soát văn bản", (2, 2): "Văn phòng",
        (3, 0): "2.", (3, 1): "Theo dõi thi hành",
    }
    for (r, c), text in cells.items():
        draw.text((xs[c] + 15, ys[r] + 20), text, fill=0, font=font)
    draw.text((80, 700), "IV. TỔ CHỨC THỰC HIỆN", fill=0, font=font)
    img.save(path)
    return path
