"""Raw timeline text of a task ("Quý III-IV/2026", "Thường xuyên", "trước 30/6/2026") → domain Timeline.

Works on folded text so that OCR output without diacritics ("Thudng xuyén") reads the same. Never
raises: an impossible date (31/02/2026) is skipped, text it cannot place stays `unspecified` with its raw.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from cchc.domain.plan import Timeline, TimelineKind
from cchc.extract import text as _text
from cchc.extract.text import fuzzy_contains, squash

__all__ = ["parse_timeline", "quarter_span", "fold_ocr", "ROMAN"]

# folding is the hot path of cell classification; cells repeat a lot within a table
fold = lru_cache(maxsize=16384)(_text.fold)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_YEAR = r"(20\d\d|19\d\d)"
_Q = r"(iv|iii|ii|i|[1-4])\b"
_RE_QUARTER_RANGE = re.compile(rf"\bquy {_Q}\s*(?:den|toi|va)?\s*(?:quy )?{_Q}\s*(?:nam )?{_YEAR}\b")
_RE_QUARTER = re.compile(rf"\bquy {_Q}\s*(?:nam )?{_YEAR}\b")
_RE_QUARTER_NOYEAR = re.compile(rf"\bquy {_Q}\b")
_RE_YEAR_RANGE = re.compile(rf"\b{_YEAR}\s*(?:den|toi)?\s*(?:nam )?{_YEAR}\b")
_RE_DATE = re.compile(r"\b(\d{1,2})\s+(\d{1,2})\s+((?:19|20)\d\d)\b")
_RE_MONTH = re.compile(rf"\bthang (\d{{1,2}})\s*(?:nam )?{_YEAR}\b")
_RE_MONTH_BARE = re.compile(rf"\b(\d{{1,2}})\s+{_YEAR}\b")
_RE_HALF = re.compile(rf"\b(6 thang dau|6 thang cuoi|sau thang dau|sau thang cuoi)\s*(?:nam )?{_YEAR}\b")
_RE_YEAR = re.compile(rf"\b{_YEAR}\b")
_RE_DAYS = re.compile(r"\b(\d{1,4})\s*(ngay|tuan|thang)\b")

_CONTINUOUS = ("thuong xuyen", "lien tuc", "tiep tuc trien khai", "tiep tuc thuc hien", "hang ngay",
               "thuong xuyen lien tuc", "suot nam")
_RECURRING = ("hang nam", "hang quy", "hang thang", "dinh ky", "moi nam", "moi quy", "moi thang",
              "hang tuan", "moi tuan", "dot xuat")
_CONDITIONAL = ("khi co", "sau khi", "khi duoc", "ngay khi", "thuc hien khi", "trong truong hop",
                "khi cap tren", "khi thanh pho", "khi tinh")
_SCHEDULED = ("theo chuong trinh", "theo lo trinh", "theo ke hoach", "theo huong dan", "theo de an",
              "theo quy dinh", "theo tien do", "theo yeu cau", "theo chi dao", "theo thoi gian")
_DEADLINE_WORDS = ("truoc", "cham nhat", "han", "hoan thanh", "xong")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_span(quarter: int, year: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), _last_day(year, first_month + 2)


def _ok_year(y: int) -> bool:
    return 1990 <= y <= 2100


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if _ok_year(y) else None
    except ValueError:
        return None


def _every(f: str) -> str | None:
    # the finest unit named wins: "Định kỳ hằng tháng, quý" reports monthly
    if re.search(r"\b(hang|moi) thang\b", f):
        return "month"
    if re.search(r"\b(hang|moi) quy\b", f):
        return "quarter"
    if re.search(r"\b(hang|moi) nam\b", f):
        return "year"
    return None


def _has_any(f: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(^|\s){re.escape(w)}(\s|$)", f) for w in words)


def fold_ocr(text: str) -> str:
    """Fold, and undo the commonest OCR slips in timeline words ("Thudng" → "thuong")."""
    f = fold(text)
    f = re.sub(r"\bth\w{2,4}ng xu\w{1,4}n\b", "thuong xuyen", f)
    f = re.sub(r"\bh\w?ng n\w{2}m\b", "hang nam", f)
    f = re.sub(r"\bqu[yi]\b|\bquy\b", "quy", f)
    return f


def _dates(f: str) -> list[date]:
    out = []
    for m in _RE_DATE.finditer(f):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            out.append(d)
    return out


def _span_of(f: str) -> tuple[date, date] | None:
    """The span a piece of text names, if it names one (quarters, halves, months, years)."""
    m = _RE_QUARTER_RANGE.search(f)
    if m:
        y = int(m.group(3))
        q1, q2 = ROMAN[m.group(1)], ROMAN[m.group(2)]
        if _ok_year(y) and q1 <= q2:
            return quarter_span(q1, y)[0], quarter_span(q2, y)[1]
    m = _RE_QUARTER.search(f)
    if m and _ok_year(int(m.group(2))):
        return quarter_span(ROMAN[m.group(1)], int(m.group(2)))
    m = _RE_HALF.search(f)
    if m and _ok_year(int(m.group(2))):
        y = int(m.group(2))
        if "dau" in m.group(1):
            return date(y, 1, 1), date(y, 6, 30)
        return date(y, 7, 1), date(y, 12, 31)
    m = _RE_MONTH.search(f)
    if m and 1 <= int(m.group(1)) <= 12 and _ok_year(int(m.group(2))):
        y, mo = int(m.group(2)), int(m.group(1))
        return date(y, mo, 1), _last_day(y, mo)
    return None


@lru_cache(maxsize=4096)
def parse_timeline(raw: str | None, year: int | None = None) -> Timeline:
    """A task's timeline cell as a domain Timeline (never raises).

    `year` is the plan's year, for cells that leave it out ("6 tháng đầu năm", "Từ 01/4 đến 30/6").

    >>> parse_timeline("Quý III-IV/2026").to_json()["from"]
    '2026-07-01'
    """
    text = squash(re.sub(r"</?[a-zA-Z][^>]*>", " ", raw or ""))
    text = text.strip(" .;,-–—")
    if not text or not fold(text):
        return Timeline()
    try:
        t = _parse(text, year)
        if t.kind is TimelineKind.UNSPECIFIED and " " in text:
            # OCR/PDF of a narrow cell splits words and numbers: "Quý IV/20 26", "Thườ ng xuyê n"
            joined = re.sub(r"(?<=[\d/])\s+(?=\d)|(?<=\d)\s+(?=/)", "", text)
            if joined != text:
                again = _parse(joined, year)
                if again.kind is not TimelineKind.UNSPECIFIED:
                    return replace(again, raw=text)
            t = _parse_flat(text) or t
        elif t.kind is TimelineKind.UNSPECIFIED and fold(text).startswith("xuye"):
            t = Timeline(TimelineKind.CONTINUOUS, text)  # the tail of "Thường xuyên" cut off by a scan
        return t
    except Exception:  # noqa: BLE001 - a timeline we cannot read must never stop an extraction
        return Timeline(TimelineKind.UNSPECIFIED, text)


_FLAT: list[tuple[str, TimelineKind, str | None]] = [
    ("thuongxuyen", TimelineKind.CONTINUOUS, None),
    ("hangnam", TimelineKind.RECURRING, "year"),
    ("hangquy", TimelineKind.RECURRING, "quarter"),
    ("hangthang", TimelineKind.RECURRING, "month"),
    ("dinhky", TimelineKind.RECURRING, None),
]


_RE_MONTH_RANGE = re.compile(
    rf"\btu thang (\d{{1,2}})(?:\s*(?:nam )?{_YEAR})?\s*(?:den|toi)\s*(?:het )?thang (\d{{1,2}})\s*(?:nam )?{_YEAR}\b"
)
_RE_DAYMONTH_RANGE = re.compile(
    r"\btu (?:ngay )?(\d{1,2}) (\d{1,2})\s*(?:den|toi)\s*(?:het )?(?:ngay )?(\d{1,2}) (\d{1,2}) ((?:19|20)\d\d)\b"
)
_RE_HALF_NOYEAR = re.compile(r"^(?:trong )?(6 thang dau|6 thang cuoi|sau thang dau|sau thang cuoi)(?: nam)?$")
_RE_QUARTERS = re.compile(r"\bquy (?:iv|iii|ii|i|[1-4])\b.*\bquy (?:iv|iii|ii|i|[1-4])\b")


def _ranges_and_repeats(text: str, f: str, year: int | None) -> Timeline | None:
    """Month and day ranges, halves without a year, several quarters, "cuối quý" and other repeats."""
    m = _RE_MONTH_RANGE.search(f)
    if m:
        m1, y1, m2, y2 = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        y1i = int(y1) if y1 else y2
        start, end = _safe_date(y1i, m1, 1), (_last_day(y2, m2) if 1 <= m2 <= 12 and _ok_year(y2) else None)
        if start and end and start <= end:
            return Timeline(TimelineKind.WINDOW, text, start=start, end=end, due=end)
    m = _RE_DAYMONTH_RANGE.search(f)
    if m:
        y = int(m.group(5))
        start = _safe_date(y, int(m.group(2)), int(m.group(1)))
        end = _safe_date(y, int(m.group(4)), int(m.group(3)))
        if start and end and start <= end:
            return Timeline(TimelineKind.WINDOW, text, start=start, end=end, due=end)
    m = _RE_HALF_NOYEAR.match(f)
    if m and year and _ok_year(year):
        if "dau" in m.group(1):
            return Timeline(TimelineKind.WINDOW, text, start=date(year, 1, 1), end=date(year, 6, 30),
                            due=date(year, 6, 30))
        return Timeline(TimelineKind.WINDOW, text, start=date(year, 7, 1), end=date(year, 12, 31),
                        due=date(year, 12, 31))
    if m:
        return Timeline(TimelineKind.UNSPECIFIED, text)
    if _RE_QUARTERS.search(f) and not _RE_QUARTER_RANGE.search(f):
        # "Quý II, Quý IV": several deadlines in the year; the schema has no such kind
        return Timeline(TimelineKind.RECURRING, text)
    if re.search(r"\bcuoi (?:moi )?quy\b|\bthang cuoi quy\b", f):
        return Timeline(TimelineKind.RECURRING, text, every="quarter")
    if re.search(r"\bcuoi (?:moi )?thang\b", f) and not _RE_YEAR.search(f):
        return Timeline(TimelineKind.RECURRING, text, every="month")
    return None


def _parse_flat(text: str) -> Timeline | None:
    """PDF text of a narrow cell may split words ("Thườ ng xuyê n"): read it with the words glued back."""
    flat = fold(text).replace(" ", "")
    if flat.startswith("theo"):
        return Timeline(TimelineKind.SCHEDULED, text)
    if flat.startswith(("khico", "saukhi", "thuchienkhi")):
        return Timeline(TimelineKind.CONDITIONAL, text)
    for key, kind, every in _FLAT:
        if flat.startswith(key):
            return Timeline(kind, text, every=every)
    if "xuyen" in flat:
        return Timeline(TimelineKind.CONTINUOUS, text)  # "Thườ 7 ng. xuyê n": "xuyên" only occurs there
    return None


_RE_MONTHS_SLASH = re.compile(
    r"\bth[aá]ng\s*(\d{1,2})\s*(?:-|–|đến|den|tới)\s*(?:th[aá]ng\s*)?(\d{1,2})\s*/\s*((?:19|20)\d\d)\b", re.IGNORECASE
)
_RE_DAY_NOYEAR = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_RE_LONG_DATE = re.compile(r"\bngay (\d{1,2}) thang (\d{1,2}) nam ((?:19|20)\d\d)\b")


def _without_year(text: str, f: str, year: int | None) -> Timeline | None:
    """"Tháng 01-02/2026" (months, not the date 01/02), "Trước 15/12" and "Trong năm" in a plan of one year."""
    m = _RE_MONTHS_SLASH.search(text)
    if m:
        m1, m2, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        start = _safe_date(y, m1, 1)
        if start and 1 <= m2 <= 12 and m1 < m2:
            end = _last_day(y, m2)
            return Timeline(TimelineKind.WINDOW, text, start=start, end=end, due=end)
    if not year or not _ok_year(year) or _RE_YEAR.search(f) or _every(f) or _has_any(f, _RECURRING):
        return None  # "Hằng năm (trước ngày 15/12)" repeats
    days = [d for d in (_safe_date(year, int(b), int(a)) for a, b in _RE_DAY_NOYEAR.findall(text)) if d]
    if len(days) == 2 and days[0] < days[1] and re.search(r"\b(tu|den)\b", f):
        return Timeline(TimelineKind.WINDOW, text, start=days[0], end=days[1], due=days[1])
    if len(days) == 1 and _has_any(f, _DEADLINE_WORDS + ("trong", "den")):
        return Timeline(TimelineKind.DEADLINE, text, due=days[0])
    if re.fullmatch(r"(?:thuc hien |hoan thanh )?trong nam(?: nay)?", f):
        return Timeline(TimelineKind.DEADLINE, text, due=date(year, 12, 31))
    return None


def _parse(text: str, year: int | None = None) -> Timeline:
    f = fold_ocr(text)
    f = _RE_LONG_DATE.sub(r"\1 \2 \3", f)  # "ngày 20 tháng 12 năm 2026"
    early = _ranges_and_repeats(text, f, year) or _without_year(text, f, year)
    if early is not None:
        return early
    # relative: "Trong thời hạn 15 ngày kể từ ngày …"
    if ("ke tu" in f or "sau khi" in f or "tinh tu" in f) and _RE_DAYS.search(f):
        m = _RE_DAYS.search(f)
        assert m is not None
        n = int(m.group(1))
        factor = {"ngay": 1, "tuan": 7, "thang": 30}[m.group(2)]
        return Timeline(TimelineKind.RELATIVE, text, offset_days=n * factor)
    if _has_any(f, _CONDITIONAL) or f.startswith("khi "):
        return Timeline(TimelineKind.CONDITIONAL, text)
    if f.startswith(("theo ",)) or _has_any(f, _SCHEDULED):
        return Timeline(TimelineKind.SCHEDULED, text)
    # explicit dates: "trước 30/6/2026", "từ 01/3/2026 đến 30/6/2026"
    days = _dates(f)
    if len(days) >= 2 and days[0] < days[-1]:
        return Timeline(TimelineKind.WINDOW, text, start=days[0], end=days[-1], due=days[-1])
    if days:
        return Timeline(TimelineKind.DEADLINE, text, due=days[-1])
    if _RE_DATE.search(f):
        # looks like a date but is not one (31/02/2026): keep the words, invent no day
        return Timeline(TimelineKind.UNSPECIFIED, text)
    span = _span_of(f)
    m = _RE_YEAR_RANGE.search(f)
    if m and _ok_year(int(m.group(1))) and _ok_year(int(m.group(2))) and int(m.group(1)) < int(m.group(2)):
        y1, y2 = int(m.group(1)), int(m.group(2))
        return Timeline(TimelineKind.WINDOW, text, start=date(y1, 1, 1), end=date(y2, 12, 31),
                        due=date(y2, 12, 31))
    if span is not None:
        start, end = span
        single_quarter = _RE_QUARTER.search(f) and not _RE_QUARTER_RANGE.search(f)
        single_month = _RE_MONTH.search(f) and not _RE_HALF.search(f)
        if single_quarter or single_month or _has_any(f, _DEADLINE_WORDS):
            return Timeline(TimelineKind.DEADLINE, text, due=end)
        return Timeline(TimelineKind.WINDOW, text, start=start, end=end, due=end)
    every = _every(f)
    if every or _has_any(f, _RECURRING):
        return Timeline(TimelineKind.RECURRING, text, every=every)
    if _has_any(f, _CONTINUOUS) or fuzzy_contains(text, "thuong xuyen", 0.75):
        return Timeline(TimelineKind.CONTINUOUS, text)
    years = [int(y) for y in _RE_YEAR.findall(f) if _ok_year(int(y))]
    if len(years) == 1:
        y = years[0]
        return Timeline(TimelineKind.DEADLINE, text, due=date(y, 12, 31))
    m = _RE_MONTH_BARE.search(f)
    if m and 1 <= int(m.group(1)) <= 12 and _ok_year(int(m.group(2))):
        return Timeline(TimelineKind.DEADLINE, text, due=_last_day(int(m.group(2)), int(m.group(1))))
    if _RE_QUARTER_NOYEAR.search(f):
        return Timeline(TimelineKind.RECURRING, text, every="quarter") if "cac quy" in f else Timeline(
            TimelineKind.UNSPECIFIED, text
        )
    return Timeline(TimelineKind.UNSPECIFIED, text)
