"""Tổng hợp toàn thành phố: every commune of the reviewer's province, ranked, laggards, reference targets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def _dossiers(tmp_path_factory: pytest.TempPathFactory, world) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("city-dossiers") / "dossiers"
    with DossierStore(root, memory_limit=None) as store:
        store.import_table(generate_dossiers([world.locality_code, world.other_locality_code], 2026, 1200, seed=7))
    return root


@pytest.fixture()
def with_dossiers(data_dir: Path, _dossiers: Path) -> Path:
    shutil.copytree(_dossiers, data_dir / "dossiers")
    return data_dir / "dossiers"


def test_city_reviewer_sees_every_commune_of_the_province_with_its_figures(client, login_as, world, with_dossiers):
    login_as("city_reviewer")
    r = client.get(f"/api/city?period={PERIOD}")
    assert r.status_code == 200, r.text
    city = r.json()["city"]
    assert set(city) == {"province_code", "period", "period_label", "sort", "descending", "communes", "targets",
                         "laggard_rules"}
    codes = [c["locality_code"] for c in city["communes"]]
    assert world.locality_code in codes and world.other_locality_code in codes and len(codes) == len(set(codes))
    ours = next(c for c in city["communes"] if c["locality_code"] == world.locality_code)
    assert set(ours) == {"locality_code", "name", "plan_id", "plan_status", "tasks", "done", "overdue", "completion",
                         "completeness", "on_time_rate", "index_766", "dossiers", "checks", "rank", "laggard",
                         "laggard_reasons", "province_code", "by_status", "reports_due", "reports_submitted",
                         "indicators", "conformance"}
    assert ours["plan_id"] == world.plan_id and ours["plan_status"] == "published" and ours["tasks"] > 0
    assert sum(ours["by_status"].values()) == ours["tasks"]
    assert ours["done"] == ours["by_status"]["done"] + ours["by_status"]["done_late"]
    assert ours["overdue"] == ours["by_status"]["overdue"] and sum(ours["indicators"].values()) > 0
    with DossierStore(with_dossiers) as store:
        direct = next(m for m in compute_metrics(store, localities=[world.locality_code], period=PERIOD)
                      if m.metric == "on_time_rate")
    assert ours["on_time_rate"] == round(direct.value, 2) and ours["dossiers"] == direct.denominator
    assert ours["index_766"] is not None
    checks = {c["metric"]: c for c in ours["checks"]}
    assert checks["on_time_rate"]["national"] == 98.0
    assert checks["on_time_rate"]["national_met"] == (ours["on_time_rate"] >= 98.0)
    # Communes with neither a plan nor dossiers rank after the others.
    active = [c["rank"] for c in city["communes"] if c["plan_id"] or c["dossiers"]]
    idle = [c["rank"] for c in city["communes"] if not (c["plan_id"] or c["dossiers"])]
    assert max(active) < min(idle)


def test_ranking_is_sortable_and_laggards_carry_reasons(client, login_as, world, with_dossiers):
    login_as("city_reviewer")
    by_ontime = client.get(f"/api/city?period={PERIOD}&sort=on_time_rate").json()["city"]
    rates = [c["on_time_rate"] for c in by_ontime["communes"] if c["on_time_rate"] is not None]
    assert rates == sorted(rates, reverse=True) and by_ontime["descending"] is True
    asc = client.get(f"/api/city?period={PERIOD}&sort=on_time_rate&desc=false").json()["city"]
    assert [c["on_time_rate"] for c in asc["communes"] if c["on_time_rate"] is not None] == sorted(rates)
    for c in by_ontime["communes"]:
        assert c["laggard"] == bool(c["laggard_reasons"])
    assert any(c["laggard"] for c in by_ontime["communes"])  # the bottom decile of active communes at least
    bad = client.get(f"/api/city?period={PERIOD}&sort=colour")
    assert bad.status_code == 422 and "Không sắp xếp được" in bad.json()["error"]["message"]


def test_reference_targets_name_their_legal_source_and_mark_assumptions(client, login_as, world):
    login_as("city_reviewer")
    targets = client.get(f"/api/city?period={PERIOD}").json()["city"]["targets"]
    national = {t["metric"]: t for t in targets if t["level"] == "national"}
    assert national["satisfaction_rate"]["target"] == 95.0 and "76/NQ-CP" in national["satisfaction_rate"]["source"]
    assert national["on_time_rate"]["assumption"] is True
    assert all(t["source"] for t in targets)
    assert {t["level"] for t in targets} == {"national", "city"}


def test_city_page_renders_ranking_highlights_and_targets(client, login_as, world, with_dossiers):
    login_as("city_reviewer")
    r = client.get(f"/city?period={PERIOD}")
    assert r.status_code == 200
    assert "Tổng hợp toàn thành phố" in r.text and 'id="communes"' in r.text and 'id="targets"' in r.text
    assert 'class="laggard"' in r.text and "giả định" in r.text
    assert f"/service-quality?locality_code={world.locality_code}" in r.text
    assert 'href="/city"' in r.text and 'href="/service-quality"' in r.text  # the navigation links


@pytest.mark.parametrize("role", ["standing_office", "leader", "unit_officer"])
def test_commune_users_cannot_open_the_city_view(client, login_as, role):
    login_as(role)
    assert client.get(f"/api/city?period={PERIOD}").status_code in (403, 404)


def test_a_reviewer_cannot_open_another_province(client, login_as, world):
    login_as("other_city_reviewer")
    code = client.get(f"/api/service-quality?locality_code={world.locality_code}&period={PERIOD}")
    assert code.status_code == 403
    own = client.get(f"/api/city?period={PERIOD}")
    assert own.status_code == 200
    assert world.locality_code not in [c["locality_code"] for c in own.json()["city"]["communes"]]


def test_admin_chooses_a_province_first(client, login_as):
    login_as("admin")
    r = client.get("/city")
    assert r.status_code == 200 and 'id="provinces"' in r.text
