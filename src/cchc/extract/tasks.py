"""Tasks of a plan: rows of its task table, or, when it has none, the items of its tasks section."""

from __future__ import annotations

import re
import unicodedata

from cchc.domain.areas import Area
from cchc.domain.plan import Responsibility, Task, Timeline, UnitRef
from cchc.domain.units import UnitKind
from cchc.extract.areas import area_of_heading, guess_area, is_area_title
from cchc.extract.layout import Paragraph, Section
from cchc.extract.responsibilities import lead_for_area
from cchc.extract.text import fold, squash
from cchc.extract.timelines import fold_ocr, parse_timeline
from cchc.extract.units import UNIT_HEAD_WORDS, parse_units

__all__ = ["narrative_tasks", "leading_timeline", "clause_timeline", "support_in_text"]

_GENERIC_HEADING = re.compile(
    r"^(cac )?(nhiem vu|giai phap|noi dung|hoat dong|chu yeu|trong tam|cu the|thuc hien|va|chinh|"
    r"muc tieu|de ra|nam|\d{4}|\s)+$"
)
_INDICATOR_HEADING = re.compile(r"chi tieu")
_GENERAL_HEADING = re.compile(r"^(?:(?:nhiem vu|muc tieu|yeu cau|giai phap|dinh huong) chung|quan diem)\b")
_TASK_HEADING = re.compile(r"nhiem vu|giai phap|noi dung|hoat dong")

_LEADING_TIMELINE = re.compile(
    r"^(thuong xuyen|dinh ky hang (?:thang|quy|nam)(?: (?:thang|quy|nam))*|hang (?:nam|quy|thang)|"
    r"dinh ky(?: trong nam)?|hang nam)\b"
)


def _depth(p: Paragraph) -> int:
    if p.kind == "arabic":
        return 1 + (p.label or "").count(".")
    if p.kind == "letter":
        return 5
    if p.kind == "bullet":
        return 7 if p.label == "+" else 6
    if p.kind == "paren":
        return 6
    return 8


def leading_timeline(text: str) -> Timeline:
    """A task sentence that opens with its timing ("Thường xuyên rà soát …") gives that timeline."""
    f = fold_ocr(text)
    m = _LEADING_TIMELINE.match(f)
    if not m:
        return Timeline()
    n = len(m.group(0).split())
    words = text.split()[:n]
    raw = " ".join(words).strip(" ,;:.")
    return parse_timeline(raw)


def _flat(text: str) -> str:
    """Lower case without diacritics, one character per character (positions map back to `text`)."""
    out = []
    for c in text:
        if c in "đĐ":
            out.append("d")
        else:
            out.append(unicodedata.normalize("NFD", c)[0].lower() if c.isalpha() else c)
    return "".join(out)


_CLAUSE_TIMELINES = [
    re.compile(r"(?:hoan thanh\s+)?(?:truoc ngay|truoc|cham nhat (?:la )?(?:ngay )?|trong ngay)\s*"
               r"\d{1,2}/\d{1,2}/\d{4}"),
    re.compile(r"(?:hoan thanh\s+)?(?:trong|truoc|trong thoi gian) thang \d{1,2}/\d{4}"),
    re.compile(r"(?:hoan thanh\s+)?(?:trong|truoc) quy (?:iv|iii|ii|i|[1-4])(?:/| nam )\d{4}"),
    re.compile(r"dinh ky hang (?:thang|quy|nam)\b"),
    re.compile(r"(?:^|(?<=[;,.:]\s))(?:dinh ky\s+)?hang (?:thang|quy|nam)\b"),
    re.compile(r"(?:hoan thanh\s+)?(?:trong|truoc) (?:nam|quy (?:iv|iii|ii|i|[1-4]) nam) \d{4}\b"),
    # a span that closes the item ("… cho cán bộ, công chức giai đoạn 2026 - 2028.")
    re.compile(r"(?:trong )?giai doan \d{4}\s*[-–]\s*\d{4}(?=[\s.;]*$)"),
]
_CITED = re.compile(r"\b(?:chuong trinh|ke hoach|de an|nghi quyet|quyet dinh|chien luoc|tong the)\b[^;:]{0,60}$")


def clause_timeline(text: str) -> Timeline:
    """A timing clause anywhere in a narrative item ("…; hoàn thành trước ngày 28/02/2026.").

    Only clauses that say when the item itself is due count: a preposition before a date ("trước",
    "trong tháng", "trong Quý"), or "định kỳ hằng …"/"hằng …" opening a clause; a date that merely
    belongs to a cited document ("Quyết định … ngày 23/6/2022") does not.
    """
    flat = _flat(text)
    best: tuple[int, int] | None = None
    for rx in _CLAUSE_TIMELINES:
        for m in rx.finditer(flat):
            if "giai doan" in m.group(0) and _CITED.search(flat[: m.start()]):
                continue  # the span of a cited programme ("Chương trình tổng thể … giai đoạn 2021 - 2030")
            if best is None or m.start() > best[0]:
                best = (m.start(), m.end())
    if best is None:
        return Timeline()
    raw = text[best[0] : best[1]].strip(" ,;:.")
    return parse_timeline(raw)


_SUPPORT = re.compile(r"\bphoi hop\b(?: chat che| thuong xuyen| tot)?(?: voi)?\s+(.+)$")
_SUPPORT_END = re.compile(
    r"\s(?:tao|de|trong|nham|thuc hien|trien khai|to chuc|tham muu|trinh|giup|dam bao|theo)\b"
)


def support_in_text(text: str) -> list[UnitRef]:
    """Units a narrative task names as partners ("phối hợp chặt chẽ với Mặt trận Tổ quốc …")."""
    words = text.split()
    folded_words = [fold(w) for w in words]
    joined = " ".join(w for w in folded_words)
    m = _SUPPORT.search(joined)
    if not m:
        return []
    tail = m.group(1)
    end = _SUPPORT_END.search(" " + tail)
    tail = tail[: max(0, end.start() - 1)] if end else tail
    # map the folded tail back to the original words
    start_word = len(joined[: m.start(1)].split())
    n = len(tail.split())
    original = " ".join(words[start_word : start_word + n])
    refs = [r for r in parse_units(original) if r.unit is not UnitKind.OTHER]
    return refs


def _timeline_of(text: str) -> Timeline:
    t = leading_timeline(text)
    return t if t.raw else clause_timeline(text)


_OWN_LEAD = re.compile(r"^(?:giao\s+)?(.{3,90}?)\s+(?:chủ trì|chu tri|chịu trách nhiệm chính)\b", re.IGNORECASE)


def _own_lead(text: str) -> list[UnitRef]:
    """An item that opens by naming its lead ("Công an xã chủ trì, phối hợp với …")."""
    m = _OWN_LEAD.match(text)
    if not m or "," in m.group(1) or ";" in m.group(1):
        return []
    head = m.group(1)
    if not (fold(head) + " ").startswith(UNIT_HEAD_WORDS):
        return []
    return parse_units(head)[:1]


def _clean_heading(text: str) -> str:
    return squash(text).rstrip(" :;.")


def narrative_tasks(
    sections: list[Section],
    responsibilities: list[Responsibility],
    *,
    default_area: Area | None = None,
    year: int | None = None,
) -> list[Task]:
    """One Task per leaf item (a), -, +, or a plain paragraph) of the tasks-and-solutions sections."""
    out: list[Task] = []
    for sec in sections:
        if sec.kind != "tasks":
            continue
        paras = [p for p in sec.paras if not p.is_row]
        fields = [_field_of(p) for p in paras]
        area_depths = _area_depths(paras)
        stack: list[Paragraph] = []  # open headings, outermost first
        skip_depth: int | None = None
        last: Task | None = None
        for i, p in enumerate(paras):
            if fields[i] is not None:
                # "+ Đơn vị chủ trì: …", "+ Thời gian thực hiện: …": a field of the item above
                if last is not None and skip_depth is None:
                    _set_field(last, *fields[i], year=year)
                continue
            d = _depth(p)
            while stack and _depth(stack[-1]) >= d:
                stack.pop()
            if skip_depth is not None and d <= skip_depth and p.kind in ("arabic", "letter"):
                skip_depth = None
            nxt = next((q for j, q in enumerate(paras[i + 1 :], start=i + 1) if fields[j] is None), None)
            has_children = nxt is not None and _depth(nxt) > d and (
                nxt.kind != "plain" or (not nxt.text.startswith("(") and p.is_heading_like)
            )
            bullet_heading = p.kind == "bullet" and has_children and p.text.rstrip().endswith(":")
            if (p.kind in ("arabic", "letter") and (has_children or p.text.rstrip().endswith(":"))) or bullet_heading:
                f = fold(p.text)
                if _INDICATOR_HEADING.search(f) and not _TASK_HEADING.search(f):
                    skip_depth = d
                stack.append(p)
                continue
            if skip_depth is not None:
                continue
            if p.kind == "paren":
                continue  # numbered targets "(1) …" are indicators
            if p.kind == "plain" and (p.text.startswith("(") or len(p.text) < 25):
                continue
            if p.kind == "plain" and stack and _GENERAL_HEADING.search(fold(stack[-1].text)):
                continue  # the prose under "1. Nhiệm vụ chung" states the aim, the tasks follow
            if p.kind == "plain" and any(q.kind in ("bullet", "letter") for q in paras[i + 1 : i + 3]) and (
                p.text.rstrip().endswith(":")
            ):
                continue  # an introduction to a list
            text = squash(p.text)
            own = p.label if p.kind in ("arabic", "letter") else None
            last = _make_task(text, sec, stack, responsibilities, default_area, own, area_depths)
            out.append(last)
    return out


_FIELD = re.compile(
    r"^(?:(?:don vi|co quan|bo phan|trach nhiem)\s+)?(?P<lead>chu tri|thuc hien)\b"
    r"|^(?:(?:don vi|co quan|bo phan)\s+)?(?P<support>phoi hop)\b"
    r"|^(?P<timeline>thoi gian|thoi han|tien do|moc thoi gian)\b"
    r"|^(?P<output>san pham|ket qua|du kien ket qua)\b"
    r"|^(?P<funding>kinh phi|nguon kinh phi)\b"
)


def _area_depths(paras: list[Paragraph]) -> frozenset[int]:
    """Heading depths at which the section is organised by reform area (`2.1. Công tác chỉ đạo …`,
    `2.2. Cải cách thể chế`, …: three or more areas side by side); such a heading is the area, not an
    objective. In a single-area plan (`3.2. Đổi mới việc thực hiện, giải quyết TTHC …`) it stays one."""
    seen: dict[int, set[Area]] = {}
    for p in paras:
        if p.kind != "arabic" or _GENERIC_HEADING.match(fold(p.text)):
            continue
        a = area_of_heading(p.text)
        if a is not None:
            seen.setdefault(_depth(p), set()).add(a)
    return frozenset(d for d, areas in seen.items() if len(areas) >= 3)


def _field_of(p: Paragraph) -> tuple[str, str] | None:
    """(field, value) when a list line is a labelled field of the item above ("Đơn vị chủ trì: …")."""
    if p.kind not in ("bullet", "plain", "paren") or ":" not in p.text[:45]:
        return None
    label, _, value = p.text.partition(":")
    f = fold(label)
    if len(f.split()) > 5:
        return None
    m = _FIELD.match(f)
    if not m or not value.strip():
        return None
    return next(k for k, v in m.groupdict().items() if v), squash(value).rstrip(" ;.")


def _set_field(task: Task, name: str, value: str, *, year: int | None = None) -> None:
    if name == "lead":
        task.lead = parse_units(value)
    elif name == "support":
        task.support = parse_units(value)
    elif name == "timeline":
        task.timeline = parse_timeline(value, year)
    elif name == "output":
        task.output = value
    elif name == "funding":
        task.funding = value


_INLINE_LABEL = re.compile(
    r"(?:\(\s*|(?<=[.;])\s+)(?:(?:don vi|co quan|bo phan)\s+)?"
    r"(?P<label>chu tri|thuc hien|phoi hop|thoi gian(?: thuc hien| hoan thanh)?|thoi han)\s*:"
)
_INLINE_PAREN = re.compile(r"\(([^()]*\bchu tri\b[^()]*)\)[.;\s]*$")
_PART_LABEL = re.compile(
    r"^(?:(?:don vi|co quan|bo phan)\s+)?(?P<label>chu tri|thuc hien|phoi hop(?: voi)?|"
    r"thoi gian(?: thuc hien| hoan thanh)?|thoi han)\s*:?\s*"
)


def _inline_fields(text: str) -> tuple[str, str, str, str]:
    """A narrative item that carries its own fields at its end: `… (Đơn vị chủ trì: X; thời gian: Quý II/2026).`,
    `…. Chủ trì: X; phối hợp: Y. Thời gian thực hiện: Thường xuyên.`, `… (Phòng Kinh tế chủ trì, hoàn thành
    trước ngày 31/3/2026).` → (text without them, lead, support, timeline); empty strings when absent."""
    flat = _flat(text)
    m = _INLINE_LABEL.search(flat)
    start: int | None = None
    if m:
        start = m.start()
    else:
        mp = _INLINE_PAREN.search(flat)
        if mp:
            start = mp.start()
    if start is None or start < 15:
        return text, "", "", ""
    head = text[:start].rstrip(" .;,")
    tail = text[start:].strip().lstrip("(").rstrip(" .;")
    tail = tail[:-1] if tail.endswith(")") else tail
    lead = support = timeline = ""
    parts = [x.strip() for x in re.split(r";|\.\s+|,\s+(?=(?:thời gian|thoi gian|hoàn thành|hoan thanh|phối hợp|"
                                          r"phoi hop|trước|truoc|trong)\b)", tail, flags=re.IGNORECASE) if x.strip()]
    for part in parts:
        fp = _flat(part)
        pm = _PART_LABEL.match(fp)
        if pm:
            value = part[pm.end():].strip(" .:")
            label = pm.group("label")
            if label.startswith(("chu tri", "thuc hien")):
                lead = lead or value
            elif label.startswith("phoi hop"):
                support = support or value
            else:
                timeline = timeline or value
        elif re.search(r"\s(?:chu tri|phoi hop)$", fp):
            value = re.sub(r"\s+(?:chủ trì|chu tri|phối hợp|phoi hop)$", "", part, flags=re.IGNORECASE)
            if fp.endswith("chu tri"):
                lead = lead or value
            else:
                support = support or value
        elif not timeline:
            timeline = part
    if not (lead or support or timeline):
        return text, "", "", ""
    return head + ".", lead, support, timeline


def _make_task(
    text: str,
    sec: Section,
    stack: list[Paragraph],
    responsibilities: list[Responsibility],
    default_area: Area | None,
    own_label: str | None = None,
    area_depths: frozenset[int] = frozenset(),
) -> Task:
    area: Area | None = None
    area_heading: Paragraph | None = None
    for h in stack:
        if h.kind in ("arabic", "letter"):
            a = None if _GENERIC_HEADING.match(fold(h.text)) else area_of_heading(h.text)
            if a is not None:
                area, area_heading = a, h
                break
    if area is None and isinstance(sec.area, Area):
        area = sec.area
    if area is None:
        area = default_area or guess_area(text, Area.DIRECTION) or Area.DIRECTION
    objective = None
    for h in reversed(stack):
        if h.kind not in ("arabic", "letter", "bullet"):
            continue
        f = fold(h.text)
        if _GENERIC_HEADING.match(f) or is_area_title(h.text) or (h is area_heading and _depth(h) in area_depths):
            break
        objective = _clean_heading(h.text)
        break
    labels = [sec.label] if sec.label else []
    arabic = [h.label for h in stack if h.kind == "arabic" and h.label]
    if arabic:
        labels.append(arabic[-1])
    letters = [h.label for h in stack if h.kind == "letter" and h.label]
    if letters:
        labels.append(letters[-1])
    if own_label:
        if arabic and not letters and own_label.startswith(arabic[-1] + "."):
            labels.pop()  # "1.1." under "1.": the item's own number already holds its heading's
        labels.append(own_label)
    ref = ".".join(labels) or None
    text, lead_text, support_text, timeline_text = _inline_fields(text)
    own_lead = (parse_units(lead_text) if lead_text else []) or _own_lead(text)
    timeline = parse_timeline(timeline_text) if timeline_text else Timeline()
    if timeline.kind.value == "unspecified":
        alt = clause_timeline(timeline_text) if timeline_text else _timeline_of(text)
        timeline = alt if alt.raw else timeline
    return Task(
        task=text,
        area=area,
        origin="narrative",
        ref=ref,
        objective=objective,
        lead=own_lead or lead_for_area(responsibilities, area),
        support=parse_units(support_text) if support_text else support_in_text(text),
        timeline=timeline,
    )
