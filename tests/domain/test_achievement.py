"""The achievement rule: an indicator's actual against its target, without a database."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.achievement import RATE_TOLERANCE, achievement
from cchc.domain.statuses import Achievement

YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


def test_no_measurement_means_no_data():
    assert achievement(actual=None, target=98, comparator=">=", unit="%", today=date(2026, 6, 30), **YEAR) == (
        Achievement.NO_DATA,
        None,
    )


def test_a_rate_that_holds_is_met():
    assert achievement(actual=98.5, target=98, comparator=">=", unit="%", today=date(2026, 6, 30), **YEAR)[0] is (
        Achievement.MET
    )


def test_a_rate_below_target_after_the_period_is_missed():
    assert achievement(actual=96.3, target=98, comparator=">=", unit="%", today=date(2027, 1, 5), **YEAR)[0] is (
        Achievement.MISSED
    )


def test_a_rate_within_five_points_while_the_period_runs_is_on_track():
    assert achievement(actual=93.5, target=98, comparator=">=", unit="%", today=date(2026, 6, 30), **YEAR)[0] is (
        Achievement.ON_TRACK
    )
    assert achievement(actual=92.9, target=98, comparator=">=", unit="%", today=date(2026, 6, 30), **YEAR)[0] is (
        Achievement.AT_RISK
    )


def test_a_count_is_judged_against_the_elapsed_share_of_the_period():
    # 1 Jan .. 2 Jul 2026 is 183 of 365 days: 10 × 183/365 = 5.01 expected
    status, expected = achievement(actual=5, target=10, comparator=">=", unit="hội nghị", today=date(2026, 7, 2), **YEAR)
    assert (status, expected) == (Achievement.AT_RISK, 5.01)
    status, _ = achievement(actual=6, target=10, comparator=">=", unit="hội nghị", today=date(2026, 7, 2), **YEAR)
    assert status is Achievement.ON_TRACK


def test_an_upper_bound_not_holding_is_at_risk_while_the_period_runs():
    assert achievement(actual=3, target=2, comparator="<=", unit="%", today=date(2026, 6, 30), **YEAR)[0] is (
        Achievement.AT_RISK
    )


@given(
    actual=st.floats(min_value=0, max_value=100, allow_nan=False),
    target=st.floats(min_value=0, max_value=100, allow_nan=False),
    days=st.integers(min_value=0, max_value=800),
)
def test_at_or_above_a_target_is_always_met_and_below_it_never_is(actual, target, days):
    today = YEAR["start"] + timedelta(days=days)
    status, _ = achievement(actual=actual, target=target, comparator=">=", unit="%", today=today, **YEAR)
    assert (status is Achievement.MET) == (actual >= target)
    if actual < target and today > YEAR["end"]:
        assert status is Achievement.MISSED
    if actual < target and today <= YEAR["end"]:
        assert status is (Achievement.ON_TRACK if actual >= target - RATE_TOLERANCE else Achievement.AT_RISK)
