"""The set-based overview (services/overview.py) gives each commune's dashboard figures in a fixed number of queries.

The reference is the per-commune path: the plan the old province overview picked for the commune, then
`dashboard.dashboard(...)` for it, and the dossier metrics and 766 index read for that commune alone.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cchc.domain.periods import Period
from cchc.domain.statuses import TaskStatus
from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers, index_766
from cchc.kernel import localities
from cchc.kernel.actor import Actor
from cchc.services import dashboard, extensions, indicators, plans, progress, tasks
from cchc.services.overview import commune_figures, dossier_figures
from cchc.store.plans import PlanRepository
from cchc.views import city

TODAY = date(2026, 8, 17)  # a Monday: a task due on Saturday 15/8 is not overdue yet, one due Friday 14/8 is
PERIOD = "2026-Q3"
HAI_PHONG = 31


def _deadline(ref: str, due: str, lead: str = "phong_kinh_te") -> dict[str, Any]:
    return {
        "ref": ref, "origin": "table", "area": "procedures", "objective": None, "task": f"Nhiệm vụ {ref}",
        "activity": None, "output": None, "lead": [{"unit": lead, "raw": lead, "inferred": False}], "support": [],
        "timeline": {"kind": "deadline", "raw": due, "from": None, "to": None, "due": due, "every": None,
                     "offset_days": None},
        "funding": None,
    }


def _plan(plan_json, issued_on: str = "2026-01-10") -> bytes:  # type: ignore[no-untyped-def]
    doc = plan_json()
    doc["plan"]["issued_on"] = issued_on
    doc["tasks"] += [
        _deadline("6", "2026-12-31"),  # not started, a report is owed this quarter
        _deadline("7", "2026-07-31"),  # paused
        _deadline("8", "2026-07-31", lead="van_phong"),  # cancelled
        _deadline("9", "2026-08-10", lead="van_phong"),  # extended to 30/9
        _deadline("10", "2026-08-15", lead="tt_phvhcc"),  # Saturday: due Monday 17/8, not overdue on 17/8
        _deadline("11", "2026-08-14", lead="tt_phvhcc"),  # Friday: overdue on 17/8
    ]
    return json.dumps(doc, ensure_ascii=False).encode()


def _published(session, admin, code: int, files: Path, plan_json, issued_on: str = "2026-01-10"):  # type: ignore[no-untyped-def]
    view = plans.import_plan(session, admin, content=_plan(plan_json, issued_on), filename=f"kh-{code}-{issued_on}.json",
                             locality_code=code, data_dir=files)
    return plans.publish_plan(session, admin, plan_id=view.id, version=view.version)


def _work(session, admin, plan, variant: int) -> None:  # type: ignore[no-untyped-def]
    """Reports, statuses, triggers, an extension and measurements: a different mix for each variant."""
    ids = {t.ref: t for t in plan.tasks}

    def report(ref: str, period: str, status: TaskStatus, done_on: str | None = None) -> None:
        progress.submit_progress(session, admin, task_id=ids[ref].id, period=period, status=status, percent=50,
                                 results="Đã triển khai", done_on=done_on)

    report("1", "2026-Q2", TaskStatus.DONE, "2026-05-08" if variant % 2 else "2026-04-20")  # done late / done
    if variant != 1:
        report("2", PERIOD, TaskStatus.IN_PROGRESS)
    report("5", "2026-Q2", TaskStatus.DONE, "2026-06-20")
    if variant % 3 == 0:
        report("6", PERIOD, TaskStatus.IN_PROGRESS)
    if variant != 2:
        tasks.record_trigger(session, admin, task_id=ids["3"].id, occurred_on=date(2026, 5, 12),
                             description="Thành phố ban hành")  # due 11/6: overdue
    t7 = tasks.get_task(session, admin, task_id=ids["7"].id).task
    tasks.set_task_status(session, admin, task_id=t7.id, version=t7.version, status=TaskStatus.PAUSED,
                          reason="Chờ hướng dẫn")
    if variant % 2 == 0:
        t8 = tasks.get_task(session, admin, task_id=ids["8"].id).task
        tasks.set_task_status(session, admin, task_id=t8.id, version=t8.version, status=TaskStatus.CANCELLED,
                              reason="Không còn phù hợp")
    if variant != 3:
        ext = extensions.request_extension(session, admin, task_id=ids["9"].id, new_due_on="2026-09-30",
                                           reason="Chờ kinh phí")
        extensions.decide_extension(session, admin, extension_id=ext.id, approve=True)
    inds = {i.ref: i.id for i in plan.indicators}
    indicators.record_measurement(session, admin, indicator_id=inds["1"], period=PERIOD, value=60 + 10 * variant)
    if variant % 2:
        indicators.record_measurement(session, admin, indicator_id=inds["1"], period=PERIOD, numerator=90,
                                      denominator=100, source="dossiers")
        indicators.record_measurement(session, admin, indicator_id=inds["2"], period=PERIOD, value=variant)


def _seed(session, world, plan_json, communes: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Communes of Hải Phòng: published plans with work of every kind, a draft only, two plans, none."""
    admin = Actor.system(ip="test")
    codes = [x.code for x in localities.list_localities(session, province_code=HAI_PHONG, limit=200)
             if x.code != world.locality][:communes]
    for i, code in enumerate(codes):
        if i % 5 == 4:
            plans.import_plan(session, admin, content=_plan(plan_json), filename=f"nhap-{code}.json",
                              locality_code=code, data_dir=world.files)  # a draft only
            continue
        plan = _published(session, admin, code, world.files, plan_json)
        _work(session, admin, plan, i % 5)
        if i % 5 == 3:  # a later plan of the same commune wins
            later = _published(session, admin, code, world.files, plan_json, issued_on="2026-03-01")
            _work(session, admin, later, 0)
    return codes


def _reference(session, code: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """What the per-commune path gives for a commune: the plan chosen as before, then its dashboard."""
    admin = Actor.system(ip="test")
    repo = PlanRepository(session)
    plan = repo.current_published(code) or next(iter(repo.list(locality_codes=[code])), None)
    if plan is None:
        return {"plan_id": None, "tasks": 0, "completeness": None, "by_status": None}
    board = dashboard.dashboard(session, admin, locality_code=code, period=PERIOD, plan_id=plan.id, today=TODAY)
    statuses = Counter(t.status.value for t in tasks.list_tasks(session, admin, plan_id=plan.id, today=TODAY))
    return {
        "plan_id": plan.id,
        "plan_status": plan.status.value,
        "tasks": sum(a.total for a in board.by_area),
        "done": sum(a.done + a.done_late for a in board.by_area),
        "overdue": len(board.overdue),
        "by_area": {k: sum(getattr(a, k) for a in board.by_area)
                    for k in ("done", "done_late", "overdue", "in_progress", "not_started", "other")},
        "by_status": {s.value: statuses.get(s.value, 0) for s in TaskStatus},
        "reports_due": sum(u.reports_due for u in board.by_unit),
        "reports_submitted": sum(u.reports_submitted for u in board.by_unit),
        "completeness": board.completeness if plan.status.value == "published" else None,
        "indicators": Counter(i.achievement.value for i in board.indicators),
    }


def test_every_figure_of_every_commune_equals_its_dashboard(session, world, plan_json):
    codes = [world.locality, *_seed(session, world, plan_json, 10)]
    figures = {f.locality_code: f for f in commune_figures(session, province_codes=[HAI_PHONG],
                                                             period=Period.parse(PERIOD), today=TODAY)}
    assert len(figures) == 114 and set(codes) <= set(figures)
    seen = Counter()
    for code, fig in figures.items():
        ref = _reference(session, code)
        assert fig.plan_id == ref["plan_id"], code
        if ref["plan_id"] is None:
            assert (fig.tasks, fig.completeness, fig.plan_status) == (0, None, None)
            continue
        assert fig.plan_status == ref["plan_status"]
        assert (fig.tasks, fig.done, fig.overdue) == (ref["tasks"], ref["done"], ref["overdue"]), code
        assert fig.by_status == ref["by_status"], code
        for key in ("done", "done_late", "overdue", "in_progress", "not_started"):
            assert fig.by_status[key] == ref["by_area"][key], (code, key)
        assert fig.by_status["paused"] + fig.by_status["cancelled"] == ref["by_area"]["other"]
        assert (fig.reports_due, fig.reports_submitted) == (ref["reports_due"], ref["reports_submitted"]), code
        assert fig.completeness == ref["completeness"], code
        assert {k: v for k, v in fig.indicators.items() if v} == dict(ref["indicators"]), code
        seen.update(k for k, v in fig.by_status.items() if v)
        seen.update(k for k, v in fig.indicators.items() if v)
        seen["draft" if fig.plan_status == "draft" else "published"] += 1
    # The seeded province exercises every status, every measured achievement and both kinds of plan.
    assert set(TaskStatus) <= set(seen) and {"met", "at_risk", "no_data", "draft", "published"} <= set(seen)


def test_the_dossier_figures_of_all_communes_equal_each_communes_own(tmp_path):
    codes = [11533, 11506, 11509, 11512, 11515]
    with DossierStore(tmp_path / "dossiers", memory_limit=None) as store:
        store.import_table(generate_dossiers(codes[:4], 2026, 4000, seed=3))
        store.set_766_inputs([{"locality_code": 11506, "period": PERIOD, "indicator": "pakn_on_time", "value": 90}])
        per = Period.parse(PERIOD)
        together = dossier_figures(store, localities=codes, period=per, cutoff_day=None)
        assert set(together) == set(codes[:4])  # a commune without dossiers has none
        for code in codes[:4]:
            alone = {m.metric: m for m in compute_metrics(store, localities=[code], period=per)}
            assert together[code].metrics == alone
            assert together[code].index_766 == index_766(store, localities=[code], period=per)[0].total


def _count_statements(session, run) -> int:  # type: ignore[no-untyped-def]
    engine = session.get_bind()
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_city_overview_issues_as_many_statements_for_12_communes_as_for_3(session, world, plan_json, tmp_path):
    admin = Actor.system(ip="test")
    codes = [x.code for x in localities.list_localities(session, province_code=HAI_PHONG, limit=200)
             if x.code != world.locality]

    def overview() -> None:
        city.city_overview(session, admin, province_code=HAI_PHONG, period=PERIOD, today=TODAY, data_dir=tmp_path)

    def seed(batch: list[int]) -> None:
        for i, code in enumerate(batch):
            _work(session, admin, _published(session, admin, code, world.files, plan_json), i % 5)
        session.flush()

    seed(codes[:2])  # with Hoà Bình's plan: 3 communes with a plan
    few = _count_statements(session, overview)
    seed(codes[2:11])  # 12
    many = _count_statements(session, overview)
    # the overview's own statements, one stamping the province's writes (what its kept figures depend on),
    # plus the conformance of every commune with the plans above it (at most 6)
    assert few == many <= 15
    rows = city.city_overview(session, admin, province_code=HAI_PHONG, period=PERIOD, today=TODAY,
                              data_dir=tmp_path).communes
    assert sum(1 for c in rows if c.plan_id is not None) == 12


def test_the_province_overview_keeps_its_figures_and_order(session, world, plan_json):
    _seed(session, world, plan_json, 5)
    rows = dashboard.province_overview(session, Actor.system(ip="test"), province_code=HAI_PHONG, period=PERIOD,
                                       today=TODAY)
    with_plan = [r for r in rows if r.plan_id is not None]
    assert len(with_plan) == 6 and all(r.plan_id is None for r in rows[len(with_plan):])
    published = [r for r in with_plan if r.completeness is not None]
    assert [r.completeness for r in published] == sorted((r.completeness for r in published), reverse=True)
    for r in with_plan:
        ref = _reference(session, r.locality_code)
        assert (r.tasks, r.done, r.overdue, r.completeness) == (ref["tasks"], ref["done"], ref["overdue"],
                                                               ref["completeness"])


@pytest.mark.parametrize("who", ["office", "leader", "other_reviewer"])
def test_only_the_provinces_reviewers_the_ministry_and_admins_open_a_city_overview(session, world, who, tmp_path):
    from cchc.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        city.city_overview(session, world.actor(who), province_code=HAI_PHONG, period=PERIOD, data_dir=tmp_path)


def test_the_ministry_reviewer_opens_any_provinces_city_overview(session, world, tmp_path):
    from cchc.kernel.actor import Role

    ministry = Actor(user_id=None, username="bo-noi-vu", role=Role.MINISTRY_REVIEWER)
    for code in (HAI_PHONG, world.other_province):
        view = city.city_overview(session, ministry, province_code=code, period=PERIOD, today=TODAY, data_dir=tmp_path)
        assert view.province_code == code and view.communes


def test_dossier_figures_follow_the_next_import_into_the_shared_store(tmp_path):
    from cchc.services.overview import shared_dossier_store

    root = tmp_path / "dossiers"
    per = Period.parse(PERIOD)
    with DossierStore(root, memory_limit=None) as writer:
        writer.import_table(generate_dossiers([11533, 11506], 2026, 2000, seed=5))
        store = shared_dossier_store(root)
        assert shared_dossier_store(root) is store  # one per process
        before = dossier_figures(store, localities=[11533, 11506], period=per, cutoff_day=None)
        assert before == dossier_figures(store, localities=[11533, 11506], period=per, cutoff_day=None)
        writer.import_table(generate_dossiers([11533], 2026, 3000, seed=6, first_number=10_000))
        after = dossier_figures(store, localities=[11533, 11506], period=per, cutoff_day=None)
        fresh = {m.metric: m for m in compute_metrics(writer, localities=[11533], period=per)}
    assert after[11533].metrics == fresh
    assert after[11533].metrics["on_time_rate"].denominator > before[11533].metrics["on_time_rate"].denominator
    assert after[11506] == before[11506]


def test_a_committed_write_recomputes_only_the_figures_of_the_commune_written(committed_world, plan_json):
    from sqlalchemy.orm import sessionmaker

    from cchc.kernel.cache_generations import LOCALITY, track_writes
    from cchc.services.overview import figures_by_province

    engine, world = committed_world
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    track_writes(factory)
    admin, per = Actor.system(ip="test"), Period.parse(PERIOD)

    def figures(s) -> dict:  # type: ignore[no-untyped-def]
        parts = figures_by_province(s, province_codes=[HAI_PHONG, other], period=per, today=TODAY)
        return {f.locality_code: f for fs in parts.values() for f in fs}

    with factory() as s:
        other = next(p.code for p in localities.list_provinces(s) if p.code != HAI_PHONG)
        first = figures(s)
        assert all(f is first[c] for c, f in figures(s).items())  # nothing written: every commune kept
        code = next(x.code for x in localities.list_localities(s, province_code=HAI_PHONG, limit=200)
                    if x.code != world.locality)
        _published(s, admin, code, world.files, plan_json)
        assert figures(s)[code].plan_id is not None  # its own uncommitted write is never hidden
        s.info[LOCALITY] = code  # the commune written (as the web app records the writer's commune)
        s.commit()
    with factory() as s:
        after = figures(s)
        assert [c for c, f in after.items() if f is not first[c]] == [code]  # only the commune written
        fresh = commune_figures(s, province_codes=[HAI_PHONG, other], period=per, today=TODAY)
        assert {f.locality_code: vars(f) for f in fresh} == {c: vars(f) for c, f in after.items()}
        assert after[code].plan_id is not None
