"""Document references: the number and symbol (`15/KH-UBND`, `112/QĐ-TTg`) and the date of issue.

Both arrive damaged by layout: spaces around the separators (`15 / KH - UBND`), hard line breaks
between or inside the symbol's parts (`112/QĐ-T` / `Tg`), a date split over lines or written with
digits (`ngày 10/01/2026`, `Ngày ban hành: 10-01-2026`).
"""

from __future__ import annotations

import re
from datetime import date

from cchc.extract.numbers import fold_keep

__all__ = ["DOC_TYPES", "ISSUER_CODES", "parse_doc_number", "find_doc_number", "parse_issue_date"]

# The first part of a symbol: the kind of document.
DOC_TYPES = frozenset({
    "KH", "QĐ", "NQ", "CT", "TB", "BC", "TT", "NĐ", "HD", "CV", "KL", "TTr", "QC", "CTr", "ĐA", "PA", "VBHN",
})
# Later parts: who issues it. Used to tell a symbol broken across a line (`QĐ-T` / `Tg`) from a symbol
# followed by the next words (`KH-UBND` / `TP. Hải Phòng`).
ISSUER_CODES = frozenset({
    "UBND", "HĐND", "TTg", "CP", "VPCP", "BCĐ", "BNV", "BTP", "BTC", "BCA", "BQP", "BNG", "BKHĐT", "BCT",
    "BNNPTNT", "BNNMT", "BGTVT", "BXD", "BTNMT", "BTTTT", "BKHCN", "BGDĐT", "BYT", "BLĐTBXH", "BVHTTDL",
    "BDTTG", "UBDT", "TTCP", "NHNN", "SNV", "STP", "STC", "STTTT", "SKHCN", "VP", "BQL", "MTTQ", "TU", "HU",
    "ĐU", "TW", "BTV", "VPUB", "PNV", "CCHC", "TCT",
})
_KNOWN = DOC_TYPES | ISSUER_CODES

_PREFIX = re.compile(r"(?<![^\W\d_])(?:Số|SỐ|số|So|SO|so)(?:\s+(?:hiệu|hieu|HIỆU|ký hiệu))?\s*:?\s*")
_DIGITS = re.compile(r"(\d+(?:[ \t]*\n?[ \t]*\d+)*)?\s*/\s*")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*/\s*")
_PART = re.compile(r"[A-ZĐ][A-Za-zĐđ]{0,9}")
# a continuation of a part after a space or line break: letters up to a boundary (not `Lào`, not `TP.`)
_CONT = re.compile(r"[ \t]*\n?[ \t]*([A-Za-zĐđ]{1,8})(?![\w.])")
_SEP = re.compile(r"\s*[-–]\s*")


def _part_at(text: str, pos: int) -> tuple[str, int] | None:
    m = _PART.match(text, pos)
    if not m:
        return None
    part, end = m.group(0), m.end()
    while True:
        c = _CONT.match(text, end)
        if not c or c.end() == end:
            break
        joined = part + c.group(1)
        if joined in _KNOWN:
            part, end = joined, c.end()
            continue
        if part in _KNOWN or not re.fullmatch(r"[A-ZĐ]{2,8}[a-z]?", joined) or not c.group(1)[0].isupper():
            break
        part, end = joined, c.end()
    return part, end


def _symbol_at(text: str, pos: int) -> tuple[str, int] | None:
    parts: list[str] = []
    first = _part_at(text, pos)
    if first is None:
        return None
    parts.append(first[0])
    end = first[1]
    while len(parts) < 5:
        sep = _SEP.match(text, end)
        if not sep:
            break
        nxt = _part_at(text, sep.end())
        if nxt is None:
            break
        parts.append(nxt[0])
        end = nxt[1]
    if len(parts) < 2:
        return None
    return "-".join(parts), end


def _number_at(text: str, pos: int) -> tuple[bool, str | None, int]:
    """(found, number, end) for a number that starts at `pos` (after `Số:`)."""
    m = _DIGITS.match(text, pos)
    if not m:
        return False, None, pos
    digits = re.sub(r"\s+", "", m.group(1) or "")
    end = m.end()
    year = ""
    y = _YEAR.match(text, end)
    if y and digits:
        year, end = y.group(1) + "/", y.end()
    sym = _symbol_at(text, end)
    if sym is None:
        return False, None, pos
    if not digits:
        return True, None, sym[1]
    return True, f"{digits}/{year}{sym[0]}", sym[1]


def parse_doc_number(text: str) -> tuple[bool, str | None]:
    """(found, number) of the first `Số: N/SYMBOL` in `text`; a blank number (`Số: /KH-UBND`) is found, None.

    >>> parse_doc_number("Số: 112/QĐ-T\\nTg")
    (True, '112/QĐ-TTg')
    """
    for m in _PREFIX.finditer(text or ""):
        found, number, _ = _number_at(text, m.end())
        if found:
            return True, number
    return False, None


def find_doc_number(text: str) -> str | None:
    """A bare number and symbol anywhere (`15/KH-UBND`, as a metadata value), or None."""
    for m in re.finditer(r"(?<![\w/])(?=\d)", text or ""):
        found, number, _ = _number_at(text, m.start())
        if found and number:
            return number
    return None


_MONTH_DATE = re.compile(
    r"ng\w{1,3}\s+(\d{1,2})\s*(?:[/.-]|th\w{2,3}\s*)\s*(\d{1,2})\s*(?:[/.-]|n\w{1,2}m\s*)\s*(\d{4})"
)
_DIGIT_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_issue_date(text: str, *, bare: bool = False) -> date | None:
    """The first full date in `text`: `ngày 10 tháng 01 năm 2026`, `ngày 10/01/2026` (also without
    diacritics, broken over lines); with `bare`, a plain `10/01/2026` too (a metadata value).

    >>> parse_issue_date("Lào Cai, ngày 10 tháng 01\\nnăm 2026")
    datetime.date(2026, 1, 10)
    """
    f = fold_keep(text or "")
    for m in _MONTH_DATE.finditer(f):
        found = _date(m.group(3), m.group(2), m.group(1))
        if found:
            return found
    if bare:
        for m in _DIGIT_DATE.finditer(f):
            found = _date(m.group(4), m.group(3), m.group(1))
            if found:
                return found
    return None
