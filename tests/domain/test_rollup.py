"""A province's figures from its communes' (domain/rollup.py), without a database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.rollup import CommuneTotals, roll_up


@st.composite
def communes(draw):  # type: ignore[no-untyped-def]
    tasks = draw(st.integers(0, 200))
    dossiers = draw(st.integers(0, 5000))
    published = draw(st.booleans())
    due = draw(st.integers(0, 100))
    return CommuneTotals(
        tasks=tasks,
        done=draw(st.integers(0, tasks)),
        overdue=draw(st.integers(0, tasks)),
        has_plan=published or draw(st.booleans()),
        published=published,
        reports_due=due,
        reports_submitted=draw(st.integers(0, due)),
        dossiers=dossiers,
        on_time=draw(st.integers(0, dossiers)),
        index_766=draw(st.none() | st.floats(0, 100)),
        laggard=draw(st.booleans()),
    )


def test_a_province_with_one_commune_has_that_communes_rates():
    one = CommuneTotals(tasks=8, done=6, overdue=1, has_plan=True, published=True, reports_due=4,
                        reports_submitted=3, dossiers=200, on_time=190, index_766=71.25)
    p = roll_up([one])
    assert (p.completion, p.completeness, p.on_time_rate, p.index_766) == (75.0, 75.0, 95.0, 71.25)


def test_dossiers_are_pooled_and_the_766_index_is_averaged():
    big = CommuneTotals(dossiers=900, on_time=900, index_766=90.0)
    small = CommuneTotals(dossiers=100, on_time=0, index_766=50.0)
    p = roll_up([big, small, CommuneTotals()])
    assert p.on_time_rate == 90.0  # 900 of 1000, not the mean of 100 % and 0 %
    assert p.index_766 == 70.0  # the commune without an index does not count as 0
    assert (p.communes, p.dossiers, p.on_time) == (3, 1000, 900)


def test_completeness_counts_only_communes_with_a_published_plan():
    draft = CommuneTotals(tasks=5, has_plan=True, reports_due=10, reports_submitted=0)
    assert roll_up([draft]).completeness is None
    quiet = CommuneTotals(tasks=5, has_plan=True, published=True)
    assert roll_up([draft, quiet]).completeness == 100.0


def test_a_province_without_anything_has_no_rates():
    p = roll_up([])
    assert (p.communes, p.completion, p.completeness, p.on_time_rate, p.index_766) == (0, None, None, None, None)


@settings(deadline=None)  # arithmetic only; a busy machine must not fail it on time
@given(st.lists(communes(), max_size=30))
def test_counts_add_up_and_rates_lie_between_the_communes(items):
    p = roll_up(items)
    assert p.tasks == sum(c.tasks for c in items) and p.laggards == sum(c.laggard for c in items)
    assert p.with_plan == sum(c.has_plan for c in items) and p.overdue == sum(c.overdue for c in items)
    rates = [100.0 * c.on_time / c.dossiers for c in items if c.dossiers]
    if rates:
        assert min(rates) - 0.01 <= p.on_time_rate <= max(rates) + 0.01
    else:
        assert p.on_time_rate is None
    scores = [c.index_766 for c in items if c.index_766 is not None]
    if scores:
        assert min(scores) - 0.01 <= p.index_766 <= max(scores) + 0.01
    for rate in (p.completion, p.completeness, p.on_time_rate, p.index_766):
        assert rate is None or 0.0 <= rate <= 100.0
