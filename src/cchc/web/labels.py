"""Names for the codes the system stores, in Vietnamese first and English second.

Templates never show a stored code (`standing_office`, `progress`, `manual`, `2026-Q4`…): they call
`label(kind, code)` (bound to the request's language by `rendering.base_context`) or the
`period_label` helper. An unknown code is shown as it is, so a new code is visible, not hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from cchc.domain.areas import AREA_LABELS
from cchc.domain.errors import InvalidInput
from cchc.domain.metrics import METRIC_LABELS
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.statuses import ACHIEVEMENT_LABELS, TASK_STATUS_LABELS
from cchc.domain.units import UNIT_LABELS

__all__ = ["LABELS", "label", "labeller", "period_label", "period_options", "signer_options"]

# kind → code → (Vietnamese, English)
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "role": {
        "standing_office": ("Thường trực CCHC", "Standing office"),
        "unit_officer": ("Cán bộ đơn vị", "Unit officer"),
        "leader": ("Lãnh đạo UBND", "Commune leader"),
        "city_reviewer": ("Chuyên viên Sở Nội vụ", "City reviewer"),
        "admin": ("Quản trị hệ thống", "Administrator"),
        "ministry_reviewer": ("Chuyên viên Bộ Nội vụ", "Ministry reviewer"),
    },
    "action": {
        "add": ("Thêm", "Added"),
        "appraise": ("Thẩm định", "Appraised"),
        "approve": ("Phê duyệt", "Approved"),
        "close": ("Đóng", "Closed"),
        "correct": ("Hiệu chỉnh", "Corrected"),
        "create": ("Tạo mới", "Created"),
        "delete": ("Xóa", "Deleted"),
        "enter": ("Nhập số liệu", "Entered figures"),
        "extend": ("Gia hạn", "Extended"),
        "import": ("Nhập", "Imported"),
        "merge": ("Gộp", "Merged"),
        "prefill": ("Điền sẵn", "Prefilled"),
        "progress": ("Báo cáo tiến độ", "Progress reported"),
        "publish": ("Ban hành", "Published"),
        "reextract": ("Trích xuất lại", "Re-extracted"),
        "refuse": ("Từ chối", "Refused"),
        "reject": ("Từ chối", "Rejected"),
        "request": ("Đề nghị", "Requested"),
        "review_accepted": ("Chấp nhận báo cáo", "Report accepted"),
        "review_returned": ("Trả lại báo cáo", "Report returned"),
        "seed": ("Khởi tạo dữ liệu", "Seeded"),
        "split": ("Tách", "Split"),
        "submit": ("Gửi", "Submitted"),
        "survey": ("Khảo sát", "Survey"),
        "trigger": ("Ghi nhận sự kiện", "Event recorded"),
        "update": ("Cập nhật", "Updated"),
    },
    "entity": {
        "extension": ("Gia hạn", "Extension"),
        "indicator": ("Chỉ tiêu", "Indicator"),
        "locality": ("Xã/phường", "Commune"),
        "measurement": ("Số đo", "Measurement"),
        "parindex_assessment": ("Tự đánh giá Chỉ số CCHC", "PAR-index assessment"),
        "parindex_evidence": ("Tài liệu kiểm chứng", "PAR-index evidence"),
        "parindex_score": ("Điểm tiêu chí", "PAR-index score"),
        "parindex_set": ("Bộ tiêu chí", "PAR-index criteria set"),
        "plan": ("Kế hoạch", "Plan"),
        "progress_report": ("Báo cáo tiến độ", "Progress report"),
        "report": ("Báo cáo", "Report"),
        "task": ("Nhiệm vụ", "Task"),
        "trigger": ("Sự kiện", "Event"),
        "user": ("Người dùng", "User"),
    },
    # Keys of audit events' before/after values.
    "field": {
        "ref": ("Số thứ tự", "Number"),
        "title": ("Trích yếu", "Title"),
        "task": ("Nhiệm vụ", "Task"),
        "name": ("Tên", "Name"),
        "period": ("Kỳ", "Period"),
        "status": ("Trạng thái", "Status"),
        "reported_status": ("Trạng thái báo cáo", "Reported status"),
        "percent": ("Tiến độ (%)", "Progress (%)"),
        "review_status": ("Kết quả duyệt", "Review"),
        "review_comment": ("Ý kiến duyệt", "Review comment"),
        "results": ("Kết quả", "Results"),
        "difficulties": ("Khó khăn, vướng mắc", "Difficulties"),
        "proposals": ("Đề xuất, kiến nghị", "Proposals"),
        "new_due_on": ("Hạn mới", "New deadline"),
        "old_due_on": ("Hạn cũ", "Old deadline"),
        "due_on": ("Thời hạn", "Deadline"),
        "reason": ("Lý do", "Reason"),
        "value": ("Giá trị", "Value"),
        "numerator": ("Tử số", "Numerator"),
        "denominator": ("Mẫu số", "Denominator"),
        "target": ("Mục tiêu", "Target"),
        "source": ("Nguồn", "Source"),
        "output": ("Sản phẩm", "Output"),
        "area": ("Lĩnh vực", "Area"),
        "timeline_text": ("Thời gian thực hiện", "Timeline"),
        "lead_unit_ids": ("Đơn vị chủ trì", "Lead units"),
        "support_unit_ids": ("Đơn vị phối hợp", "Coordinating units"),
        "lead": ("Đơn vị chủ trì", "Lead units"),
        "support": ("Đơn vị phối hợp", "Coordinating units"),
        "evidence_number": ("Số văn bản minh chứng", "Evidence document number"),
        "evidence_date": ("Ngày văn bản", "Document date"),
        "username": ("Tên đăng nhập", "Username"),
        "role": ("Vai trò", "Role"),
        "score": ("Điểm", "Score"),
        "number": ("Số hiệu", "Number"),
        "issued_on": ("Ngày ban hành", "Issued on"),
        "tasks": ("Nhiệm vụ", "Tasks"),
        "version": ("Phiên bản", "Version"),
        "done_on": ("Ngày hoàn thành", "Completion date"),
        "evidence_file": ("Tệp minh chứng", "Evidence file"),
        "comment": ("Ý kiến", "Comment"),
        "occurred_on": ("Ngày xảy ra", "Occurred on"),
        "description": ("Mô tả", "Description"),
        "objective": ("Mục tiêu", "Objective"),
        "unit": ("Đơn vị", "Unit"),
        "unit_id": ("Đơn vị", "Unit"),
        "plan_id": ("Kế hoạch", "Plan"),
        "task_id": ("Nhiệm vụ", "Task"),
    },
    "source": {
        "manual": ("Nhập tay", "Entered by hand"),
        "dossiers": ("Từ hồ sơ một cửa", "From one-stop dossiers"),
        "tasks": ("Từ tiến độ nhiệm vụ", "From task progress"),
    },
    "plan_status": {
        "draft": ("Dự thảo", "Draft"),
        "published": ("Đã ban hành", "Published"),
        "closed": ("Đã kết thúc", "Closed"),
    },
    "review_status": {
        "submitted": ("Chờ duyệt", "Awaiting review"),
        "pending": ("Chờ duyệt", "Awaiting review"),
        "accepted": ("Đã chấp nhận", "Accepted"),
        "returned": ("Bị trả lại", "Returned"),
        "approved": ("Đã phê duyệt", "Approved"),
        "refused": ("Từ chối", "Refused"),
        "rejected": ("Từ chối", "Rejected"),
    },
    "signer": {
        "chairman": ("TM. UBND – Chủ tịch", "On behalf of the People's Committee – Chairman"),
        "vice": ("KT. Chủ tịch – Phó Chủ tịch", "For the Chairman – Vice-chairman"),
    },
}

_FROM_DOMAIN = {
    "area": AREA_LABELS,
    "task_status": TASK_STATUS_LABELS,
    "achievement": ACHIEVEMENT_LABELS,
    "unit_kind": UNIT_LABELS,
    "metric": METRIC_LABELS,
}
for _kind, _mapping in _FROM_DOMAIN.items():
    LABELS[_kind] = {str(getattr(k, "value", k)): v for k, v in _mapping.items()}
# An audit event's reported or computed status is a task status.
for _key in ("status", "reported_status"):
    LABELS.setdefault("value:" + _key, LABELS["task_status"])
LABELS["value:review_status"] = LABELS["review_status"]
LABELS["value:source"] = LABELS["source"]
LABELS["value:role"] = LABELS["role"]


def label(kind: str, code: Any, lang: str = "vi") -> str:
    """The name of `code` of `kind` in `lang`; the code itself when unknown, "" for None."""
    if code is None:
        return ""
    if kind == "value:period":
        return period_label(code, lang)
    value = str(getattr(code, "value", code))
    pair = LABELS.get(kind, {}).get(value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else pair[0]


_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def period_label(code: Any, lang: str = "vi") -> str:
    """`2026-Q4` → `Quý IV năm 2026` / `Q4 2026`; a text that is not a period code is returned as it is."""
    if code is None or code == "":
        return ""
    try:
        p = code if isinstance(code, Period) else Period.parse(str(code))
    except (InvalidInput, ValueError, TypeError, AttributeError):
        return str(code)
    if lang == "en":
        if p.kind is PeriodKind.YEAR:
            return f"Year {p.year}"
        if p.kind is PeriodKind.QUARTER:
            return f"Q{p.index} {p.year}"
        if p.kind is PeriodKind.HALF:
            return f"{'First' if p.index == 1 else 'Second'} half of {p.year}"
        return f"{_MONTHS_EN[p.index - 1]} {p.year}"
    text = p.label_vi
    return text[:1].upper() + text[1:]


def period_options(around: Any, lang: str = "vi", *, kinds: tuple[PeriodKind, ...] | None = None) -> list[tuple[str, str]]:
    """(code, name) of the periods of the year of `around` and the year before, newest first, for a picker."""
    try:
        year = (around if isinstance(around, Period) else Period.parse(str(around))).year
    except (InvalidInput, ValueError, TypeError, AttributeError):
        year = date.today().year
    kinds = kinds or (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR, PeriodKind.MONTH)
    counts = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1, PeriodKind.MONTH: 12}
    out: list[tuple[str, str]] = []
    for y in (year + 1, year, year - 1):
        for kind in kinds:
            for i in range(counts[kind], 0, -1):
                p = Period(y, kind, i if kind is not PeriodKind.YEAR else 1)
                out.append((p.code, period_label(p, lang)))
    return out


def signer_options(lang: str = "vi") -> list[tuple[str, str]]:
    """(code, name) of the signing authorities of a commune report."""
    return [(code, pair[1] if lang == "en" else pair[0]) for code, pair in LABELS["signer"].items()]


def labeller(lang: str) -> Callable[[str, Any], str]:
    """`label` bound to `lang`, for templates: `{{ label("role", user.role) }}`."""

    def bound(kind: str, code: Any) -> str:
        return label(kind, code, lang)

    return bound
