"""English for the inbox and notification settings (merged into `cchc.web.i18n.EN`)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Hộp thư": "Inbox",
    "Hộp thư thông báo": "Notifications",
    "chưa đọc": "unread",
    "thông báo": "notifications",
    "Chỉ thông báo chưa đọc": "Unread only",
    "Tất cả": "All",
    "Đánh dấu tất cả đã đọc": "Mark all as read",
    "Đánh dấu đã đọc": "Mark as read",
    "Xem chi tiết": "Open",
    "Mới": "New",
    "Cũ hơn": "Older",
    "Không có thông báo.": "No notifications.",
    "Nhận thông báo qua thư điện tử": "Notifications by e-mail",
    "Hệ thống chưa cấu hình máy chủ thư (SMTP): thông báo chỉ có trong hộp thư này.": (
        "No mail server (SMTP) is configured: notifications are only in this inbox."
    ),
    "Địa chỉ thư điện tử": "E-mail address",
    "Cách nhận thư": "How to receive e-mail",
    "Gửi thư ngay khi có thông báo": "One e-mail per notification, at once",
    "Một thư tóm tắt mỗi ngày": "One digest a day",
    "Không nhận thư": "No e-mail",
    "Đã đánh dấu tất cả là đã đọc.": "All marked as read.",
    "Đã lưu cách nhận thư.": "E-mail settings saved.",
}
