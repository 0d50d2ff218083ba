from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.errors import InvalidInput
from cchc.domain.periods import Period, PeriodKind


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("Q3/2026", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2/2028", date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_period_codes_parse_to_their_calendar_span(text, start, end):
    p = Period.parse(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-13", "Q0/2026", "hôm qua"])
def test_invalid_period_codes_raise_a_clear_error(text):
    with pytest.raises(InvalidInput, match="Kỳ báo cáo không hợp lệ"):
        Period.parse(text)


def test_provincial_cutoff_runs_from_the_15th_to_the_14th():
    assert Period.parse("2026-Q1").shifted_cutoff(14) == (date(2025, 12, 15), date(2026, 3, 14))


def test_quarterly_report_is_due_before_the_10th_of_the_last_month():
    assert Period.parse("2026-Q2").report_due() == date(2026, 6, 10)


def test_next_and_previous_cross_the_year():
    q4 = Period(2026, PeriodKind.QUARTER, 4)
    assert q4.next() == Period(2027, PeriodKind.QUARTER, 1)
    assert q4.next().previous() == q4


@given(st.integers(2000, 2100), st.sampled_from(list(PeriodKind)), st.integers(1, 12))
def test_period_code_round_trips(year, kind, index):
    count = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}[kind]
    p = Period(year, kind, (index - 1) % count + 1)
    assert Period.parse(p.code) == p
    assert p.start <= p.end
    assert Period.containing(p.start, kind) == p
