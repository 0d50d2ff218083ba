"""The II.06a identities, checked without a database."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.ii06a import broken_identities, is_balanced


@dataclass(frozen=True)
class Row:
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


def _row(carried=10, online=60, direct=40, early=30, on_time=50, late=5, within=20, overdue=5) -> Row:
    received = online + direct
    return Row(carried, received, online, direct, early + on_time + late, early, on_time, late,
               within + overdue, within, overdue)


def test_a_row_whose_parts_add_up_balances_when_totals_match():
    row = _row()  # 10 + 100 = 85 + 25
    assert is_balanced(row)
    assert broken_identities(row) == []


def test_a_late_count_that_does_not_add_up_breaks_the_resolved_identity_and_names_it():
    row = replace(_row(), late=4)
    assert not is_balanced(row)
    assert broken_identities(row) == ["đã giải quyết ≠ trước hạn + đúng hạn + quá hạn"]


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6),
       st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_rows_built_from_their_parts_balance_exactly_when_carried_over_closes_the_books(
    online, direct, early, on_time, late, within, overdue
):
    carried = early + on_time + late + within + overdue - online - direct
    row = _row(carried, online, direct, early, on_time, late, within, overdue)
    assert is_balanced(row)
    assert not is_balanced(replace(row, carried_over=carried + 1))


@dataclass(frozen=True)
class SplitRow(Row):
    not_yet_due: int = 0
    due_today: int = 0
    returned: int = 0
    withdrawn: int = 0


def test_the_pending_split_and_the_returned_and_withdrawn_parts_are_checked_when_a_row_has_them():
    # _row(): resolved 85, in progress 25 = within 20 + overdue 5.
    base = _row()
    ok = SplitRow(**base.__dict__, not_yet_due=15, due_today=5, returned=3, withdrawn=2)
    assert broken_identities(ok) == []
    assert broken_identities(replace(ok, due_today=6)) == ["trong hạn ≠ chưa đến hạn + đến hạn ngày cuối kỳ"]
    assert broken_identities(replace(ok, returned=80, withdrawn=6)) == ["trả lại + rút > đã giải quyết"]
    assert broken_identities(base) == []  # a row without the parts is checked as before
