"""Lines → paragraphs: re-joined hard line breaks, list markers, headings and the plan's main sections.

Text comes in the SourceDocument layout (one paragraph per line for Word; hard-wrapped lines for
PDF/OCR text; table rows as TAB-separated cells; "\\f" page breaks). OCR damage is expected: a roman
"I." may read "|." or "I11.", "c)" may read "¢)", and words lose their diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.extract.document import PAGE_BREAK, TABLE_CELL_SEP
from cchc.extract.text import fold, squash

__all__ = ["Paragraph", "paragraphs", "split_marker", "section_kind", "Section", "sections", "strip_html"]

_HTML = re.compile(r"</?[a-zA-Z][^>]*>")
_ROMAN_OK = re.compile(r"^(?:M{0,3})(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")

_RE_ROMAN = re.compile(r"^([IVXl1|H]{1,5})\s*[.)/:]\s*(.+)$")
_RE_ROMAN_GLUED = re.compile(r"^[IL1|l]\.?\s?([BCDĐGHKLMNPQRSTVX][A-ZĐÀ-Ỹ]*\s.*)$")
_RE_ROMAN_BARE = re.compile(r"^([IVX]{1,4})\s+([A-ZĐÀ-Ỹ].+)$")
_RE_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)]\s*|\s+(?=\D))(.+)$")
_RE_OCR_BULLET = re.compile(r"^(?:[«»°©·¢eo¬~:]|se|ee|eo|oe)\s*[.\-–•]?\s+([A-ZĐÀ-Ỹ][^\s]*\s.+)$")
_RE_LOST = re.compile(r"^[.,:]\s+([A-ZĐÀ-Ỹ].*)$")
_RE_PART = re.compile(r"^([A-H])\s*[.)]\s+(.+)$")  # "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG"
_RE_LETTER = re.compile(r"^([a-zđ¢])\s*(?:[).]|-|/)\s*(?=\S)(.+)$")
_RE_PAREN = re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*\.?\s*(.+)$")
_RE_BULLET = re.compile(r"^([-+•–—*▪●○◦■□➢➤✓\uf000-\uf0ff])\s*(.+)$")


def strip_html(text: str) -> str:
    """Cell text without HTML fragments (`<b>`, `<p>`, `<li>`), whitespace folded."""
    return squash(_HTML.sub(" ", text))


@dataclass
class Paragraph:
    """One paragraph: its text without the list marker, the marker and what kind of marker it is."""

    text: str
    kind: str = "plain"  # roman | arabic | letter | paren | bullet | plain | row
    label: str | None = None  # "II", "3.1", "a", "-", "1"
    line: int = 0
    cells: list[str] | None = None
    after_page_break: bool = False
    lines: list[str] = field(default_factory=list)

    @property
    def is_row(self) -> bool:
        return self.kind == "row"

    @property
    def is_heading_like(self) -> bool:
        t = self.text.rstrip()
        return t.endswith(":") or (len(t) < 120 and not t.endswith((".", ";")))


def _roman(label: str) -> str | None:
    if label.startswith("H"):
        return None
    norm = label.replace("|", "I").replace("l", "I").replace("1", "I").replace("H", "II")  # OCR: III → IH
    if not norm or not _ROMAN_OK.match(norm):
        return None
    return norm


def split_marker(line: str) -> tuple[str, str | None, str]:
    """(kind, label, rest) of a line's list marker: `"II. CẢI CÁCH"` → `("roman", "II", "CẢI CÁCH")`."""
    s = line.strip()
    m = _RE_PAREN.match(s)
    if m:
        return "paren", m.group(1), m.group(2).strip()
    m = _RE_LOST.match(s)
    if m:
        # OCR dropped the number of a heading (". NHIỆM VỤ, CHỈ TIÊU", ". Nhiệm vụ")
        rest = m.group(1).strip()
        letters = [c for c in rest if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return "roman", None, rest
        if len(rest) < 60 and not rest.endswith((".", ";")):
            return "arabic", None, rest
        return "bullet", "-", rest

    m = _RE_ROMAN_GLUED.match(s)
    if m:
        # "LMỤC ĐÍCH", "IMỤC TIÊU": OCR read "I." as a letter glued to the heading (no Vietnamese
        # syllable starts with L or I followed by a consonant)
        rest = m.group(1).strip()
        letters = [c for c in rest if c.isalpha()]
        if len(letters) > 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
            return "roman", "I", rest
    m = _RE_ROMAN_BARE.match(s)
    if m and _roman(m.group(1)):
        # "II NHIỆM VỤ TRỌNG TÂM": OCR lost the dot; the upper-case heading tells it is one
        rest = m.group(2).strip()
        letters = [c for c in rest if c.isalpha()]
        if len(letters) > 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
            return "roman", _roman(m.group(1)), rest
    m = _RE_ROMAN.match(s)
    if m and not m.group(1).isdigit():
        roman = _roman(m.group(1))
        rest = m.group(2).strip()
        letters = [c for c in rest if c.isalpha()]
        mostly_upper = letters and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
        if roman and (mostly_upper or m.group(1) in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")):
            if mostly_upper or len(rest) < 100:
                return "roman", roman, rest
    m = _RE_ARABIC.match(s)
    if m and not re.match(r"^\d{1,2}\s+(?:ngày|tháng|năm|%)", s):
        label = m.group(1)
        rest = m.group(2).strip()
        # "2025 …", "100% …", "15 ngày" are not markers
        if rest and not rest.startswith(("%", "/")) and int(label.split(".")[0]) <= 30:
            return "arabic", label, rest
    m = _RE_PART.match(s)
    if m:
        rest = m.group(2).strip()
        letters = [c for c in rest if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return "part", m.group(1), rest
    m = _RE_LETTER.match(s)
    if m:
        label = "c" if m.group(1) == "¢" else m.group(1)
        return "letter", label, m.group(2).strip()
    m = _RE_OCR_BULLET.match(s)
    if m:
        # a bullet glyph read by OCR as a stray mark ("se . Đẩy mạnh", "« . Khuyến khích", "e Tiếp tục")
        return "bullet", "-", m.group(1).strip()
    m = _RE_BULLET.match(s)
    if m and not s.startswith("--"):
        label = m.group(1) if m.group(1) in "-+" else "-"  # Word/PDF bullet glyphs read as "-"
        return "bullet", label, m.group(2).strip()
    return "plain", None, s


def _starts_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
        if c.isdigit():
            return False
    return False


_DETACHED_ARABIC = re.compile(r"^(\d{1,2}(?:[.,:]\s?\d{1,2}){0,3})[.,:]$|^(\d{1,2}(?:[.,:]\s?\d{1,2}){1,3})$")
_DETACHED_ROMAN = re.compile(r"^([IVXLl|1]{1,5})([.,:])?$")


def _detached_label(line: str) -> tuple[str, bool] | None:
    """A line that is only a list label (a scan of Word numbering with a hanging indent puts the labels
    in a column of their own: "IL", "1.", "2:1,"): (label as written in text, needs an upper-case heading)."""
    m = _DETACHED_ARABIC.match(line)
    if m:
        digits = re.sub(r"[.,:]\s?", ".", m.group(1) or m.group(2)).strip(".")
        return digits + ".", False
    m = _DETACHED_ROMAN.match(line)
    if m and len(m.group(1)) + (1 if m.group(2) else 0) >= 2 and any(c in "IVXLl|" for c in m.group(1)):
        roman = _roman(m.group(1).replace("L", "I"))
        if roman:
            return roman + ".", not m.group(2)
    return None


def _pair_detached_labels(lines: list[str]) -> list[str]:
    """Put labels that OCR read as lines of their own ("IL" / "1." / "NHIỆM VỤ, GIẢI PHÁP" / "Nhiệm vụ
    chung") back in front of their headings, k labels with the next k text lines, in order."""
    idx = [i for i, ln in enumerate(lines) if ln.strip() and TABLE_CELL_SEP not in ln]
    out = list(lines)
    j = 0
    while j < len(idx):
        run: list[tuple[int, tuple[str, bool]]] = []
        k = j
        while k < len(idx):
            lab = _detached_label(lines[idx[k]].strip())
            if lab is None:
                # a speck before "2.1." where "2." stood: take it for the parent label
                nxt = _detached_label(lines[idx[k + 1]].strip()) if k + 1 < len(idx) else None
                short = lines[idx[k]].strip()
                if nxt and "." in nxt[0][:-1] and len(short) <= 3 and not any(c.isdigit() for c in short):
                    lab = (nxt[0][:-1].rsplit(".", 1)[0] + ".", False)
                else:
                    break
            run.append((idx[k], lab))
            k += 1
        if not run:
            j += 1
            continue
        texts = idx[k : k + len(run)]
        ok = len(texts) == len(run) and all(
            split_marker(lines[t].strip())[0] == "plain" and _detached_label(lines[t].strip()) is None for t in texts
        )
        if ok:
            for (_li, (_label, needs_upper)), t in zip(run, texts, strict=True):
                body = lines[t].strip()
                letters = [c for c in body if c.isalpha()]
                if needs_upper and not (letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)):
                    ok = False
                    break
            if ok:
                for (li, (label, _)), t in zip(run, texts, strict=True):
                    out[t] = f"{label} {lines[t].strip()}"
                    out[li] = ""
        j = k if k > j else j + 1
    return out


def paragraphs(text: str) -> list[Paragraph]:
    """The document's paragraphs in order, hard line breaks re-joined, table rows kept as rows."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    raw_lines = _pair_detached_labels(raw_lines)
    plain = [ln.strip() for ln in raw_lines if ln.strip() and TABLE_CELL_SEP not in ln]
    lengths = sorted(len(ln) for ln in plain if len(ln) > 20)
    width = lengths[int(len(lengths) * 0.8)] if lengths else 80
    lower_starts = sum(1 for ln in plain if split_marker(ln)[0] == "plain" and _starts_lower(ln))
    hard_wrapped = bool(plain) and lower_starts / len(plain) > 0.08
    # OCR text separates paragraphs by a blank line; some PDF-to-text tools put one after every line.
    text_lines = [ln for ln in raw_lines if TABLE_CELL_SEP not in ln and PAGE_BREAK not in ln]
    blanks = sum(1 for a, b in zip(text_lines, text_lines[1:], strict=False) if a.strip() and not b.strip())
    blank_separates = hard_wrapped and bool(plain) and blanks / len(plain) < 0.6

    out: list[Paragraph] = []
    page_break = False
    last_line = ""
    blank_before = False
    for no, line in enumerate(raw_lines, start=1):
        if PAGE_BREAK in line:
            page_break = True
            line = line.replace(PAGE_BREAK, "")
        if TABLE_CELL_SEP in line:
            cells = [strip_html(c) for c in line.split(TABLE_CELL_SEP)]
            if any(cells):
                out.append(Paragraph(" ".join(c for c in cells if c), "row", None, no, cells, page_break, [line]))
                page_break = False
            last_line = ""
            continue
        s = squash(line)
        if not s:
            blank_before = True
            continue
        separated, blank_before = blank_separates and blank_before, False
        kind, label, rest = split_marker(s)
        prev = out[-1] if out else None
        if kind == "plain" and prev is not None and not prev.is_row:
            heading_before = prev.kind == "roman" or (
                len(prev.text) < 0.7 * width and (prev.kind in ("arabic", "letter", "part") or last_line.endswith(":"))
            )
            # an upper-case heading goes on in upper case: a mixed-case line after it is its first paragraph
            # (a scan's "dự Giao Phòng …" where "1. Giao Phòng …" stood)
            caps_heading = prev.text.isupper() and not s.isupper() and prev.kind in ("roman", "part")
            joins = (_starts_lower(s) and not caps_heading) or (
                hard_wrapped
                and not separated
                and not heading_before
                and (len(last_line) >= 0.7 * width or not last_line.endswith((".", ";", "!", "?", ")")))
            )
            if joins:
                prev.text = squash(prev.text + " " + s)
                prev.lines.append(s)
                last_line = s
                continue
        if kind != "plain" and prev is not None and not prev.is_row and kind == "arabic" and hard_wrapped:
            # a wrapped line that happens to start with a number ("06.", "02 cấp") continues its paragraph
            if len(last_line) >= 0.7 * width and not last_line.endswith((".", ":", ";")) and _starts_lower(rest):
                prev.text = squash(prev.text + " " + s)
                prev.lines.append(s)
                last_line = s
                continue
        out.append(Paragraph(rest, kind, label, no, None, page_break, [s]))
        page_break = False
        last_line = s
    return out


# Main sections of a plan, by the words of their top-level heading.
_SECTION_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("organization", ("to chuc thuc hien", "trach nhiem thuc hien", "phan cong", "to chuc trien khai")),
    ("tasks", ("nhiem vu", "giai phap", "noi dung", "hoat dong")),
    ("objectives", ("muc tieu", "muc dich", "yeu cau", "chi tieu", "quan diem")),
    ("funding", ("kinh phi",)),
    ("appendix", ("phu luc", "danh muc")),
]


def section_kind(heading: str) -> str | None:
    """`organization`, `tasks`, `objectives`, `funding` or None for a top-level heading's words."""
    f = fold(heading)
    f = re.sub(r"\b(\w)\s(\w)\b", r"\1\2", f) if len(f) < 4 else f
    for kind, words in _SECTION_WORDS:
        if any(w in f for w in words):
            return kind
    # OCR: "NHIEM VU, GIAI PHAP" may lose letters
    from cchc.extract.text import fuzzy_contains

    for kind, words in _SECTION_WORDS:
        if any(fuzzy_contains(heading, w, 0.8) for w in words if len(w) > 8):
            return kind
    return None


@dataclass
class Section:
    kind: str | None
    label: str | None
    heading: str
    paras: list[Paragraph]
    area: object = None  # the Area a section heading names ("III. CẢI CÁCH TỔ CHỨC BỘ MÁY"), if any


def sections(paras: list[Paragraph]) -> list[Section]:
    """Split at top-level (roman-numbered) headings; paragraphs before the first go in a `None` section."""
    from cchc.extract.areas import area_of_heading, is_area_title

    out: list[Section] = [Section(None, None, "", [])]
    part_kind: str | None = None
    for p in paras:
        if p.kind == "part" and not p.is_row:
            part_kind = section_kind(p.text)
            out.append(Section(part_kind, None, p.text, []))
            continue
        if p.kind == "roman" and not p.is_row:
            kind = section_kind(p.text)
            area = None
            if kind is None or (kind == "organization" and is_area_title(p.text)):
                # "II. CẢI CÁCH THỂ CHẾ" directly under a tasks part, or a plan whose sections are areas
                if is_area_title(p.text) or (part_kind == "tasks" and area_of_heading(p.text) is not None):
                    kind, area = "tasks", area_of_heading(p.text)
                elif part_kind is not None:
                    kind = part_kind
            out.append(Section(kind, p.label, p.text, [], area))
            continue
        out[-1].paras.append(p)
    return out
