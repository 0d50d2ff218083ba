"""Reading form values the way officers type them: Vietnamese dates, numbers with commas, periods."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from cchc.domain.errors import InvalidInput
from cchc.domain.periods import Period, PeriodKind

__all__ = ["parse_date", "parse_int", "parse_float", "clean_text", "parse_period", "current_period", "parse_ids"]

MAX_TEXT = 20_000


def clean_text(value: str | None, label: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
    """NFC, trimmed text; None when empty (InvalidInput when required or too long)."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"Trường «{label}» không được để trống.", where=label)
        return None
    text = unicodedata.normalize("NFC", value.strip())
    if "\x00" in text:
        raise InvalidInput(f"Trường «{label}» chứa ký tự không hợp lệ.", where=label)
    if len(text) > max_length:
        raise InvalidInput(f"Trường «{label}» quá dài (tối đa {max_length} ký tự).", where=label)
    return text


def parse_date(value: str | None, label: str, *, required: bool = False) -> date | None:
    """`dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy` or ISO `yyyy-mm-dd`; a date that does not exist is refused."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"Trường «{label}» không được để trống.", where=label)
        return None
    s = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
        if not m:
            raise InvalidInput(f"«{s}» ở trường «{label}» không phải ngày (nhập dạng dd/mm/yyyy).", where=label)
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        result = date(y, mo, d)
    except ValueError:
        raise InvalidInput(f"Ngày «{s}» ở trường «{label}» không tồn tại.", where=label) from None
    if not 1900 <= result.year <= 2200:
        raise InvalidInput(f"Năm của ngày «{s}» ở trường «{label}» nằm ngoài khoảng hợp lý.", where=label)
    return result


def parse_float(value: str | None, label: str, *, required: bool = False) -> float | None:
    """A number typed as `1.234,5` (Vietnamese) or `1234.5`."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"Trường «{label}» không được để trống.", where=label)
        return None
    s = value.strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        number = float(s)
    except ValueError:
        raise InvalidInput(f"«{value.strip()}» ở trường «{label}» không phải số.", where=label) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidInput(f"«{value.strip()}» ở trường «{label}» không phải số.", where=label)
    return number


def parse_int(
    value: str | None, label: str, *, required: bool = False, low: int | None = None, high: int | None = None
) -> int | None:
    number = parse_float(value, label, required=required)
    if number is None:
        return None
    if not float(number).is_integer():
        raise InvalidInput(f"Trường «{label}» phải là số nguyên.", where=label)
    result = int(number)
    if (low is not None and result < low) or (high is not None and result > high):
        raise InvalidInput(f"Trường «{label}» phải nằm trong khoảng {low}–{high}.", where=label)
    return result


def parse_period(value: str | None, *, default: Period | None = None) -> str:
    """A period code (`2026-Q2`…); the current quarter when empty."""
    if value is None or not value.strip():
        return (default or current_period()).code
    return Period.parse(value).code


def current_period(today: date | None = None) -> Period:
    return Period.containing(today or date.today(), PeriodKind.QUARTER)


def parse_ids(values: list[str] | None, label: str) -> list[int]:
    out = []
    for v in values or []:
        if v is None or str(v).strip() == "":
            continue
        n = parse_int(str(v), label, low=1)
        if n is not None:
            out.append(n)
    return out
