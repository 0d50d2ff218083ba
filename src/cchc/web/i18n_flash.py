"""English of the confirmations shown after a write (the flash line under the page title).

Constant messages are in `EN`; messages that carry a value (a version, a count, a criterion) are matched by
`PATTERNS`. `tests/web/test_flash_english.py` checks that every `flash=` of the routes has one or the other.
"""

from __future__ import annotations

import re

EN: dict[str, str] = {
    "Đã nhập dữ liệu.": "Data imported.",
    "Đã liên kết với kế hoạch cấp trên.": "Linked to the parent plan.",
    "Đã bỏ liên kết.": "Link removed.",
    "Đã xác nhận.": "Confirmed.",
    "Đã từ chối đề xuất.": "Suggestion rejected.",
    "Đã đăng kế hoạch cấp trên.": "Parent plan published.",
    "Đã đọc văn bản sửa đổi; hãy rà soát thay đổi.": "The amending document was read; review the changes.",
    "Đã từ chối văn bản sửa đổi.": "Amending document rejected.",
    "Đã phê duyệt gia hạn.": "Extension approved.",
    "Đã từ chối gia hạn.": "Extension refused.",
    "Đã đánh dấu tất cả là đã đọc.": "All marked as read.",
    "Đã lưu cách nhận thư.": "E-mail preferences saved.",
    "Đã ghi số liệu.": "Figure recorded.",
    "Đã đưa công việc vào hàng đợi để chạy lại.": "The job was queued to run again.",
    "Đã tính điểm đề xuất từ số liệu của xã/phường.": "Proposed scores computed from the commune's figures.",
    "Đã gắn minh chứng.": "Evidence attached.",
    "Đã gửi bản tự đánh giá để thẩm định.": "Self-assessment sent for appraisal.",
    "Đã lưu điểm điều tra xã hội học.": "Survey scores saved.",
    "Đã trả lại để xã/phường bổ sung minh chứng.": "Returned to the commune for more evidence.",
    "Đã kết thúc thẩm định.": "Appraisal finished.",
    "Đã nhập kế hoạch; hãy rà soát.": "Plan imported; review it.",
    "Đã lưu.": "Saved.",
    "Đã ban hành kế hoạch.": "Plan published.",
    "Đã đóng kế hoạch.": "Plan closed.",
    "Đã áp dụng kết quả trích xuất lại.": "Re-extraction applied.",
    "Đã thêm nhiệm vụ.": "Task added.",
    "Đã xóa nhiệm vụ.": "Task deleted.",
    "Đã gộp nhiệm vụ.": "Tasks merged.",
    "Đã tách nhiệm vụ.": "Task split.",
    "Đã thêm chỉ tiêu.": "Indicator added.",
    "Đã xóa chỉ tiêu.": "Indicator deleted.",
    "Đã lưu dự thảo báo cáo.": "Report draft saved.",
    "Đã chấp nhận báo cáo.": "Report accepted.",
    "Đã trả lại báo cáo.": "Report returned.",
    "Đã lưu số liệu Chỉ số 766.": "Decision 766 figures saved.",
    "Đã kết thúc phiên đăng nhập.": "Session ended.",
    "Đã kết thúc các phiên đăng nhập của tài khoản.": "The account's sessions were ended.",
    "Đã gửi báo cáo tiến độ.": "Progress report sent.",
    "Đã thêm đóng góp.": "Contribution added.",
    "Đã cập nhật trạng thái.": "Status updated.",
    "Đã ghi nhận sự kiện.": "Event recorded.",
    "Đã gửi đề nghị gia hạn.": "Extension request sent.",
    "Đã trở lại mẫu mặc định theo Nghị định 30/2020/NĐ-CP.": "Back to the default Decree 30/2020 template.",
}

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Kỳ (\S+): (\d+) chỉ tiêu đo từ hồ sơ — (\d+) mới, (\d+) cập nhật, (\d+) không đổi, "
                r"(\d+) chưa có hồ sơ\."),
     r"Period \1: \2 indicators measured from dossiers — \3 new, \4 updated, \5 unchanged, \6 without dossiers."),
    (re.compile(r"Đã áp dụng văn bản sửa đổi: phiên bản (\S+)\."), r"Amending document applied: version \1."),
    (re.compile(r"Đã đưa việc tạo báo cáo vào hàng đợi \(công việc số (\d+)\)\."),
     r"Report generation queued (job \1)."),
    (re.compile(r"Đã nhập danh mục sáp nhập: (\d+) xã cũ mới, cập nhật (\d+)\."),
     r"Merger list imported: \1 new former communes, \2 updated."),
    (re.compile(r"Đã lưu điểm tự chấm tiêu chí (.+)\."), r"Self-assessed score of criterion \1 saved."),
    (re.compile(r"Đã thẩm định tiêu chí (.+)\."), r"Criterion \1 appraised."),
    (re.compile(r"Đã nhập bộ tiêu chí «(.+)» \(phiên bản (.+)\)\."), r"Criteria set “\1” imported (version \2)."),
    (re.compile(r"Đã tạo phiên bản (\d+)\."), r"Version \1 generated."),
    (re.compile(r"Đã phê duyệt phiên bản (\d+)\."), r"Version \1 approved."),
    (re.compile(r"Đã dùng mẫu «(.+)» cho báo cáo của các xã/phường\."),
     r"Template “\1” is now used for the communes' reports."),
    (re.compile(r"Đã đọc ([\d.]+) dòng, nhập ([\d.]+) hồ sơ \(([\d.]+) mới, ([\d.]+) cập nhật\), "
                r"loại ([\d.]+) dòng lỗi trong ([\d.]+) giây"),
     r"Read \1 rows, imported \2 dossiers (\3 new, \4 updated), rejected \5 rows with errors in \6 s"),
]
