"""Charts print figures the Vietnamese way (comma decimals, dot thousands) and month labels that do not overlap."""

from __future__ import annotations

import re

import pytest

from cchc.reports import charts
from cchc.reports.data import MonthlyRates

pytest.importorskip("vl_convert")


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _months(rates: list[float]) -> list[MonthlyRates]:
    return [MonthlyRates(month=f"2026-{i:02d}", on_time_rate=rate) for i, rate in enumerate(rates, start=1)]


def test_a_rate_with_a_decimal_is_printed_with_a_comma():
    svg = charts.to_svg(charts.on_time_by_month(_months([97.5, 98.25, 96.0])))
    texts = _texts(svg)
    assert "97,5" in texts and "98,3" in texts, texts
    assert not any(re.fullmatch(r"\d+\.\d", t) for t in texts), texts


def test_thousands_on_an_axis_are_grouped_with_a_dot():
    import altair as alt

    chart = alt.Chart(alt.Data(values=[{"n": 12500, "k": "a"}])).mark_bar().encode(x="n:Q", y="k:N")
    texts = _texts(charts.to_svg(chart))
    assert any(re.fullmatch(r"\d{1,2}\.\d{3}", t) for t in texts), texts
    assert not any("," in t and re.fullmatch(r"[\d,]+", t) for t in texts), texts


def test_a_year_of_months_is_labelled_on_a_slant_and_never_overlaps():
    spec = charts.on_time_by_month(_months([90.0 + i / 2 for i in range(12)])).to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelAngle"] != 0 and axis["labelOverlap"] == "greedy"
    short = charts.on_time_by_month(_months([90.0, 91.0, 92.0])).to_dict()
    assert short["layer"][0]["encoding"]["x"]["axis"]["labelAngle"] == 0
