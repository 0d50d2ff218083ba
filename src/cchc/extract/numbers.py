"""Vietnamese numeric targets: percentages and their comparators (`đạt tối thiểu 95%`, `≥ 90`, `không quá 5%`).

The search runs on a folded copy of the text that keeps every character's position (so matches map
back onto the document's own words), which also lets OCR text without diacritics match
(`t4i thiéu 30%`, `dat 90% tro 1én`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cchc.domain.plan import Comparator

__all__ = ["Target", "fold_keep", "fold_words", "parse_number", "find_targets", "parse_target_cell", "restore_at_least"]


def _build_fold_map() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x300, 0x36F)]
    for lo, hi in ranges:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if ch in "đĐ":
                table[code] = "d"
                continue
            first = unicodedata.normalize("NFD", ch)[0]
            if unicodedata.category(first) == "Mn":
                table[code] = " "
                continue
            low = first.lower()
            table[code] = low if len(low) == 1 else first
    return table


_FOLD_MAP = _build_fold_map()


def fold_keep(text: str) -> str:
    """Lower case without diacritics (đ→d), one output character per input character."""
    return text.translate(_FOLD_MAP)


_NON_WORD = re.compile(r"[\W_]+")


def fold_words(text: str | None) -> str:
    """Same result as `text.fold` for Vietnamese text (lower case, no diacritics, words split by one
    space), several times faster on long texts."""
    if not text:
        return ""
    return _NON_WORD.sub(" ", fold_keep(text).lower()).strip()


@dataclass(frozen=True)
class Target:
    """One numeric target found in a text: where its phrase is, and what it sets."""

    start: int  # start of the whole target phrase (comparator words included)
    end: int  # end of the phrase (a trailing `trở lên` included)
    num_start: int  # where the number itself starts
    value: float
    comparator: Comparator
    unit: str | None
    verb: bool  # the phrase carries its own verb (`đạt`, `là`, `đảm bảo tỷ lệ`)


_NUM = r"(\d{1,3}(?:[.,]\d{1,3})?)"
# A number word for "one hundred" and a few round figures, for "một trăm phần trăm".
_WORD_NUMBERS = {
    "mot tram": 100.0,
    "chin muoi lam": 95.0,
    "chin muoi": 90.0,
    "tam muoi": 80.0,
    "bay muoi": 70.0,
    "sau muoi": 60.0,
    "nam muoi": 50.0,
    "ba muoi": 30.0,
}
_WORDNUM = "(" + "|".join(_WORD_NUMBERS) + ")"

# Comparator words directly before the number, as folded regex alternatives.
_CMP_WORDS: list[tuple[str, Comparator]] = [
    (r"t\w{0,2}i\s+thi\w{0,2}u", Comparator.GE),  # tối thiểu (also OCR t4i thiéu)
    (r"it\s+nhat", Comparator.GE),
    (r"khong\s+duoi", Comparator.GE),
    (r"khong\s+thap\s+hon", Comparator.GE),
    (r"tu", Comparator.GE),
    (r"≥|>=", Comparator.GE),
    (r"t\w{0,2}i\s+da", Comparator.LE),  # tối đa
    (r"khong\s+vuot\s+qua", Comparator.LE),
    (r"khong\s+qua", Comparator.LE),
    (r"≤|<=", Comparator.LE),
    (r"vuot(?:\s+muc)?", Comparator.GT),
    (r"tren", Comparator.GT),
    (r">", Comparator.GT),
    (r"duoi", Comparator.LT),
    (r"<", Comparator.LT),
]
_CMP = "|".join(f"(?:{p})" for p, _ in _CMP_WORDS)
_CMP_RES = [(re.compile(rf"^(?:{p})$"), c) for p, c in _CMP_WORDS]

# A verb phrase before the target: "đạt", "đạt tỷ lệ", "là", "đảm bảo tỷ lệ", "phấn đấu đạt", "đạt:".
_VERB = r"(?:(?:phan\s+dau\s+)?(?:d\w{0,2}t|la|dam\s+bao|bao\s+dam|dat\s+muc)(?:\s+ty\s+le|\s+ti\s+le)?\s*:?\s+)"
_TARGET = re.compile(
    rf"(?<![\w/.,%])(?P<verb>{_VERB})?(?:(?P<cmp>{_CMP})\s*:?\s*)?"
    rf"(?:(?P<num>{_NUM})\s*(?:%|phan\s+tram)|(?P<word>{_WORDNUM})\s+phan\s+tram)"
    rf"(?P<post>\s*tr\w{{0,2}}\s*[l1i]\w{{0,2}}n\b)?"
)


# Measure words a count target may use ("ít nhất 05 thủ tục", "tối thiểu 02 cuộc kiểm tra"), folded.
_MEASURE = (
    r"thu\s+tuc|cuoc|lop|hoi\s+nghi|van\s+ban|don\s+vi|co\s+quan|luot|buoi|dot|sang\s+kien|mo\s+hinh|"
    r"tin\s+bai|bai|tin|ho\s+so|nhiem\s+vu|chuyen\s+de|phong|xa|phuong|nguoi|can\s+bo|cong\s+chuc|ngay|"
    r"bac|hang|diem|tieu\s+chi"
)
_STRICT_CMP = r"t\w{0,2}i\s+thi\w{0,2}u|it\s+nhat|khong\s+duoi|khong\s+it\s+hon|t\w{0,2}i\s+da|khong\s+qua|tren|duoi"
_COUNT = re.compile(
    rf"(?<![\w/.,%])(?P<verb>{_VERB})?(?P<cmp>{_STRICT_CMP})\s*:?\s*(?P<num>\d{{1,4}})\s+(?P<unit>{_MEASURE})\b"
)


def parse_number(raw: str) -> float | None:
    """`95` → 95.0, `98,5` / `98.5` → 98.5; None when it is not a number."""
    raw = raw.strip().replace(" ", "")
    if not raw:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # 1.000 thousands separator
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _comparator(cmp_words: str | None, post: bool) -> Comparator:
    if cmp_words:
        words = " ".join(cmp_words.split())
        for rx, comp in _CMP_RES:
            if rx.match(words):
                if comp is Comparator.GE or not post:
                    return comp
                break
    if post:
        return Comparator.GE
    return Comparator.EQ


# ------------------------------------------------------------------ "≥" damaged by OCR
#
# A scanner reads "≥" as ">", as ">=" or as the digit "2" (glued to the number: "≥95%" → "295%", or
# apart: "≥ 95%" → "2 95%"). Each repair below needs the words around it to say "at least", and keeps
# every character's position (one character in, one out) so matches still map onto the document.

# Words after which a figure is the target itself: a verb or a colon.
_TARGET_LEAD = r"(?:(?<=[:(])|(?<=\bdat )|(?<=\bd\wt )|(?<=\bla )|(?<=: )|(?<=chi tieu )|(?<=\bmuc )|(?<=\bt[yi] le ))"
# "2" glued to a figure that then exceeds 100%: the rate is at least the rest ("295%" → "≥95%").
_GLUED_TWO = re.compile(r"(?<![\w.,/])2(?P<rest>(?:100|\d{2})(?:[.,]\d{1,2})?)(?=\s*(?:%|phan\s+tram))")
# A lone "2" before a percentage where a target is stated ("đạt 2 95%"), or opening a target cell.
_PCT_AHEAD = r"(?=\s+\d{1,3}(?:[.,]\d{1,2})?\s*(?:%|phan\s+tram))"
_LONE_TWO = re.compile(_TARGET_LEAD + r"\s*2" + _PCT_AHEAD)
_LONE_TWO_CELL = re.compile(r"^\s*2" + _PCT_AHEAD)
# ">" after words that already say "at least" ("tối thiểu > 90%": the sign goes), or ">" before 100%
# (no rate exceeds it: "≥").
_GT_AFTER_FLOOR = re.compile(r"(?:t\w{0,2}i\s+thi\w{0,2}u|it\s+nhat|khong\s+duoi|khong\s+thap\s+hon)\s*:?\s*(?P<gt>>)(?!=)")
_GT_HUNDRED = re.compile(r"(?P<gt>>)(?!=)(?=\s*100(?:[.,]0+)?\s*(?:%|phan\s+tram))")
_GROWTH = re.compile(r"(?:tang|gap|vuot|tang\s+truong)\s*(?:them\s*)?$")


def restore_at_least(folded: str, *, cell: bool = False) -> str:
    """`folded` (see fold_keep) with an OCR-damaged "≥" put back where the words make the target a floor:
    "295%" (no rate exceeds 100%) and "đạt 2 95%" → "≥95%" / "đạt ≥ 95%"; "> 100%" → "≥ 100%";
    "tối thiểu > 90%" → "tối thiểu   90%". With `cell` (a table cell holding one target) a leading
    "2 95%" is "≥ 95%" too. Same length as `folded`; a text without such damage comes back unchanged.

    >>> restore_at_least("ty le dat 298%")
    'ty le dat ≥98%'
    """
    chars = list(folded)
    for m in _GLUED_TWO.finditer(folded):
        rest = parse_number(m.group("rest"))
        if rest is None or rest > 100 or _GROWTH.search(folded[max(0, m.start() - 20) : m.start()].rstrip()):
            continue
        chars[m.start()] = "≥"
    for rx in (_LONE_TWO, _LONE_TWO_CELL) if cell else (_LONE_TWO,):
        for m in rx.finditer(folded):
            chars[m.end() - 1] = "≥"
    for m in _GT_AFTER_FLOOR.finditer(folded):
        chars[m.start("gt")] = " "
    for m in _GT_HUNDRED.finditer(folded):
        chars[m.start("gt")] = "≥"
    return "".join(chars)


def find_targets(text: str) -> list[Target]:
    """Every percentage target in `text`, with its comparator, in order (never raises).

    >>> [(t.comparator.value, t.value) for t in find_targets("đạt tối thiểu 87,5% trở lên")]
    [('>=', 87.5)]
    """
    folded = restore_at_least(fold_keep(text))
    found: list[Target] = []
    for m in _TARGET.finditer(folded):
        if m.group("num"):
            value = parse_number(m.group("num"))
        else:
            value = _WORD_NUMBERS.get(" ".join(m.group("word").split()))
        if value is None:
            continue
        comp = _comparator(m.group("cmp"), bool(m.group("post")))
        # "giảm tối đa 30%" is still a floor on the reduction when written "giảm tối thiểu".
        num_start = m.start("num") if m.group("num") else m.start("word")
        found.append(
            Target(
                start=m.start(),
                end=m.end(),
                num_start=num_start,
                value=value,
                comparator=comp,
                unit="%",
                verb=bool(m.group("verb")),
            )
        )
    taken = [(t.start, t.end) for t in found]
    for m in _COUNT.finditer(folded):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        unit_words = text[m.start("unit") : m.end("unit")]
        found.append(
            Target(
                start=m.start(),
                end=m.start("unit"),
                num_start=m.start("num"),
                value=value,
                comparator=_comparator(m.group("cmp"), False),
                unit=unit_words,
                verb=bool(m.group("verb")),
            )
        )
    found.sort(key=lambda t: t.start)
    return found


_CELL = re.compile(
    rf"^\s*(?:(?P<cmp>{_CMP})\s*:?\s*)?(?P<num>{_NUM})\s*(?:(?P<pct>%)|(?P<word>[^\W\d_][^\d%]{{0,24}}?))?"
    rf"(?P<post>\s*tr\w{{0,2}}\s*[l1i]\w{{0,2}}n)?\s*$"
)


_CELL_RANGE = re.compile(
    r"^\s*(?:tu\s+)?(?P<lo>\d{1,3}(?:[.,]\d+)?)\s*%?\s*(?:-|–|den|toi)\s*(?P<hi>\d{1,3}(?:[.,]\d+)?)\s*(?P<pct>%)?\s*$"
)


def parse_target_cell(cell: str) -> tuple[Comparator, float, str | None] | None:
    """A table cell holding a target (`95`, `≥ 95`, `Tối thiểu 90%`, `100 %`) → (comparator, value, unit).

    >>> parse_target_cell("≥ 95")
    (<Comparator.GE: '>='>, 95.0, None)
    """
    folded = restore_at_least(fold_keep(re.sub(r"<[^>]*>", " ", cell or "")), cell=True)
    rng = _CELL_RANGE.match(folded)
    if rng:
        # "90 - 95", "Từ 90% đến 95%": the range's floor
        lo, hi = parse_number(rng.group("lo")), parse_number(rng.group("hi"))
        if lo is not None and hi is not None and lo < hi <= 100:
            return Comparator.GE, lo, "%" if rng.group("pct") else None
    m = _CELL.match(folded)
    if not m:
        found = find_targets(cell or "")
        if len(found) == 1:
            return found[0].comparator, found[0].value, found[0].unit
        return None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    unit: str | None = "%" if m.group("pct") else None
    if m.group("word"):
        unit = " ".join(cell[m.start("word") : m.end("word")].split()) or None
    return _comparator(m.group("cmp"), bool(m.group("post"))), value, unit
