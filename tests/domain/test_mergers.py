"""The merger rules: which former communes' records count for which commune, and for which periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.mergers import Merger, MergerCycle, MergerMap, fold_rows

JULY = date(2025, 7, 1)


def test_a_former_communes_records_count_for_its_successor():
    m = MergerMap([Merger(7, "Phường Trúc Bạch", 4, JULY), Merger(10, "Phường Quán Thánh", 4, JULY)])
    assert m.current(7) == 4 and m.current(10) == 4
    assert m.current(4) == 4 and m.current(99) == 99
    assert m.predecessors(4) == [4, 7, 10]
    assert m.remap() == {7: 4, 10: 4}
    assert m.is_former(7) and not m.is_former(4)


def test_a_chain_of_mergers_resolves_to_the_last_successor():
    m = MergerMap([Merger(1, "Xã A", 2, date(2019, 12, 1)), Merger(2, "Xã B", 3, JULY)])
    assert m.current(1) == 3
    assert m.predecessors(3) == [3, 1, 2]


def test_a_cycle_is_refused():
    with pytest.raises(MergerCycle):
        MergerMap([Merger(1, "Xã A", 2, JULY), Merger(2, "Xã B", 1, JULY)])


def test_a_successor_that_kept_a_predecessors_code_is_known_as_merged():
    m = MergerMap([Merger(4, "Phường Phúc Xá", 4, JULY), Merger(7, "Phường Trúc Bạch", 4, JULY)])
    assert m.merged_on(4) == JULY
    assert m.predecessors(4) == [4, 7]
    assert not m.is_former(4)


@pytest.mark.parametrize(("start", "end", "side"), [
    (date(2025, 1, 1), date(2025, 6, 30), "before"),
    (date(2025, 7, 1), date(2025, 9, 30), "after"),
    (date(2025, 1, 1), date(2025, 12, 31), "spanning"),
])
def test_a_period_is_before_after_or_across_the_merger(start, end, side):
    m = MergerMap([Merger(7, "Phường Trúc Bạch", 4, JULY)])
    assert m.period_side(4, start, end) == side
    assert m.period_side(99, start, end) == "none"


def test_a_former_commune_existed_until_the_day_before_its_merger():
    m = MergerMap([Merger(7, "Phường Trúc Bạch", 4, JULY)])
    assert m.existed_on(7, date(2025, 6, 30))
    assert not m.existed_on(7, JULY)
    assert m.existed_on(4, JULY)


@given(st.dictionaries(st.integers(1, 60), st.integers(61, 80), max_size=40), st.integers(1, 80))
def test_every_former_code_resolves_to_a_code_that_is_not_former(mapping, probe):
    m = MergerMap(Merger(p, f"Xã {p}", s, JULY) for p, s in mapping.items())
    assert not m.is_former(m.current(probe))
    for successor in set(mapping.values()):
        preds = m.predecessors(successor)
        assert preds[0] == successor
        assert sorted(preds[1:]) == sorted(p for p, s in mapping.items() if s == successor)


@dataclass(frozen=True)
class _Row:
    locality_code: int
    period: str
    metric: str
    numerator: float
    denominator: float
    value: float | None


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(["a", "b"]),
                          st.integers(0, 50), st.integers(0, 50)), max_size=20))
def test_folded_rows_keep_every_numerator_and_denominator_and_recompute_the_rate(items):
    rows = [_Row(code, "2025-Q1", metric, float(min(n, d)), float(d), None) for code, metric, n, d in items]
    folded = fold_rows(rows, {2: 1, 3: 1}, additive=("numerator", "denominator"),
                       rate=("value", "numerator", "denominator"), key=("period", "metric"))
    assert {r.locality_code for r in folded} <= {1}
    for metric in ("a", "b"):
        mine = [r for r in folded if r.metric == metric]
        src = [r for r in rows if r.metric == metric]
        assert len(mine) == (1 if src else 0)
        if mine:
            assert mine[0].numerator == sum(r.numerator for r in src)
            assert mine[0].denominator == sum(r.denominator for r in src)
            expected = 100 * mine[0].numerator / mine[0].denominator if mine[0].denominator else None
            assert mine[0].value == expected
