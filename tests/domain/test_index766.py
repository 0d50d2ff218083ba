"""The Decision 766 scoring as a pure rule: points from rates and entered values, without a database."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.index766 import GROUPS_766, INDICATORS_766, score_766


@dataclass
class Rate:
    locality_code: int | None
    period: str
    metric: str
    value: float | None
    group: str | None = None


def _one(rates: dict[str, float], inputs: dict[str, float] | None = None):
    rows = [Rate(1, "2026-Q3", m, v) for m, v in rates.items()]
    entered = [{"locality_code": 1, "period": "2026-Q3", "indicator": k, "value": v} for k, v in (inputs or {}).items()]
    return score_766(rows, entered, localities=[1], periods=["2026-Q3"])[0]


def _indicator(index, code):
    return next(i for g in index.groups for i in g.indicators if i.code == code)


def test_an_on_time_rate_scores_its_share_of_twenty_points():
    index = _one({"on_time_rate": 96.5})
    assert _indicator(index, "on_time").points == 19.3
    assert _indicator(index, "on_time").source == "measured"


def test_online_dossiers_are_scored_after_the_portal_sync_share():
    # 40 % online × 90 % synchronised = 36 % against a threshold of 50 %: 6 × 36/50 = 4.32
    index = _one({"online_rate": 40.0, "portal_sync_rate": 90.0})
    assert _indicator(index, "online_dossiers").points == 4.32


def test_an_indicator_without_a_figure_is_missing_and_scores_nothing():
    index = _one({"on_time_rate": 100.0})
    assert "published_on_time" in index.missing
    assert _indicator(index, "published_on_time").points is None
    assert not index.complete


def test_no_feedback_in_the_period_gives_both_feedback_indicators_their_points():
    index = _one({}, {"pakn_count": 0})
    assert _indicator(index, "pakn_on_time").points == _indicator(index, "pakn_on_time").max_points
    assert _indicator(index, "pakn_on_time").source == "entered"


def test_the_six_groups_add_up_to_one_hundred_points():
    assert sum(mx for _, mx in GROUPS_766.values()) == 100


@given(st.dictionaries(st.sampled_from([d.code for d in INDICATORS_766 if d.metric is None]),
                       st.floats(min_value=0, max_value=100, allow_nan=False)),
       st.floats(min_value=0, max_value=100, allow_nan=False))
def test_no_group_exceeds_its_maximum_and_the_total_is_their_sum(inputs, on_time):
    index = _one({"on_time_rate": on_time}, inputs)
    for g in index.groups:
        assert 0 <= g.points <= g.max_points + 1e-9
    assert abs(index.total - sum(g.points for g in index.groups)) < 1e-3
    assert abs(index.total - index.measured_points - index.entered_points) < 1e-2 or index.total < (
        index.measured_points + index.entered_points
    )
