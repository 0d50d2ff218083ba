"""The identities of the II.06a statistics table (Circular 01/2018 form), a pure rule over counts.

Rows that also carry the pending split (`not_yet_due`, `due_today`: the two parts of "within time") and
the resolved dossiers closed without a result (`returned` to the applicant, `withdrawn`: parts of
"resolved", SERVICE-INDICATORS.md counts every terminal status as the end of processing) are checked
for those too.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["II06aCounts", "broken_identities", "is_balanced"]


class II06aCounts(Protocol):
    """The counts of one row of the table."""

    carried_over: int
    received: int
    received_online: int
    received_direct: int
    resolved: int
    early: int
    on_time: int
    late: int
    in_progress: int
    within_time: int
    overdue: int


def broken_identities(row: II06aCounts) -> list[str]:
    """The identities of the form that `row` breaks, in Vietnamese (empty when the row balances)."""
    broken = []
    if row.carried_over + row.received != row.resolved + row.in_progress:
        broken.append("kỳ trước chuyển sang + tiếp nhận mới ≠ đã giải quyết + đang giải quyết")
    if row.resolved != row.early + row.on_time + row.late:
        broken.append("đã giải quyết ≠ trước hạn + đúng hạn + quá hạn")
    if row.in_progress != row.within_time + row.overdue:
        broken.append("đang giải quyết ≠ trong hạn + quá hạn")
    if row.received != row.received_online + row.received_direct:
        broken.append("tiếp nhận mới ≠ trực tuyến + trực tiếp, bưu chính")
    not_yet_due, due_today = getattr(row, "not_yet_due", None), getattr(row, "due_today", None)
    if not_yet_due is not None and due_today is not None and row.within_time != not_yet_due + due_today:
        broken.append("trong hạn ≠ chưa đến hạn + đến hạn ngày cuối kỳ")
    returned, withdrawn = getattr(row, "returned", None), getattr(row, "withdrawn", None)
    if returned is not None and withdrawn is not None and (
            returned < 0 or withdrawn < 0 or returned + withdrawn > row.resolved):
        broken.append("trả lại + rút > đã giải quyết")
    return broken


def is_balanced(row: II06aCounts) -> bool:
    """The form's identity: carried over + received = resolved + in progress, and each part adds up."""
    return not broken_identities(row)
