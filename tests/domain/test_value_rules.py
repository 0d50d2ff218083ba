"""The value rules: no negative measurement, no extension into the past, no self-review, bounded collections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.value_rules import (
    MAX_MERGE_IDS,
    MAX_SPLIT_PARTS,
    check_extension_date,
    check_measurement,
    check_merge_ids,
    check_not_own_report,
    check_split_parts,
)

TODAY = date(2026, 12, 3)
numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.none()


@given(numbers, numbers, numbers)
def test_a_measurement_is_refused_exactly_when_one_of_its_numbers_is_negative(num, den, val):
    negative = [n for n in (num, den, val) if n is not None and n < 0]
    if negative:
        with pytest.raises(InvalidInput, match="không được âm"):
            check_measurement(numerator=num, denominator=den, value=val)
    else:
        check_measurement(numerator=num, denominator=den, value=val)


def test_a_negative_count_names_the_field():
    with pytest.raises(InvalidInput) as caught:
        check_measurement(numerator=None, denominator=None, value=-3)
    assert caught.value.where == "value" and "-3" in caught.value.message


def test_an_extension_to_1990_of_a_task_without_a_due_date_is_refused():
    with pytest.raises(InvalidInput, match="sau ngày hôm nay"):
        check_extension_date(date(1990, 1, 1), today=TODAY, current_due=None)


def test_an_extension_to_today_is_refused_and_to_tomorrow_accepted():
    with pytest.raises(InvalidInput):
        check_extension_date(TODAY, today=TODAY, current_due=None)
    check_extension_date(TODAY + timedelta(days=1), today=TODAY, current_due=None)


@given(st.integers(min_value=-400, max_value=400))
def test_an_extension_must_move_the_due_date_later(shift):
    current = date(2027, 3, 31)
    new = current + timedelta(days=shift)
    if shift <= 0:
        with pytest.raises(InvalidInput, match="hạn hiện tại"):
            check_extension_date(new, today=TODAY, current_due=current)
    else:
        check_extension_date(new, today=TODAY, current_due=current)


def test_nobody_reviews_a_report_they_submitted():
    with pytest.raises(PermissionDenied, match="tự duyệt"):
        check_not_own_report(reviewer_id=7, submitted_by=7)
    check_not_own_report(reviewer_id=7, submitted_by=8)
    check_not_own_report(reviewer_id=None, submitted_by=None)  # the system actor


def test_a_split_into_more_than_fifty_parts_is_refused_with_the_count():
    check_split_parts(["x"] * MAX_SPLIT_PARTS)
    with pytest.raises(InvalidInput, match="3500") as caught:
        check_split_parts(["x"] * 3500)
    assert caught.value.where == "parts"
    with pytest.raises(InvalidInput):
        check_split_parts(["x"])


def test_a_merge_of_more_than_fifty_tasks_is_refused():
    check_merge_ids(list(range(1, MAX_MERGE_IDS + 1)))
    with pytest.raises(InvalidInput, match=str(MAX_MERGE_IDS)):
        check_merge_ids(list(range(1, MAX_MERGE_IDS + 2)))


def test_a_merge_naming_a_task_twice_is_refused_with_its_id():
    with pytest.raises(InvalidInput, match="#5"):
        check_merge_ids([5, 6, 5])
    with pytest.raises(InvalidInput, match="trùng"):
        check_merge_ids([5, 5])
