"""The plan's header: title, issuer, number, date of issue and the period it covers."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from cchc.domain.plan import PlanInfo, Span
from cchc.extract.numbers import fold_keep
from cchc.extract.numbers import fold_words as fold
from cchc.extract.text import squash

__all__ = ["parse_plan_info", "period_from_text", "locality_word"]

# Lines scanned for the header: the part before the body starts.
_HEAD_LINES = 40
_TAGS = re.compile(r"<[^>]*>")
_LABEL = re.compile(r"^(ke hoach|phu luc(\s+([ivx]+|\d+))?)$")
_BODY_START = re.compile(r"^(?:[ivx]+\.|\d+\.|can cu|thuc hien|de trien khai|a\)|-|\+)\s", re.IGNORECASE)
# A line that is already body text: a legal reference ("số 93/KH-UBND", "ngày 27/11/2025") or the
# preamble's opening words ("Thực hiện Kế hoạch số …", "Căn cứ …").
_BODY_LINE = re.compile(
    r"\bso\s*\d+\s*/|\bngay\s+\d{1,2}\s*/\s*\d|^thuc hien(\s+\w+){1,2}\s+so\b|^(can cu|de trien khai|nham)\b"
)
_STOP = re.compile(r"^\(?\s*(kem theo|ban hanh kem|can cu|so\s*:|\(|i\.)")

# A locality name: 1-4 capitalised words after xã/phường, stopping at words that start a new phrase.
_NAME_STOP = {
    "nam", "giai", "doan", "tren", "ve", "den", "theo", "cua", "va", "huyen", "ke", "hoach", "trong",
    "ngay", "so", "cac", "nhung", "chu", "ubnd", "hdnd", "thuong", "nhiem", "thuc", "hien", "dia", "ban",
    "hoi",
}
# Matched on folded text (so OCR text without diacritics matches too); the name's capitals are
# checked on the document's own words.
_WORDS = r"([^\W\d_][\w]*(?:[ ]+[^\W\d_][\w]*){0,3})"
_LOCALITY = re.compile(rf"\b(xa|phuong)[ ]+{_WORDS}")
_UBND_LOCALITY = re.compile(rf"\b(?:uy ban nhan dan|ubnd)[ ]+(xa|phuong)[ ]+{_WORDS}")
_NUMBER = re.compile(r"\b(?:Số|số|SỐ|So|so)\s*:?\s*(\d*)\s*/\s*([A-ZĐ]{1,4}(?:\s*-\s*[A-ZĐ]{1,6})+)")
_DATE_FULL = re.compile(
    r"ng\w{1,3}\s+(\d{1,2})\s*(?:/|th\w{2,3}\s+)\s*(\d{1,2})\s*(?:/|n\w{1,2}m\s+)\s*(\d{4})"
)


def _clean_name(words: str) -> str | None:
    out: list[str] = []
    for w in words.split():
        if fold(w) in _NAME_STOP or not w[0].isalpha() or not w[0].isupper():
            break
        out.append(w)
    if not out:
        return None
    name = " ".join(out)
    if name.isupper():
        name = name.title()
    return name


def locality_word(text: str) -> str:
    """`phường` when the document speaks of a ward, else `xã`."""
    f = fold(text)
    return "phường" if f.count(" phuong") > f.count(" xa ") else "xã"


def _localities(pattern: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    folded = fold_keep(text)
    out: list[tuple[str, str]] = []
    for m in pattern.finditer(folded):
        name = _clean_name(text[m.start(2) : m.end(2)])
        if name:
            out.append((m.group(1), name))
    return out


def _issuer(lines: list[str], title: str | None, text: str) -> str | None:
    # a hard line break inside a name ("… phường Hòa Xuân" / "Đông ban hành …") is a space
    text = _NAME_BREAK.sub(" ", text)
    candidates = _localities(_UBND_LOCALITY, text)
    if candidates:
        # Prefer names written with diacritics (OCR text loses them, a digital signature keeps them).
        counts = Counter(candidates)
        best = max(counts, key=lambda c: (any(ord(ch) > 127 for ch in c[1]), counts[c]))
        kind = "phường" if best[0] == "phuong" else "xã"
        return f"UBND {kind} {best[1]}"
    sources = ([title] if title else []) + lines[:_HEAD_LINES]
    for src in sources:
        found = _localities(_LOCALITY, src)
        if found:
            kind = "phường" if found[0][0] == "phuong" else "xã"
            return f"UBND {kind} {found[0][1]}"
    return None


_NAME_BREAK = re.compile(r"(?<=[a-zà-ỹđ])\n(?=[A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĨŨƠƯẠ-Ỹ]\w*\s+[a-zà-ỹđ])")


def _title(lines: list[str]) -> str | None:
    head = _head(lines)
    for i, line in enumerate(head):
        f = fold(line)
        if not _LABEL.match(f):
            if (
                re.match(r"^\s*(KẾ HOẠCH|Kế hoạch|KE HOACH)\s", line)
                and len(f) < 250
                and not f.startswith("ke hoach so")
            ):
                return squash(line)
            continue
        parts: list[str] = []
        for nxt in head[i + 1 :]:
            g = fold(nxt)
            if not g:
                if parts:
                    break
                continue
            if _STOP.match(g) or "\t" in nxt or _BODY_LINE.search(g) or len(g) > 220 or nxt.rstrip().endswith(":"):
                break
            parts.append(nxt.strip())
            if len(parts) >= 4:
                break
        if parts:
            return squash(" ".join(parts))
    return None


def _year_span(y1: int, y2: int | None = None) -> Span:
    return Span(date(y1, 1, 1), date(y2 or y1, 12, 31))


def period_from_text(text: str) -> Span | None:
    """The period a phrase names: `giai đoạn 2026 - 2030`, `6 tháng cuối năm 2025`, `năm 2026`, `quý II năm 2026`."""
    f = fold_keep(text)
    m = re.search(r"giai\s+doan\s+(\d{4})\s*[-–—]\s*(\d{4})", f)
    if m:
        return _year_span(int(m.group(1)), int(m.group(2)))
    m = re.search(r"\b6\s*th\w{2,3}\s+(c\w{2,3}|d\w{2})\s+n\w{1,2}m\s+(\d{4})", f)
    if m:
        y = int(m.group(2))
        if m.group(1).startswith("c"):
            return Span(date(y, 7, 1), date(y, 12, 31))
        return Span(date(y, 1, 1), date(y, 6, 30))
    m = re.search(r"\bqu\w\s+(iv|iii|ii|i|[1-4])\s*(?:/|n\w{1,2}m\s+)\s*(\d{4})", f)
    if m:
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1), 0) or int(m.group(1))
        y = int(m.group(2))
        end_month = q * 3
        end_day = 31 if end_month in (3, 12) else 30
        return Span(date(y, end_month - 2, 1), date(y, end_month, end_day))
    m = re.search(r"\bn\w{1,2}m\s+(\d{4})\s*[-–—]\s*(\d{4})\b", f)
    if m:
        return _year_span(int(m.group(1)), int(m.group(2)))
    m = re.search(r"\bn\w{1,2}m\s+(\d{4})\b", f)
    if m and 1990 < int(m.group(1)) < 2100:
        return _year_span(int(m.group(1)))
    return None


def _period_from_body(text: str) -> Span | None:
    """The most talked-about year when the header names none (`Trong năm 2025`, `Kế hoạch … năm 2025`)."""
    f = fold_keep(text)
    years = Counter(
        int(m.group(1))
        for m in re.finditer(r"\bnam\s+(\d{4})\b", f)
        if not re.search(r"(so voi|luat[\w\s,]{0,40})\s*$", f[max(0, m.start() - 50) : m.start()])
    )
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return _year_span(year)


def _number(lines: list[str]) -> tuple[bool, str | None]:
    """(found, number) from the `Số:` line or an appendix's `(Kèm theo Kế hoạch số …)` line."""
    cells = [cell for ln in _head(lines) for cell in ln.split("\t")]
    candidates = [c for c in cells if re.match(r"^\s*(Số|SỐ|So|SO)\s*:?\s*\d*\s*/", c)]
    candidates += _kem_theo_lines(lines)
    for line in candidates:
        m = _NUMBER.search(line)
        if m:
            if not m.group(1):
                return True, None
            symbol = re.sub(r"\s+", "", m.group(2))
            return True, f"{m.group(1)}/{symbol}"
    return False, None


def _kem_theo_lines(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        if fold(line).lstrip("( ").startswith("kem theo"):
            out.append(" ".join(lines[i : i + 3]))
    return out


def _issued_on(lines: list[str]) -> date | None:
    head = [cell for ln in _head(lines) for cell in ln.split("\t") if cell.strip()]
    # "<Place>, ngày 28 tháng 4 năm 2026" in the header, or an appendix's "(Kèm theo … ngày …)".
    candidates = [
        ln for ln in head if _PLACE_DATE.match(fold_keep(ln.strip())) or _SPELLED_DATE.search(fold_keep(ln))
    ]
    candidates += _kem_theo_lines(lines)
    # a PDF of a two-column header may run the date into the number's line and break it: "Số: 48/KH-UBND
    # Ea Knốp Tây, ngày 16 tháng 3 năm" / "2026"
    joined = fold_keep(" ".join(head))
    candidates += [m.group(0) for m in _PLACE_DATE_ANYWHERE.finditer(joined)]
    for line in candidates:
        m = _DATE_FULL.search(fold_keep(line))
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


_PLACE_DATE_ANYWHERE = re.compile(
    r"[^\W\d][\w ]{0,40},\s*ng\w{1,3}\s+\d{1,2}\s+th\w{2,3}\s+\d{1,2}\s+n\w{1,2}m\s+\d{4}"
)
_SPELLED_DATE = re.compile(r"\bng\w{1,3}\s+\d{1,2}\s+th\w{2,3}\s+\d{1,2}\s+n\w{1,2}m\s+\d{4}")
_PLACE_DATE = re.compile(r"^[^\W\d][\w ]{0,40},\s*ng\w{1,3}\b")
_ROMAN_HEADING = re.compile(r"^\s*(?:[IVX]+|[|l1I]{1,4})\s*[.)]\s+\S")


def _head(lines: list[str]) -> list[str]:
    """The lines before the body (its first roman-numbered heading or `Căn cứ …`), at most _HEAD_LINES."""
    out: list[str] = []
    for line in lines[:_HEAD_LINES]:
        f = fold(line)
        if _ROMAN_HEADING.match(line) and line.upper() == line or f.startswith("can cu "):
            break
        out.append(line)
    return out


def parse_plan_info(text: str) -> PlanInfo:
    """Title, issuer, number, date and period of a plan from its text (unknown values are None).

    >>> parse_plan_info("Số: /KH-UBND\\n\\nKẾ HOẠCH\\nCải cách hành chính năm 2026 của xã Hồng Châu\\n").period
    Span(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    """
    lines = [_TAGS.sub(" ", ln).replace("*", " ").rstrip() for ln in (text or "").splitlines()]
    title = _title(lines)
    issuer = _issuer(lines, title, _TAGS.sub(" ", text or ""))
    _, number = _number(lines)
    issued_on = _issued_on(lines)
    period = period_from_text(title) if title else None
    if period is None:
        for line in _head(lines):
            if "kem theo" in fold(line):
                continue
            if fold(line).startswith(("ke hoach", "phu luc", "cai cach", "thuc hien")):
                period = period_from_text(line)
                if period:
                    break
    if period is None:
        period = _period_from_body(text or "")
    return PlanInfo(title=title, issuer=issuer, number=number, issued_on=issued_on, period=period)
