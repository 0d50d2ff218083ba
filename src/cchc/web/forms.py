"""Reading form values the way officers type them: Vietnamese dates, numbers with commas, periods."""

from __future__ import annotations

import json
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any

from cchc.domain.errors import InvalidInput
from cchc.domain.periods import Period, PeriodKind

__all__ = [
    "parse_date", "parse_int", "parse_float", "clean_text", "parse_period", "current_period", "parse_ids",
    "FormState", "FormSpec", "FORM_PAGES", "form_page", "match_problems", "keep_upload", "kept_upload",
    "drop_kept_upload", "FormCheck", "FormInvalid", "parse_period_field",
]

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


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_period_field(value: str | None, label: str = "Kỳ báo cáo") -> str:
    """A period typed in a form: the codes of `parse_period`, also «Quý 4/2026», «Quý IV/2026», «6 tháng đầu năm 2026»."""
    if value is None or not value.strip():
        return parse_period(None)
    s = unicodedata.normalize("NFC", value.strip())
    m = re.fullmatch(r"(?i)quý\s*([1-4]|IV|III|II|I)\s*[/-]?\s*(?:năm\s*)?(\d{4})", s)
    if m:
        q = _ROMAN.get(m[1].upper()) or int(m[1])
        s = f"{m[2]}-Q{q}"
    m = re.fullmatch(r"(?i)6\s*tháng\s*(đầu|cuối)\s*năm\s*(\d{4})", s)
    if m:
        s = f"{m[2]}-H{1 if m[1].lower() == 'đầu' else 2}"
    m = re.fullmatch(r"(?i)(?:năm\s*)(\d{4})", s)
    if m:
        s = m[1]
    try:
        return Period.parse(s).code
    except InvalidInput:
        raise InvalidInput(
            f"{label} không hợp lệ: «{value.strip()[:40]}» "
            "(ví dụ: Quý 2/2026, 2026-Q2, 2026-H1, 2026-06, 2026).") from None


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


# ---- forms that re-render in place -----------------------------------------------------------------
#
# A route that accepts a form registers how to rebuild the page that holds it (`form_page`). When the
# route refuses the input (an `InvalidInput`, a too-large upload, a value FastAPI itself cannot read),
# the error handler rebuilds that page with a `FormState`: every value typed kept, each message beside
# its field (matched by the field's name or its label, the `where` of the error), an accepted upload
# kept under a token. htmx swaps the form alone (HX-Retarget/HX-Reselect); without JavaScript the
# whole page comes back with status 422. The JSON API answers as before.

PENDING_DIR = "pending-uploads"
PENDING_MAX_AGE = 24 * 3600
_PENDING_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class FormState:
    """What a re-rendered form shows: the values typed, the errors by field, the kept uploads."""

    def __init__(self, form_id: str = "", values: dict[str, list[str]] | None = None,
                 errors: dict[str, str] | None = None, general: list[str] | None = None,
                 kept: dict[str, tuple[str, str]] | None = None, active: bool = False) -> None:
        self.id = form_id
        self._values = values or {}
        self.errors = errors or {}
        self.general = general or []
        self._kept = kept or {}
        self.active = active

    def value(self, name: str, default: Any = "") -> Any:
        """The value typed when this form was sent back, else `default` (the stored value)."""
        if self.active:
            got = self._values.get(name)
            return got[0] if got else ""
        return "" if default is None else default

    def values(self, name: str, default: Any = ()) -> list[str]:
        """Every value of a multi-valued field (a multiple select) as strings."""
        if self.active:
            return list(self._values.get(name, []))
        return [str(v) for v in (default or ())]

    def selected(self, name: str, option: Any, default: bool = False) -> bool:
        if self.active:
            return str(getattr(option, "value", option)) in self._values.get(name, [])
        return default

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def kept(self, name: str) -> tuple[str, str] | None:
        """(token, file name) of an upload accepted on the refused submission."""
        return self._kept.get(name)


@dataclass
class FormSpec:
    """A form a route accepts: its element id, its fields (name → label), the page that holds it."""

    form_id: str
    fields: dict[str, str]
    page: Callable[..., tuple[str, dict[str, Any]]]
    files: dict[str, tuple[set[str], str]] = dataclass_field(default_factory=dict)


FORM_PAGES: dict[str, FormSpec] = {}


def form_page(route_name: str, *, form_id: str, fields: dict[str, str],
              files: dict[str, tuple[set[str], str]] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `page(request, db, user) -> (template, data)` as the page of the form `route_name` accepts.

    `form_id` may name path parameters and form fields (`"review-{report_id}"`); `files` maps an upload
    field to (allowed extensions, label) so that an accepted file is kept when the form is refused.
    """

    def decorator(page: Callable[..., Any]) -> Callable[..., Any]:
        FORM_PAGES[route_name] = FormSpec(form_id, fields, page, files or {})
        return page

    return decorator


def match_problems(spec: FormSpec, problems: list[tuple[str | None, str]]) -> tuple[dict[str, str], list[str]]:
    """Each (where, message) beside its field (by name or label); the rest for the top of the form."""
    by_label = {label: name for name, label in spec.fields.items()}
    errors: dict[str, str] = {}
    general: list[str] = []
    for where, message in problems:
        name = where if where in spec.fields else by_label.get(where or "")
        if name is not None:
            errors.setdefault(name, message)
        elif message not in general:
            general.append(message)
    return errors, general


def keep_upload(data_dir: Path, *, user_id: int, name: str, content: bytes) -> str:
    """Store an accepted upload of a refused form for a while; the token names it on the next submission."""
    folder = data_dir / PENDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.json"):
        try:
            if now - old.stat().st_mtime > PENDING_MAX_AGE:
                old.unlink(missing_ok=True)
                old.with_suffix(".bin").unlink(missing_ok=True)
        except OSError:
            continue
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.bin").write_bytes(content)
    (folder / f"{token}.json").write_text(json.dumps({"name": name, "uid": user_id}), encoding="utf-8")
    return token


def kept_upload(data_dir: Path, token: str | None, *, user_id: int, label: str) -> tuple[str, bytes] | None:
    """The (file name, content) kept under `token` for this user; None without a token."""
    if token is None or not token.strip():
        return None
    folder = data_dir / PENDING_DIR
    meta_path = folder / f"{token.strip()}.json"
    if not _PENDING_TOKEN.fullmatch(token.strip()) or not meta_path.is_file():
        raise InvalidInput(f"Tệp đã chọn cho «{label}» không còn được lưu tạm; hãy chọn lại tệp.", where=label)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("uid") != user_id:
        raise InvalidInput(f"Tệp đã chọn cho «{label}» không thuộc phiên làm việc này; hãy chọn lại tệp.", where=label)
    return str(meta["name"]), meta_path.with_suffix(".bin").read_bytes()


def drop_kept_upload(data_dir: Path, token: str | None) -> None:
    if token and _PENDING_TOKEN.fullmatch(token.strip()):
        folder = data_dir / PENDING_DIR
        (folder / f"{token.strip()}.json").unlink(missing_ok=True)
        (folder / f"{token.strip()}.bin").unlink(missing_ok=True)


class FormCheck:
    """Check every field of a form before refusing it, so that each error shows beside its field.

    `check(fn, *args, field=...)` calls a parser and keeps its error; `done()` raises one
    `FormInvalid` carrying them all (its message is the first one, as a single error would be).
    """

    def __init__(self) -> None:
        self.problems: list[tuple[str | None, str]] = []
        self._first: InvalidInput | None = None

    def check(self, fn: Callable[..., Any], *args: Any, field: str | None = None, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            self.add(exc, field=field)
            return None

    def add(self, exc: InvalidInput, *, field: str | None = None) -> None:
        if self._first is None:
            self._first = exc
        self.problems.append((field or exc.where, exc.message))

    def done(self) -> None:
        if self._first is not None:
            raise FormInvalid(self._first.message, where=self._first.where, problems=self.problems)


class FormInvalid(InvalidInput):
    """Several fields of one form refused at once (`problems`: (field, message) pairs)."""

    def __init__(self, message: str, *, where: str | None = None,
                 problems: list[tuple[str | None, str]] | None = None) -> None:
        super().__init__(message, where=where)
        self.problems = problems or [(where, message)]
