"""Input cleaning with Vietnamese messages that say what is wrong and where."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from cchc.domain.errors import InvalidInput

__all__ = ["FIELD_LABELS", "clean_int", "clean_number", "clean_text", "label", "parse_date"]

FIELD_LABELS: dict[str, str] = {
    "number": "Số văn bản",
    "issued_on": "Ngày văn bản",
    "title": "Trích yếu",
    "period_start": "Từ ngày",
    "period_end": "Đến ngày",
    "ref": "Số thứ tự",
    "area": "Lĩnh vực",
    "objective": "Mục tiêu",
    "task": "Nhiệm vụ",
    "activity": "Hoạt động",
    "output": "Sản phẩm",
    "funding": "Kinh phí",
    "timeline_kind": "Loại thời hạn",
    "timeline_raw": "Thời gian (nguyên văn)",
    "start_on": "Ngày bắt đầu",
    "end_on": "Ngày kết thúc",
    "due_on": "Hạn hoàn thành",
    "every": "Định kỳ",
    "offset_days": "Số ngày sau sự kiện",
    "name": "Tên",
    "unit": "Đơn vị tính",
    "comparator": "So sánh",
    "target": "Chỉ tiêu",
    "metric": "Mã chỉ số",
    "results": "Kết quả thực hiện",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
    "percent": "Tỷ lệ hoàn thành (%)",
    "evidence_number": "Số văn bản minh chứng",
    "evidence_date": "Ngày văn bản minh chứng",
    "done_on": "Ngày hoàn thành",
    "reason": "Lý do",
    "comment": "Ý kiến",
    "new_due_on": "Hạn mới",
    "occurred_on": "Ngày xảy ra sự kiện",
    "description": "Mô tả sự kiện",
    "text": "Nội dung phối hợp",
    "username": "Tên đăng nhập",
    "password": "Mật khẩu",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "value": "Giá trị",
    "period": "Kỳ báo cáo",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def clean_text(value: Any, field: str, *, required: bool = False, max_length: int = 20000) -> str | None:
    """NFC, trimmed, control characters removed; HTML is kept as plain text (escaped on output)."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        text = str(value)
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()
    if not text:
        if required:
            raise InvalidInput(f'Trường "{label(field)}" không được để trống.', where=field)
        return None
    if len(text) > max_length:
        raise InvalidInput(
            f'Trường "{label(field)}" quá dài ({len(text)} ký tự, tối đa {max_length}).', where=field
        )
    return text


def parse_date(value: Any, field: str, *, required: bool = False) -> date | None:
    """A date from a `date`, ISO `2026-02-28` or Vietnamese `28/02/2026` text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f'Trường "{label(field)}" không được để trống.', where=field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise InvalidInput(
        f'Ngày không hợp lệ: {text} ở trường "{label(field)}" (định dạng dd/mm/yyyy).', where=field
    )


def clean_number(value: Any, field: str, *, required: bool = False) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f'Trường "{label(field)}" không được để trống.', where=field)
        return None
    if isinstance(value, bool):
        raise InvalidInput(f'Trường "{label(field)}" phải là một số.', where=field)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("%", "").replace(" ", "")
    # Vietnamese decimal comma: "95,5" → 95.5
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(
            f'Giá trị "{value}" ở trường "{label(field)}" không phải là một số.', where=field
        ) from None


def clean_int(
    value: Any, field: str, *, required: bool = False, lo: int | None = None, hi: int | None = None
) -> int | None:
    number = clean_number(value, field, required=required)
    if number is None:
        return None
    if not float(number).is_integer():
        raise InvalidInput(f'Trường "{label(field)}" phải là số nguyên.', where=field)
    result = int(number)
    if (lo is not None and result < lo) or (hi is not None and result > hi):
        raise InvalidInput(
            f'Trường "{label(field)}" phải nằm trong khoảng {lo}–{hi} (nhận được {result}).', where=field
        )
    return result
