"""Interface text: Vietnamese first (the source text), English second.

Templates write Vietnamese and wrap it in `_()`; `_` returns the English text when the
request's locale is `en` and an English text is known, else the Vietnamese. The locale
comes from `?lang=en|vi` (remembered in a cookie) or the `lang` cookie; default `vi`.
"""

from __future__ import annotations

import unicodedata

from starlette.requests import Request

__all__ = ["LOCALES", "locale_of", "translate", "gettext_for"]

LOCALES = ("vi", "en")
COOKIE = "lang"

# Vietnamese source text → English. Missing entries fall back to Vietnamese.
EN: dict[str, str] = {
    "Đăng nhập": "Log in",
    "Đăng xuất": "Log out",
    "Báo cáo": "Reports",
    "gửi lúc": "submitted",
    "Dữ liệu hiện tại": "Current data",
    "phiên bản hiện tại": "current version",
    "Công khai": "Public page",
    "Xem": "Show",
    "nhiệm vụ": "tasks",
    "cần báo cáo kỳ này": "to report this period",
    "Vai trò": "Role",
    "Chủ trì": "Lead",
    "Phối hợp": "Coordinating",
    "Báo cáo kỳ này": "This period's report",
    "Đã gửi": "Submitted",
    "Đã chấp nhận": "Accepted",
    "Bị trả lại": "Returned",
    "Chờ duyệt": "Awaiting review",
    "Minh chứng": "Evidence",
    "Duyệt": "Review",
    "Đơn vị": "Unit",
    "Tổng": "Total",
    "Hoàn thành": "Done",
    "hoàn thành": "done",
    "Đã báo cáo": "Reported",
    "Số hiệu": "Number",
    "Trích yếu": "Title",
    "Ngày ban hành": "Issued on",
    "Dự thảo": "Draft",
    "Đã ban hành": "Published",
    "Đã đóng": "Closed",
    "Tên chỉ tiêu": "Indicator",
    "Thực hiện": "Actual",
    "Tất cả đơn vị đã báo cáo.": "Every unit has reported.",
    "Chưa có số liệu chỉ tiêu cho kỳ này.": "No indicator data for this period yet.",
    "Chọn xã/phường": "Choose a commune",
    "Sản phẩm": "Output",
    "Nội dung": "Text",
    "Ngày hoàn thành": "Completion date",
    "Tiến độ (%)": "Progress (%)",
    "Đơn vị chịu trách nhiệm": "Responsible units",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "Trang chủ": "Home",
    "Bảng điều khiển": "Dashboard",
    "Kế hoạch": "Plans",
    "Kế hoạch CCHC": "PAR plans",
    "Nhiệm vụ": "Tasks",
    "Nhiệm vụ của tôi": "My tasks",
    "Chỉ tiêu": "Indicators",
    "Duyệt báo cáo": "Review queue",
    "Gia hạn": "Extensions",
    "Lịch sử": "History",
    "Nhật ký thay đổi": "Audit log",
    "Xuất / nhập dữ liệu": "Export / import",
    "Lỗi": "Error",
    "Quay lại": "Back",
    "Lưu": "Save",
    "Hủy": "Cancel",
    "Gửi": "Submit",
    "Xóa": "Delete",
    "Thêm": "Add",
    "Sửa": "Edit",
    "Tách": "Split",
    "Gộp": "Merge",
    "Ban hành": "Publish",
    "Trích xuất lại": "Re-extract",
    "Tải lên": "Upload",
    "Tải văn bản kế hoạch": "Upload a plan document",
    "Văn bản gốc": "Source text",
    "Kế hoạch trích xuất": "Extracted plan",
    "Trạng thái": "Status",
    "Tiến độ": "Progress",
    "Kết quả": "Results",
    "Khó khăn, vướng mắc": "Difficulties",
    "Đề xuất, kiến nghị": "Proposals",
    "Số văn bản minh chứng": "Evidence document number",
    "Ngày văn bản": "Document date",
    "Tệp minh chứng": "Evidence file",
    "Báo cáo tiến độ": "Report progress",
    "Đơn vị chủ trì": "Lead unit",
    "Đơn vị phối hợp": "Coordinating units",
    "Thời hạn": "Deadline",
    "Lĩnh vực": "Area",
    "Kỳ báo cáo": "Reporting period",
    "Chấp nhận": "Accept",
    "Trả lại": "Return",
    "Ý kiến": "Comment",
    "Phê duyệt": "Approve",
    "Từ chối": "Reject",
    "Đề nghị gia hạn": "Request an extension",
    "Hạn mới": "New deadline",
    "Lý do": "Reason",
    "Đóng góp của đơn vị phối hợp": "Contributions of coordinating units",
    "Thêm đóng góp": "Add a contribution",
    "Quá hạn": "Overdue",
    "Sắp đến hạn": "Due soon",
    "Chưa báo cáo": "Not reported",
    "Tỷ lệ báo cáo": "Reporting completeness",
    "Theo lĩnh vực": "By area",
    "Theo đơn vị": "By unit",
    "Chỉ tiêu so với mục tiêu": "Indicators vs targets",
    "Số đo": "Measurements",
    "Tử số": "Numerator",
    "Mẫu số": "Denominator",
    "Giá trị": "Value",
    "Mục tiêu": "Target",
    "Mức đạt": "Achievement",
    # City and national overviews
    "Tổng hợp toàn thành phố": "City overview",
    "Toàn thành phố": "City",
    "Tổng hợp toàn quốc": "National overview",
    "Toàn quốc": "Nation",
    "Kỳ": "Period",
    "Hạng": "Rank",
    "Xã/phường": "Commune",
    "xã/phường": "communes",
    "tỉnh/thành phố": "provinces",
    "Tỉnh/thành phố": "Province",
    "Các tỉnh/thành phố": "Provinces",
    "Các xã/phường": "Communes",
    "có kế hoạch": "with a plan",
    "cần chú ý": "need attention",
    "Cần chú ý": "Need attention",
    "Hoàn thành NV (%)": "Tasks done (%)",
    "Báo cáo kỳ này (%)": "Reported this period (%)",
    "Đúng hạn (%)": "On time (%)",
    "Chỉ số 766": "766 index",
    "Chỉ số 766 (trung bình)": "766 index (mean)",
    "Hồ sơ": "Dossiers",
    "báo cáo": "reporting",
    "đúng hạn": "on time",
    "Tất cả": "All",
    "Tên xã/phường": "Commune name",
    "chỉ xã/phường cần chú ý": "only communes needing attention",
    "Số dòng mỗi trang": "Rows per page",
    "Lọc": "Filter",
    "Trang": "Page",
    "Trang trước": "Previous page",
    "Trang sau": "Next page",
    "Tỷ lệ của tỉnh: cộng dồn hồ sơ và báo cáo của các xã/phường; Chỉ số 766: trung bình của các xã/phường có chỉ số.": "A province's rates pool its communes' dossiers and reports; its 766 index is the mean of its communes that have one.",
    "Hạng trong tỉnh/thành phố; tô đỏ: thuộc nhóm 10% thấp nhất của tỉnh hoặc dưới ngưỡng": "Rank within the province; in red: the province's bottom 10% or below a threshold",
    "Xuất Excel": "Export Excel",
    "Xuất CSV": "Export CSV",
    "Nhập dữ liệu": "Import data",
    "Xem trước": "Preview",
    "Áp dụng": "Apply",
    "Dòng lỗi": "Row errors",
    "Không có dữ liệu.": "No data.",
    "Người dùng": "User",
    "Thời gian": "Time",
    "Hành động": "Action",
    "Đối tượng": "Entity",
    "Trước": "Before",
    "Sau": "After",
    "Ngôn ngữ": "Language",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Đã đăng xuất.": "Logged out.",
    "Đã lưu.": "Saved.",
    "Phiên làm việc đã hết hạn, vui lòng tải lại trang và thử lại.": "Your session expired; reload the page and try again.",
    "Vui lòng đăng nhập.": "Please log in.",
    # Sign-in sessions (/sessions, /admin/sessions)
    "Phiên đăng nhập": "Sessions",
    "Phiên đăng nhập của mọi tài khoản": "Sessions of every account",
    "Mỗi trình duyệt hoặc thiết bị đã đăng nhập là một phiên. Kết thúc một phiên lạ nếu bạn không nhận ra nó.":
        "Each browser or device you signed in with is a session. End any session you do not recognise.",
    "Tất cả tài khoản": "All accounts",
    "Trình duyệt": "Browser",
    "Địa chỉ": "Address",
    "Đăng nhập lúc": "Signed in",
    "Dùng lần cuối": "Last used",
    "Phiên này": "This session",
    "Kết thúc": "End",
    "Kết thúc mọi phiên của tài khoản này": "End every session of this account",
    "Đăng xuất khỏi mọi nơi": "Log out everywhere",
    "Đã kết thúc phiên đăng nhập.": "Session ended.",
    "Đã kết thúc các phiên đăng nhập của tài khoản.": "The account's sessions were ended.",
}


from cchc.web.i18n_parindex import EN_PARINDEX  # noqa: E402  (the PAR-index pages' catalogue)

EN.update({k: v for k, v in EN_PARINDEX.items() if k not in EN})


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


from cchc.web import i18n_inbox as _inbox  # noqa: E402  (the inbox's own catalogue)

EN.update(_inbox.EN)
from cchc.web import i18n_perms as _perms  # noqa: E402  (the permission and value rules' catalogue)

EN.update(_perms.EN)

from cchc.web import i18n_pages as _pages  # noqa: E402  (page shell, dashboard, city, public)

EN.update({k: v for k, v in _pages.EN.items() if k not in EN})

from cchc.web.labels import LABELS as _LABELS  # noqa: E402  (the names of stored codes)

EN.update({vi: en for kind in _LABELS.values() for vi, en in kind.values() if vi not in EN})

EN = {_nfc(k): v for k, v in EN.items()}


def locale_of(request: Request) -> str:
    """The request's locale: `?lang=` first, then the `lang` cookie, else `vi`."""
    lang = request.query_params.get("lang") or request.cookies.get(COOKIE) or "vi"
    return lang if lang in LOCALES else "vi"


def translate(text: str, lang: str) -> str:
    """`text` (Vietnamese) in `lang`; Vietnamese when no translation is known."""
    if lang == "en":
        text = _nfc(text)
        found = EN.get(text)
        if found is not None:
            return found
        for pattern, english in (*_pages.PATTERNS, *_flash.PATTERNS):
            if pattern.fullmatch(text):
                return pattern.sub(english, text)
        return text
    return text


def gettext_for(lang: str):  # type: ignore[no-untyped-def]
    """A `_()` function for templates bound to `lang`."""

    def _(text: str) -> str:
        return translate(text, lang)

    return _

from cchc.web.i18n_conformance import EN_CONFORMANCE  # noqa: E402  (the conformance pages' catalogue)

EN.update({k: v for k, v in EN_CONFORMANCE.items() if k not in EN})

from cchc.web import i18n_forms as _forms  # noqa: E402  (forms in place, confirmations, import warnings)

EN.update(_forms.EN)

from cchc.web import i18n_mergers as _mergers  # noqa: E402  (merged communes)

EN.update({k: v for k, v in _mergers.EN.items() if k not in EN})

from cchc.web import i18n_timeliness as _timeliness  # noqa: E402  (timeliness words of the drill-down)

EN.update({k: v for k, v in _timeliness.EN.items() if k not in EN})

from cchc.web.i18n_templates import EN_TEMPLATES  # noqa: E402  (the report-template page's catalogue)

EN.update({k: v for k, v in EN_TEMPLATES.items() if k not in EN})

from cchc.web import i18n_pages2 as _pages2  # noqa: E402  (service quality, reports, PAR index, bulk, indicators)

EN.update({_nfc(k): v for k, v in _pages2.EN.items() if _nfc(k) not in EN})

from cchc.web import i18n_flash as _flash  # noqa: E402  (the confirmations after a write)

EN.update({_nfc(k): v for k, v in _flash.EN.items() if _nfc(k) not in EN})
