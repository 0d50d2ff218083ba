"""Parent plans, links and conformance on the database: the city publishes its plan once, communes link
to it, each sees its own checks and confirms suggested matches; the city sees every commune set-based."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.kernel import localities
from cchc.kernel.actor import Actor
from cchc.services import conformance, plans
from cchc.services.reference_targets import resolved_targets
from tests.conformance_docs import city_plan, good_commune_plan, weak_commune_plan
from tests.services.conftest import HOA_BINH


def _json(data: dict) -> bytes:  # type: ignore[type-arg]
    return json.dumps(data, ensure_ascii=False).encode()


def _city(session, world):  # type: ignore[no-untyped-def]
    return conformance.import_parent_plan(session, world.actor("reviewer"), content=_json(city_plan()),
                                          filename="ke-hoach-thanh-pho.json", data_dir=world.files)


def _commune(session, world, actor, code, doc):  # type: ignore[no-untyped-def]
    return plans.import_plan(session, actor, content=_json(doc), filename=f"kh-{code}.json", locality_code=code,
                             data_dir=world.files)


def test_the_city_publishes_its_plan_once_with_its_level_province_and_decision(session, world) -> None:
    parent = _city(session, world)
    assert (parent.level, parent.province_code, parent.number, parent.decision_number) == (
        "province", 31, "30/KH-UBND", "120/QĐ-UBND")
    for who in ("office", "other_office", "reviewer"):
        assert [p.id for p in conformance.list_parent_plans(session, world.actor(who))] == [parent.id]
    assert conformance.list_parent_plans(session, world.actor("other_reviewer")) == []


def test_only_the_citys_own_officers_may_publish_a_city_plan(session, world) -> None:
    for who in ("office", "other_reviewer"):
        with pytest.raises(PermissionDenied):
            conformance.import_parent_plan(session, world.actor(who), content=_json(city_plan()),
                                           filename="kh.json", data_dir=world.files)


def test_a_linked_commune_plan_shows_its_checks_and_confirmed_matches_are_stored(session, world) -> None:
    parent = _city(session, world)
    office = world.actor("office")
    plan = _commune(session, world, office, HOA_BINH, good_commune_plan())
    conformance.link_plan(session, office, plan_id=plan.id, parent_plan_id=parent.id)
    view = conformance.plan_conformance(session, office, plan_id=plan.id)
    assert [p.id for p in view.linked] == [parent.id]
    assert (view.result.passed, len(view.result.failed), len(view.result.pending)) == (4, 0, 3)
    for check in view.result.pending:
        conformance.decide_task_match(session, office, plan_id=plan.id, parent_key=check.parent_key,
                                      task_id=int(check.commune_key[1:]), confirmed=True)
    view = conformance.plan_conformance(session, office, plan_id=plan.id)
    assert not view.result.pending and not view.result.failed
    assert view.result.passed == 9
    assert view.to_json()["checks"][0]["document"].startswith("Kế hoạch cải cách hành chính năm 2026 số 30/KH-UBND")


def test_a_rejected_match_is_stored_and_the_task_is_flagged_unanswered(session, world) -> None:
    parent = _city(session, world)
    office = world.actor("office")
    plan = _commune(session, world, office, HOA_BINH, weak_commune_plan())
    conformance.link_plan(session, office, plan_id=plan.id, parent_plan_id=parent.id)
    [pending] = conformance.plan_conformance(session, office, plan_id=plan.id).result.pending
    conformance.decide_task_match(session, office, plan_id=plan.id, parent_key=pending.parent_key,
                                  task_id=int(pending.commune_key[1:]), confirmed=False)
    result = conformance.plan_conformance(session, office, plan_id=plan.id).result
    assert not result.pending
    assert sorted(c.clause for c in result.failed if c.kind == "task_answer") == ["III.1", "III.3", "III.4"]


def test_a_commune_cannot_link_or_decide_for_another_commune(session, world) -> None:
    parent = _city(session, world)
    plan = _commune(session, world, world.actor("office"), HOA_BINH, good_commune_plan())
    with pytest.raises(PermissionDenied):
        conformance.link_plan(session, world.actor("other_office"), plan_id=plan.id, parent_plan_id=parent.id)


def test_a_plan_of_another_province_cannot_be_linked(session, world) -> None:
    admin = Actor.system(ip="test")
    other = conformance.import_parent_plan(session, admin, content=_json(city_plan()), filename="kh.json",
                                           level="province", province_code=world.other_province,
                                           data_dir=world.files)
    with pytest.raises(InvalidInput):
        conformance.link_plan(session, world.actor("office"), plan_id=world.plan_id, parent_plan_id=other.id)


def test_conformance_by_commune_takes_a_fixed_number_of_queries_for_all_communes(session, world) -> None:
    parent = _city(session, world)
    admin = Actor.system(ip="test")
    codes = [x.code for x in localities.list_localities(session, province_code=31, limit=6) if x.code != HOA_BINH]
    good = _commune(session, world, world.actor("office"), HOA_BINH, good_commune_plan())
    conformance.link_plan(session, world.actor("office"), plan_id=good.id, parent_plan_id=parent.id)

    def counted() -> tuple[int, list]:  # type: ignore[type-arg]
        statements: list[str] = []
        engine = session.get_bind()
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            rows = conformance.conformance_by_commune(session, world.actor("reviewer"), 31)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements), rows

    session.flush()
    first, _ = counted()
    for code in codes[:3]:
        weak = _commune(session, world, admin, code, weak_commune_plan())
        conformance.link_plan(session, admin, plan_id=weak.id, parent_plan_id=parent.id)
    session.flush()
    again, rows = counted()
    assert again == first <= 6
    by_code = {r.locality_code: r for r in rows}
    assert (by_code[HOA_BINH].passed, by_code[HOA_BINH].failed, by_code[HOA_BINH].pending) == (4, 0, 3)
    weak_row = by_code[codes[0]]
    assert (weak_row.passed, weak_row.failed, weak_row.pending) == (0, 7, 1)
    assert {f["clause"] for f in weak_row.failures} == {"II.1", "II.2", "II.3", "II.4", "III.3", "III.4"}
    with pytest.raises(PermissionDenied):
        conformance.conformance_by_commune(session, world.actor("other_reviewer"), 31)


def test_reference_targets_come_from_the_imported_city_plan_with_document_and_clause(session, world) -> None:
    before = {(t.metric, t.level): t for t in resolved_targets(session, 31, year=2026)}
    assert before[("on_time_rate", "city")].assumption
    _city(session, world)
    after = {(t.metric, t.level): t for t in resolved_targets(session, 31, year=2026)}
    on_time = after[("on_time_rate", "city")]
    assert (on_time.target, on_time.assumption, on_time.clause) == (98.0, False, "II.1")
    assert on_time.source.endswith("(ban hành kèm Quyết định số 120/QĐ-UBND), mục II.1")
    assert after[("online_rate", "city")].target == 60.0  # the 2026 figure of a multi-year target
    assert after[("on_time_rate", "national")] == before[("on_time_rate", "national")]  # constant fallback


def test_the_city_view_shows_each_linked_communes_conformance(session, world, tmp_path) -> None:
    from cchc.views.city import city_overview

    parent = _city(session, world)
    good = _commune(session, world, world.actor("office"), HOA_BINH, good_commune_plan())
    conformance.link_plan(session, world.actor("office"), plan_id=good.id, parent_plan_id=parent.id)
    session.flush()
    view = city_overview(session, world.actor("reviewer"), province_code=31, period="2026-Q3", data_dir=tmp_path)
    ours = next(c for c in view.communes if c.locality_code == HOA_BINH)
    assert ours.conformance == {"total": 7, "passed": 4, "failed": 0, "pending": 3}
    others = [c for c in view.communes if c.locality_code != HOA_BINH]
    assert all(c.conformance is None for c in others)
    assert ours.to_json()["conformance"]["passed"] == 4


def test_the_city_and_national_views_check_communes_against_the_imported_city_plans_targets(
        session, world, tmp_path) -> None:
    from cchc.services.reference_targets import targets_by_province
    from cchc.views.city import city_overview

    _city(session, world)
    session.flush()
    view = city_overview(session, world.actor("reviewer"), province_code=31, period="2026-Q3", data_dir=tmp_path)
    on_time = next(t for t in view.targets if t.metric == "on_time_rate" and t.level == "city")
    assert (on_time.target, on_time.clause) == (98.0, "II.1")
    commune = view.communes[0]
    check = next(c for c in commune.checks if c.metric == "on_time_rate")
    assert check.city == 98.0
    # Several provinces at once give each its own city figures, and the same national ones.
    both = targets_by_province(session, [31, 1], year=2026)
    assert next(t for t in both[31] if t.metric == "on_time_rate" and t.level == "city").target == 98.0
    assert next(t for t in both[1] if t.metric == "on_time_rate" and t.level == "city").assumption
    assert [t for t in both[31] if t.level == "national"] == [t for t in both[1] if t.level == "national"]
