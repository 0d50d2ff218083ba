"""English for forms that come back in place, confirmations and import warnings (merged into `cchc.web.i18n.EN`)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Biểu mẫu chưa được lưu: hãy sửa các trường được đánh dấu bên dưới.":
        "The form was not saved: correct the fields marked below.",
    "đã chọn": "chosen",
    "tệp được giữ lại; chọn tệp khác để thay.": "the file is kept; choose another file to replace it.",
    "bắt buộc khi trả lại": "required when returning",
    "bắt buộc khi từ chối": "required when refusing",
    "Đổi trạng thái nhiệm vụ: tạm dừng hoặc hủy sẽ dừng việc báo cáo của các đơn vị. Tiếp tục?":
        "Change the task's status: pausing or cancelling stops the units' reporting. Continue?",
    "Cần kiểm tra trước khi ban hành": "Check before publishing",
    "Mở kế hoạch đó": "Open that plan",
    "Mở kế hoạch": "Open plan",
    "Ban hành kế hoạch: %(n)s nhiệm vụ sẽ được giao cho %(u)s đơn vị chủ trì, các đơn vị bắt đầu báo cáo; "
    "không sửa được cấu trúc kế hoạch sau khi ban hành. Tiếp tục?":
        "Publish the plan: %(n)s tasks will be assigned to %(u)s lead units, which start reporting; the plan's "
        "structure cannot be edited once published. Continue?",
    "Xã/phường đang có kế hoạch cùng loại, cùng kỳ đã ban hành":
        "The commune already has a published plan of the same kind and period",
    "Thay thế: kết thúc kế hoạch cũ (giữ nguyên lịch sử) và ban hành kế hoạch này":
        "Replace: close the old plan (its history is kept) and publish this one",
    "Đóng kế hoạch: các đơn vị sẽ không báo cáo tiến độ trên kế hoạch này nữa; lịch sử được giữ nguyên. Tiếp tục?":
        "Close the plan: units will no longer report progress on it; its history is kept. Continue?",
    "Xóa chỉ tiêu «%(name)s»? Không hoàn tác được.": "Delete the indicator «%(name)s»? This cannot be undone.",
    "Xóa nhiệm vụ «%(name)s»? Không hoàn tác được.": "Delete the task «%(name)s»? This cannot be undone.",
    "Áp dụng kết quả trích xuất lại: các nhiệm vụ và chỉ tiêu của dự thảo được thay theo bảng trên, kể cả những "
    "chỗ đã sửa tay. Tiếp tục?":
        "Apply the re-extraction: the draft's tasks and indicators are replaced as shown above, manual edits "
        "included. Continue?",
    "Nhập như phiên bản mới (tạo thêm một dự thảo)": "Import as a new version (creates another draft)",
    "Sửa nhiệm vụ": "Edit task",
}
