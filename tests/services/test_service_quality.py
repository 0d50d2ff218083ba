"""Service indicators joined with the workspace: permissions, drill-down, 766 inputs, indicator actuals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc import quality as sq
from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers
from cchc.services.indicators import list_measurements
from cchc.store.audit import AuditRepository

from .conftest import HOA_BINH

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def _dossier_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sq-data")
    with DossierStore(root / "dossiers", memory_limit=None) as store:
        store.import_table(generate_dossiers([HOA_BINH], 2026, 1500, seed=3))
    return root


@pytest.fixture()
def data_dir(_dossier_template: Path, tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(_dossier_template, d)
    return d


def _direct(data_dir: Path, period: str = PERIOD):  # type: ignore[no-untyped-def]
    with DossierStore(data_dir / "dossiers") as store:
        return {r.metric: r for r in compute_metrics(store, localities=[HOA_BINH], period=period)}


class TestReadPermissions:
    def test_standing_office_reads_its_commune_metrics_as_the_dossier_layer_computes_them(self, session, world,
                                                                                          data_dir):
        rows = sq.service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH], period=PERIOD,
                                  data_dir=data_dir)
        direct = _direct(data_dir)
        assert {r.metric: (r.numerator, r.denominator) for r in rows} == {
            k: (v.numerator, v.denominator) for k, v in direct.items()}
        assert direct["on_time_rate"].denominator > 0

    def test_commune_officer_cannot_read_another_communes_metrics_or_dossiers(self, session, world, data_dir):
        for key in ("office", "lead_officer", "leader"):
            with pytest.raises(PermissionDenied):
                sq.service_metrics(session, world.actor(key), locality_codes=[world.other_locality],
                                   period=PERIOD, data_dir=data_dir)
            with pytest.raises(PermissionDenied):
                sq.drilldown(session, world.actor(key), locality_code=world.other_locality, period=PERIOD,
                             metric="on_time_rate", data_dir=data_dir)
        with pytest.raises(PermissionDenied):
            sq.service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH, world.other_locality],
                               period=PERIOD, data_dir=data_dir)

    def test_city_reviewer_reads_only_communes_of_their_province(self, session, world, data_dir):
        rows = sq.index_766(session, world.actor("reviewer"), locality_codes=[HOA_BINH], period=PERIOD,
                            data_dir=data_dir)
        assert rows[0].locality_code == HOA_BINH
        with pytest.raises(PermissionDenied):
            sq.statistics_table(session, world.actor("other_reviewer"), locality_codes=[HOA_BINH], period=PERIOD,
                                data_dir=data_dir)

    def test_a_bad_period_or_grouping_is_refused_with_the_field_named(self, session, world, data_dir):
        with pytest.raises(InvalidInput) as exc:
            sq.service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH], period="2026-Q5",
                               data_dir=data_dir)
        assert exc.value.where == "period" and "Kỳ báo cáo không hợp lệ" in exc.value.message
        with pytest.raises(InvalidInput) as exc:
            sq.service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH], period=PERIOD,
                               by="colour", data_dir=data_dir)
        assert exc.value.where == "by"


class TestDrilldown:
    def test_drilldown_lists_as_many_dossiers_as_the_numerator_page_by_page(self, session, world, data_dir):
        office = world.actor("office")
        rows = sq.service_metrics(session, office, locality_codes=[HOA_BINH], period=PERIOD, by="sector",
                                  data_dir=data_dir)
        row = max((r for r in rows if r.metric == "on_time_rate"), key=lambda r: r.denominator)
        page = sq.drilldown(session, office, locality_code=HOA_BINH, period=PERIOD, metric="on_time_rate",
                            outcome="numerator", sector=row.group, page_size=20, data_dir=data_dir)
        assert page.total == row.numerator
        assert len(page.rows) == min(20, page.total) and page.pages == -(-page.total // 20)
        excluded = sq.drilldown(session, office, locality_code=HOA_BINH, period=PERIOD, metric="on_time_rate",
                                outcome="excluded", sector=row.group, page=1, data_dir=data_dir)
        assert excluded.total == row.denominator - row.numerator
        last = sq.drilldown(session, office, locality_code=HOA_BINH, period=PERIOD, metric="on_time_rate",
                            outcome="numerator", sector=row.group, page=page.pages, page_size=20, data_dir=data_dir)
        assert len(last.rows) == page.total - 20 * (page.pages - 1)

    def test_drilldown_exports_every_dossier_to_excel(self, session, world, data_dir):
        from io import BytesIO

        from openpyxl import load_workbook

        office = world.actor("office")
        direct = _direct(data_dir)["online_rate"]
        content = sq.drilldown_excel(session, office, locality_code=HOA_BINH, period=PERIOD, metric="online_rate",
                                     data_dir=data_dir)
        sheet = load_workbook(BytesIO(content)).active
        assert sheet.max_row == 2 + direct.numerator  # title, header, one row per dossier
        assert sheet.cell(2, 3).value == "Mã hồ sơ"


class TestManual766Inputs:
    def test_standing_office_enters_inputs_audited_and_the_index_shows_them_as_entered(self, session, world,
                                                                                        data_dir):
        office = world.actor("office")
        before = sq.index_766(session, office, locality_codes=[HOA_BINH], period=PERIOD, data_dir=data_dir)[0]
        assert "published_on_time" in before.missing
        saved = sq.enter_766_inputs(session, office, locality_code=HOA_BINH, period=PERIOD,
                                    values={"published_on_time": "100", "pakn_on_time": "95,5%", "pakn_count": "3",
                                            "updated_on_time": ""}, data_dir=data_dir)
        assert saved == {"published_on_time": 100.0, "pakn_on_time": 95.5, "pakn_count": 3.0}
        again = sq.enter_766_inputs(session, office, locality_code=HOA_BINH, period=PERIOD,
                                    values={"pakn_count": "1.234"}, data_dir=data_dir)
        assert again["pakn_count"] == 1234.0 and again["pakn_on_time"] == 95.5
        after = sq.index_766(session, office, locality_codes=[HOA_BINH], period=PERIOD, data_dir=data_dir)[0]
        sources = {i.code: i.source for g in after.groups for i in g.indicators}
        assert sources["published_on_time"] == "entered" and sources["pakn_on_time"] == "entered"
        assert sources["updated_on_time"] == "missing" and sources["on_time"] == "measured"
        assert after.total > before.total
        events = AuditRepository(session).history("input_766", HOA_BINH)
        assert len(events) == 2 and events[1].before["values"] == {"pakn_count": 3.0}
        assert events[0].username == office.username and events[0].ip == "10.0.0.1"
        assert events[0].after["values"]["pakn_on_time"] == 95.5 and events[0].before["values"]["pakn_on_time"] is None

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"published_on_time": "120"}, '"Công bố, công khai TTHC đúng hạn" phải từ 0 đến 100 (%), nhận "120".'),
            ({"pakn_on_time": "abc"}, '"Xử lý phản ánh, kiến nghị đúng hạn": "abc" không phải là số.'),
            ({"pakn_count": "-1"}, '"Số phản ánh, kiến nghị (PAKN) trong kỳ" phải là số nguyên không âm, nhận "-1".'),
            ({"published_on_time": "90", "on_time": "100"}, "Chỉ số 766 không nhận nhập tay: 'on_time'."),
            ({"published_on_time": " "}, "Chưa nhập giá trị nào."),
        ],
    )
    def test_bad_numbers_are_refused_in_vietnamese_and_nothing_changes(self, session, world, data_dir, values,
                                                                       message):
        with pytest.raises(InvalidInput) as exc:
            sq.enter_766_inputs(session, world.actor("office"), locality_code=HOA_BINH, period=PERIOD, values=values,
                                data_dir=data_dir)
        assert exc.value.message == message
        with DossierStore(data_dir / "dossiers") as store:
            assert store.inputs_766().num_rows == 0
        assert AuditRepository(session).history("input_766", HOA_BINH) == []

    @pytest.mark.parametrize("key", ["leader", "lead_officer", "reviewer", "other_office"])
    def test_only_the_communes_standing_office_may_enter_inputs(self, session, world, data_dir, key):
        with pytest.raises(PermissionDenied):
            sq.enter_766_inputs(session, world.actor(key), locality_code=HOA_BINH, period=PERIOD,
                                values={"published_on_time": "100"}, data_dir=data_dir)


class TestRefreshIndicatorActuals:
    def test_refresh_writes_the_dossier_value_of_bound_indicators_once(self, session, world, data_dir):
        office = world.actor("office")
        first = sq.refresh_indicator_actuals(session, office, locality_code=HOA_BINH, period=PERIOD,
                                             data_dir=data_dir)
        direct = _direct(data_dir)["online_rate"]
        [item] = first.indicators  # only indicator "1" carries a dossier metric (online_rate)
        assert item.indicator_id == world.indicators["1"] and item.action == "created"
        assert (item.numerator, item.denominator) == (direct.numerator, direct.denominator)
        assert item.value == round(direct.value, 2)
        assert item.achievement in ("met", "on_track", "at_risk", "missed")
        second = sq.refresh_indicator_actuals(session, office, locality_code=HOA_BINH, period=PERIOD,
                                              data_dir=data_dir)
        assert [i.action for i in second.indicators] == ["unchanged"]
        ms = [m for m in list_measurements(session, office, indicator_id=world.indicators["1"])
              if m.period == PERIOD]
        assert len(ms) == 1 and ms[0].source.value == "dossiers" and ms[0].numerator == direct.numerator
        assert list_measurements(session, office, indicator_id=world.indicators["2"]) == []

    def test_refresh_updates_the_measurement_when_new_dossiers_arrive(self, session, world, data_dir):
        office = world.actor("office")
        sq.refresh_indicator_actuals(session, office, locality_code=HOA_BINH, period=PERIOD, data_dir=data_dir)
        with DossierStore(data_dir / "dossiers") as store:
            store.import_table(generate_dossiers([HOA_BINH], 2026, 300, seed=9, first_number=900_000))
        again = sq.refresh_indicator_actuals(session, office, locality_code=HOA_BINH, period=PERIOD,
                                             data_dir=data_dir)
        assert [i.action for i in again.indicators] == ["updated"]
        assert again.indicators[0].denominator == _direct(data_dir)["online_rate"].denominator
        ms = [m for m in list_measurements(session, office, indicator_id=world.indicators["1"])
              if m.period == PERIOD]
        assert len(ms) == 1

    def test_a_period_without_dossiers_writes_nothing(self, session, world, data_dir):
        result = sq.refresh_indicator_actuals(session, world.actor("office"), locality_code=HOA_BINH,
                                              period="2025-Q4", data_dir=data_dir)
        assert [i.action for i in result.indicators] == ["no_data"]
        assert list_measurements(session, world.actor("office"), indicator_id=world.indicators["1"]) == []

    @pytest.mark.parametrize("key", ["leader", "reviewer", "other_office"])
    def test_only_the_standing_office_refreshes(self, session, world, data_dir, key):
        with pytest.raises(PermissionDenied):
            sq.refresh_indicator_actuals(session, world.actor(key), locality_code=HOA_BINH, period=PERIOD,
                                         data_dir=data_dir)


class TestQualityPage:
    def test_page_data_holds_metrics_ii06a_index_and_filter_options(self, session, world, data_dir):
        page = sq.quality_page(session, world.actor("leader"), locality_code=HOA_BINH, period=PERIOD, by="sector",
                               data_dir=data_dir)
        assert page.ii06a and all(r.balanced for r in page.ii06a)
        assert page.ii06a_total is not None and page.ii06a_total.total == sum(r.total for r in page.ii06a)
        assert page.index is not None and page.options["sector"] and not page.can_enter
        data = page.to_json()
        assert set(data) >= {"locality", "period", "metrics", "ii06a", "ii06a_total", "index_766", "options"}


class TestDemo:
    def test_demo_ward_gets_dossiers_up_to_today_and_dossier_actuals_for_each_quarter(self, session, tmp_path,
                                                                                       backend):
        from datetime import date

        from cchc.demo import seed_demo
        from cchc.domain.metrics import DOSSIER_METRICS
        from cchc.domain.periods import Period
        from cchc.kernel.actor import Actor
        from cchc.reporting import dossier_quality
        from cchc.services.plans import get_plan

        if backend != "sqlite":
            pytest.skip("one backend is enough for the demo")
        today = date(2026, 8, 20)
        result = seed_demo(session, data_dir=tmp_path, today=today)
        with DossierStore(tmp_path / "dossiers") as store:
            [info] = store.overview()
            assert info["locality_code"] == HOA_BINH and 15_000 <= info["dossiers"] <= 30_000
            assert info["last_received"].date() <= today
            assert store.con.execute("SELECT count(*) FROM dossiers WHERE resolved_at >= DATE '2026-08-21' "
                                     "OR returned_at >= DATE '2026-08-21'").fetchone()[0] == 0
        office = Actor.system()
        plan = get_plan(session, office, plan_id=result.plan_id)
        bound = [i for i in plan.indicators if i.metric in {m.value for m in DOSSIER_METRICS}]
        assert bound
        periods = {m.period for m in list_measurements(session, office, indicator_id=bound[0].id)
                   if m.source.value == "dossiers"}
        assert periods == {"2026-Q1", "2026-Q2", "2026-Q3"}
        q = dossier_quality(tmp_path)(HOA_BINH, Period.parse("2026-Q2"))
        assert q.rows and q.index_766 and not q.index_missing  # Q2 has its 766 inputs
        assert sq.index_766(session, office, locality_codes=[HOA_BINH], period="2026-Q3",
                            data_dir=tmp_path)[0].missing  # the current quarter waits for its inputs


def test_every_public_function_route_and_command_is_in_the_docs():
    import inspect
    import re

    from cchc.views import city

    doc = (Path(__file__).resolve().parents[2] / "docs" / "service-quality.md").read_text(encoding="utf-8")
    for module in (sq, city):
        for name in module.__all__:
            fn = getattr(module, name)
            if not inspect.isfunction(fn):
                continue
            lines = "\n".join(line for line in doc.splitlines() if f"{name}(" in line)
            assert lines, f"{module.__name__}.{name} is missing from docs/service-quality.md"
            kw = [p.name for p in inspect.signature(fn).parameters.values() if p.kind is p.KEYWORD_ONLY]
            assert not [p for p in kw if p not in lines], f"{name}: options missing from the docs"
    from cchc.web.routes import city as city_routes
    from cchc.web.routes import service_quality as sq_routes

    for router in (sq_routes.router, city_routes.router):
        for route in router.routes:
            path = route.path[4:] if route.path.startswith("/api/") else route.path
            assert re.search(rf"`{re.escape(path)}[`?]", doc) or path.endswith(".json"), path
    assert "cchc indicators refresh --locality" in doc


class TestCli:
    def test_indicators_refresh_prints_the_actuals_and_is_idempotent(self, backend, request, tmp_path,
                                                                       _dossier_template, monkeypatch):
        import json

        from typer.testing import CliRunner

        from cchc.cli import app
        from cchc.domain.errors import CchcError

        if backend != "sqlite":
            pytest.skip("the CLI is tested on SQLite")
        template, world = request.getfixturevalue("_sqlite_world")
        engine = template.engine_copy(tmp_path)
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()
        monkeypatch.setenv("CCHC_DATA", str(_dossier_template))
        runner = CliRunner()
        first = runner.invoke(app, ["indicators", "refresh", "--locality", str(HOA_BINH), "--period", PERIOD,
                                    "--url", url, "--json"])
        assert first.exit_code == 0, first.output
        data = json.loads(first.output)
        assert [i["action"] for i in data["indicators"]] == ["created"]
        again = runner.invoke(app, ["indicators", "refresh", "--locality", str(HOA_BINH), "--period", PERIOD,
                                    "--url", url])
        assert again.exit_code == 0, again.output
        assert "1 không đổi" in again.output
        bad = runner.invoke(app, ["indicators", "refresh", "--locality", str(HOA_BINH), "--period", "2026-Q9",
                                  "--url", url])
        assert isinstance(bad.exception, CchcError) and "Kỳ báo cáo không hợp lệ" in bad.exception.message
