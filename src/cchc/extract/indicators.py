"""Indicators (chỉ tiêu): numeric targets from the body text, indicator tables and task tables.

Where targets come from:
- an indicator table (`Stt | Chỉ tiêu | Đơn vị tính | Kết quả | Cơ quan theo dõi`), one indicator per
  row and value column, its section rows (`I  Giai đoạn 2026 - 2027`) or column headers giving the period;
- the objective column of a task table (every target there counts) and its other cells (a target
  stated as such: `100% văn bản …`, `Tối thiểu 50% đơn vị …`), the row's lead unit being responsible;
- the body: every percentage in a `chỉ tiêu`/`mục tiêu` section; elsewhere only a target stated as
  such (`100% hồ sơ …`, `Tỷ lệ … đạt 90%`, `cắt giảm 50% …`), not an activity's object
  (`rà soát, đánh giá 100% thủ tục`).

A target stated in the body and again in an indicator table is one indicator: the table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc.domain.areas import Area
from cchc.domain.metrics import MetricCode
from cchc.domain.plan import Comparator, Indicator, Responsibility, Span, Task, UnitRef, YearTarget
from cchc.domain.units import DEFAULT_UNITS, UnitKind
from cchc.extract.header import locality_word
from cchc.extract.layout import Paragraph, paragraphs, section_kind, strip_html
from cchc.extract.metric_codes import metric_for
from cchc.extract.numbers import Target, find_targets, fold_keep, parse_target_cell
from cchc.extract.numbers import fold_words as fold
from cchc.extract.text import nfc, similarity, squash
from cchc.extract.units import parse_units

__all__ = ["find_indicators", "targets_in_text"]


@dataclass
class _Item:
    ind: Indicator
    origin: str  # table | body | cell
    order: float
    target_section: bool = False


# --------------------------------------------------------------------------- clauses and names

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[-+•(\"“]?\s*[A-ZĐÀ-Ỹ0-9])|;\s*|\s*\n\s*")
_LEAD_FRAME = re.compile(
    r"^(?:[-+•*▪–—]\s*|\(?\d{1,2}\)\s*\.?\s*|[a-zđ]\)\s*|\s|,|:|\.)*"
    r"(?:(?:trong\s+(?:so\s+)?do|cu\s+the|dong\s+thoi|phan\s+dau|dam\s+bao|bao\s+dam|chi\s+tieu|muc\s+tieu)"
    r"\s*[:,]?\s*)*"
    r"(?:(?:(?:rieng|trong|den|tu|ca|het)\s+)*(?:6\s+th\w+\s+\w+\s+|qu\w\s+[ivx\d]+\s+)?(?:n\w{1,2}m|giai\s+doan)\s+"
    r"\d{4}(?:\s*[-–]\s*\d{4})?\s*[:,]\s*)?"
    r"(?:[-+•*]\s*)?"
)
_TRAIL = re.compile(r"(?:[\s,;:.\-–]|\b(?:dat|d\wt|la|voi|bang|dat\s+muc|dat\s+ty\s+le|phan\s+dau\s+dat))+$")
_REDUCE_VERB = re.compile(
    r"(cat\s+giam|giam|bai\s+bo|don\s+gian\s+hoa|rut\s+ngan|tang|nang|hoan\s+thanh)\s*(?:,\s*)?$"
)
_SUBJECT = re.compile(r"(?:ty|ti)\s+le\b|muc\s+do\b|so\s+luong\b|thoi\s+gian\b|chi\s+so\b")
_CAP_SUBJECT = re.compile(r"\s(?=(?:Tỷ lệ|Tỉ lệ|Mức độ)\s)")


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _cut_between(clause: str, first: Target, second: Target) -> int:
    """Where the text of `first` ends and that of `second` begins, inside one clause."""
    region = clause[first.end : second.start]
    rf = fold_keep(region)
    trailing_first = not re.search(r"\w", fold_keep(clause[first.end : first.end + 3]).strip(" ,"))
    if not second.verb and second.comparator is Comparator.EQ or _starts_subject(clause, second):
        # "…theo quy định 100% thủ tục …" / "…, 50% chi phí …": the second target opens its clause.
        return second.start
    if trailing_first:
        return first.end
    for pat in (r"trong\s+(?:so\s+)?do\s*,?", r";", r"\.\s", r",\s*(?=(?:ty|ti)\s+le|muc\s+do|so\s+luong)"):
        hits = list(re.finditer(pat, rf))
        if hits:
            return first.end + hits[-1].start()
    commas = [m.start() for m in re.finditer(",", rf)]
    return first.end + commas[-1] if commas else second.start


def _starts_subject(clause: str, t: Target) -> bool:
    """The target opens its own statement: nothing but framing words before it in the clause."""
    before = fold_keep(clause[: t.start])
    return not _LEAD_FRAME.sub("", before).strip()


def _strip_frame(text: str) -> str:
    f = fold_keep(text)
    m = _LEAD_FRAME.match(f)
    text = text[m.end() :] if m else text
    f = fold_keep(text)
    m = _TRAIL.search(f)
    if m:
        text = text[: m.start()]
    return text.strip(" ,;:.-–()") if text.count("(") == text.count(")") else text.strip(" ,;:.-–")


@dataclass(frozen=True)
class FoundTarget:
    """A target as stated in a text: the indicator's name and the target itself."""

    name: str
    target: Target
    clause: str
    subject_first: bool  # the statement opens with the target (`100% hồ sơ …`)
    reduction: bool  # the verb right before the number cuts something (`cắt giảm 50% …`)


_ONLY_PERIOD = re.compile(r"^(?:va|den|trong|vao|cho|giai\s+doan|nam|\d{4}|[-–,;\s])+$")
_BASE_AFTER = re.compile(r"^(?:tren\s+)?(?:tong\s+)?so\s+(?:ho\s+so|thu\s+tuc|tthc|luot|giao\s+dich|nguoi|don\s+vi|co\s+quan)\b")


def targets_in_text(text: str) -> list[FoundTarget]:
    """Every percentage target in a paragraph, each with the name of what it measures.

    >>> [(f.name, f.target.value) for f in targets_in_text("100% hồ sơ được số hóa; 90% kết quả được trả trực tuyến.")]
    [('hồ sơ được số hóa', 100.0), ('kết quả được trả trực tuyến', 90.0)]
    """
    text = squash(strip_html(text))
    out: list[FoundTarget] = []
    for s, e in _clause_spans(text):
        clause = text[s:e]
        folded_clause = fold_keep(clause)
        # a figure given as the baseline ("… so với 85% năm 2025") is not a target
        targets = [t for t in find_targets(clause) if "so voi" not in folded_clause[max(0, t.start - 12) : t.start]]
        if not targets:
            continue
        cuts = [0] + [_cut_between(clause, a, b) for a, b in zip(targets, targets[1:], strict=False)] + [len(clause)]
        for i, t in enumerate(targets):
            lo, hi = cuts[i], cuts[i + 1]
            piece = clause[lo:hi]
            ts, te = t.start - lo, t.end - lo
            before = piece[:ts]
            # a capitalised "Tỷ lệ …" after other words starts a new statement ("…số hoá Tỷ lệ số hóa …")
            caps = list(_CAP_SUBJECT.finditer(before))
            if caps:
                before = before[caps[-1].end() :]
            # an unclosed bracket before the number opens the target's own statement: "… (10% TTHC …"
            depth = 0
            for j in range(len(before) - 1, -1, -1):
                if before[j] == ")":
                    depth += 1
                elif before[j] == "(":
                    if depth == 0:
                        before = before[j + 1 :]
                        break
                    depth -= 1
            after = piece[te:]
            if after.count(")") > after.count("("):
                after = after.replace(")", " ", after.count(")") - after.count("("))
            b = _strip_frame(before)
            a = _strip_frame(after)
            substantive_after = len(a.split()) >= 2
            if b and re.match(r"\s*[,;.(]", after):
                # "Tỷ lệ … đạt 80%, đảm bảo …": what follows the comma is a remark, not the name
                a, substantive_after = "", False
            if t.verb and b and (_SUBJECT.match(fold_keep(b)) or _BASE_AFTER.match(fold_keep(a))):
                # "Tỷ lệ … đạt 98%": the subject before the verb is the name, whatever follows;
                # "Thanh toán trực tuyến … đạt trên 50% số hồ sơ …": what follows is the base of the rate
                # "Tỷ lệ … đạt 98%": the subject before the verb is the name, whatever follows
                name = b
            elif t.verb and substantive_after:
                name = a
            elif b and substantive_after:
                name = f"{b} {a}"
            else:
                name = b or a
            name = squash(re.sub(r"^(?:Có|Co)\s+(?=\S)", "", name))
            if out and _ONLY_PERIOD.match(fold_keep(name)):
                # "Mức độ hài lòng đạt 90% năm 2026 và 95% năm 2027", "…; đến năm 2030 đạt 100%": the
                # later figure is the same measure
                name = out[-1].name
            if len(name.split()) < 2:
                continue
            fb = fold_keep(before).strip()
            out.append(
                FoundTarget(
                    name=name,
                    target=t,
                    clause=piece,
                    subject_first=not b,
                    reduction=bool(_REDUCE_VERB.search(fb)),
                )
            )
    return out


def _accept_outside_targets(ft: FoundTarget) -> bool:
    """Outside a targets section, a number counts when it is stated as a target, not an activity's object."""
    t = ft.target
    return ft.subject_first or t.verb or ft.reduction or t.comparator is not Comparator.EQ


def _metric(name: str, unit: str | None) -> MetricCode | None:
    """The metric of a rate; a count target (`tối thiểu 02 cuộc kiểm tra`) is measured by none."""
    if unit and unit != "%":
        return None
    return metric_for(name)


# --------------------------------------------------------------------------- periods

_YEAR_SPAN = re.compile(r"giai\s+doan\s+(\d{4})\s*[-–—]\s*(\d{4})")
_HALF = re.compile(r"\b6\s*th\w{2,3}\s+(c\w{2,3}|d\w{2})\s+n\w{1,2}m\s+(\d{4})")
_UNTIL = re.compile(r"\bden\s+(?:het\s+)?n\w{1,2}m\s+(\d{4})")
_YEAR = re.compile(r"(?<!thang\s)(?<!\d\s)\bn\w{1,2}m\s+(\d{4})\b")
_PERIOD_LABEL = re.compile(
    r"^(?:(?:trong|ca)\s+)?(?P<until>(?:giai\s+doan\s+)?den\s+(?:het\s+)?)?(?:giai\s+doan|n\w{1,2}m)\s+(\d{4})"
    r"(?:\s*[-–—]\s*(\d{4}))?\s*[:.]?\s*$"
)


def _span(y1: int, y2: int | None = None) -> Span | None:
    try:
        return Span(date(y1, 1, 1), date(y2 or y1, 12, 31))
    except ValueError:
        return None


def _clause_period(clause: str, default: Span | None) -> Span | None:
    f = fold_keep(clause)
    cut = re.search(r"\bso\s+voi\b", f)
    if cut:
        f = f[: cut.start()]
    f = re.sub(r"\(.*?\)", " ", f)  # legal references in brackets
    m = _YEAR_SPAN.search(f)
    if m:
        return _span(int(m.group(1)), int(m.group(2))) or default
    m = _HALF.search(f)
    if m:
        y = int(m.group(2))
        if m.group(1).startswith("c"):
            return Span(date(y, 7, 1), date(y, 12, 31))
        return Span(date(y, 1, 1), date(y, 6, 30))
    m = _UNTIL.search(f)
    if m:
        y = int(m.group(1))
        start = default.start if default and default.start.year <= y else date(y, 1, 1)
        return Span(start, date(y, 12, 31))
    for m in _YEAR.finditer(f):
        before = f[max(0, m.start() - 40) : m.start()]
        if re.search(r"\b(luat|nghi\s+dinh|nghi\s+quyet|quyet\s+dinh|thong\s+tu|ngay)\b[^,;]*$", before):
            continue
        y = int(m.group(1))
        if 1990 < y < 2100:
            return _span(y) or default
    return default


def _period_label(text: str, plan_period: Span | None = None) -> Span | None:
    """A sub-heading that only names a period (`Giai đoạn 2026 - 2027:`, `Đến năm 2027:`), else None."""
    # OCR may put specks before the label ("«._ Giai đoạn 2026 - 2027:")
    m = _PERIOD_LABEL.match(re.sub(r"^[\W_]+", "", fold_keep(strip_html(text))))
    if not m:
        return None
    y1, y2 = int(m.group(2)), int(m.group(3)) if m.group(3) else None
    if m.group("until") and y2 is None:
        start = plan_period.start if plan_period and plan_period.start.year <= y1 else date(y1, 1, 1)
        return Span(start, date(y1, 12, 31))
    return _span(y1, y2)


# --------------------------------------------------------------------------- areas and units

# Short forms of unit names seen in indicator tables, spelt out before the unit parser reads them.
_UNIT_ABBR = [
    (re.compile(r"\b(?:Trung tâm|TT\.?)\s*PVHCC\b|\bTT\s*PV\s*HCC\b", re.IGNORECASE), "Trung tâm Phục vụ hành chính công"),
    (re.compile(r"\b(?:Trung tâm|TT\.?)\s*DVSNC\b|\bTT\s*DV\s*SNC\b", re.IGNORECASE), "Trung tâm Dịch vụ sự nghiệp công"),
    (re.compile(r"\bPhòng\s*VH\s*[-–&]?\s*XH\b", re.IGNORECASE), "Phòng Văn hóa - Xã hội"),
    (re.compile(r"\bPhòng\s*KT\s*[-–,]?\s*HT\s*(?:[-–&]|và)?\s*ĐT\b", re.IGNORECASE), "Phòng Kinh tế, Hạ tầng và Đô thị"),
    (re.compile(r"\bPhòng\s*KT\b", re.IGNORECASE), "Phòng Kinh tế"),
]


def _units_in(cell: str) -> list[UnitRef]:
    for rx, full in _UNIT_ABBR:
        cell = rx.sub(full, cell)
    return parse_units(cell)


_AREA_HEADING: list[tuple[Area, str]] = [
    (Area.INSTITUTIONS, r"cai cach the che|the che"),
    (Area.PROCEDURES, r"thu tuc hanh chinh|\btthc\b|mot cua"),
    (Area.ORGANIZATION, r"to chuc bo may|bo may"),
    (Area.CIVIL_SERVICE, r"che do cong vu|cong chuc cong vu|cong vu"),
    (Area.PUBLIC_FINANCE, r"tai chinh cong"),
    (Area.DIGITAL_GOVERNMENT, r"chinh quyen dien tu|chinh quyen so|chinh phu dien tu|chinh phu so|chuyen doi so"),
    (Area.DIRECTION, r"chi dao|dieu hanh|tuyen truyen|kiem tra cai cach"),
]


def _heading_area(text: str) -> Area | None:
    f = " ".join(fold(text).split()[:14])
    hits = [(m.start(), a) for a, p in _AREA_HEADING if (m := re.search(p, f))]
    return min(hits)[1] if hits else None


_SUPERIOR_TASKS = re.compile(
    r"nhiem vu\b.{0,60}\b(?:thanh ph\w|tinh|cap tren|trung uong|huyen)\b.{0,60}\bgiao\b"
)


def _content_area(name: str) -> Area | None:
    """The reform area a target's own words point to (for targets outside an area's section)."""
    f = fold(name)
    f = re.sub(r"\btthc\b", "thu tuc hanh chinh", f)
    if re.search(r"ngan sach|tai chinh|thu chi|tu chu|tai san cong", f):
        return Area.PUBLIC_FINANCE
    if re.search(r"kiem tra", f) and not re.search(r"hoat dong kiem tra|qua kiem tra", f):
        return Area.DIRECTION
    if re.search(r"^(?:\w+\s){0,3}(can bo|cong chuc|vien chuc)|ky luat|ky cuong|cong vu|trinh do", f):
        return Area.CIVIL_SERVICE
    if re.search(r"thu tuc hanh chinh|ho so|hai long|mot cua|dich vu cong|phan anh|kien nghi", f):
        return Area.PROCEDURES
    if re.search(r"quy pham phap luat|\bqppl\b|the che|phap luat", f):
        return Area.INSTITUTIONS
    if re.search(r"sap xep|bo may|bien che|don vi su nghiep", f):
        return Area.ORGANIZATION
    if re.search(r"dien tu|truc tuyen|so hoa|ky so|du lieu|chuyen doi so|chinh quyen so|dinh danh|mang", f):
        return Area.DIGITAL_GOVERNMENT
    if re.search(r"nhiem vu|cai cach hanh chinh|ke hoach", f):
        return Area.DIRECTION
    return None


_DEFAULT_AREA_UNIT: dict[Area, UnitKind] = {
    Area.DIRECTION: UnitKind.PHONG_VHXH,
    Area.ORGANIZATION: UnitKind.PHONG_VHXH,
    Area.CIVIL_SERVICE: UnitKind.PHONG_VHXH,
    Area.DIGITAL_GOVERNMENT: UnitKind.PHONG_VHXH,
    Area.INSTITUTIONS: UnitKind.VAN_PHONG,
    Area.PROCEDURES: UnitKind.TT_PHVHCC,
    Area.PUBLIC_FINANCE: UnitKind.PHONG_KINH_TE,
}


class _Units:
    """Who is inferred responsible: the unit the responsibilities give the area to, else the usual one."""

    def __init__(self, responsibilities: list[Responsibility], text: str, paras: list[Paragraph]) -> None:
        self.resp = responsibilities
        self.ward = locality_word(text) == "phường"
        self.superior_unit = self._superior_tasks_unit(paras)
        self.monitors = self._target_monitors(paras)

    def for_target(self, label: str | None) -> list[UnitRef] | None:
        """The unit the organisation section says follows this target (`theo dõi các chỉ tiêu 1 đến 7`,
        `theo dõi chỉ tiêu 8`, `theo dõi … các chỉ tiêu tại Mục II`), else None."""
        number = int(m.group(0)) if label and (m := re.search(r"\d+", label)) else None
        every: UnitRef | None = None
        for unit, numbers in self.monitors:
            if numbers is None:
                every = every or unit
            elif number is not None and number in numbers:
                return [unit]
        return [every] if every is not None else None

    @staticmethod
    def _target_monitors(paras: list[Paragraph]) -> list[tuple[UnitRef, set[int] | None]]:
        out: list[tuple[UnitRef, set[int] | None]] = []
        in_org = False
        for p in paras:
            if p.is_row:
                continue
            if p.kind == "roman":
                in_org = section_kind(p.text) == "organization"
                continue
            if not in_org:
                continue
            f = fold(p.text)
            m = _MONITOR.search(f)
            if not m or _MONITORS_IN_APPENDIX.search(f):
                continue
            if not m.group("nums") and not re.match(r"\s*(?:$|tai\b|neu tren|o muc|tren|cua ke hoach|trong ke hoach|"
                                                     r"ke hoach|de ra|da de ra)", f[m.end():]):
                continue  # "các chỉ tiêu về giải quyết TTHC": some of them, which ones is a matter of words
            colon = p.text.find(":")
            head = p.text[:colon] if 0 < colon < 90 else p.text[:90]
            refs = [r for r in parse_units(re.sub(r"^\s*(?:giao|đề nghị|de nghi)\s+", "", head, flags=re.I))
                    if r.unit is not UnitKind.OTHER]
            if not refs:
                continue
            numbers: set[int] | None = None
            if m.group("nums"):
                numbers = set()
                for a, b in re.findall(r"(\d+)(?:\s*(?:den|-)\s*(\d+))?", m.group("nums")):
                    lo, hi = int(a), int(b) if b else int(a)
                    numbers.update(range(lo, min(hi, lo + 50) + 1))
            out.append((UnitRef(refs[0].unit, refs[0].raw, True), numbers))
        return out

    def _default(self, kind: UnitKind) -> UnitRef:
        for r in self.resp:
            if r.unit.unit is kind:
                return UnitRef(kind, r.unit.raw, True)
        for k, commune_name, ward_name in DEFAULT_UNITS:
            if k is kind:
                return UnitRef(kind, ward_name if self.ward else commune_name, True)
        return UnitRef(kind, None, True)

    def for_area(self, area: Area | None) -> list[UnitRef]:
        if area is None:
            return []
        for r in self.resp:
            if area in r.areas:
                return [UnitRef(r.unit.unit, r.unit.raw, True)]
        kind = _DEFAULT_AREA_UNIT.get(area)
        return [self._default(kind)] if kind else []

    def for_superior_tasks(self) -> list[UnitRef]:
        if self.superior_unit is not None:
            return [UnitRef(self.superior_unit.unit, self.superior_unit.raw, True)]
        return [self._default(UnitKind.VAN_PHONG)]

    @staticmethod
    def _superior_tasks_unit(paras: list[Paragraph]) -> UnitRef | None:
        """The unit whose duties (organisation section) include following up tasks the city/province assigns."""
        current: UnitRef | None = None
        in_org = False
        for p in paras:
            if p.is_row:
                continue
            if p.kind == "roman":
                in_org = section_kind(p.text) == "organization"
                current = None
                continue
            if not in_org:
                continue
            if p.kind in ("arabic", "letter") or (len(p.text) < 90 and p.text.rstrip().endswith(":")):
                head = p.text.split(":")[0]
                refs = [r for r in parse_units(head) if r.unit is not UnitKind.OTHER] if len(head) < 90 else []
                if len(refs) == 1:
                    current = refs[0]
                    rest = p.text[len(head) :]
                    if rest and _SUPERIOR_TASKS.search(fold(rest)) and re.search(r"theo doi|don doc", fold(rest)):
                        return current
                    continue
            if current is not None:
                f = fold(p.text)
                if _SUPERIOR_TASKS.search(f) and re.search(r"theo doi|don doc", f):
                    return current
        return None


# --------------------------------------------------------------------------- body text

_TARGET_HEAD = re.compile(r"chi tieu|muc tieu")
_MONITOR = re.compile(
    r"(?:theo doi|tong hop|giam sat)[^;.]{0,60}?\bchi tieu\b(?:\s+so)?(?P<nums>\s+\d+(?:\s*(?:,|va|den|-)\s*\d+)*)?"
)
_MONITORS_IN_APPENDIX = re.compile(r"(theo doi|danh gia|giam sat).{0,80}chi tieu.{0,60}phu luc")
# A section reviewing last period's results states achieved figures, not targets.
_REVIEW_HEAD = re.compile(r"ket qua (dat duoc|thuc hien)|tinh hinh thuc hien|danh gia (ket qua|tinh hinh)|nam qua")
_NOT_TARGET_HEAD = re.compile(r"nhiem vu|giai phap|noi dung|hoat dong|to chuc thuc hien|kinh phi")
_LEVEL = {"roman": 1, "arabic": 2, "letter": 4}


def _level(p: Paragraph) -> int | None:
    if p.kind not in _LEVEL:
        return None
    if p.kind == "arabic":
        return 2 + (p.label or "").count(".")
    return _LEVEL[p.kind]


def _body_items(
    paras: list[Paragraph], plan_period: Span | None, units: _Units, *, table_names_monitors: bool
) -> list[_Item]:
    items: list[_Item] = []
    target_flags: dict[int, bool | None] = {}
    areas: dict[int, Area | None] = {}
    skip = False
    period: Span | None = None
    period_marker: tuple[str, str | None] | None = None
    for p in paras:
        if p.is_row:
            continue
        f = fold(p.text)
        if f.startswith(("noi nhan", "tm uy ban", "kt chu tich", "tm ubnd")):
            skip = True
            continue
        lvl = _level(p)
        if lvl is not None and (p.is_heading_like or p.kind == "roman"):
            for k in [k for k in target_flags if k >= lvl]:
                del target_flags[k]
            for k in [k for k in areas if k >= lvl]:
                del areas[k]
            if p.kind == "roman":
                kind = section_kind(p.text)
                skip = kind in ("organization", "funding") or bool(_REVIEW_HEAD.search(f))
            has_t = bool(_TARGET_HEAD.search(f))
            has_n = bool(_NOT_TARGET_HEAD.search(f))
            target_flags[lvl] = True if has_t and not has_n else (False if has_n and not has_t else None)
            areas[lvl] = _heading_area(p.text) if len(p.text) < 160 else None
            if lvl <= 2:
                period, period_marker = None, None
        if skip:
            continue
        label_period = _period_label(p.text, plan_period)
        if label_period is not None:
            period, period_marker = label_period, (p.kind, p.label)
            continue
        if period_marker is not None and (p.kind, p.label) == period_marker:
            period, period_marker = None, None
        found = targets_in_text(p.text)
        if not found:
            continue
        para_items: list[tuple[FoundTarget, _Item]] = []
        in_targets = next((target_flags[k] for k in sorted(target_flags, reverse=True) if target_flags[k] is not None), False)
        area_ctx = next((areas[k] for k in sorted(areas, reverse=True) if areas[k] is not None), None)
        ref = None
        if in_targets and p.kind in ("arabic", "paren") and p.label:
            ref = f"({p.label})" if p.kind == "paren" else p.label
        for k, ft in enumerate(found):
            if not in_targets and not _accept_outside_targets(ft):
                continue
            base = period or plan_period
            span = _clause_period(ft.clause, base)
            monitor = units.for_target(p.label if p.kind in ("arabic", "paren") else None) if in_targets else None
            if in_targets and table_names_monitors:
                responsible: list[UnitRef] = []
            elif monitor is not None:
                responsible = monitor
            elif _SUPERIOR_TASKS.search(fold(ft.name)):
                responsible = units.for_superior_tasks()
            else:
                area = (area_ctx if not in_targets else None) or _content_area(ft.name) or area_ctx
                responsible = units.for_area(area)
            ind = Indicator(
                name=ft.name,
                comparator=ft.target.comparator,
                target=ft.target.value,
                unit=ft.target.unit,
                period=span,
                responsible=responsible,
                metric=_metric(ft.name, ft.target.unit),
                ref=ref,
            )
            items.append(_Item(ind, "body", p.line + k / 100, in_targets))
            para_items.append((ft, items[-1]))
        _merge_years(para_items, items, plan_period)
    return items


_YEAR_PHRASE = re.compile(r"\b(?:(?:den|toi)\s+(?:het\s+)?)?n\w{1,2}m\s+(\d{4})\b")
_NAME_YEAR = re.compile(r"[\s,;:]*\b(?:(?:den|toi)\s+(?:het\s+)?)?n\w{1,2}m\s+\d{4}[\s,;:]*$|^[\s,;:]*(?:(?:den|toi)\s+(?:het\s+)?)?n\w{1,2}m\s+\d{4}[\s,;:]*")


def _stated_year(ft: FoundTarget) -> int | None:
    """The one year a target's own words give it (`đến năm 2025 đạt 80%`, `95% năm 2027`), else None."""
    f = fold_keep(ft.clause)
    f = re.sub(r"\(.*?\)", " ", f)
    years = {int(m.group(1)) for m in _YEAR_PHRASE.finditer(f)
             if not re.search(r"\b(luat|nghi\s+dinh|quyet\s+dinh|ngay|so\s+voi)\b[^,;]*$", f[max(0, m.start() - 40) : m.start()])}
    return years.pop() if len(years) == 1 else None


def _bare_name(name: str) -> str:
    """A name without the year phrase it carries (`Tỷ lệ … đến năm 2025` → `Tỷ lệ …`)."""
    f = fold_keep(name)
    m = _NAME_YEAR.search(f)
    while m and m.group(0).strip():
        name = name[: m.start()] + name[m.end() :]
        f = fold_keep(name)
        m = _NAME_YEAR.search(f)
    return squash(name)


def _merge_years(found: list[tuple[FoundTarget, _Item]], items: list[_Item], plan_period: Span | None) -> None:
    """One measure given a target for each of several years in one paragraph (`đến năm 2025 đạt 80%, đến
    năm 2030 đạt 100%`) becomes ONE indicator with `targets_by_year`; its target, comparator and
    period are those of the last year (the period from the plan's start, or the first year, to the last)."""
    runs: list[list[tuple[FoundTarget, _Item, int]]] = []
    for ft, it in found:
        year = _stated_year(ft)
        if year is None:
            runs.append([])
            continue
        run = runs[-1] if runs else []
        if run and year > run[-1][2] and _bare_name(run[0][0].name) == _bare_name(ft.name) and (
            run[0][0].target.unit == ft.target.unit
        ):
            run.append((ft, it, year))
        else:
            runs.append([(ft, it, year)])
    for run in runs:
        if len(run) < 2:
            continue
        first, last = run[0], run[-1]
        ind = first[1].ind
        start_year = first[2]
        start = plan_period.start if plan_period and plan_period.start.year <= start_year else date(start_year, 1, 1)
        ind.name = _bare_name(first[0].name)
        ind.comparator = last[0].target.comparator
        ind.target = last[0].target.value
        ind.period = Span(start, date(last[2], 12, 31))
        ind.metric = _metric(ind.name, ind.unit)
        ind.targets_by_year = [YearTarget(y, ft.target.comparator, ft.target.value) for ft, _, y in run]
        for _, it, _ in run[1:]:
            items.remove(it)


# --------------------------------------------------------------------------- indicator tables

_ROMAN_CELL = re.compile(r"^(?:[IVXL]+|[A-E])\.?$")


def _indicator_columns(cells: list[str]) -> dict[str, object] | None:
    if sum(1 for c in cells if c.strip()) < 2:
        return None
    cols: dict[str, object] = {"values": []}
    values: list[tuple[int, Span | None]] = []
    until: set[int] = set()
    folded = [fold(c) for c in cells]
    if any("nhiem vu" in f or "hoat dong" in f for f in folded):
        # A task table: its rows are read by the task-table reader; only a column of targets
        # ("Chỉ tiêu", "Chỉ tiêu cần đạt") is read here, each cell's targets in its own words.
        target_col = next((i for i, f in enumerate(folded) if f.startswith("chi tieu")), None)
        if target_col is None:
            return None
        out: dict[str, object] = {"values": [], "name": target_col, "in_text": True}
        if folded and folded[0] in ("stt", "tt", "so tt", "so thu tu"):
            out["stt"] = 0
        lead = next((i for i, f in enumerate(folded) if "chu tri" in f), None)
        if lead is not None:
            out["lead"] = lead
        return out
    for i, cell in enumerate(cells):
        f = fold(cell)
        if not f:
            continue
        if i == 0 and f in ("stt", "tt", "so tt", "so thu tu"):
            cols["stt"] = i
        elif "phoi hop" in f or "ghi chu" in f:
            continue
        elif f in ("dvt", "don vi tinh") or f.startswith("don vi tinh"):
            cols["unit"] = i
        elif re.search(r"theo doi|chiu trach nhiem|chu tri|co quan|don vi thuc hien|phu trach", f):
            cols["resp"] = i
        elif re.search(r"\d{4}", f) and (m := re.search(r"(\d{4})(?:\s*[-–]?\s*(\d{4}))?", f)):
            if re.search(r"thuc hien|uoc|hien trang|da dat|ket qua|nam truoc", f):
                continue  # last period's result, the baseline
            values.append((i, _span(int(m.group(1)), int(m.group(2)) if m.group(2) else None)))
            if not m.group(2) and re.search(r"\bden\s+(?:het\s+)?(?:n\w{1,2}m\s+)?\d{4}", f):
                until.add(i)  # "Đến năm 2027": from the plan's start to the end of that year
        elif re.search(r"ket qua|muc tieu|gia tri|chi tieu dat|^chi tieu$", f) and "name" in cols:
            values.append((i, None))
        elif re.search(r"chi tieu|noi dung|ten ", f) and "name" not in cols:
            cols["name"] = i
        elif re.search(r"ket qua|muc tieu|gia tri", f):
            values.append((i, None))
    if "name" not in cols:
        return None
    if not values and not any("chi tieu" in fold(c) for c in cells):
        return None
    cols["values"] = values
    cols["until"] = until
    return cols


def _table_blocks(paras: list[Paragraph]) -> list[list[Paragraph]]:
    blocks: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    for p in paras:
        if p.is_row:
            current.append(p)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _indicator_table_items(
    block: list[Paragraph], plan_period: Span | None, units: _Units
) -> tuple[list[_Item], bool]:
    cols = None
    header: list[str] = []
    for start, first in enumerate(block[:3]):
        header = [strip_html(c) for c in first.cells or []]
        cols = _indicator_columns(header)
        if cols is not None:
            block = block[start:]
            break
    if cols is None:
        return [], False
    name_i = int(cols["name"])  # type: ignore[call-overload]
    stt_i = int(cols.get("stt", 0))  # type: ignore[call-overload]
    unit_i = cols.get("unit")
    resp_i = cols.get("resp")
    lead_i = cols.get("lead")
    values: list[tuple[int, Span | None]] = cols["values"]  # type: ignore[assignment]
    until: set[int] = cols.get("until") or set()  # type: ignore[assignment]
    if plan_period is not None:
        values = [
            (i, Span(plan_period.start, span.end) if i in until and span and plan_period.start < span.start else span)
            for i, span in values
        ]
    header_fold = [fold(c) for c in header]
    rows: list[dict[str, object]] = []
    section: str | None = None
    section_period: Span | None = None
    section_area: Area | None = None

    def cell(cells: list[str], i: object) -> str:
        return cells[i] if isinstance(i, int) and i < len(cells) else ""

    for p in block[1:]:
        cells = [strip_html(c) for c in p.cells or []]
        if [fold(c) for c in cells[: len(header)]] == header_fold:
            continue
        stt = cell(cells, stt_i)
        name = cell(cells, name_i)
        vals = [cell(cells, i) for i, _ in values]
        if stt and _ROMAN_CELL.match(stt) and not any(vals):
            section = stt.rstrip(".")
            section_period = _period_label(name, plan_period) or _clause_period(name, None)
            section_area = _heading_area(name)
            continue
        if not stt and not any(vals) and _period_label(name, plan_period):
            section_period = _period_label(name, plan_period)
            continue
        if not stt and not any(vals) and rows:
            last = rows[-1]
            last["name"] = squash(f"{last['name']} {name}")
            if resp_i is not None:
                last["resp"] = squash(f"{last['resp']} {cell(cells, resp_i)}")
            continue
        if not name:
            continue
        rows.append(
            {
                "stt": stt,
                "name": name,
                "vals": vals,
                "unit": cell(cells, unit_i),
                "resp": cell(cells, resp_i),
                "lead": cell(cells, lead_i),
                "section": section,
                "period": section_period,
                "area": section_area,
                "line": p.line,
            }
        )
    items: list[_Item] = []
    for r in rows:
        stt = str(r["stt"])
        ref = f"{r['section']}.{stt}" if r["section"] and stt else (stt or None)
        name = _strip_frame(str(r["name"]).replace("(%)", " "))
        if "(%)" in str(r["name"]):
            name = f"{name} (%)"
        if not values:
            # no value column: the targets are written in the row's own words ("… đạt 95%")
            for k, ft in enumerate(targets_in_text(str(r["name"]))):
                if resp_i is not None:
                    resp = _units_in(str(r["resp"]))
                elif r["lead"]:
                    resp = [UnitRef(u.unit, u.raw, True) for u in _units_in(str(r["lead"]))]
                else:
                    resp = units.for_area(r["area"] or _content_area(ft.name))  # type: ignore[arg-type]
                ind = Indicator(
                    name=ft.name,
                    comparator=ft.target.comparator,
                    target=ft.target.value,
                    unit=ft.target.unit,
                    period=_clause_period(ft.clause, r["period"] or plan_period),  # type: ignore[arg-type]
                    responsible=resp,
                    metric=_metric(ft.name, ft.target.unit),
                    ref=ref,
                )
                items.append(_Item(ind, "table", float(r["line"]) + k / 100))  # type: ignore[arg-type]
            continue
        for k, ((_, col_period), raw) in enumerate(zip(values, r["vals"], strict=False)):  # type: ignore[call-overload]
            parsed = parse_target_cell(str(raw))
            if parsed is None:
                continue
            comparator, value, cell_unit = parsed
            unit = squash(str(r["unit"])) or cell_unit
            if unit is None and ("(%)" in name or _SUBJECT.match(fold_keep(name))):
                unit = "%"  # a rate ("Tỷ lệ …", "Mức độ hài lòng …", "… (%)") written without its unit
            resp = _units_in(str(r["resp"])) if resp_i is not None else []
            if resp_i is None:
                area = r["area"] or _content_area(name)
                resp = units.for_area(area)  # type: ignore[arg-type]
            period = col_period or r["period"] or plan_period
            ind = Indicator(
                name=name,
                comparator=comparator,
                target=value,
                unit=unit or None,
                period=period,  # type: ignore[arg-type]
                responsible=resp,
                metric=_metric(name, unit),
                ref=ref,
            )
            items.append(_Item(ind, "table", float(r["line"]) + k / 100))  # type: ignore[arg-type]
    return items, resp_i is not None


# --------------------------------------------------------------------------- task tables

def _table_tasks(paras: list[Paragraph]) -> list[Task]:
    try:
        from cchc.extract.tables import table_tasks
    except ImportError:  # the task-table reader is not there: no targets from task tables
        return []
    try:
        return table_tasks(paras)
    except Exception:  # noqa: BLE001 - a reader bug must not cost the indicators of the body
        return []


def _task_table_items(tasks: list[Task], plan_period: Span | None, units: _Units) -> list[_Item]:
    items: list[_Item] = []
    # One objective per numbered row group; pieces of it split by a page break (same ref, other
    # words) are joined back.
    objectives: dict[str | None, list[str]] = {}
    first_of: dict[str | None, int] = {}
    for n, task in enumerate(tasks):
        if task.objective:
            parts = objectives.setdefault(task.ref, [])
            first_of.setdefault(task.ref, n)
            if task.objective not in parts:
                parts.append(task.objective)
    for n, task in enumerate(tasks):
        order = 1_000_000 + n
        area = task.area
        if task.objective and first_of.get(task.ref) == n:
            ref = task.ref
            for k, ft in enumerate(targets_in_text(" ".join(objectives[task.ref]))):
                if _SUPERIOR_TASKS.search(fold(ft.name)):
                    resp = units.for_superior_tasks()
                else:
                    resp = units.for_area(area or _content_area(ft.name))
                items.append(
                    _Item(
                        Indicator(
                            name=ft.name,
                            comparator=ft.target.comparator,
                            target=ft.target.value,
                            unit=ft.target.unit,
                            period=_clause_period(ft.clause, plan_period),
                            responsible=resp,
                            metric=_metric(ft.name, ft.target.unit),
                            ref=ref,
                        ),
                        "objective",
                        order + k / 100,
                        True,
                    )
                )
        for field_text in (task.task, task.activity, task.output):
            if not field_text:
                continue
            for k, ft in enumerate(targets_in_text(field_text)):
                if not _accept_outside_targets(ft):
                    continue
                resp = [UnitRef(u.unit, u.raw, True) for u in task.lead] or units.for_area(area)
                items.append(
                    _Item(
                        Indicator(
                            name=ft.name,
                            comparator=ft.target.comparator,
                            target=ft.target.value,
                            unit=ft.target.unit,
                            period=_clause_period(ft.clause, plan_period),
                            responsible=resp,
                            metric=_metric(ft.name, ft.target.unit),
                            ref=task.ref,
                        ),
                        "cell",
                        2_000_000 + n + k / 100,
                    )
                )
    return items


# --------------------------------------------------------------------------- merging

_STOP = {
    "cua", "cac", "va", "trong", "duoc", "tren", "tai", "theo", "voi", "cho", "nhung", "mot", "la", "de",
    "do", "hoac", "khi", "ty", "le", "ti", "nay", "so", "dat", "tong", "phai", "thuc", "hien",
}
_ABBR = [(r"\btthc\b", "thu tuc hanh chinh"), (r"\bdvc\b", "dich vu cong"), (r"\bcchc\b", "cai cach hanh chinh")]


def _tokens(name: str) -> set[str]:
    f = fold(name)
    for pat, full in _ABBR:
        f = re.sub(pat, full, f)
    return {w for w in f.split() if w not in _STOP}


def _overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


# Words nearly every PAR target shares; two targets that share only these are not the same target.
_GENERIC = {
    "thu", "tuc", "hanh", "chinh", "ho", "giai", "quyet", "nguoi", "dan", "doanh", "nghiep", "co", "quan",
    "don", "vi", "nha", "nuoc", "dich", "vu", "cong", "tiep", "nhan", "xa", "phuong", "thanh", "pho",
}


def _same_target(a: Indicator, b: Indicator) -> bool:
    """Whether two statements of the same number are one target (body sentence vs table row)."""
    if abs(a.target - b.target) > 1e-9 or not _periods_meet(a.period, b.period) or a.metric != b.metric:
        return False
    if _overlap(a.name, b.name) < 0.6:
        return False
    da, db = _tokens(a.name) - _GENERIC, _tokens(b.name) - _GENERIC
    if da and db:
        return len(da & db) / min(len(da), len(db)) >= 0.5
    return True


def _periods_meet(a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def _merge(items: list[_Item]) -> list[_Item]:
    tables = [it for it in items if it.origin == "table"]
    kept: list[_Item] = []
    for it in items:
        if it.origin in ("body", "cell") and any(_same_target(it.ind, t.ind) for t in tables):
            continue
        dup = next(
            (
                k
                for k in kept
                if abs(k.ind.target - it.ind.target) < 1e-9
                and k.ind.period == it.ind.period
                and _overlap(k.ind.name, it.ind.name) >= 0.8
                and similarity(k.ind.name, it.ind.name) >= 0.9
            ),
            None,
        )
        if dup is not None:
            continue
        kept.append(it)
    return kept


# --------------------------------------------------------------------------- entry point


def find_indicators(
    text: str,
    *,
    plan_period: Span | None,
    responsibilities: list[Responsibility],
    tasks: list[Task] | None = None,
) -> list[Indicator]:
    """Every numeric target the plan sets, one Indicator per target and period (never raises on odd text).

    `tasks` are the rows of the plan's task table when the caller has read them already (else they are
    read here); targets in their objective, task, activity and output cells become indicators.

    >>> [i.to_json()["target"] for i in find_indicators(
    ...     "II. CHỈ TIÊU\\n1. Mức độ hài lòng đạt tối thiểu 95%.", plan_period=None, responsibilities=[])]
    [95]
    """
    text = nfc(text or "").lstrip("\ufeff")
    paras = paragraphs(text)
    units = _Units(responsibilities or [], text, paras)
    items: list[_Item] = []
    table_names_monitors = False
    for block in _table_blocks(paras):
        found, has_resp = _indicator_table_items(block, plan_period, units)
        items.extend(found)
        table_names_monitors = table_names_monitors or (has_resp and bool(found))
    # Only when the body says that the units monitoring the targets are those of the appendix do the
    # body's own targets missing from it get no inferred unit.
    table_names_monitors = table_names_monitors and any(
        _MONITORS_IN_APPENDIX.search(fold(p.text)) for p in paras if not p.is_row
    )
    table_rows = tasks if tasks is not None else _table_tasks(paras)
    items.extend(_task_table_items([t for t in table_rows if t.origin == "table"], plan_period, units))
    items.extend(_body_items(paras, plan_period, units, table_names_monitors=table_names_monitors))
    # Table rows first, then the body's own targets, each in document order.
    items.sort(key=lambda it: (it.origin not in ("table", "objective"), it.order))
    return [it.ind for it in _merge(items)]

