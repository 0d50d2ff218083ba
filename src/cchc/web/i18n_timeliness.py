"""English for the timeliness words of the drill-down page (`domain.timeliness`)."""

EN = {
    "trước hạn": "early",
    "đúng hạn": "on time",
    "quá hạn": "late",
    "trong hạn": "within time",
    "chưa đến hạn": "not yet due",
    "đến hạn ngày cuối kỳ": "due on the period's last day",
    "đang quá hạn": "overdue",
}
