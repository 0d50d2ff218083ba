"""English for the report-template page (the province's .docx template) and its messages."""

from __future__ import annotations

from cchc.reports.placeholders import FIGURES, PLACEHOLDERS

__all__ = ["EN_TEMPLATES"]

_DESCRIPTIONS_EN = {
    "locality_name": "Name of the commune or ward (its kind and name, spelled one way)",
    "locality_code": "Code of the commune or ward",
    "issuer_lines": "Lines of the issuing body's name (in capitals with the upper filter)",
    "parent_body": "Superior body (the line above the issuing body), may be empty",
    "number_line": "Number and symbol line",
    "number": "Document number (empty until the clerk assigns one)",
    "symbol": "Document symbol",
    "place_date": "Place and date",
    "report_date": "Report date (dd/mm/yyyy, or … when not yet set)",
    "subject": "Subject line of the report",
    "period_label": "Name of the reporting period",
    "period_code": "Code of the reporting period",
    "kind_label": "Kind of period (quarter, half-year, year)",
    "next_period_label": "The next period (next quarter, next six months, next year)",
    "basis": "Opening paragraphs: the grounds of the report",
    "recipients": "Recipients, each line starting with «- », the archive line last",
    "signer_authority": "Signing authority",
    "signer_title": "Title of the signer",
    "signer_name": "Full name of the signer",
    "data_as_of": "Date the figures were last updated (dd/mm/yyyy), may be empty",
    "has_services": "There are administrative-procedure figures (Appendix III)",
    "draft": "The version is not approved (cchc adds the DRAFT mark)",
    "figures": "The period's figures, written figures.name (see the rows below)",
    "direction": "Content of the direction and management part",
    "results": "Content of the results part: each area, indicators, service quality, charts",
    "strengths": "Strengths",
    "shortcomings": "Shortcomings and limitations",
    "causes": "Causes",
    "next_tasks": "Key tasks of the next period",
    "proposals": "Proposals and recommendations",
    "appendix_tasks": "Appendix I table: progress of the tasks",
    "appendix_indicators": "Appendix II table: results of the indicators",
    "appendix_services": "Appendix III: form II.06a table, its note, the table by procedure",
}

_FIGURES_EN = {
    "tasks_total": "Number of tasks",
    "tasks_done": "Tasks completed (late completions included)",
    "tasks_in_progress": "Tasks in progress within their deadline",
    "tasks_overdue": "Tasks overdue and not completed",
    "tasks_not_started": "Tasks not started",
    "completion_rate": "Task completion rate (%)",
    "indicators_total": "Number of indicators of the period",
    "dossiers_received": "Dossiers received (carried over from the previous period included)",
    "dossiers_resolved": "Dossiers resolved",
    "dossiers_pending": "Dossiers being processed",
    "on_time_rate": "On-time rate of dossiers per Decision 766 (%)",
    "index_766_total": "Total score of the Decision 766 service index",
    "index_766_provisional": "The 766 total is provisional (some indicators have no data)",
    "cutoff": "Cut-off date of the figures (dd/mm/yyyy)",
}

EN_TEMPLATES: dict[str, str] = {
    "Mẫu báo cáo": "Report template",
    "Mẫu báo cáo cải cách hành chính của tỉnh, thành phố": "The province's PAR report template",
    "Báo cáo định kỳ của các xã/phường được trình bày theo mẫu này: bố cục, thứ tự các phần và câu chữ cố định "
    "nằm trong tệp Word (.docx); cchc điền số liệu và các phần đã soạn vào các trường của mẫu.":
        "The communes' periodic reports are laid out with this template: the layout, the order of the parts and "
        "the fixed wording are in a Word file (.docx); cchc fills the template's placeholders with the figures "
        "and the drafted parts.",
    "Tỉnh, thành phố": "Province or city",
    "Tải mẫu mặc định theo Nghị định 30/2020/NĐ-CP (.docx)": "Download the Decree 30/2020/ND-CP default template (.docx)",
    "Mẫu đang dùng": "Template in use",
    "Tải về": "Download",
    "Mẫu mặc định theo Nghị định 30/2020/NĐ-CP": "The Decree 30/2020/ND-CP default template",
    "tải lên bởi": "uploaded by",
    "Trở lại mẫu mặc định": "Back to the default template",
    "Tải lên mẫu của tỉnh, thành phố": "Upload the province's template",
    "Tệp mẫu báo cáo": "Report template file",
    "Kiểm tra và dùng mẫu": "Check and use the template",
    "Các mẫu đã tải lên": "Templates uploaded",
    "Tệp": "File",
    "Người tải lên": "Uploaded by",
    "Lúc": "At",
    "Đang dùng": "In use",
    "có": "yes",
    "Các trường của mẫu": "The template's placeholders",
    "Trường văn bản viết {{ tên }}; danh sách viết bằng vòng lặp đoạn {%p for x in tên %} … {%p endfor %}; "
    "khối nội dung viết {{p tên }} trên một đoạn riêng. Mẫu dùng trường không có trong danh sách sẽ bị từ chối.":
        "A text placeholder is written {{ name }}; a list with a paragraph loop {%p for x in name %} … "
        "{%p endfor %}; a content block as {{p name }} on a paragraph of its own. A template that uses a "
        "placeholder not in this list is refused.",
    "Trường": "Placeholder",
    "Loại": "Kind",
    "Nội dung": "Content",
    "văn bản": "text",
    "danh sách": "list",
    "khối nội dung": "content block",
    "đúng/sai": "true/false",
    "số liệu": "figures",
    "Đã trở lại mẫu mặc định theo Nghị định 30/2020/NĐ-CP.": "Back to the Decree 30/2020/ND-CP default template.",
    "Chỉ Sở Nội vụ của tỉnh, thành phố (hoặc quản trị) được thay mẫu báo cáo.":
        "Only the province's Department of Home Affairs (or an administrator) may change the report template.",
    "Mẫu báo cáo phải là tệp Word .docx.": "The report template must be a Word .docx file.",
    "Tỉnh, thành phố đang dùng mẫu mặc định.": "The province already uses the default template.",
    "Chưa chọn tỉnh, thành phố.": "No province chosen.",
    "Tệp không phải là tài liệu Word (.docx) đọc được.": "The file is not a readable Word document (.docx).",
}
EN_TEMPLATES.update({p.description: _DESCRIPTIONS_EN[p.name] for p in PLACEHOLDERS})
EN_TEMPLATES.update({d: _FIGURES_EN[k] for k, d in FIGURES})
