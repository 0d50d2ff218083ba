"""Who issues a plan: the issuer's name as the documents write it, its level and its locality code.

`ỦY BAN NHÂN DÂN` / `TỈNH LÀO CAI` → `UBND tỉnh Lào Cai` (province, code 15); `THỦ TƯỚNG CHÍNH PHỦ` →
`Thủ tướng Chính phủ` (national); `BỘ NỘI VỤ` → `Bộ Nội vụ` (ministry); `UBND XÃ TÂN AN` → `UBND xã Tân An`
(commune, its code when the name — with the province the text names, if needed — is unique).
Codes are those of vietnam-provinces (the 2025 provinces and communes); districts have none there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from cchc.domain.plan import PlanLevel
from cchc.extract.numbers import fold_words as fold

__all__ = ["Issuer", "issuer_from_block", "issuer_from_phrase", "level_from_symbol", "province_in_text",
           "commune_code"]


@dataclass(frozen=True)
class Issuer:
    name: str
    level: PlanLevel
    locality_code: int | None = None


def _key(text: str) -> str:
    """A name's lookup key: folded, without spaces or hyphens (`Hải Ph òng`, `HAI PHONG` → `haiphong`)."""
    return fold(text).replace(" ", "")


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[int, str, bool]]:
    """key → (code, name without `Thành phố`, centrally-run city)."""
    from vietnam_provinces import Province, VietNamDivisionType

    out: dict[str, tuple[int, str, bool]] = {}
    for p in Province.iter_all():
        name = re.sub(r"^(?:Thành phố|Tỉnh)\s+", "", " ".join(p.name.split()))
        out[_key(name)] = (int(p.code), name, p.division_type is VietNamDivisionType.THANH_PHO_TRUNG_UONG)
    return out


# Centrally-run cities before 2025 keep that rank (their names are in the 2025 list too, except none).
_CITY_KEYS = {"hanoi", "haiphong", "danang", "hochiminh", "cantho", "hue"}


@lru_cache(maxsize=1)
def _wards() -> dict[tuple[str, str], list[tuple[int, int, str]]]:
    """(kind, key) → [(code, province code, name)] for every 2025 commune, ward and special zone."""
    from vietnam_provinces import Ward

    out: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for w in Ward.iter_all():
        kind = fold(w.division_type.value)  # xa | phuong | dac khu
        name = " ".join(w.name.split())
        name = name[len(w.division_type.value) + 1 :] if fold(name).startswith(kind + " ") else name
        out.setdefault((kind, _key(name)), []).append((int(w.code), int(w.province_code), name))
    return out


def commune_code(kind: str, name: str, province_code: int | None = None) -> int | None:
    """The vietnam-provinces code of `xã`/`phường` `name`, when unique (within the province, if given)."""
    found = _wards().get((fold(kind), _key(name)), [])
    if province_code is not None:
        found = [f for f in found if f[1] == province_code]
    return found[0][0] if len(found) == 1 else None


_PROVINCE_MENTION = re.compile(r"\b(?:tinh|thanh pho|tp)\s+((?:[a-z]+\s+){0,3}[a-z]+)")


@lru_cache(maxsize=8)
def province_in_text(text: str) -> int | None:
    """The province the text names most often (`tỉnh Lào Cai`, `thành phố Hải Phòng`), or None."""
    counts: Counter[int] = Counter()
    for m in _PROVINCE_MENTION.finditer(fold(text)):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            hit = _provinces().get("".join(words[:n]))
            if hit:
                counts[hit[0]] += 1
                break
    return counts.most_common(1)[0][0] if counts else None


# Ministries and ministry-level agencies, as written (folded key → name).
_MINISTRIES = [
    "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính", "Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao",
    "Bộ Kế hoạch và Đầu tư", "Bộ Công Thương", "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường", "Bộ Giao thông vận tải", "Bộ Xây dựng", "Bộ Tài nguyên và Môi trường",
    "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo", "Bộ Y tế",
    "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Dân tộc và Tôn giáo",
    "Văn phòng Chính phủ", "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Ủy ban Dân tộc",
]
_MINISTRY_KEYS = sorted(((fold(m), m) for m in _MINISTRIES), key=lambda x: -len(x[0]))

_KINDS = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "huyen": "huyện", "quan": "quận",
    "thi xa": "thị xã", "xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu",
}
_LEVEL_OF_KIND = {
    "tỉnh": PlanLevel.PROVINCE, "thành phố": PlanLevel.PROVINCE, "huyện": PlanLevel.DISTRICT, "quận": PlanLevel.DISTRICT,
    "thị xã": PlanLevel.DISTRICT, "xã": PlanLevel.COMMUNE, "phường": PlanLevel.COMMUNE,
    "thị trấn": PlanLevel.COMMUNE, "đặc khu": PlanLevel.COMMUNE,
}
_UBND = re.compile(r"\b(?:uy ban nhan dan|ubnd)\s+(tinh|thanh pho|tp|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)\s+(.+)")
# Words that end a locality name in a header block (as written: `Sở` ends it, `Sơn` does not).
_NAME_END = {"số", "sở", "ban", "văn", "phòng", "hội", "đoàn", "kế", "quyết", "cộng", "độc", "ủy", "uỷ", "ubnd",
             "chủ", "về", "năm", "giai", "ngày", "của", "thực", "trên", "và", "trong", "theo", "đến", "từ"}
_ORGAN = re.compile(r"^(so|ban chi dao|van phong|ban)\b")


def _words_of(text: str) -> list[str]:
    """The document's words (letters and digits, hyphens kept between names)."""
    return re.findall(r"[^\W_]+(?:\s*-\s*[^\W_]+)?", text)


def _casing(words: list[str]) -> str:
    name = " ".join(words)
    return name.title() if name.isupper() else name


def _locality(kind: str, words: list[str]) -> tuple[str, int | None, bool, int]:
    """(name, province code, centrally-run city, words used) for the words after a locality kind."""
    if kind in ("tỉnh", "thành phố"):
        for n in range(min(len(words), 5), 0, -1):
            hit = _provinces().get(_key(" ".join(words[:n])))
            if hit:
                return hit[1], hit[0], hit[2] or _key(hit[1]) in _CITY_KEYS, n
    used: list[str] = []
    for w in words[:5]:
        if w.lower() in _NAME_END or not w[:1].isupper() or used and used[0].isupper() and not w.isupper():
            break
        used.append(w)
    return _casing(used), None, False, len(used)


def _ward_name(kind: str, words: list[str], province: int | None) -> tuple[str, int | None, int]:
    """The commune's name as the document writes it (the library's spelling when it knows that exact
    name) and its code when the name is unique (within `province`, if given)."""
    name, _, _, n = _locality(kind, words)
    hits = _wards().get((fold(kind), _key(name)), []) if name else []
    if not hits:
        return name, None, n
    if province is not None:
        hits = [h for h in hits if h[1] == province] or hits
    return (hits[0][2] if name.isupper() or not _has_marks(name) else name), (hits[0][0] if len(hits) == 1 else None), n


def _has_marks(text: str) -> bool:
    return any(ord(c) > 127 for c in text)


def _organ_name(words: list[str]) -> str:
    """`SỞ NỘI VỤ` → `Sở Nội vụ`, `BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH` → `Ban Chỉ đạo cải cách hành chính`."""
    name = " ".join(words)
    if not name.isupper():
        return name
    low = name.lower().split()
    out = [low[0].capitalize()] + low[1:]
    if low[0] in ("sở", "bộ", "ban", "văn") and len(low) > 1:
        out[1] = out[1].capitalize()  # Sở Nội vụ, Bộ Tư pháp, Ban Chỉ đạo, Văn phòng
    return " ".join(out)


def issuer_from_phrase(phrase: str, *, province_hint: int | None = None) -> Issuer | None:
    """The issuer a phrase names: `ỦY BAN NHÂN DÂN TỈNH LÀO CAI`, `Thủ tướng Chính phủ`, `Bộ Nội vụ`,
    `UBND TỈNH X SỞ NỘI VỤ`, `BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH X` (the motto already removed)."""
    f = fold(phrase)
    if not f:
        return None
    if re.match(r"^(?:(?:cua|bo truong|chu tich)\s+)*thu tuong chinh phu\b", f):
        return Issuer("Thủ tướng Chính phủ", PlanLevel.NATIONAL)
    if re.match(r"^(?:cua\s+)?chinh phu\b", f):
        return Issuer("Chính phủ", PlanLevel.NATIONAL)
    g = re.sub(r"^(?:cua\s+)?(?:bo truong\s+)?", "", f)
    for key, name in _MINISTRY_KEYS:
        if g.startswith(key):
            return Issuer(name, PlanLevel.MINISTRY)
    if g.startswith("bo ") and len(g.split()) >= 2:
        words = _words_of(phrase)
        start = next((i for i, w in enumerate(words) if fold(w) == "bo"), 0)
        return Issuer(_organ_name(words[start : start + 6]), PlanLevel.MINISTRY)
    m = _UBND.search(f)
    organ_words: list[str] = []
    if m is None:
        om = re.search(r"\b(so [a-z ]+?|ban chi dao [a-z ]+?)\s+(tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\s+", f)
        if om is None:
            return None
        words = _words_of(phrase)
        folded = [fold(w) for w in words]
        kind_at = _index_of_kind(folded, om.group(2), after=len(om.group(1).split()) - 1)
        if kind_at is None:
            return None
        organ_words = words[: kind_at]
        kind_key, rest = om.group(2), words[kind_at + len(om.group(2).split()) :]
    else:
        words = _words_of(phrase)
        folded = [fold(w) for w in words]
        kind_key = m.group(1)
        kind_at = _index_of_kind(folded, kind_key, after=0)
        if kind_at is None:
            return None
        rest = words[kind_at + len(kind_key.split()) :]
    kind = _KINDS[kind_key]
    if kind in ("xã", "phường", "đặc khu", "thị trấn"):
        name, code, used = _ward_name(kind, rest, province_hint)
        level, locality_code = PlanLevel.COMMUNE, code
    else:
        name, pcode, city, used = _locality(kind, rest)
        if kind == "thành phố" and not city:
            level, locality_code = PlanLevel.DISTRICT, None  # a city under a province
        else:
            level, locality_code = _LEVEL_OF_KIND[kind], (pcode if kind in ("tỉnh", "thành phố") else None)
    if not name:
        return None
    after = rest[used:]
    if not organ_words and after and after[0].lower() in ("sở", "ban", "văn", "phòng") and _ORGAN.match(fold(" ".join(after))):
        organ_words = after[:8]
    if organ_words:
        return Issuer(f"{_organ_name(organ_words)} {kind} {name}", level, locality_code)
    return Issuer(f"UBND {kind} {name}", level, locality_code)


def _index_of_kind(folded: list[str], kind_key: str, *, after: int) -> int | None:
    parts = kind_key.split()
    for i in range(max(0, after), len(folded) - len(parts) + 1):
        if folded[i : i + len(parts)] == parts:
            return i
    return None


_MOTTO = re.compile(
    r"c\w{1,2}ng\s+h\w{1,2}a\s+x\w\s+h\w{1,2}i\s+ch\w{1,2}\s+ngh\w{1,2}a\s+vi\w{1,2}t\s+nam|"
    r"\w{2,3}c\s+l\w{1,2}p\s*[-–]\s*t\w\s+do\s*[-–]\s*h\w{1,2}nh\s+ph\w{1,2}c"
)


def issuer_from_block(cells: list[str], *, province_hint: int | None = None) -> Issuer | None:
    """The issuer of a header block: its left-column cells, top to bottom, joined (motto removed)."""
    from cchc.extract.numbers import fold_keep

    block = " ".join(c.strip() for c in cells if c.strip())
    folded = fold_keep(block)
    for m in reversed(list(_MOTTO.finditer(folded))):
        block = block[: m.start()] + " " + block[m.end() :]
    return issuer_from_phrase(block, province_hint=province_hint) if block.strip() else None


def level_from_symbol(number: str | None) -> PlanLevel | None:
    """The level a symbol's issuer code implies: `QĐ-TTg`, `NQ-CP` national; `KH-BNV` a ministry."""
    if not number or "-" not in number:
        return None
    code = number.rsplit("-", 1)[1]
    if code in ("TTg", "CP"):
        return PlanLevel.NATIONAL
    if code.startswith("B") and code not in ("BCĐ", "BQL", "BTV", "BC") or code in ("VPCP", "TTCP", "NHNN", "UBDT"):
        return PlanLevel.MINISTRY
    return None
