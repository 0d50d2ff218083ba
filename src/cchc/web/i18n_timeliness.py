"""English for the timeliness words of the drill-down page (`domain.timeliness`)."""

EN = {
    "trước hạn": "early",
    "đúng hạn": "on time",
    "quá hạn": "late",
    "trong hạn": "within time",
    "chưa đến hạn": "not yet due",
    "đến hạn ngày cuối kỳ": "due on the period's last day",
    "đang quá hạn": "overdue",
    # the service-quality page's line under the II.06a table
    "Đang giải quyết tại ngày cuối kỳ": "Pending on the period's last day",
    "Đã giải quyết, trong đó trả lại người nộp (không được tiếp nhận, dừng xử lý)":
        "Resolved, of which returned to the applicant (not accepted, processing stopped)",
    "người nộp rút": "withdrawn by the applicant",
    "Thời gian chờ bổ sung hồ sơ, tạm dừng giải quyết không tính vào thời hạn":
        "Time waiting for a supplement or paused, not counted against the deadline",
    "hồ sơ": "dossiers",
}
