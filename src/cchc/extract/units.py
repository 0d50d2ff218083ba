"""Unit names → canonical unit references, tolerant of typos, OCR damage and wording variants.

`parse_units("Văn phòng HĐND & UBND phường; Phòng Kinh tế")` gives two references. A cell may name
several units (`;`, `,`, `và`, line breaks); collective phrases (`Các phòng, đơn vị thuộc phường`)
become `all_units`, `các cơ quan, đơn vị liên quan` becomes `related_units`, and an outside body
(`Sở Nội vụ`, `VNPT Hải Phòng`) becomes `other` with its words in `raw`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cchc.domain.plan import UnitRef
from cchc.domain.units import UnitKind
from cchc.extract import text as _text
from cchc.extract.text import fuzzy_contains, squash

__all__ = ["parse_units", "classify_unit", "UNIT_HEAD_WORDS"]

# folding is the hot path of cell classification; cells repeat a lot within a table
fold = lru_cache(maxsize=16384)(_text.fold)

# Folded words a unit name starts with; a piece after "," / "và" that starts with one of them is a
# new unit, anything else continues the previous name ("Phòng Kinh tế, Hạ tầng và Đô thị").
UNIT_HEAD_WORDS: tuple[str, ...] = (
    "van phong", "phong ", "trung tam", "ubnd", "uy ban", "mat tran", "mttq", "cong an", "ban ",
    "so ", "cac ", "doan ", "hoi ", "quan su", "chu tich", "pho chu tich", "dang uy", "vnpt",
    "viettel", "buu dien", "bo phan", "tram ", "truong ", "chi cuc", "kho bac", "thue ", "cong chuc",
    "to chuc thanh vien", "nhung ", "lanh dao", "bch ", "ban chi huy", "ngan hang", "bao hiem",
    "vp ", "tt ",
)

# Splitting a "," / "và" never happens right after these (the name goes on: "HĐND và UBND").
_NO_SPLIT_AFTER = ("hdnd", "hoi dong nhan dan", "phong", "cac phong", "cac co quan", "co quan",
                   "cac ban", "cac nganh", "nganh")

_EMPTY = {"", "x", "-", "—", "–", "0", "khong", "không"}

_PREFIX = re.compile(
    r"^\s*(?:[-+•*–—]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]\s*|"
    r"(?:đơn vị\s+)?(?:chủ trì|phối hợp|chu tri|phoi hop)\s*:\s*)+",
    re.IGNORECASE,
)
_SPLIT_HARD = re.compile(r"\s*(?:[;\n\t]|\s\+\s)\s*")
_SPLIT_SOFT = re.compile(r"\s*(?:,|\bvà\b|\bva\b|&|\bvới\b|\bcùng\b|\s-\s(?=[A-ZĐÀ-Ỹ]))\s*", re.IGNORECASE)

_OUTSIDE_LEVEL = re.compile(r"\b(thanh pho|tinh|quan|huyen|trung uong|chinh phu)\b")


def _has(folded: str, *phrases: str) -> bool:
    return any(p in folded for p in phrases)


def _fuzzy(raw: str, *phrases: str) -> bool:
    # a unit's name is short; fuzzy matching a long sentence is slow and finds false friends
    if len(raw.split()) > 14:
        return False
    return any(fuzzy_contains(raw, p, 0.8) for p in phrases)


@lru_cache(maxsize=8192)
def classify_unit(phrase: str) -> UnitKind | None:
    """The unit kind one phrase names, or None when it names no unit at all (e.g. `-`)."""
    kind = _classify(phrase)
    if kind is UnitKind.OTHER:
        # PDF text of a narrow cell may split words ("Văn phòn g HĐN D"): try the words glued back
        flat = fold(phrase).replace(" ", "")
        for key, k in _FLAT_KEYS:
            if key in flat:
                return k
    return kind


_FLAT_KEYS: list[tuple[str, UnitKind]] = [
    ("mattran", UnitKind.MTTQ),
    ("doanthe", UnitKind.MTTQ),
    ("phucvuhanhchinhcong", UnitKind.TT_PHVHCC),
    ("dichvusunghiepcong", UnitKind.TT_DVSNC),
    ("vanhoaxahoi", UnitKind.PHONG_VHXH),
    ("phongkinhte", UnitKind.PHONG_KINH_TE),
    ("vanphonghdnd", UnitKind.VAN_PHONG),
    ("vanphongubnd", UnitKind.VAN_PHONG),
]


def _classify(phrase: str) -> UnitKind | None:
    f = fold(phrase)
    if not f or f in _EMPTY or not any(c.isalpha() for c in f):
        return None
    collective = f.startswith(("cac ", "nhung ", "toan bo ", "tat ca ")) or f.startswith("moi ")
    # Fatherland Front and mass organisations (also "các đoàn thể", "tổ chức thành viên").
    if _has(f, "mat tran", "mttq", "doan the", "to chuc thanh vien", "chinh tri xa hoi",
            "hoi lien hiep phu nu", "doan thanh nien", "hoi nong dan", "hoi cuu chien binh",
            "cong doan") or _fuzzy(phrase, "mat tran to quoc"):
        return UnitKind.MTTQ
    abbr = _abbreviation(f)
    if abbr is not None:
        return abbr
    if collective:
        if _has(f, "lien quan", "lien qua", "chu tri soan thao", "duoc giao chu tri"):
            return UnitKind.RELATED_UNITS
        if _has(f, "phong", "chuyen mon", "thuoc", "truc thuoc", "don vi") and not _has(f, "so "):
            return UnitKind.ALL_UNITS
        if _has(f, "co quan"):
            return UnitKind.RELATED_UNITS
        return UnitKind.OTHER
    if _has(f, "phuc vu hanh chinh cong", "bo phan mot cua", "bo phan tiep nhan va tra",
            "trung tam phuc vu") or _fuzzy(phrase, "phuc vu hanh chinh cong"):
        return UnitKind.TT_PHVHCC
    if _has(f, "dich vu su nghiep cong", "trung tam su nghiep cong") or (
        _has(f, "trung tam") and _has(f, "su nghiep")
    ) or _fuzzy(phrase, "dich vu su nghiep cong"):
        return UnitKind.TT_DVSNC
    if f.startswith("trung tam"):
        return UnitKind.OTHER
    if (_has(f, "van hoa") and _has(f, "xa hoi")) or _fuzzy(phrase, "phong van hoa xa hoi"):
        return UnitKind.PHONG_VHXH
    if _has(f, "phong kinh te") or _fuzzy(phrase, "phong kinh te"):
        return UnitKind.PHONG_KINH_TE
    if f.startswith("van phong") or _fuzzy(phrase, "van phong hdnd"):
        rest = f[len("van phong"):].strip()
        if not rest or _has(rest, "hdnd", "ubnd", "uy ban", "hoi dong", "xa", "phuong") or rest.split()[0] in (
            "hdnd", "ubnd"
        ):
            if not _has(rest, "dang ky", "cong chung", "luat su", "thua phat", "dang uy"):
                return UnitKind.VAN_PHONG
        return UnitKind.OTHER
    if _has(f, "ubnd", "uy ban nhan dan", "chu tich", "lanh dao ubnd", "lanh dao uy ban") or f in (
        "ubnd",
        "uy ban",
    ):
        if _OUTSIDE_LEVEL.search(f):
            return UnitKind.OTHER
        return UnitKind.UBND
    return UnitKind.OTHER


# Short forms of unit names in tables ("Phòng VH-XH", "Trung tâm PVHCC", "Phòng KT-HT&ĐT"), on folded text.
_ABBREVIATIONS: list[tuple[re.Pattern[str], UnitKind]] = [
    (re.compile(r"\b(?:tt\s*)?pv\s*hcc\b|\bttpvhcc\b"), UnitKind.TT_PHVHCC),
    (re.compile(r"\b(?:tt\s*)?dv\s*snc\b|\bttdvsnc\b"), UnitKind.TT_DVSNC),
    (re.compile(r"^(?:phong\s+)?vh\s*xh\b|^phong vhxh\b"), UnitKind.PHONG_VHXH),
    (re.compile(r"^(?:phong\s+)?kt(?:\s*ht(?:\s*(?:va\s*)?dt)?)?\b|^phong ktht"), UnitKind.PHONG_KINH_TE),
    (re.compile(r"^vp\b|^van phong hdnd|^vp\s*(?:hdnd|ubnd)"), UnitKind.VAN_PHONG),
]


def _abbreviation(folded: str) -> UnitKind | None:
    for rx, kind in _ABBREVIATIONS:
        if rx.search(folded):
            return kind
    return None


def _clean(piece: str) -> str:
    piece = _PREFIX.sub("", squash(piece))
    return piece.strip(" .,:;()-–—*").strip()


def _starts_unit(piece: str) -> bool:
    f = fold(piece) + " "
    return f.startswith(UNIT_HEAD_WORDS)


def _soft_split(segment: str) -> list[str]:
    """Split one segment at `,`/`và`/`&` where the next words start a new unit name."""
    parts: list[str] = []
    pos = 0
    current_start = 0
    for m in _SPLIT_SOFT.finditer(segment):
        left = segment[current_start : m.start()]
        right = segment[m.end() :]
        pos = m.end()
        fl = fold(left)
        if not fl or not right.strip():
            continue
        if fl.endswith(_NO_SPLIT_AFTER) or fl in ("cac", "nhung"):
            continue
        if not _starts_unit(right):
            continue
        # "Mặt trận Tổ quốc và các đoàn thể": one unit; merged again later by kind.
        parts.append(left)
        current_start = pos
    parts.append(segment[current_start:])
    out: list[str] = []
    for part in parts:
        out.extend(_split_glued(part))
    return out


_GLUED_HEAD = re.compile(r"\s(?=(?:Phòng|Văn phòng|Trung tâm|Ủy ban|Uỷ ban|UBND|Công an|Mặt trận|Chi cục|Bưu điện|VNPT|"
                         r"Viettel|Ban Chỉ huy|Hội Liên hiệp|Đoàn Thanh niên)\b)")


def _split_glued(part: str) -> list[str]:
    """Split names glued by a lost line break: "Phòng Văn hóa - Xã hội Ủy ban MTTQ Việt Nam phường"."""
    pieces: list[str] = []
    start = 0
    for m in _GLUED_HEAD.finditer(part):
        left = part[start : m.start()]
        fl = fold(left)
        if len(fl.split()) < 3 or fl.endswith((" va", " hdnd", " cua", " thuoc", " voi")) or left.rstrip().endswith("&"):
            continue
        kind = _classify(left)
        if kind is None or kind is UnitKind.OTHER or kind.is_collective:
            continue
        pieces.append(left)
        start = m.end()
    pieces.append(part[start:])
    return pieces


# "X; phối hợp: Y", "X, phối hợp với Y", "X (phối hợp: Y)", "X\nĐơn vị phối hợp: Y" in ONE unit cell; matched on
# text folded one character per character, so OCR's half-lost marks ("phoi hợp", "phối hop") read the same
_SUPPORT_MARK = re.compile(
    r"(?:[;,(\n]|\s[-–]\s|\.\s)\s*(?:[-+]\s*)?(?:(?:cac\s+)?(?:don vi|co quan|dv)\s+)?"
    r"phoi hop(?:\s+voi)?\s*[:\-–]?\s*"
)
# a cell's lines joined by a space (PDF): "Chủ trì: X Phối hợp: Y" (a capital P and a colon)
_SUPPORT_LABEL = re.compile(r"\s+(?:(?:Don vi|Co quan)\s+)?(?:Phoi hop|PHOI HOP)(?:\s+voi)?\s*:\s*")
# "X chủ trì, Y phối hợp" / "X (chủ trì); Y (phối hợp)"
_ROLE_SUFFIX = re.compile(
    r"^(?P<lead>.+?)\s*\(?\s*chu tri\s*\)?\s*[;,.\n]\s*(?P<support>.+?)\s*\(?\s*phoi hop\s*\)?\s*\.?$",
    re.DOTALL,
)


def _flat_chars(text: str) -> str:
    """Diacritics off, one character per character (positions map back to `text`); case kept."""
    out = []
    for c in text:
        if c in "đĐ":
            out.append("d" if c == "đ" else "D")
        else:
            out.append(unicodedata.normalize("NFD", c)[0] if c.isalpha() else c)
    return "".join(out)


def split_lead_support(text: str) -> tuple[str, str]:
    """A unit cell that names the lead and then its partners (`Phòng Văn hóa - Xã hội; phối hợp: Công an
    xã`, `X (phối hợp: Y)`, `X chủ trì, Y phối hợp`) as (lead text, support text); ('text', '') when the
    cell names no partners."""
    if not text:
        return "", ""
    stripped = text.strip()
    flat = _flat_chars(stripped)
    m = _ROLE_SUFFIX.match(flat.lower())
    if m:
        return stripped[m.start("lead") : m.end("lead")], stripped[m.start("support") : m.end("support")]
    m = _SUPPORT_MARK.search(flat.lower()) or _SUPPORT_LABEL.search(flat)
    if not m or not stripped[m.end():].strip():
        return text, ""
    lead, support = stripped[: m.start()], stripped[m.end():]
    if m.group(0).lstrip().startswith("("):
        support = re.sub(r"\)\s*\.?\s*$", "", support)
    return lead.strip(" ;,.-"), support.strip(" ;,.")


def parse_units(text: str) -> list[UnitRef]:
    """Every unit a cell or phrase names, in order, one reference per unit (never raises).

    >>> [u.unit.value for u in parse_units("Văn phòng HĐND & UBND phường; Các phòng, đơn vị thuộc phường")]
    ['van_phong', 'all_units']
    """
    return list(_parse_units_cached(text or ""))


@lru_cache(maxsize=4096)
def _parse_units_cached(text: str) -> tuple[UnitRef, ...]:
    return tuple(_parse_units(text))


def _parse_units(text: str) -> list[UnitRef]:
    if not text or not text.strip():
        return []
    text = re.sub(r"</?[a-zA-Z][^>]*>", " ", text)
    refs: list[UnitRef] = []
    seen: dict[UnitKind, int] = {}
    for segment in _SPLIT_HARD.split(text):
        prev_kind: UnitKind | None = None
        for piece in _soft_split(segment):
            raw = _clean(piece)
            kind = classify_unit(raw)
            if kind is None:
                continue
            if kind is not UnitKind.OTHER and kind in seen:
                # Same unit named twice ("Mặt trận … và các tổ chức thành viên"): keep one, widen raw
                # only when the two pieces are adjacent.
                if prev_kind is kind:
                    idx = seen[kind]
                    old = refs[idx]
                    joined = _join_raw(segment, old.raw or "", raw)
                    refs[idx] = UnitRef(kind, joined, False)
                prev_kind = kind
                continue
            if kind is UnitKind.OTHER and any(
                r.unit is UnitKind.OTHER and fold(r.raw) == fold(raw) for r in refs
            ):
                continue
            seen[kind] = len(refs)
            refs.append(UnitRef(kind, raw, False))
            prev_kind = kind
    return refs


def _join_raw(segment: str, first: str, second: str) -> str:
    """The segment's own words from `first` through `second` when both occur in it, else `first`."""
    i = segment.find(first)
    j = segment.find(second, i + len(first)) if i >= 0 else -1
    if i >= 0 and j >= 0:
        return squash(segment[i : j + len(second)])
    return first
