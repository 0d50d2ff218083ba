"""English for the merged-communes page."""

EN = {
    "Xã cũ đã sáp nhập": "Merged former communes",
    "Không có xã cũ nào trong danh mục sáp nhập.": "No former commune is recorded as merged into this one.",
    "Kỳ": "Period",
    "trước ngày sáp nhập": "before the merger",
    "sau ngày sáp nhập": "after the merger",
    "gồm ngày sáp nhập": "spanning the merger",
    "Số liệu hồ sơ của xã/phường gồm hồ sơ của các xã cũ dưới đây.":
        "The commune's dossier figures include the dossiers of the former communes below.",
    "Mã": "Code",
    "Xã/phường": "Commune",
    "Hồ sơ tính đúng hạn": "Dossiers counted for timeliness",
    "Tỷ lệ đúng hạn (%)": "On time (%)",
    "(xã/phường hiện hành)": "(the current commune)",
    # city view: conformance column
    "Phù hợp kế hoạch cấp trên": "Fits the plans above",
    "chờ xác nhận": "to confirm",
    "chưa liên kết": "not linked",
}
