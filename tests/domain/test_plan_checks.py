"""The rules that keep a commune's plans unambiguous: duplicates, one published plan, review warnings."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.plan_checks import PlanRecord, find_duplicates, publish_conflicts, review_warnings

Y2026 = dict(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))


def test_the_same_number_symbol_in_the_same_commune_is_a_duplicate():
    old = PlanRecord(1, 100, "draft", number="15/KH-UBND")
    new = PlanRecord(2, 100, "draft", number="15 / kh-ubnd")
    assert find_duplicates(new, [old]) == [old]


def test_the_same_content_hash_is_a_duplicate_even_without_a_number():
    old = PlanRecord(1, 100, "published", sha256="ab" * 32)
    assert find_duplicates(PlanRecord(2, 100, "draft", sha256="ab" * 32), [old]) == [old]


def test_the_same_number_in_another_commune_is_not_a_duplicate():
    old = PlanRecord(1, 200, "draft", number="15/KH-UBND")
    assert find_duplicates(PlanRecord(2, 100, "draft", number="15/KH-UBND"), [old]) == []


def test_a_second_published_plan_of_the_same_year_conflicts():
    old = PlanRecord(1, 100, "published", **Y2026)
    assert publish_conflicts(PlanRecord(2, 100, "draft", **Y2026), [old]) == [old]


def test_a_closed_plan_or_another_year_or_an_appendix_does_not_conflict():
    closed = PlanRecord(1, 100, "closed", **Y2026)
    other_year = PlanRecord(3, 100, "published", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    assert publish_conflicts(PlanRecord(2, 100, "draft", **Y2026), [closed, other_year]) == []
    assert publish_conflicts(PlanRecord(4, 100, "draft", kind="appendix", **Y2026),
                             [PlanRecord(1, 100, "published", **Y2026)]) == []


@given(st.integers(2000, 2100), st.integers(2000, 2100))
def test_published_plans_conflict_exactly_when_their_years_meet(a, b):
    old = PlanRecord(1, 100, "published", period_start=date(a, 1, 1), period_end=date(a, 12, 31))
    new = PlanRecord(2, 100, "draft", period_start=date(b, 1, 1), period_end=date(b, 12, 31))
    assert bool(publish_conflicts(new, [old])) == (a == b)


def test_a_plan_issued_by_another_commune_is_flagged():
    codes = [w.code for w in review_warnings(commune_name="Phường Hoà Bình", issuer="UBND xã Tân An", refs=["1"])]
    assert codes == ["locality"]
    assert review_warnings(commune_name="Phường Hòa Bình", issuer="UBND PHƯỜNG HÒA BÌNH", refs=["1"]) == []


def test_low_confidence_and_blank_or_repeated_references_are_flagged():
    codes = [w.code for w in review_warnings(commune_name="Xã A", issuer=None, refs=["1", "1", None, "2"],
                                             confidence=0.4)]
    assert codes == ["confidence", "blank_ref", "duplicate_ref"]
