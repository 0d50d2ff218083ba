"""Rules on the values users type: measurements, new due dates, who reviews, the size of a collection.

Each rule raises the domain error a user can read (422 `InvalidInput`, 403 `PermissionDenied`) and
returns nothing when the value is acceptable; the services call them before they write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from cchc.domain.errors import InvalidInput, PermissionDenied

__all__ = [
    "MAX_MERGE_IDS",
    "MAX_SPLIT_PARTS",
    "check_extension_date",
    "check_measurement",
    "check_merge_ids",
    "check_not_own_report",
    "check_split_parts",
]

MAX_SPLIT_PARTS = 50
MAX_MERGE_IDS = 50

_NAMES = {"numerator": "Tử số", "denominator": "Mẫu số", "value": "Giá trị"}


def check_measurement(*, numerator: float | None, denominator: float | None, value: float | None) -> None:
    """Counts, rates and percentages are never negative (a count of dossiers, a share of them)."""
    for field, number in (("numerator", numerator), ("denominator", denominator), ("value", value)):
        if number is not None and number < 0:
            raise InvalidInput(f"{_NAMES[field]} không được âm ({number:g}).", where=field)


def check_extension_date(new_due: date, *, today: date, current_due: date | None) -> None:
    """A new due date lies after the task's current due date, or after today for a task without one."""
    if current_due is not None:
        if new_due <= current_due:
            raise InvalidInput(
                f"Hạn mới ({new_due:%d/%m/%Y}) phải sau hạn hiện tại ({current_due:%d/%m/%Y}).",
                where="new_due_on",
            )
        return
    if new_due <= today:
        raise InvalidInput(
            f"Hạn mới ({new_due:%d/%m/%Y}) phải sau ngày hôm nay ({today:%d/%m/%Y}).", where="new_due_on"
        )


def check_not_own_report(*, reviewer_id: int | None, submitted_by: int | None) -> None:
    """Nobody accepts or returns a progress report they submitted themselves."""
    if reviewer_id is not None and reviewer_id == submitted_by:
        raise PermissionDenied("Bạn không được tự duyệt (chấp nhận hoặc trả lại) báo cáo do chính mình gửi.")


def _no_duplicates(ids: Sequence[int], where: str) -> None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        shown = ", ".join(f"#{i}" for i in repeated[:10])
        raise InvalidInput(f"Nhiệm vụ bị chọn trùng: {shown}; mỗi nhiệm vụ chỉ chọn một lần.", where=where)


def check_merge_ids(ids: Sequence[int]) -> None:
    """A merge names 2 to `MAX_MERGE_IDS` different tasks."""
    _no_duplicates(ids, "task_ids")
    if len(ids) < 2:
        raise InvalidInput("Cần chọn ít nhất hai nhiệm vụ để gộp.", where="task_ids")
    if len(ids) > MAX_MERGE_IDS:
        raise InvalidInput(
            f"Chọn tối đa {MAX_MERGE_IDS} nhiệm vụ cho một lần gộp (đã chọn {len(ids)}).", where="task_ids"
        )


def check_split_parts(parts: Sequence[str]) -> None:
    """A split makes 2 to `MAX_SPLIT_PARTS` tasks."""
    if len(parts) < 2:
        raise InvalidInput("Cần ít nhất hai nội dung để tách nhiệm vụ.", where="parts")
    if len(parts) > MAX_SPLIT_PARTS:
        raise InvalidInput(
            f"Tách được tối đa {MAX_SPLIT_PARTS} phần một lần (đã nhập {len(parts)} dòng).", where="parts"
        )
