"""The names a report template may use: the placeholders and the `figures.<key>` numbers, with their meaning.

Kept apart from `docx_template` (which loads python-docx) so that the pages listing them load no
document library.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BLOCKS", "FIGURES", "FIGURE_KEYS", "PLACEHOLDERS", "Placeholder"]


@dataclass(frozen=True)
class Placeholder:
    name: str
    kind: str  # text | list | block | flag | figures
    description: str  # Vietnamese
    example: str = ""


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("locality_name", "text", "Tên xã/phường (loại và tên, một cách viết)", "xã An Bình"),
    Placeholder("locality_code", "text", "Mã xã/phường", "11533"),
    Placeholder("issuer_lines", "list", "Các dòng tên cơ quan ban hành (viết hoa khi dùng bộ lọc upper)",
                "ỦY BAN NHÂN DÂN / XÃ AN BÌNH"),
    Placeholder("parent_body", "text", "Cơ quan cấp trên (dòng trên tên cơ quan ban hành), có thể trống", ""),
    Placeholder("number_line", "text", "Dòng số, ký hiệu", "Số:      /BC-UBND"),
    Placeholder("number", "text", "Số văn bản (trống khi văn thư chưa cấp số)", ""),
    Placeholder("symbol", "text", "Ký hiệu văn bản", "BC-UBND"),
    Placeholder("place_date", "text", "Địa danh, ngày tháng năm", "An Bình, ngày 08 tháng 6 năm 2026"),
    Placeholder("report_date", "text", "Ngày báo cáo (dd/mm/yyyy, hoặc … khi chưa có)", "08/06/2026"),
    Placeholder("subject", "text", "Trích yếu của báo cáo",
                "Kết quả thực hiện công tác cải cách hành chính quý II năm 2026"),
    Placeholder("period_label", "text", "Tên kỳ báo cáo", "quý II năm 2026"),
    Placeholder("period_code", "text", "Mã kỳ báo cáo", "2026-Q2"),
    Placeholder("kind_label", "text", "Loại kỳ (quý, 6 tháng, năm)", "quý"),
    Placeholder("next_period_label", "text", "Kỳ tới (quý tới, 6 tháng tới, năm tới)", "quý tới"),
    Placeholder("basis", "list", "Các đoạn căn cứ, mở đầu báo cáo", "Thực hiện Kế hoạch số …"),
    Placeholder("recipients", "list", "Nơi nhận, mỗi dòng bắt đầu bằng «- », dòng «- Lưu: VT» cuối cùng",
                "- Sở Nội vụ;"),
    Placeholder("signer_authority", "text", "Thẩm quyền ký", "TM. ỦY BAN NHÂN DÂN"),
    Placeholder("signer_title", "text", "Chức vụ người ký", "CHỦ TỊCH"),
    Placeholder("signer_name", "text", "Họ tên người ký", "Nguyễn Văn Minh"),
    Placeholder("data_as_of", "text", "Ngày cập nhật số liệu (dd/mm/yyyy), có thể trống", "30/06/2026"),
    Placeholder("has_services", "flag", "Có số liệu giải quyết thủ tục hành chính (Phụ lục III)", "True"),
    Placeholder("draft", "flag", "Phiên bản chưa được phê duyệt (dấu DỰ THẢO do cchc thêm)", "True"),
    Placeholder("figures", "figures", "Các số liệu của kỳ, dùng dạng figures.tên (xem bảng dưới)", ""),
    Placeholder("direction", "block", "Nội dung phần công tác chỉ đạo, điều hành"),
    Placeholder("results", "block", "Nội dung phần kết quả: từng lĩnh vực, chỉ tiêu, chất lượng phục vụ, biểu đồ"),
    Placeholder("strengths", "block", "Các ưu điểm"),
    Placeholder("shortcomings", "block", "Các tồn tại, hạn chế"),
    Placeholder("causes", "block", "Các nguyên nhân"),
    Placeholder("next_tasks", "block", "Các nhiệm vụ trọng tâm kỳ tới"),
    Placeholder("proposals", "block", "Các đề xuất, kiến nghị"),
    Placeholder("appendix_tasks", "block", "Bảng Phụ lục I: tình hình thực hiện nhiệm vụ"),
    Placeholder("appendix_indicators", "block", "Bảng Phụ lục II: kết quả thực hiện chỉ tiêu"),
    Placeholder("appendix_services", "block", "Phụ lục III: bảng mẫu II.06a, ghi chú, bảng theo thủ tục"),
)

# figures.<key>: the snapshot's numbers as printed in the report (Vietnamese decimal comma).
FIGURES: tuple[tuple[str, str], ...] = (
    ("tasks_total", "Tổng số nhiệm vụ"),
    ("tasks_done", "Số nhiệm vụ đã hoàn thành (kể cả hoàn thành quá hạn)"),
    ("tasks_in_progress", "Số nhiệm vụ đang thực hiện trong hạn"),
    ("tasks_overdue", "Số nhiệm vụ quá hạn chưa hoàn thành"),
    ("tasks_not_started", "Số nhiệm vụ chưa triển khai"),
    ("completion_rate", "Tỷ lệ hoàn thành nhiệm vụ (%)"),
    ("indicators_total", "Số chỉ tiêu của kỳ"),
    ("dossiers_received", "Số hồ sơ tiếp nhận (kể cả kỳ trước chuyển qua)"),
    ("dossiers_resolved", "Số hồ sơ đã giải quyết"),
    ("dossiers_pending", "Số hồ sơ đang giải quyết"),
    ("on_time_rate", "Tỷ lệ hồ sơ đúng hạn theo Quyết định 766 (%)"),
    ("index_766_total", "Tổng điểm Chỉ số phục vụ theo Quyết định 766"),
    ("index_766_provisional", "Tổng điểm 766 là tạm tính (có chỉ số chưa có số liệu)"),
    ("cutoff", "Ngày chốt số liệu (dd/mm/yyyy)"),
)

BLOCKS = frozenset(p.name for p in PLACEHOLDERS if p.kind == "block")
FIGURE_KEYS = frozenset(k for k, _ in FIGURES)
