"""The "Chỉ số phục vụ" pages: metric table, II.06a, 766 index and inputs, drill-down, trend; JSON twins."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest

from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def _dossiers(tmp_path_factory: pytest.TempPathFactory, world) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("web-dossiers") / "dossiers"
    with DossierStore(root, memory_limit=None) as store:
        store.import_table(generate_dossiers([world.locality_code], 2026, 800, seed=5))
    return root


@pytest.fixture()
def with_dossiers(data_dir: Path, _dossiers: Path) -> Path:
    shutil.copytree(_dossiers, data_dir / "dossiers")
    return data_dir / "dossiers"


def _metrics(store_dir: Path, code: int, **kw):  # type: ignore[no-untyped-def]
    with DossierStore(store_dir) as store:
        return compute_metrics(store, localities=[code], period=PERIOD, **kw)


def test_page_shows_metrics_ii06a_identity_766_and_the_input_form(client, login_as, world, with_dossiers):
    login_as("standing_office")
    r = client.get(f"/service-quality?period={PERIOD}&by=sector")
    assert r.status_code == 200, r.text
    html = r.text
    assert "Chỉ số phục vụ" in html and 'id="ii06a"' in html and 'id="index-groups"' in html
    assert 'id="inputs-766"' in html and 'name="csrf_token"' in html
    assert "khớp" in html and "/service-quality/trend.svg" in html
    assert "/service-quality/drill?" in html
    assert "metric=on_time_rate&outcome=excluded" in html  # the 766 on-time rate opens the late dossiers
    flat = client.get(f"/service-quality?period={PERIOD}").text
    assert "metric=online_rate&outcome=numerator" in flat and "(không đạt:" in flat


def test_json_twin_has_the_documented_shape(client, login_as, world, with_dossiers):
    login_as("leader")
    r = client.get(f"/api/service-quality?period={PERIOD}&by=unit")
    assert r.status_code == 200, r.text
    q = r.json()["quality"]
    assert set(q) == {"locality", "period", "period_label", "filters", "metrics", "totals", "ii06a", "ii06a_total",
                      "index_766", "inputs_766", "options", "dossiers", "can_enter"}
    assert q["locality"]["code"] == world.locality_code and q["period"] == PERIOD and q["can_enter"] is False
    assert q["filters"]["by"] == "unit"
    assert set(q["metrics"][0]) == {"locality_code", "period", "group", "metric", "numerator", "denominator", "value"}
    assert q["ii06a_total"]["balanced"] is True
    assert q["ii06a_total"]["total"] == q["ii06a_total"]["carried_over"] + q["ii06a_total"]["received"]
    assert {g["code"] for g in q["index_766"]["groups"]} >= {"progress", "satisfaction"}
    direct = {(r.group, r.metric): r.numerator for r in _metrics(with_dossiers, world.locality_code, by="unit")}
    assert {(m["group"], m["metric"]): m["numerator"] for m in q["metrics"]} == direct


def test_filters_narrow_the_numbers(client, login_as, world, with_dossiers):
    login_as("standing_office")
    sector = client.get(f"/api/service-quality?period={PERIOD}").json()["quality"]["options"]["sector"][0]
    q = client.get("/api/service-quality", params={"period": PERIOD, "sector": sector}).json()["quality"]
    direct = {r.metric: r.denominator for r in _metrics(with_dossiers, world.locality_code, sector=sector)}
    assert q["filters"]["sector"] == sector and q["period"] == PERIOD
    assert {m["metric"]: m["denominator"] for m in q["metrics"]} == direct


def test_drilldown_lists_the_numerators_dossiers_with_pages_and_excel(client, login_as, world, with_dossiers):
    login_as("standing_office")
    total = next(r for r in _metrics(with_dossiers, world.locality_code) if r.metric == "on_time_rate")
    params = {"period": PERIOD, "metric": "on_time_rate", "outcome": "numerator"}
    d = client.get("/api/service-quality/drill", params=params).json()["drill"]
    assert d["total"] == total.numerator and len(d["rows"]) == min(50, d["total"])
    assert set(d) >= {"rows", "total", "page", "pages", "page_size", "metric", "outcome"}
    page2 = client.get("/api/service-quality/drill", params={**params, "page": 2}).json()["drill"]
    assert {r["dossier_id"] for r in page2["rows"]}.isdisjoint({r["dossier_id"] for r in d["rows"]})
    html = client.get("/service-quality/drill", params=params)
    assert html.status_code == 200 and "Xuất Excel" in html.text and 'id="pager"' in html.text
    first = d["rows"][0]  # dossier times are shown as the centre recorded them (no time-zone shift)
    stamp = first["received_at"]
    assert f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]} {stamp[11:16]}" in html.text
    x = client.get("/service-quality/drill.xlsx", params=params)
    assert x.status_code == 200 and x.content[:2] == b"PK"
    from openpyxl import load_workbook

    assert load_workbook(BytesIO(x.content)).active.max_row == 2 + total.numerator


def test_another_communes_officer_cannot_read_metrics_or_dossiers(client, login_as, world, with_dossiers):
    login_as("other_standing_office")
    code = world.locality_code
    assert client.get(f"/api/service-quality?locality_code={code}&period={PERIOD}").status_code == 403
    r = client.get("/api/service-quality/drill", params={"locality_code": code, "period": PERIOD,
                                                         "metric": "online_rate"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert client.get(f"/service-quality/drill.xlsx?locality_code={code}&period={PERIOD}").status_code == 403


def test_city_reviewer_of_another_province_is_refused(client, login_as, world, with_dossiers):
    login_as("other_city_reviewer")
    assert client.get(f"/api/service-quality?locality_code={world.locality_code}&period={PERIOD}").status_code == 403
    login_as("city_reviewer")
    assert client.get(f"/api/service-quality?locality_code={world.locality_code}&period={PERIOD}").status_code == 200


def test_766_inputs_are_saved_by_the_standing_office_with_csrf(client, login_as, world, with_dossiers):
    token = login_as("standing_office")
    form = {"locality_code": world.locality_code, "period": PERIOD, "published_on_time": "100", "pakn_count": "0"}
    assert client.post("/api/service-quality/inputs-766", data=form).status_code == 403  # no CSRF token
    r = client.post("/service-quality/inputs-766", data={**form, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    q = client.get(f"/api/service-quality?period={PERIOD}").json()["quality"]
    assert q["inputs_766"]["published_on_time"] == 100.0
    sources = {i["code"]: i["source"] for g in q["index_766"]["groups"] for i in g["indicators"]}
    assert sources["published_on_time"] == "entered" and sources["pakn_on_time"] == "entered"
    history = client.get(f"/api/history/input_766/{world.locality_code}")
    assert history.status_code == 200, history.text
    [event] = history.json()["history"]
    assert event["action"] == "enter" and event["after"]["values"]["published_on_time"] == 100.0
    login_as("other_standing_office")
    assert client.get(f"/api/history/input_766/{world.locality_code}").status_code == 403


def test_a_bad_766_input_gives_a_vietnamese_message_and_changes_nothing(client, login_as, world, with_dossiers):
    token = login_as("standing_office")
    r = client.post("/api/service-quality/inputs-766", headers={"X-CSRF-Token": token},
                    data={"locality_code": world.locality_code, "period": PERIOD, "published_on_time": "100",
                          "pakn_on_time": "150"})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == 'pakn_on_time: "Xử lý phản ánh, kiến nghị đúng hạn" phải từ 0 đến 100 (%), nhận "150".'
    assert client.get(f"/api/service-quality?period={PERIOD}").json()["quality"]["inputs_766"] == {}


def test_a_leader_cannot_enter_766_inputs(client, login_as, world, with_dossiers):
    token = login_as("leader")
    r = client.post("/api/service-quality/inputs-766", headers={"X-CSRF-Token": token},
                    data={"locality_code": world.locality_code, "period": PERIOD, "published_on_time": "100"})
    assert r.status_code == 403


def test_refresh_writes_indicator_actuals_and_twice_changes_nothing(client, login_as, world, with_dossiers):
    token = login_as("standing_office")
    form = {"locality_code": world.locality_code, "period": PERIOD}
    first = client.post("/api/service-quality/refresh", headers={"X-CSRF-Token": token}, data=form)
    assert first.status_code == 200, first.text
    again = client.post("/api/service-quality/refresh", headers={"X-CSRF-Token": token}, data=form).json()
    assert all(i["action"] in ("unchanged", "no_data") for i in again["refresh"]["indicators"])
    assert [i["indicator_id"] for i in again["refresh"]["indicators"]] == [
        i["indicator_id"] for i in first.json()["refresh"]["indicators"]]


def test_trend_chart_is_svg_and_its_twin_is_vega_lite(client, login_as, world, with_dossiers):
    login_as("standing_office")
    svg = client.get("/service-quality/trend.svg?year=2026")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    js = client.get("/api/service-quality/trend.json?year=2026").json()
    assert js["year"] == 2026 and "$schema" in js["vega_lite"] and js["rows"]


def test_a_commune_without_dossiers_gets_an_empty_page_not_an_error(client, login_as, world):
    login_as("standing_office")
    r = client.get(f"/service-quality?period={PERIOD}")
    assert r.status_code == 200 and "Không có hồ sơ trong kỳ này." in r.text
    q = client.get(f"/api/service-quality?period={PERIOD}").json()["quality"]
    assert q["dossiers"] == 0 and all(m["value"] is None for m in q["metrics"])


def test_a_bad_period_is_a_422_with_the_message(client, login_as, world):
    login_as("standing_office")
    r = client.get("/api/service-quality?period=2026-Q7")
    assert r.status_code == 422 and "Kỳ báo cáo không hợp lệ" in r.json()["error"]["message"]


def test_a_unit_officer_reads_the_page_without_the_entry_forms(client, login_as, world, with_dossiers):
    login_as("unit_officer")
    r = client.get(f"/service-quality?period={PERIOD}")
    assert r.status_code == 200 and 'id="ii06a"' in r.text
    assert 'id="inputs-766"' not in r.text and "/service-quality/refresh" not in r.text


def test_the_refresh_form_redirects_back_with_a_summary(client, login_as, world, with_dossiers):
    token = login_as("standing_office")
    r = client.post("/service-quality/refresh", data={"locality_code": world.locality_code, "period": PERIOD,
                                                      "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/service-quality?")
    page = client.get(r.headers["location"])
    assert "chỉ tiêu đo từ hồ sơ" in page.text


def test_the_page_splits_pending_dossiers_and_each_count_opens_exactly_its_dossiers(client, login_as, world,
                                                                                    with_dossiers):
    import re

    login_as("standing_office")
    html = client.get(f"/service-quality?period={PERIOD}").text
    split = re.search(r'<p id="pending-split">(.*?)</p>', html, re.S)
    assert split is not None and "chưa đến hạn" in split.group(1)
    with DossierStore(with_dossiers) as store:
        from cchc.dossiers import statistics_table

        [t] = statistics_table(store, localities=[world.locality_code], period=PERIOD, by=None)
    assert t.within_time == t.not_yet_due + t.due_today and t.waited > 0
    for outcome, count in (("not_yet_due", t.not_yet_due), ("waited", t.waited), ("withdrawn", t.withdrawn)):
        if count:
            assert f"&outcome={outcome}" in split.group(1)
            r = client.get(f"/api/service-quality/drill?period={PERIOD}&outcome={outcome}&page_size=500")
            assert r.status_code == 200, r.text
            assert r.json()["drill"]["total"] == count
