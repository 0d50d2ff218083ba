"""Task-table reconstruction: header detection, page-break continuations, shifted cells, merged cells.

A task table (Phụ lục danh mục nhiệm vụ) arrives as TAB-separated rows. Its header names the columns
("Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kinh phí", "Kết quả/Sản phẩm", "Hoạt động", "Mục
tiêu"); a row like "I  CẢI CÁCH THỂ CHẾ" opens an area; the header repeated after a page break is
followed by the rest of the broken row's words; a merged cell (objective, task, funding) is given on
its first row only and carries down within its section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.domain.areas import Area
from cchc.domain.plan import Task
from cchc.domain.units import UnitKind
from cchc.extract import text as _text
from cchc.extract.areas import area_of_heading, guess_area, is_area_title
from cchc.extract.layout import Paragraph, split_marker
from cchc.extract.text import squash
from cchc.extract.timelines import parse_timeline
from cchc.extract.units import UNIT_HEAD_WORDS, parse_units, split_lead_support

__all__ = ["header_columns", "table_tasks", "TASK_FIELDS"]

# folding is the hot path of cell classification; cells repeat a lot within a table
fold = lru_cache(maxsize=16384)(_text.fold)

TASK_FIELDS = ("ref", "objective", "task", "activity", "output", "lead", "support", "timeline", "funding", "area")
_TEXT_FIELDS = ("objective", "task", "activity")
_CARRY = ("objective", "task", "funding")

# Checked in this order for each header cell (folded).
_COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("ref", ("stt", "tt", "so tt", "so thu tu", "ma")),
    ("timeline", ("thoi gian", "thoi han", "tien do", "moc thoi gian", "thoi diem")),
    ("funding", ("kinh phi", "nguon kinh phi", "nguon luc", "du toan")),
    ("support", ("phoi hop",)),
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "trach nhiem", "don vi chu tri")),
    ("output", ("ket qua", "san pham", "du kien ket qua", "hinh thuc van ban")),
    ("activity", ("hoat dong",)),
    ("objective", ("muc tieu",)),
    ("area", ("linh vuc",)),
    ("task", ("nhiem vu", "noi dung", "ten nhiem vu", "cong viec")),
]


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Field → column index when `cells` is a task-table header, else None."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        f = fold(cell)
        f = re.sub(r"^\d+\s*", "", f)  # "1-Mục tiêu"
        if not f or len(f) > 60:
            continue
        if "task" in cols and "activity" not in cols and re.match(r"^(noi dung|cong viec|hoat dong)", f):
            cols["activity"] = i  # "Nhiệm vụ | Nội dung thực hiện": the second text column is the activity
            continue
        for name, words in _COLUMN_WORDS:
            if name in cols:
                continue
            if name == "ref":
                if f in words:
                    cols[name] = i
                    break
                continue
            flat = f.replace(" ", "")  # PDF text may split words inside narrow cells ("Nhiệ m vụ")
            if any(f == w or f.startswith(w + " ") or (" " + w) in (" " + f) or flat == w.replace(" ", "")
                   or flat.startswith(w.replace(" ", "")) for w in words):
                cols[name] = i
                break
    has_text = "task" in cols or "activity" in cols
    has_meta = sum(1 for k in ("lead", "support", "timeline", "output") if k in cols)
    if has_text and has_meta >= 2:
        return cols
    return None


def _unit_like(cell: str) -> bool:
    if not cell.strip() or len(cell.split()) > 25:
        return False
    f = fold(cell) + " "
    if f.startswith(UNIT_HEAD_WORDS):
        return True
    return any(r.unit is not UnitKind.OTHER for r in parse_units(cell))


def _starts_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
        if c.isdigit():
            return False
    return False


_RE_LABEL = re.compile(r"^(?:[IVXLivx]{1,5}|\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđ])[.)]?$")


def _label(cell: str) -> str | None:
    s = cell.strip().rstrip(".")
    return s if s and _RE_LABEL.match(s) else None


def _is_roman(label: str | None) -> bool:
    return bool(label) and re.fullmatch(r"[IVXL]{1,5}", label or "") is not None


@dataclass
class _Row:
    values: dict[str, str] = field(default_factory=dict)
    label: str | None = None
    section_label: str | None = None
    area: Area | None = None
    block: int = 0


def _timeline_like(cell: str) -> bool:
    if not cell.strip():
        return False
    f = fold(cell)
    if len(f.split()) > 20 or re.search(r"\b(ngan sach|kinh phi|nguon von|du toan)\b", f):
        return False
    if f.startswith(("thuong", "khi ", "theo ", "quy ", "nam ", "hang ", "dinh ky", "truoc ", "sau khi", "trong ")):
        return True
    return parse_timeline(cell).kind.value != "unspecified"


# Words an activity starts with (folded): where rows stacked in one cell meet, the next one begins.
_ACTION_WORDS: tuple[str, ...] = (
    "trien khai", "day manh", "xay dung", "ket noi", "hoan thien", "to chuc", "thuc hien", "tang cuong",
    "nang cao", "ra soat", "ban hanh", "kiem tra", "tuyen truyen", "cong khai", "nghien cuu", "phoi hop",
    "theo doi", "danh gia", "cap nhat", "duy tri", "mo rong", "ung dung", "tham muu", "huong dan",
    "cai thien", "tiep tuc", "khao sat", "boi duong", "dao tao", "sap xep", "ho tro", "chuan hoa",
    "so hoa", "thuc thi", "lam tot", "khuyen khich", "bo tri", "cung cap", "van hanh", "phat trien",
)
# Words after which a capital is still inside the sentence ("… với Hệ thống thông tin …").
_GLUE_WORDS = frozenset((
    "voi", "cua", "va", "cac", "cho", "tai", "tren", "theo", "ve", "tu", "den", "qua", "trong", "vao", "la",
    "hoac", "cung", "nhu", "do", "boi", "thuoc", "giua", "the", "mot", "nhung", "bang",
))
_RE_STACK = re.compile(r"(?<=\S) {2,}(?=\S)|^ {2,}(?=\S)")
_RE_TAG_GAP = re.compile(r"\s*</?[a-zA-Z][^>]*>\s*")


def _stack_parts(raw: str) -> list[str]:
    """A raw cell's pieces: a PDF flattened into text puts two or more spaces between the texts of
    rows drawn one above the other in one cell (an empty first piece: the upper row had nothing)."""
    s = _RE_TAG_GAP.sub(" ", raw).replace("\u00a0", " ").rstrip()
    if not s.strip():
        return [""]
    return [squash(x) for x in _RE_STACK.split(s)]


def _stacked(p: Paragraph, cells: list[str], cols: dict[str, int]) -> list[list[str]] | None:
    """Per-cell pieces when the row holds several rows stacked in its cells: at least two columns,
    one of them a lead/partner/timeline/output column, split into the same number of pieces."""
    if not p.lines or p.lines[0].count("\t") != len(cells) - 1:
        return None
    parts = [_stack_parts(c) for c in p.lines[0].split("\t")]
    k = max(len(x) for x in parts)
    if k < 2:
        return None
    full = [i for i, x in enumerate(parts) if len(x) == k]
    meta = {cols[n] for n in ("output", "lead", "support", "timeline") if n in cols}
    if len(full) < 2 or not meta.intersection(full):
        return None
    return parts


def _boundaries(text: str) -> list[int]:
    """Where, inside `text`, a new activity starts: a capitalised action word ("Kết nối", "Đẩy mạnh")
    after the end of a sentence or after a word that does not carry the sentence on."""
    out = []
    for m in re.finditer(r"(?<=\s)\w", text):
        i = m.start()
        if not m.group().isupper() or not (fold(text[i : i + 30]) + " ").startswith(tuple(w + " " for w in _ACTION_WORDS)):
            continue
        before = text[:i].rstrip()
        prev_word = fold(before.split()[-1]) if before.split() else ""
        if before.endswith((".", ";")) or (prev_word and prev_word not in _GLUE_WORDS and before[-1].isalnum()):
            out.append(i)
    return out


def _shift_score(cells: list[str], cols: dict[str, int], k: int) -> int:
    def cell(name: str) -> str | None:
        if name not in cols:
            return None
        j = cols[name] - k
        return cells[j] if 0 <= j < len(cells) else ""

    score = 0
    lead, sup, time, out = cell("lead"), cell("support"), cell("timeline"), cell("output")
    if lead is not None:
        score += 2 if _unit_like(lead) else (-1 if lead else 0)
    if sup:
        score += 1 if _unit_like(sup) else -1
    if time:
        score += 2 if _timeline_like(time) else (-1 if _unit_like(time) else 0)
    if out and _unit_like(out) and not (out.startswith(("Kết quả", "Báo cáo", "Quyết định", "Kế hoạch"))):
        score -= 2
    return score


def _best_shift(cells: list[str], cols: dict[str, int]) -> int:
    """How many cells the row's right-hand part slid to the left (0 for a well-formed row)."""
    if "lead" not in cols and "timeline" not in cols:
        return 0
    best_k, best = 0, _shift_score(cells, cols, 0)
    for k in (1, 2, -1):
        s = _shift_score(cells, cols, k)
        if s > best:
            best_k, best = k, s
    return best_k


def _assign(cells: list[str], cols: dict[str, int]) -> tuple[dict[str, str], str | None]:
    """Field values of one data row, undoing a left shift (a blank cell missing) where there is one."""
    n = max(cols.values()) + 1
    cells = list(cells) + [""] * max(0, n - len(cells))
    shift = _best_shift(cells, cols)
    values: dict[str, str] = {}
    ref_i = cols.get("ref")
    label = _label(cells[ref_i]) if ref_i is not None else None
    right = ("output", "lead", "support", "timeline", "funding")
    for name in right:
        if name in cols:
            j = cols[name] - shift
            values[name] = cells[j] if 0 <= j < len(cells) else ""
    if shift == 0:
        for name in _TEXT_FIELDS + ("area",):
            if name in cols:
                values[name] = cells[cols[name]]
        if ref_i is not None and cells[ref_i] and label is None:
            # text in the number column: the row lost a cell at its left
            texts = [cells[ref_i]] + [values.get(f, "") for f in _TEXT_FIELDS if f in cols]
            values.update(_right_align([t for t in texts if t], cols))
    else:
        first_right = min(cols[nm] for nm in right if nm in cols) - shift
        texts = [c for idx, c in enumerate(cells[: max(0, first_right)]) if c and not (idx == ref_i and label)]
        values.update(_right_align(texts, cols))
    fund = values.get("funding", "")
    if fund and (_unit_like(fund) or (len(fund.split()) < 2 and not any(c.isdigit() for c in fund))):
        values["funding"] = ""  # a unit slid into the funding column, or the tail word of a cut cell
    time_cell = values.get("timeline", "")
    if time_cell and _unit_like(time_cell) and not _timeline_like(time_cell):
        # a merged lead cell repeated once too often pushed the partners into the timeline column
        if not values.get("support") or fold(values.get("support")) == fold(values.get("lead")):
            values["support"], values["timeline"] = time_cell, ""
    return values, label


def _right_align(texts: list[str], cols: dict[str, int]) -> dict[str, str]:
    fields = [f for f in _TEXT_FIELDS if f in cols]
    out = {f: "" for f in fields}
    for f, t in zip(reversed(fields), reversed(texts), strict=False):
        out[f] = t
    extra = texts[: max(0, len(texts) - len(fields))]
    if extra and fields:
        out[fields[0]] = squash(" ".join(extra + [out[fields[0]]]))
    return out


def _merge(into: dict[str, str], cells: list[str], cols: dict[str, int], history: list[_Row]) -> None:
    """Append a continuation row's words to the row it continues (or to the cell it carries from)."""
    for name, i in cols.items():
        if name == "ref" or i >= len(cells) or not cells[i]:
            continue
        target = into
        if not into.get(name) and name in _CARRY:
            for r in reversed(history):
                if r.values.get(name):
                    target = r.values
                    break
        if name == "timeline" and _timeline_like(target.get(name) or "") and _timeline_like(cells[i]) and (
            parse_timeline(cells[i]).kind.value != "unspecified"
            and parse_timeline(target.get(name) or "").kind.value != "unspecified"
        ):
            continue  # both complete: the continuation does not extend a finished timeline
        sep = " "
        before = (target.get(name) or "").rstrip()
        if name in ("lead", "support") and before and cells[i][:1].isupper() and (
            fold(cells[i]) + " "
        ).startswith(UNIT_HEAD_WORDS) and not before.endswith(("&", ",", "-", "–")) and not fold(before).endswith(
            (" va", " hdnd", " cua", " thuoc")
        ):
            sep = "; "  # one unit per line in the cell: a new unit, not the rest of the name
        target[name] = squash((target.get(name) or "") + sep + cells[i])


def table_tasks(paras: list[Paragraph], *, year: int | None = None) -> list[Task]:
    """Every task row of every task table in the document, in order (`year`: the plan's, if one)."""
    rows: list[_Row] = []
    cols: dict[str, int] | None = None
    after_header = False
    section_label: str | None = None
    area: Area | None = None
    block = 0  # bumps at every area row: merged cells never carry across areas
    prev_row_kind = ""
    for p in paras:
        if not p.is_row:
            single = _single_cell_area([p.lines[0] if p.lines else p.text]) if cols is not None else None
            if single is not None:
                # a row merged across the whole table has a single cell, hence no TAB
                section_label, area = single[0], area_of_heading(single[1]) or guess_area(single[1])
                block += 1
                prev_row_kind = "section"
                continue
            if cols is not None and len(p.text) > 3:
                # a paragraph between rows ends the table unless it is the page's running text
                cols, after_header = None, False
            continue
        cells = p.cells or []
        hdr = header_columns(cells)
        if hdr is not None:
            if cols is None or hdr != cols:
                if cols is None:
                    section_label, area = None, None
                cols = hdr
            after_header = True
            prev_row_kind = "header"
            continue
        if cols is None:
            continue
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        if prev_row_kind == "header" and _sub_header(cells, cols):
            # a two-row header: "Cơ quan thực hiện" over "Chủ trì | Phối hợp"
            prev_row_kind = "header"
            continue
        ref_i = cols.get("ref", 0)
        first = cells[ref_i] if ref_i < len(cells) else ""
        label = _label(first)
        # area row: "I  CẢI CÁCH THỂ CHẾ", or the whole row merged into one cell "I. CẢI CÁCH THỂ CHẾ"
        single = _single_cell_area(nonempty) if len(nonempty) == 1 else None
        if (_is_roman(label) and len(nonempty) <= 2) or single is not None:
            if single is not None:
                label, text = single
            else:
                text = next((c for c in nonempty if c != first), "")
            section_label = label
            area = area_of_heading(text) or guess_area(text)
            block += 1
            after_header = False
            prev_row_kind = "section"
            continue
        first_text = next((c for i, c in enumerate(cells) if c and i != ref_i), "")
        is_cont = (
            rows
            and label is None
            and prev_row_kind != "section"
            and (
                _units_only(cells, cols)
                or
                ((after_header or p.after_page_break) and (_starts_lower(first_text) or _no_meta(cells, cols)))
                or (_all_lower(cells, ref_i) and _starts_lower(first_text))
            )
        )
        opens_page = bool(rows) and label is None and prev_row_kind != "section" and (after_header or p.after_page_break)
        if not is_cont and opens_page:
            # the end of a text cut by the page ("2030”"): only text columns, not starting a sentence
            text_cols = {cols[n] for n in _TEXT_FIELDS if n in cols}
            filled = [i for i, c in enumerate(cells) if c]
            is_cont = all(i in text_cols for i in filled) and not _starts_upper(first_text)
        after_header = False
        stacked = _stacked(p, cells, cols)
        if stacked is not None:
            subs = _unstack(stacked, cells, cols, opens_page or bool(is_cont))
            if subs[0] is not None and rows:
                _merge(rows[-1].values, subs[0], cols, rows[:-1])
            for sub in subs[1:]:
                values, lab = _assign(sub, cols)
                rows.append(_Row(values, lab, section_label, area, block))
            prev_row_kind = "row"
            continue
        if is_cont:
            _merge(rows[-1].values, cells, cols, rows[:-1])
            prev_row_kind = "cont"
            continue
        values, lab = _assign(cells, cols)
        if (
            "activity" in cols and rows and lab is None and rows[-1].block == block
            and not values.get("activity") and not values.get("task")
            and any(values.get(k) for k in ("lead", "output"))
        ):
            # an activity drawn in the cell above, next to its predecessor's: the last one is this row's
            before = rows[-1].values.get("activity") or ""
            cuts = _boundaries(before)
            if cuts:
                rows[-1].values["activity"], values["activity"] = before[: cuts[-1]].rstrip(), before[cuts[-1]:]
        has_meta = any(values.get(k) for k in ("lead", "support", "timeline", "output"))
        text_cells = [values.get(f) for f in _TEXT_FIELDS if values.get(f)]
        if not has_meta and len(text_cells) <= 1 and lab is not None:
            # a group row ("3  Thực hiện cơ chế một cửa …") with nothing else: not a task; when it names
            # an area ("1  Công tác chỉ đạo, điều hành" over rows 1.1, 1.2 …) it opens that area
            if text_cells and re.fullmatch(r"\d{1,2}", lab) and is_area_title(text_cells[0] or ""):
                area = area_of_heading(text_cells[0] or "")
                block += 1
            prev_row_kind = "group"
            continue
        rows.append(_Row(values, lab, section_label, area, block))
        prev_row_kind = "row"
    return _to_tasks(rows, year)


def _starts_upper(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.isupper()
        if c.isdigit() or c in "-+•–—*":
            return False
    return False


def _unstack(parts: list[list[str]], cells: list[str], cols: dict[str, int], may_continue: bool) -> list[list[str] | None]:
    """The rows stacked in one row's cells, top first. The first is None, or, when the stacked row opens
    a page and its top pieces go on from the row above (lower-case, or empty), that row's continuation."""
    k = max(len(x) for x in parts)
    full = [i for i, x in enumerate(parts) if len(x) == k]
    cont = may_continue and any(_starts_lower(parts[i][0]) for i in full if parts[i][0]) and all(
        not parts[i][0] or _starts_lower(parts[i][0]) or not _unit_like(parts[i][0]) for i in full
    )
    subs = [[""] * len(cells) for _ in range(k)]
    text_cols = {cols[n] for n in _TEXT_FIELDS if n in cols}
    for i, x in enumerate(parts):
        if len(x) == k:
            for j, piece in enumerate(x):
                subs[j][i] = piece
            continue
        cell = cells[i] if i < len(cells) else ""
        if not cell:
            continue
        if len(x) > 1:  # fewer pieces than rows: the upper rows have them
            for j, piece in enumerate(x):
                subs[j + (1 if cont else 0)][i] = piece
        elif cont and _starts_lower(cell):
            cuts = _boundaries(cell) if i in text_cols else []
            if cuts and all(not subs[j][i] for j in range(1, k)):
                # one text flowed over the stacked rows: the end of the row above, then the next one's
                subs[0][i], subs[1][i] = cell[: cuts[0]].rstrip(), cell[cuts[0]:]
            else:
                subs[0][i] = cell
        else:
            subs[1 if cont else 0][i] = cell
    if not cont:
        return [None, *subs]
    return [subs[0], *subs[1:]]


def _units_only(cells: list[str], cols: dict[str, int]) -> bool:
    """A row whose only words are further units in the lead/partner columns (one unit per line)."""
    unit_cols = {cols[k] for k in ("lead", "support") if k in cols}
    filled = [i for i, c in enumerate(cells) if c]
    return bool(filled) and all(i in unit_cols and _unit_like(cells[i]) for i in filled)


def _no_meta(cells: list[str], cols: dict[str, int]) -> bool:
    """A row fragment with no unit and no timeline anywhere (the tail of a row broken by a page)."""
    return not any(_unit_like(c) or _timeline_like(c) for c in cells if c)


def _sub_header(cells: list[str], cols: dict[str, int]) -> bool:
    """Whether a row under the header names sub-columns; if so, `cols` gets them."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if not cell:
            continue
        f = fold(cell)
        if f.startswith("chu tri"):
            found["lead"] = i
        elif f.startswith("phoi hop"):
            found["support"] = i
        elif f in ("bat dau", "hoan thanh", "thoi gian hoan thanh"):
            found["timeline"] = i if f != "bat dau" or "timeline" not in found else found["timeline"]
        else:
            return False
    if not found:
        return False
    cols.update(found)
    return True


def _single_cell_area(nonempty: list[str]) -> tuple[str | None, str] | None:
    """(label, text) when a row's only cell is an area heading ("II. CẢI CÁCH THỂ CHẾ")."""
    kind, label, rest = split_marker(nonempty[0])
    text = rest if kind == "roman" else nonempty[0]
    if len(text) > 120 or area_of_heading(text) is None:
        return None
    letters = [c for c in text if c.isalpha()]
    if kind != "roman" and not (letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)):
        return None
    return (label if kind == "roman" else None), text


def _all_lower(cells: list[str], ref_i: int) -> bool:
    texts = [c for i, c in enumerate(cells) if c and i != ref_i]
    return bool(texts) and all(_starts_lower(t) for t in texts)


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    s = squash(text)
    kind, _, rest = split_marker(s)
    if kind == "bullet":
        s = rest
    s = s.strip(" ;,")
    return s or None


def _to_tasks(rows: list[_Row], year: int | None = None) -> list[Task]:
    out: list[Task] = []
    has_activity = any("activity" in r.values for r in rows)
    carry: dict[str, str] = {}
    above: dict[str, str] = {}  # the previous task's lead, partners and timeline cells
    last_label: str | None = None
    last_block = -1
    for r in rows:
        if r.block != last_block:
            carry, last_label, above = {}, None, {}
            last_block = r.block
        v = dict(r.values)
        if r.label:
            last_label = r.label
            if has_activity:
                # a new numbered row starts a new objective/task group unless it repeats them
                carry.pop("task", None) if v.get("task") else None
        # In a flat table (no activity column) a lead or timeline cell merged over several rows is
        # written once; in a hierarchical one the rows are activities that name their own.
        carried = _CARRY if has_activity else _CARRY + ("lead", "timeline")
        for name in carried:
            if v.get(name):
                carry[name] = v[name]
            elif name == "task" and not has_activity:
                continue
            elif name in carry:
                v[name] = carry[name]
        task_text = _clean(v.get("task"))
        activity = _clean(v.get("activity"))
        if not task_text and not activity:
            continue
        if has_activity and activity and not v.get("lead") and above.get("lead"):
            # the lead cell merged down over several activities (and with it its partners and timeline)
            for name in ("lead", "support", "timeline"):
                if not v.get(name):
                    v[name] = above.get(name, "")
        above = {name: v.get(name) or "" for name in ("lead", "support", "timeline")}
        label = r.label if r.label else (last_label if has_activity else None)
        ref = None
        if label:
            ref = f"{r.section_label}.{label}" if r.section_label and not _is_roman(label) else label
        text_for_area = " ".join(x for x in (task_text, activity) if x)
        area_cell = v.get("area")
        area = (
            (area_of_heading(area_cell) if area_cell else None)
            or r.area
            or guess_area(text_for_area, Area.DIRECTION)
            or Area.DIRECTION
        )
        lead_text, support_text = v.get("lead") or "", v.get("support") or ""
        if lead_text and not support_text.strip():
            # one "Đơn vị thực hiện" column: the lead first, then "phối hợp: …"
            lead_text, support_text = split_lead_support(lead_text)
        out.append(
            Task(
                task=task_text or activity or "",
                area=area,
                origin="table",
                ref=ref,
                objective=_clean(v.get("objective")),
                activity=activity if task_text else None,
                output=_clean(v.get("output")),
                lead=parse_units(lead_text),
                support=parse_units(support_text),
                timeline=parse_timeline(v.get("timeline"), year),
                funding=_clean(v.get("funding")),
            )
        )
    return out
