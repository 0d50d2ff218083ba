"""English for the permission matrix's and the value rules' fixed messages (merged into `cchc.web.i18n.EN`)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Vai trò của bạn không được phép dùng chức năng này.": "Your role may not use this function.",
    "Bạn không được tự duyệt (chấp nhận hoặc trả lại) báo cáo do chính mình gửi.": (
        "You may not accept or return a progress report you submitted yourself."
    ),
    "Chỉ bộ phận thường trực CCHC của xã/phường được phép tạm dừng, hủy hoặc tiếp tục nhiệm vụ.": (
        "Only the commune's standing office may pause, cancel or resume a task."
    ),
    "Cần chọn ít nhất hai nhiệm vụ để gộp.": "Choose at least two tasks to merge.",
    "Cần ít nhất hai nội dung để tách nhiệm vụ.": "A split needs at least two parts.",
}
