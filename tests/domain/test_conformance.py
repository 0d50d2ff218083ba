"""Conformance of a commune plan with a city plan: targets by metric and meaning, deadlines, and the
city's tasks addressed to communes (suggested, then confirmed or rejected)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.conformance import (
    PlanTarget,
    PlanTaskItem,
    addressed_to_communes,
    check_conformance,
    document_label,
    parent_from_json,
    target_for_year,
    targets_from_json,
    tasks_from_json,
)
from tests.conformance_docs import city_plan, good_commune_plan, weak_commune_plan


def _check(commune: dict, decisions: dict | None = None):  # type: ignore[no-untyped-def]
    parent = parent_from_json(city_plan(), "city")
    return check_conformance([parent], targets_from_json(commune, "c:"), tasks_from_json(commune, "c:"),
                             year=2026, decisions=decisions)


def _kinds(result, ok):  # type: ignore[no-untyped-def]
    return sorted((c.kind, c.clause) for c in result.checks if c.ok is ok)


def test_the_city_document_is_named_with_its_number_date_issuer_and_decision() -> None:
    label = document_label(city_plan()["plan"])
    assert label == ("Kế hoạch cải cách hành chính năm 2026 số 30/KH-UBND ngày 15/01/2026 của UBND thành phố "
                     "Hải Phòng (ban hành kèm Quyết định số 120/QĐ-UBND)")


def test_a_commune_plan_that_follows_the_city_passes_every_target_and_suggests_its_task_matches() -> None:
    result = _check(good_commune_plan())
    assert not result.failed
    assert _kinds(result, True) == [("target_level", "II.1"), ("target_level", "II.2"), ("target_level", "II.3"),
                                    ("target_level", "II.4")]
    suggested = {c.clause: c.commune_key for c in result.pending}
    assert suggested == {"III.1": "c:t1", "III.3": "c:t2", "III.4": "c:t3"}


def test_confirmed_matches_pass_and_check_the_deadline() -> None:
    decisions = {("city:t1", "c:t1"): True, ("city:t3", "c:t2"): True, ("city:t4", "c:t3"): True}
    result = _check(good_commune_plan(), decisions)
    assert not result.pending and not result.failed
    assert ("task_deadline", "III.1") in _kinds(result, True)
    assert result.passed == 4 + 3 + 2


def test_a_commune_target_weaker_than_the_city_is_flagged() -> None:
    result = _check(weak_commune_plan())
    weak = [c for c in result.failed if c.kind == "target_level"]
    assert [(c.clause, c.details) for c in weak] == [
        ("II.1", {"parent": ">= 98%", "commune": ">= 95%"}),
        ("II.2", {"parent": ">= 60%", "commune": ">= 50%"}),
    ]
    assert weak[0].document.startswith("Kế hoạch cải cách hành chính năm 2026 số 30/KH-UBND")


def test_a_city_target_with_no_commune_counterpart_is_flagged() -> None:
    result = _check(weak_commune_plan())
    assert sorted(c.clause for c in result.failed if c.kind == "target_missing") == ["II.3", "II.4"]


def test_a_commune_target_reached_later_than_the_city_asks_is_flagged() -> None:
    [late] = [c for c in _check(weak_commune_plan()).failed if c.kind == "target_deadline"]
    assert late.clause == "II.2"
    assert late.details == {"parent": "2026-12-31", "commune": "2027-06-30"}


def test_a_city_task_for_communes_without_an_answer_is_flagged_and_a_close_one_waits_for_confirmation() -> None:
    result = _check(weak_commune_plan())
    assert sorted(c.clause for c in result.failed if c.kind == "task_answer") == ["III.3", "III.4"]
    [pending] = result.pending
    assert (pending.clause, pending.commune_key) == ("III.1", "c:t1")


def test_a_confirmed_commune_task_due_later_than_the_city_task_is_flagged() -> None:
    result = _check(weak_commune_plan(), {("city:t1", "c:t1"): True})
    [late] = [c for c in result.failed if c.kind == "task_deadline"]
    assert late.details == {"parent": "2026-06-30", "commune": "2026-10-31"}


def test_a_rejected_suggestion_is_not_suggested_again() -> None:
    result = _check(weak_commune_plan(), {("city:t1", "c:t1"): False})
    assert not result.pending
    assert "III.1" in [c.clause for c in result.failed if c.kind == "task_answer"]


def test_a_task_of_a_department_is_not_asked_of_the_commune() -> None:
    result = _check(good_commune_plan())
    assert "III.2" not in [c.clause for c in result.checks]
    assert addressed_to_communes(PlanTaskItem("k", "x", addressed="Chủ tịch UBND các xã, phường, đặc khu"))
    assert addressed_to_communes(PlanTaskItem("k", "x", addressed="UBND cấp xã"))
    assert not addressed_to_communes(PlanTaskItem("k", "x", addressed="Sở Nội vụ; Văn phòng UBND thành phố"))


def test_an_indicator_without_a_metric_code_matches_by_meaning_written_without_tone_marks() -> None:
    parent = PlanTarget("p", "Tỷ lệ văn bản điện tử", ">=", 95)
    commune = PlanTarget("c", "ty le van ban dien tu", ">=", 96)
    result = check_conformance([parent_from_json({"plan": {}}, "x")], [commune], [])
    assert not result.checks
    from cchc.domain.conformance import ParentPlanContent

    result = check_conformance([ParentPlanContent("KH", [parent])], [commune], [])
    assert [(c.kind, c.ok) for c in result.checks] == [("target_level", True)]


def test_targets_in_different_units_or_directions_are_not_compared_but_flagged() -> None:
    from cchc.domain.conformance import ParentPlanContent

    parent = ParentPlanContent("KH", [PlanTarget("p", "Thời gian giải quyết", "<=", 5, unit="ngày", metric="m")])
    for commune in (PlanTarget("c", "Thời gian giải quyết", "<=", 4, unit="giờ", metric="m"),
                    PlanTarget("c", "Thời gian giải quyết", ">=", 4, unit="ngày", metric="m")):
        [check] = check_conformance([parent], [commune], []).checks
        assert (check.kind, check.ok) == ("target_unit", False)


def test_a_multi_year_target_is_taken_for_the_plan_year_or_the_next_stated_year() -> None:
    t = PlanTarget("p", "x", ">=", 80, period_end=date(2030, 12, 31),
                   targets_by_year=((2026, ">=", 60.0), (2030, ">=", 80.0)))
    assert target_for_year(t, 2026) == (">=", 60.0, date(2026, 12, 31))
    assert target_for_year(t, 2027) == (">=", 80.0, date(2030, 12, 31))
    assert target_for_year(t, 2031) == (">=", 80, date(2030, 12, 31))
    assert target_for_year(t, None) == (">=", 80, date(2030, 12, 31))


comparators = st.sampled_from([">=", ">", "=", "<=", "<"])


@given(comparators, st.floats(0, 100), st.floats(0, 100))
def test_a_floor_is_weaker_exactly_when_lower_and_a_ceiling_exactly_when_higher(cmp: str, p: float,
                                                                                c: float) -> None:
    from cchc.domain.conformance import ParentPlanContent

    parent = ParentPlanContent("KH", [PlanTarget("p", "x", cmp, p, metric="m")])
    [check] = check_conformance([parent], [PlanTarget("c", "x", cmp, c, metric="m")], []).checks
    floor = cmp in (">=", ">", "=")
    assert check.ok is ((c >= p) if floor else (c <= p))


@given(comparators, st.floats(0, 100))
def test_a_commune_target_equal_to_the_parents_always_passes(cmp: str, p: float) -> None:
    from cchc.domain.conformance import ParentPlanContent

    parent = ParentPlanContent("KH", [PlanTarget("p", "x", cmp, p, metric="m")])
    [check] = check_conformance([parent], [PlanTarget("c", "y", cmp, p, metric="m")], []).checks
    assert check.ok is True
