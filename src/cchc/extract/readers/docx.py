"""Word .docx: the body in order (paragraphs and tables interleaved) in the SourceDocument layout.

- Word automatic numbering is rendered from numbering.xml as its visible label ("1.", "a)", "-", "I.").
- Table rows are TAB-joined lines; a vertically merged cell's continuation is empty, a horizontally
  merged (gridSpan) cell appears once; a one-column (layout) table is read as paragraphs; a table
  nested in a cell is flattened into that cell's text.
- A header row repeated inside a table, or at the top of a table that directly continues the previous
  one, is emitted once.
- Explicit page breaks become "\\f"; text boxes follow the paragraph that anchors them; headers,
  footers, footnotes, comments and deleted revisions are left out.
- Runs in legacy TCVN3 (.VnTime…) or VNI fonts are converted to Unicode.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from cchc.extract.document import PAGE_BREAK, TABLE_CELL_SEP, SourceDocument
from cchc.extract.readers.errors import invalid
from cchc.extract.readers.grid import GridCell, combine_two_level_header
from cchc.extract.readers.legacy import fix_legacy, legacy_font_encoding, tcvn3_to_unicode, vni_to_unicode

__all__ = ["read_docx", "docx_xml_to_text"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Uncompressed size limit for the parts read, against zip bombs.
_MAX_UNCOMPRESSED = 512 * 1024 * 1024


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(_w(attr))


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_SDT, _SDT_CONTENT, _CUSTOM_XML, _SMART_TAG = _w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")
_TXBX = _w("txbxContent")
_SKIP = {
    _w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), _w("pPr"), _w("rPr"),
    _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), f"{{{MC}}}Fallback",
}
# A bullet typed at the start of a paragraph (symbol-font code points as Word stores them, Unicode bullets).
BULLET_AT_START = re.compile(r"^[\uf0a7\uf0b7\uf0d8\uf0e8\uf076\uf0fc\uf0a8\uf06c\uf06e\uf071\u2022\u25cf\u25aa"
                             r"\u25a0\u25e6\u2023\u2043\u2219\u27a2\u25ba](?:\s+|(?=\w))")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


# ---------------------------------------------------------------- numbering


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word: a..z, then aa..zz, aaa.. (the letter repeated)
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


_BULLETS_KEPT = {"+": "+", "-": "-", "–": "-", "—": "-", "*": "*"}


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    style: str | None = None


@dataclass
class _Numbering:
    """numbering.xml and the numbering part of styles.xml, with running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = field(default_factory=dict)
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_based: dict[str, str] = field(default_factory=dict)
    counters: dict[tuple[str, str], list[int | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, numbering: etree._Element | None, styles: etree._Element | None) -> _Numbering:
        self = cls()
        if numbering is not None:
            for an in numbering.iter(_w("abstractNum")):
                self.abstract[an.get(_w("abstractNumId")) or ""] = {
                    int(lvl.get(_w("ilvl")) or 0): _parse_level(lvl) for lvl in an.iter(_w("lvl"))
                }
            for num in numbering.iter(_w("num")):
                num_id = num.get(_w("numId")) or ""
                abs_id = _val(num.find(_w("abstractNumId"))) or ""
                overrides: dict[int, _Level] = {}
                starts: dict[int, int] = {}
                for ov in num.iter(_w("lvlOverride")):
                    ilvl = int(ov.get(_w("ilvl")) or 0)
                    so = _val(ov.find(_w("startOverride")))
                    if so is not None and so.lstrip("-").isdigit():
                        starts[ilvl] = int(so)
                    lvl = ov.find(_w("lvl"))
                    if lvl is not None:
                        overrides[ilvl] = _parse_level(lvl)
                self.nums[num_id] = (abs_id, overrides, starts)
        if styles is not None:
            for st in styles.iter(_w("style")):
                sid = st.get(_w("styleId")) or ""
                based = _val(st.find(_w("basedOn")))
                if based:
                    self.style_based[sid] = based
                num_pr = st.find(f"{_w('pPr')}/{_w('numPr')}")
                if num_pr is not None:
                    num_id = _val(num_pr.find(_w("numId")))
                    ilvl = _val(num_pr.find(_w("ilvl")))
                    self.style_num[sid] = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else None)
        return self

    def _style_numpr(self, style: str | None) -> tuple[str | None, int | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_num:
                num_id, ilvl = self.style_num[style]
                return num_id, ilvl, style
            style = self.style_based.get(style)
        return None, None, None

    def label(self, p: etree._Element) -> str:
        """The visible list label of paragraph `p` ("1.", "a)", "-"), advancing the counters; '' if none."""
        ppr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")))
            lv = _val(num_pr.find(_w("ilvl")))
            ilvl = int(lv) if lv and lv.isdigit() else None
        style_num, style_ilvl, num_style = self._style_numpr(style)
        if num_id is None:
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abs_id, overrides, starts = self.nums[num_id]
        levels = dict(self.abstract.get(abs_id, {}))
        levels.update(overrides)
        if ilvl is None:
            # a style-linked list: the level whose pStyle is the paragraph's style
            ilvl = next((i for i, lv in levels.items() if num_style and lv.style == num_style), 0)
        ilvl = max(0, min(ilvl, 8))
        level = levels.get(ilvl, _Level())
        key = ("num", num_id) if starts else ("abs", abs_id)
        counters = self.counters.setdefault(key, [None] * 9)
        start_of = lambda i: starts.get(i, levels.get(i, _Level()).start)  # noqa: E731
        counters[ilvl] = start_of(ilvl) if counters[ilvl] is None else counters[ilvl] + 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, 9):
            lv = levels.get(deeper)
            restart = lv.restart if lv and lv.restart is not None else deeper
            if restart == 0:
                continue  # lvlRestart 0: never restarts
            if restart - 1 <= ilvl:
                counters[deeper] = None
        if level.fmt == "bullet":
            return _BULLETS_KEPT.get(level.text.strip(), "-")

        def sub(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            if not 0 <= i < 9:
                return ""
            value = counters[i] if counters[i] is not None else start_of(i)
            lv = levels.get(i, _Level())
            fmt = "decimal" if level.legal and i < ilvl else lv.fmt
            return _format_number(value, fmt)  # type: ignore[arg-type]

        return re.sub(r"%(\d)", sub, level.text).strip()


def _parse_level(lvl: etree._Element) -> _Level:
    start = _val(lvl.find(_w("start")))
    restart = _val(lvl.find(_w("lvlRestart")))
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_val(lvl.find(_w("numFmt"))) or "decimal",
        text=_val(lvl.find(_w("lvlText"))) if lvl.find(_w("lvlText")) is not None else "",  # type: ignore[arg-type]
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=lvl.find(_w("isLgl")) is not None and _val(lvl.find(_w("isLgl"))) not in ("0", "false"),
        style=_val(lvl.find(_w("pStyle"))),
    )


# ---------------------------------------------------------------- fonts (legacy encodings)


@dataclass
class _Fonts:
    """Which legacy encoding a run's font implies, through run, character style, paragraph style, defaults."""

    style_font: dict[str, str | None] = field(default_factory=dict)
    style_based: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    any_legacy: bool = False

    @classmethod
    def load(cls, styles: etree._Element | None) -> _Fonts:
        self = cls()
        if styles is None:
            return self
        dflt = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}")
        self.default = _font_of(dflt)
        for st in styles.iter(_w("style")):
            sid = st.get(_w("styleId")) or ""
            self.style_font[sid] = _font_of(st.find(f"{_w('rPr')}/{_w('rFonts')}"))
            based = _val(st.find(_w("basedOn")))
            if based:
                self.style_based[sid] = based
        fonts = [self.default, *self.style_font.values()]
        self.any_legacy = any(legacy_font_encoding(f) for f in fonts if f)
        return self

    def of_style(self, style: str | None) -> str | None:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if self.style_font.get(style):
                return self.style_font[style]
            style = self.style_based.get(style)
        return None

    def encoding(self, run: etree._Element, para_style: str | None) -> str | None:
        rpr = run.find(_w("rPr"))
        font = None
        if rpr is not None:
            font = _font_of(rpr.find(_w("rFonts"))) or self.of_style(_val(rpr.find(_w("rStyle"))))
        font = font or self.of_style(para_style) or self.default
        return legacy_font_encoding(font)


def _font_of(rfonts: etree._Element | None) -> str | None:
    if rfonts is None:
        return None
    return rfonts.get(_w("ascii")) or rfonts.get(_w("hAnsi")) or rfonts.get(_w("cs"))


def _decode_legacy(text: str, encoding: str | None) -> str:
    if encoding == "TCVN3":
        return tcvn3_to_unicode(text)
    if encoding == "TCVN3H":
        return tcvn3_to_unicode(text, upper=True)
    if encoding == "VNI":
        return vni_to_unicode(text)
    return text


# ---------------------------------------------------------------- body walk


@dataclass
class _Walker:
    numbering: _Numbering
    fonts: _Fonts
    lines: list[str] = field(default_factory=list)
    last_header: list[str] | None = None
    blank_since_table: bool = False

    # -- paragraphs

    def paragraph_parts(self, p: etree._Element) -> tuple[list[str], list[etree._Element], bool]:
        """Paragraph `p` as text pieces (PAGE_BREAK and "\\n" separated), its text boxes, page-break-before."""
        ppr = p.find(_w("pPr"))
        para_style = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        brk_before = ppr is not None and ppr.find(_w("pageBreakBefore")) is not None and _val(
            ppr.find(_w("pageBreakBefore"))
        ) not in ("0", "false")
        pieces: list[str] = []
        boxes: list[etree._Element] = []

        def walk(el: etree._Element, encoding: str | None) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIP:
                    continue
                if tag == _TXBX:
                    boxes.append(child)
                    continue
                if tag == _R:
                    walk(child, self.fonts.encoding(child, para_style) if self.fonts.any_legacy else None)
                elif tag == _T:
                    pieces.append(_decode_legacy(child.text or "", encoding))
                elif tag == _w("tab") or tag == _w("ptab"):
                    pieces.append(" ")
                elif tag == _w("br"):
                    pieces.append(PAGE_BREAK if child.get(_w("type")) == "page" else "\n")
                elif tag == _w("cr"):
                    pieces.append("\n")
                elif tag == _w("noBreakHyphen"):
                    pieces.append("-")
                elif tag == _w("sym"):
                    # a symbol-font glyph (Wingdings/Symbol bullet typed by hand): "-" at the start
                    if not "".join(pieces).strip():
                        pieces.append("- ")
                else:
                    walk(child, encoding)

        walk(p, None)
        return pieces, boxes, bool(brk_before)

    def paragraph_text(self, p: etree._Element) -> tuple[str, list[etree._Element], bool]:
        """The paragraph as one string (may hold "\\n" and PAGE_BREAK), with its list label."""
        pieces, boxes, brk = self.paragraph_parts(p)
        text = "".join(pieces)
        label = self.numbering.label(p)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        elif label:
            text = label
        return text, boxes, brk

    def emit_paragraph(self, p: etree._Element) -> None:
        text, boxes, brk = self.paragraph_text(p)
        if brk:
            self.page_break()
        for i, chunk in enumerate(text.split(PAGE_BREAK)):
            if i:
                self.page_break()
            for line in chunk.split("\n"):
                line = BULLET_AT_START.sub("- ", _clean(line))  # a bullet typed by hand: "-" as Word's
                self.lines.append(line)
                if line:
                    self.blank_since_table = False
        for box in boxes:
            self.blocks(box)

    def page_break(self) -> None:
        if self.lines and self.lines[-1] != PAGE_BREAK:
            self.lines.append(PAGE_BREAK)

    # -- containers

    def blocks(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.emit_paragraph(child)
            elif tag == _TBL:
                self.emit_table(child)
            elif tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT, _SMART_TAG) or tag == _w("ins"):
                inner = child.find(_SDT_CONTENT) if tag == _SDT else child
                if inner is not None:
                    self.blocks(inner)

    # -- tables

    def cell_text(self, tc: etree._Element) -> str:
        sub = _Walker(self.numbering, self.fonts)
        for child in _cell_blocks(tc):
            if child.tag == _P:
                text, boxes, _ = sub.paragraph_text(child)
                sub.lines.append(text.replace(PAGE_BREAK, " "))
                for box in boxes:
                    sub.blocks(box)
            elif child.tag == _TBL:
                for row in sub.table_rows(child):
                    sub.lines.append(" ".join(c for c in row if c))
        return _join_cell_lines([_clean(line) for line in sub.lines])

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.grid_rows(tbl)]

    def grid_rows(self, tbl: etree._Element) -> list[list[GridCell]]:
        """Each row's cells with their grid position and span; vMerge continuations have empty text."""
        rows: list[list[GridCell]] = []
        for tr in _iter_rows(tbl):
            cells: list[GridCell] = []
            col = 0
            trpr = tr.find(_w("trPr"))
            before = _val(trpr.find(_w("gridBefore"))) if trpr is not None else None
            if before and before.isdigit():
                for _ in range(int(before)):
                    cells.append(GridCell("", col, 1, False))
                    col += 1
            for tc in _iter_cells(tr):
                tcpr = tc.find(_w("tcPr"))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                hmerge = tcpr.find(_w("hMerge")) if tcpr is not None else None
                span_val = _val(tcpr.find(_w("gridSpan"))) if tcpr is not None else None
                span = int(span_val) if span_val and span_val.isdigit() and int(span_val) > 0 else 1
                if hmerge is not None and _val(hmerge) != "restart":
                    if cells:
                        cells[-1].span += span
                    col += span
                    continue
                if vmerge is not None and _val(vmerge) != "restart":
                    cells.append(GridCell("", col, span, True))
                else:
                    cells.append(GridCell(self.cell_text(tc), col, span, False))
                col += span
            rows.append(cells)
        return rows

    def emit_table(self, tbl: etree._Element) -> None:
        if _is_layout_table(tbl):
            for tr in _iter_rows(tbl):
                for tc in _iter_cells(tr):
                    self.blocks(tc)
            return
        grid = self.grid_rows(tbl)
        combined = combine_two_level_header(grid)
        n_header = _header_row_count(tbl)
        if len(combined) < len(grid):
            n_header = max(1, n_header - 1)
        rows = [[cell.text for cell in row] for row in combined]
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            return
        header = rows[:n_header]
        key = lambda r: [_fold_cell(c) for c in r]  # noqa: E731
        header_keys = [key(r) for r in header]
        # a table right after a table with the same header (split by a page break): one table
        continues = self.blank_since_table and self.last_header is not None and key(rows[0]) == self.last_header
        body = rows[n_header:]
        if not continues:
            self.ensure_blank()
            for r in header:
                self.lines.append(TABLE_CELL_SEP.join(r))
        else:
            while self.lines and self.lines[-1] in ("", PAGE_BREAK):
                self.lines.pop()
        for n, r in enumerate(body):
            if key(r) in header_keys:
                continue  # a header row repeated inside the table
            line = TABLE_CELL_SEP.join(r)
            if continues and n == 0 and not r[0].strip():
                # the page's first row has no number: the rest of the row the page broke; the mark
                # lets the task reader join it to that row
                line = PAGE_BREAK + line
            self.lines.append(line)
        self.lines.append("")
        self.last_header = header_keys[0] if header_keys else None
        self.blank_since_table = True

    def ensure_blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _join_cell_lines(lines: list[str]) -> str:
    """A cell's paragraphs on one line: "; " between two that read as separate items (the first ends
    without punctuation, the next starts with a capital, as units listed one per line), else a space."""
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out[-1].isalnum() and line[0].isupper():
            out = f"{out}; {line}"
        else:
            out = f"{out} {line}"
    return out


def _cell_blocks(tc: etree._Element) -> Iterator[etree._Element]:
    for child in tc:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _cell_blocks(inner)


def _iter_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _iter_rows(inner)


def _iter_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _iter_cells(inner)


def _grid_columns(tbl: etree._Element) -> int:
    grid = tbl.find(_w("tblGrid"))
    return len(grid.findall(_w("gridCol"))) if grid is not None else 0


def _is_layout_table(tbl: etree._Element) -> bool:
    """A one-column table (a framed box or a page-layout table): its content is read as paragraphs."""
    cols = _grid_columns(tbl)
    if cols > 1:
        return False
    return all(sum(1 for _ in _iter_cells(tr)) <= 1 for tr in _iter_rows(tbl))


def _header_row_count(tbl: etree._Element) -> int:
    """Rows marked "repeat as header row" at the top of the table; else the first row."""
    n = 0
    for tr in _iter_rows(tbl):
        trpr = tr.find(_w("trPr"))
        flag = trpr.find(_w("tblHeader")) if trpr is not None else None
        if flag is None or _val(flag) in ("0", "false"):
            break
        n += 1
    return max(n, 1)


def _fold_cell(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _clean(text: str) -> str:
    text = text.replace("\t", " ").replace("\u200b", "").replace("\u00ad", "")
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _collapse(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        if line == PAGE_BREAK:
            while out and out[-1] == "":
                out.pop()
            if not out or out[-1] == PAGE_BREAK:
                continue
        out.append(line)
    while out and out[-1] in ("", PAGE_BREAK):
        out.pop()
    return "\n".join(out) + "\n"


def docx_xml_to_text(
    document: etree._Element, numbering: etree._Element | None = None, styles: etree._Element | None = None
) -> str:
    """The text layout of a WordprocessingML document element (with its numbering and styles parts)."""
    fonts = _Fonts.load(styles)
    if not fonts.any_legacy:
        fonts.any_legacy = any(legacy_font_encoding(_font_of(rf)) for rf in document.iter(_w("rFonts")))
    walker = _Walker(_Numbering.load(numbering, styles), fonts)
    body = document.find(_w("body"))
    if body is not None:
        walker.blocks(body)
    return _collapse(walker.lines)


def _parse(blob: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    return etree.fromstring(blob, parser)


def read_docx(path: Path) -> SourceDocument:
    """Read a .docx file into a SourceDocument."""
    from docx.opc.exceptions import PackageNotFoundError
    from docx.opc.package import OpcPackage

    try:
        with zipfile.ZipFile(path) as zf:
            if sum(i.file_size for i in zf.infolist()) > _MAX_UNCOMPRESSED:
                raise invalid(path, "tệp Word giải nén quá lớn", "decompressed Word file too large")
            bad = zf.testzip()
            if bad is not None:
                raise invalid(path, f"tệp Word bị hỏng (phần {bad})", f"corrupt Word file: {bad}")
        package = OpcPackage.open(str(path))
        main = package.main_document_part
        document = _parse(main.blob)
        parts: dict[str, etree._Element] = {}
        for rel in main.rels.values():
            if rel.is_external:
                continue
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind in ("numbering", "styles"):
                parts[kind] = _parse(rel.target_part.blob)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError,
            EOFError, OSError, NotImplementedError, AttributeError, TypeError, IndexError,
            zipfile.LargeZipFile) as exc:
        raise invalid(path, "tệp Word bị hỏng hoặc không đọc được", f"corrupt Word file: {type(exc).__name__}") from None
    if document.tag != _w("document"):
        raise invalid(path, "tệp không phải văn bản Word", "not a Word document")
    text = docx_xml_to_text(document, parts.get("numbering"), parts.get("styles"))
    warnings = []
    # legacy-encoded text whose font does not say so (the font was changed after typing)
    text, legacy = fix_legacy(text)
    if legacy:
        warnings.append(f"đã chuyển mã {legacy} sang Unicode (converted {legacy} to Unicode)")
    if not text.strip():
        warnings.append("văn bản không có chữ (the document has no text)")
    pages = text.count(PAGE_BREAK) + 1 if PAGE_BREAK in text else None
    return SourceDocument(text=text, kind="docx", path=path, pages=pages, warnings=warnings)
