"""A merged commune's figures include its predecessors' dossiers, shown per predecessor before the merger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers
from cchc.quality import predecessor_figures, service_metrics, statistics_table
from cchc.services.mergers import import_mergers
from tests.services.conftest import HOA_BINH

FORMER = 90001  # a former commune merged into Hoà Bình on 1 July 2025


@pytest.fixture(scope="module")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("merged")
    with DossierStore(root / "dossiers") as store:
        # Records of the former commune under its old code, and the successor's own, all of 2025.
        store.import_table(generate_dossiers([FORMER, HOA_BINH], 2025, 1200, seed=5))
    return root


def _direct(root: Path, codes: list[int], period: str) -> dict[str, tuple[float, float]]:
    with DossierStore(root / "dossiers") as store:
        rows = compute_metrics(store, localities=codes, period=period)
    out: dict[str, tuple[float, float]] = {}
    for r in rows:
        n, d = out.get(r.metric, (0.0, 0.0))
        out[r.metric] = (n + r.numerator, d + r.denominator)
    return out


def _map(session, world) -> None:
    content = f"ma_xa_cu,ten_xa_cu,ma_xa_moi,ngay_hieu_luc\n{FORMER},Xã Cũ Một,{HOA_BINH},01/07/2025\n".encode()
    import_mergers(session, world.actor("admin"), content=content, filename="sap-nhap.csv")


def test_without_a_mapping_the_former_communes_dossiers_are_not_counted(session, world, _store_template):
    rows = service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH], period="2025-Q1",
                           data_dir=_store_template)
    own = _direct(_store_template, [HOA_BINH], "2025-Q1")
    assert {r.metric: (r.numerator, r.denominator) for r in rows} == own


@pytest.mark.parametrize("period", ["2025-Q1", "2025-Q3", "2025"])
def test_a_merged_commune_counts_its_predecessors_dossiers_in_every_period(session, world, _store_template, period):
    _map(session, world)
    rows = service_metrics(session, world.actor("office"), locality_codes=[HOA_BINH], period=period,
                           data_dir=_store_template)
    both = _direct(_store_template, [HOA_BINH, FORMER], period)
    assert {r.locality_code for r in rows} == {HOA_BINH}
    assert {r.metric: (r.numerator, r.denominator) for r in rows} == both
    for r in rows:
        assert r.value == (pytest.approx(100 * r.numerator / r.denominator) if r.denominator else None)
    own = _direct(_store_template, [HOA_BINH], period)
    assert both["received"][1] > own["received"][1] if "received" in both else True


def test_the_ii06a_table_of_a_merged_commune_adds_its_predecessors_and_stays_balanced(session, world, _store_template):
    _map(session, world)
    rows = statistics_table(session, world.actor("office"), locality_codes=[HOA_BINH], period="2025-Q1", by=None,
                            data_dir=_store_template)
    assert len(rows) == 1 and rows[0].locality_code == HOA_BINH
    with DossierStore(_store_template / "dossiers") as store:
        from cchc.dossiers import statistics_table as direct_table

        parts = direct_table(store, localities=[HOA_BINH, FORMER], period="2025-Q1")
    assert rows[0].received == sum(p.received for p in parts)
    assert rows[0].resolved == sum(p.resolved for p in parts)
    assert rows[0].balanced


@pytest.mark.parametrize(("period", "side"), [("2025-Q1", "before"), ("2025-Q3", "after"), ("2025", "spanning")])
def test_figures_are_shown_per_predecessor_with_the_side_of_the_merger(session, world, _store_template, period, side):
    _map(session, world)
    view = predecessor_figures(session, world.actor("office"), locality_code=HOA_BINH, period=period,
                               data_dir=_store_template)
    assert view.side == side
    assert view.merged_on == date(2025, 7, 1)
    assert [p["code"] for p in view.parts] == [HOA_BINH, FORMER]
    assert view.parts[1]["name"] == "Xã Cũ Một"
    former = {m["metric"]: m["denominator"] for m in view.parts[1]["metrics"]}
    assert former == {k: v[1] for k, v in _direct(_store_template, [FORMER], period).items()}


def test_the_predecessors_page_and_its_json_twin_show_the_figures_per_former_commune(session, world, _store_template):
    """Through the web app: the mapping imported by the administrator, then read by the commune's office."""
    import shutil

    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine

    from cchc.settings import Settings
    from cchc.web import create_app

    data = _store_template.parent / f"web-{session.get_bind().dialect.name}"
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the web app is tried on the SQLite copy")
    session.commit()
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(_store_template, data)
    db_file = data / "cchc.db"
    src = session.get_bind().url.database
    shutil.copy(src, db_file)
    create_engine(f"sqlite:///{db_file}").dispose()
    app = create_app(Settings(data_dir=data, database_url=f"sqlite:///{db_file}", secret_key="k" * 40,
                              period_cutoff_day=None, report_due_day=10, max_upload_bytes=1 << 20))
    with TestClient(app, raise_server_exceptions=False) as c:
        def login(username: str) -> str:
            c.cookies.clear()
            token = c.get("/api/session").json()["csrf_token"]
            r = c.post("/api/login", data={"username": username, "password": "mat-khau-thu-nghiem"},
                       headers={"X-CSRF-Token": token})
            assert r.status_code == 200, r.text
            return r.json()["csrf_token"]

        token = login("t-admin")
        csv = f"ma_xa_cu,ten_xa_cu,ma_xa_moi,ngay_hieu_luc\n{FORMER},Xã Cũ Một,{HOA_BINH},01/07/2025\n".encode()
        r = c.post("/api/mergers/import", files={"file": ("sap-nhap.csv", csv, "text/csv")},
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 200, r.text
        assert r.json()["result"]["added"] == 1
        login("t-office")
        j = c.get(f"/api/localities/{HOA_BINH}/predecessors?period=2025-Q1")
        assert j.status_code == 200, j.text
        assert j.json()["figures"]["side"] == "before"
        assert [p["code"] for p in j.json()["figures"]["parts"]] == [HOA_BINH, FORMER]
        page = c.get(f"/localities/{HOA_BINH}/predecessors?period=2025-Q1")
        assert page.status_code == 200
        assert "Xã Cũ Một" in page.text and "trước ngày sáp nhập" in page.text
        assert "Merged former communes" in c.get(f"/localities/{HOA_BINH}/predecessors?period=2025-Q1&lang=en").text
        denied = c.post("/api/mergers/import", files={"file": ("x.csv", csv, "text/csv")},
                        headers={"X-CSRF-Token": c.get("/api/session").json()["csrf_token"]})
        assert denied.status_code == 403
