"""The "Tổ chức thực hiện / Phân công trách nhiệm" section → which unit leads which reform areas."""

from __future__ import annotations

import difflib
import re

from cchc.domain.areas import Area
from cchc.domain.plan import Responsibility, UnitRef
from cchc.domain.units import UnitKind
from cchc.extract.layout import Paragraph, Section
from cchc.extract.text import fold
from cchc.extract.units import UNIT_HEAD_WORDS, parse_units

__all__ = ["find_responsibilities", "lead_for_area", "lead_areas_in", "looks_ocr"]

# Only an area named as such makes a unit its lead ("chủ trì … các nội dung về cải cách thể chế");
# a passing word ("… giải quyết thủ tục hành chính trên môi trường điện tử") does not.
_STRICT: list[tuple[Area, str]] = [
    (Area.DIRECTION, r"chi dao dieu hanh|tuyen truyen (ve )?(cai cach|cchc)|thong tin tuyen truyen|"
                     r"kiem tra (cong tac )?(cai cach|cchc)|co quan thuong truc"),
    (Area.INSTITUTIONS, r"cai cach the che|\bthe che\b"),
    (Area.PROCEDURES, r"cai cach thu tuc|kiem soat thu tuc|cai cach tthc|kiem soat tthc|mot cua"),
    (Area.ORGANIZATION, r"to chuc bo may|sap xep to chuc"),
    (Area.CIVIL_SERVICE, r"che do cong vu|cong chuc cong vu|doi ngu can bo"),
    (Area.PUBLIC_FINANCE, r"tai chinh cong"),
    (Area.DIGITAL_GOVERNMENT, r"chinh quyen dien tu|chinh quyen so|chinh phu dien tu|chinh phu so|chuyen doi so|"
                              r"van ban dien tu|moi truong dien tu|he thong thong tin|iso 9001"),
]

# For OCR text that lost its diacritics and some letters ("cai cach t6 chirc bd may"): long phrases
# only, so that a near miss cannot turn one area into another.
_FUZZY: dict[Area, tuple[str, ...]] = {
    Area.DIRECTION: ("noi dung ve chi dao dieu hanh", "thong tin tuyen truyen cai cach"),
    Area.INSTITUTIONS: ("cai cach the che",),
    Area.PROCEDURES: ("cai cach thu tuc hanh chinh", "kiem soat thu tuc hanh chinh"),
    Area.ORGANIZATION: ("cai cach to chuc bo may",),
    Area.CIVIL_SERVICE: ("cai cach che do cong vu",),
    Area.PUBLIC_FINANCE: ("cai cach tai chinh cong",),
    Area.DIGITAL_GOVERNMENT: ("chinh quyen dien tu", "chinh quyen so"),
}

_VIET_MARKED = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def looks_ocr(text: str) -> bool:
    """Whether a Vietnamese sentence lost its diacritics (OCR output or a plain-ASCII file)."""
    letters = [c for c in text.lower() if c.isalpha()]
    return len(letters) > 20 and not any(c in _VIET_MARKED for c in letters)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
_LEAD_WORDS = re.compile(
    r"\bchu tri\b|\bco quan thuong truc\b|\bco quan dau moi\b|\bdau moi\b|\bphu trach\b"
    r"|\btham muu (?:trien khai|thuc hien|to chuc thuc hien) (?:cac )?(?:noi dung|nhiem vu|linh vuc)\b"
)
_VERB = re.compile(
    r"\s+(?:là|tham mưu|chủ trì|có trách nhiệm|chịu trách nhiệm|phụ trách|thực hiện|phối hợp|triển khai|"
    r"được giao|tăng cường|giám sát|vận động|tuyên truyền|theo dõi|hướng dẫn|bố trí|căn cứ|quan tâm|"
    r"la|tham muu|chu tri|co trach nhiem|chiu trach nhiem|phu trach)(?=[\s,;:.]|$)",
    re.IGNORECASE,
)
# (a scan may read the item's number as a short word before "Giao": "dự Giao Phòng Văn hóa - Xã hội chủ trì")
_UNIT_PREFIX = re.compile(r"^(?:\S{1,3}\s+(?=(?:đề nghị|giao)\s))?(?:đề nghị|de nghi|đề nghi|giao|trách nhiệm của)\s+",
                          re.IGNORECASE)


def _fuzzy_pos(folded: str, phrase: str, threshold: float = 0.84) -> int:
    """Character offset of the first window of `folded` close to `phrase`, or a large number."""
    words = folded.split()
    k = len(phrase.split())
    offset = 0
    for i in range(max(1, len(words) - k + 1)):
        window = " ".join(words[i : i + k])
        if difflib.SequenceMatcher(None, window, phrase, autojunk=False).ratio() >= threshold:
            return offset
        offset += len(words[i]) + 1
    return 10**9


def lead_areas_in(text: str) -> list[Area]:
    """Areas that one "Chủ trì …" sentence makes its unit lead for (none when it leads nothing)."""
    if not _LEAD_WORDS.search(fold(text)):
        return []
    # only the sentences that say "chủ trì" count (OCR may have glued a "Phối hợp …" item before it)
    sentences = [x for x in _SENTENCE_END.split(text) if _LEAD_WORDS.search(fold(x))]
    text = " ".join(sentences)
    f = fold(text)
    # "Chủ trì kiểm tra công tác cải cách hành chính, cải cách TTHC": what is inspected is not led
    f = re.sub(r"\b(chu tri\s+(?:cong tac\s+)?kiem tra)\b[^;.]*", r"\1 cai cach", f)
    ocr = looks_ocr(text)
    hits = []
    for area, pattern in _STRICT:
        m = re.search(pattern, f)
        if m:
            hits.append((m.start(), area))
        elif ocr:
            pos = min((_fuzzy_pos(f, phrase) for phrase in _FUZZY.get(area, ())), default=-1)
            if pos < 10**9:
                hits.append((pos, area))  # OCR-damaged words ("t6 chirc bd may")
    return [a for _, a in sorted(hits)]


def _unit_heading(p: Paragraph) -> tuple[UnitRef, str] | None:
    """The unit a heading of the section names, and the text after its colon."""
    if p.is_row or p.kind not in ("arabic", "letter", "plain"):
        return None
    text = p.text
    head, colon, rest = text.partition(":")
    m = _VERB.search(head)
    if m and (not colon or m.start() < len(head)):
        # "Văn phòng HĐND và UBND xã tham mưu triển khai …": the name ends where the verb starts
        head, rest = text[: m.start()], text[m.start() :].strip()
    head = _UNIT_PREFIX.sub("", head.strip())
    if len(head) > 160 or (not rest and len(head) > 120):
        return None
    f = fold(head) + " "
    if not f.startswith(UNIT_HEAD_WORDS):
        return None
    refs = parse_units(head)
    if not refs:
        return None
    return refs[0], rest.strip()


def find_responsibilities(sections: list[Section]) -> list[Responsibility]:
    """One Responsibility per unit the organisation section gives duties to, in document order."""
    out: list[Responsibility] = []
    for sec in sections:
        if sec.kind != "organization":
            continue
        current: Responsibility | None = None
        level_of_current = 99
        for p in sec.paras:
            if p.is_row:
                continue
            hit = _unit_heading(p) if p.kind in ("arabic", "letter") or (
                p.kind == "plain" and len(p.text) < 90 and p.text.rstrip().endswith(":")) or (
                p.kind == "plain" and _UNIT_PREFIX.match(p.text) and re.match(r"^\S{1,3}\s", p.text)) else None
            level = {"arabic": 1 + (p.label or "").count("."), "letter": 3}.get(p.kind, 9)
            if hit is not None:
                ref, rest = hit
                existing = next((r for r in out if r.unit.unit == ref.unit and ref.unit is not UnitKind.OTHER), None)
                current = existing or Responsibility(ref, [])
                if existing is None:
                    out.append(current)
                level_of_current = level
                text = rest
            else:
                if current is not None and p.kind in ("arabic", "letter") and level <= level_of_current:
                    current = None  # a sibling heading that names no unit ends the block
                    continue
                text = p.text
            if current is None or not text:
                continue
            for area in lead_areas_in(text):
                if area not in current.areas:
                    current.areas.append(area)
    return out


def lead_for_area(responsibilities: list[Responsibility], area: Area) -> list[UnitRef]:
    """The unit the responsibilities section makes lead of `area`, as an inferred reference."""
    for r in responsibilities:
        if area in r.areas and not r.unit.unit.is_collective:
            return [UnitRef(r.unit.unit, r.unit.raw, True)]
    return []
