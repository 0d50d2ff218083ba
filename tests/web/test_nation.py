"""Tổng hợp toàn quốc: provinces ranked on their communes' figures, the communes table, exports, permissions."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc.dossiers import DossierStore, generate_dossiers

PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def _dossiers(tmp_path_factory: pytest.TempPathFactory, world) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("nation-dossiers") / "dossiers"
    with DossierStore(root, memory_limit=None) as store:
        store.import_table(generate_dossiers([world.locality_code, world.other_locality_code], 2026, 1200, seed=7))
    return root


@pytest.fixture()
def with_dossiers(data_dir: Path, _dossiers: Path) -> Path:
    shutil.copytree(_dossiers, data_dir / "dossiers")
    return data_dir / "dossiers"


def _province_of(data_dir: Path, world) -> int:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(data_dir / "cchc.db")
    try:
        return con.execute("SELECT province_code FROM localities WHERE code = ?", (world.locality_code,)).fetchone()[0]
    finally:
        con.close()


def test_the_ministry_sees_every_province_ranked_with_its_communes_rolled_up(client, login_as, world, with_dossiers):
    login_as("city_reviewer")
    city = client.get(f"/api/city?period={PERIOD}").json()["city"]
    login_as("ministry_reviewer")
    r = client.get(f"/api/nation?period={PERIOD}")
    assert r.status_code == 200, r.text
    nation = r.json()["nation"]
    assert len(nation["provinces"]) == 34 and nation["totals"]["communes"] == 3321
    assert [p["rank"] for p in nation["provinces"]] == list(range(1, 35))
    ours = next(p for p in nation["provinces"] if p["province_code"] == city["province_code"])
    communes = city["communes"]
    assert ours["communes"] == len(communes)
    assert ours["with_plan"] == sum(1 for c in communes if c["plan_id"]) >= 1
    assert ours["dossiers"] == sum(c["dossiers"] for c in communes) > 0
    assert ours["tasks"] == sum(c["tasks"] for c in communes) and ours["overdue"] == sum(c["overdue"] for c in communes)
    assert ours["laggards"] == sum(1 for c in communes if c["laggard"])
    assert ours["rank"] == 1  # the only province with a plan and dossiers
    assert nation["communes"]["total"] == 3321 and len(nation["communes"]["rows"]) == 50
    assert nation["communes"]["pages"] == 67


def test_the_communes_table_is_sorted_filtered_and_paged_on_the_server(client, login_as, world, with_dossiers,
                                                                       data_dir):
    login_as("ministry_reviewer")
    base = f"/api/nation?period={PERIOD}"
    first = client.get(base + "&per_page=20").json()["nation"]["communes"]
    second = client.get(base + "&per_page=20&page=2").json()["nation"]["communes"]
    assert (first["page"], second["page"]) == (1, 2)
    assert not {c["locality_code"] for c in first["rows"]} & {c["locality_code"] for c in second["rows"]}
    assert first["rows"][0]["locality_code"] in (world.locality_code, world.other_locality_code)  # the active ones
    by_rate = client.get(base + "&commune_sort=on_time_rate").json()["nation"]["communes"]
    rates = [c["on_time_rate"] for c in by_rate["rows"] if c["on_time_rate"] is not None]
    assert len(rates) == 2 and rates == sorted(rates, reverse=True) and by_rate["descending"] is True
    by_name = client.get(base + "&commune_sort=name&commune_desc=false&per_page=500").json()["nation"]["communes"]
    assert by_name["rows"][0]["name"] <= by_name["rows"][-1]["name"]
    code = _province_of(data_dir, world)
    only = client.get(base + f"&province_code={code}&per_page=500").json()["nation"]["communes"]
    assert only["total"] == len(only["rows"]) and {c["province_code"] for c in only["rows"]} == {code}
    name = next(c["name"] for c in only["rows"] if c["locality_code"] == world.locality_code)
    plain = name.lower().replace("đ", "d")
    import unicodedata

    plain = "".join(ch for ch in unicodedata.normalize("NFD", plain) if unicodedata.category(ch) != "Mn")
    found = client.get(base + f"&q={plain}&province_code={code}").json()["nation"]["communes"]
    assert world.locality_code in [c["locality_code"] for c in found["rows"]]
    lag = client.get(base + "&laggard=true&per_page=500").json()["nation"]["communes"]
    assert lag["total"] >= 1 and all(c["laggard"] for c in lag["rows"])
    far = client.get(base + "&page=9999").json()["nation"]["communes"]
    assert far["page"] == far["pages"] == 67
    assert client.get(base + "&commune_sort=colour").status_code == 422
    assert client.get(base + "&per_page=5000").status_code == 422


def test_a_city_reviewer_sees_only_their_province(client, login_as, world, data_dir):
    login_as("city_reviewer")
    code = _province_of(data_dir, world)
    nation = client.get(f"/api/nation?period={PERIOD}").json()["nation"]
    assert [p["province_code"] for p in nation["provinces"]] == [code]
    assert {c["province_code"] for c in nation["communes"]["rows"]} == {code}
    other = 79 if code != 79 else 1
    assert client.get(f"/api/city?province_code={other}&period={PERIOD}").status_code == 403
    assert client.get(f"/api/nation?period={PERIOD}&province_code={other}").status_code == 403
    assert client.get(f"/nation/communes.csv?period={PERIOD}&province_code={other}").status_code == 403


@pytest.mark.parametrize("role", ["standing_office", "leader", "unit_officer"])
def test_commune_users_cannot_open_the_national_view(client, login_as, role):
    login_as(role)
    assert client.get(f"/api/nation?period={PERIOD}").status_code == 403
    assert client.get(f"/nation/communes.csv?period={PERIOD}").status_code == 403


def test_the_ministry_drills_into_any_provinces_city_view(client, login_as, world):
    login_as("ministry_reviewer")
    page = client.get(f"/nation?period={PERIOD}")
    assert page.status_code == 200
    assert "Tổng hợp toàn quốc" in page.text and 'id="provinces"' in page.text and 'id="communes"' in page.text
    assert "/city?province_code=" in page.text and 'href="/nation"' in page.text
    assert 'id="export-xlsx"' in page.text and 'rel="next"' in page.text
    for code in (1, 79):
        r = client.get(f"/api/city?province_code={code}&period={PERIOD}")
        assert r.status_code == 200 and r.json()["city"]["province_code"] == code
    english = client.get(f"/nation?period={PERIOD}&lang=en")
    assert "National overview" in english.text and "Provinces" in english.text


def test_the_communes_export_holds_every_filtered_row_and_formula_like_names_stay_text(
    client, login_as, world, data_dir
):
    formula = '=HYPERLINK("http://example.invalid","x")'
    con = sqlite3.connect(data_dir / "cchc.db")
    con.execute("UPDATE localities SET name = ? WHERE code = ?", (formula, world.other_locality_code))
    con.commit()
    con.close()
    login_as("ministry_reviewer")
    r = client.get(f"/nation/communes.csv?period={PERIOD}&commune_sort=name&commune_desc=false")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tỉnh/thành phố", "Mã xã/phường", "Xã/phường"] and len(rows) == 1 + 3321
    mine = next(row for row in rows if row[1] == str(world.other_locality_code))
    assert mine[2] == "'" + formula
    x = client.get(f"/nation/communes.xlsx?period={PERIOD}&q=hyperlink")
    assert x.status_code == 200
    ws = load_workbook(io.BytesIO(x.content)).active
    cells = [row for row in ws.iter_rows(min_row=2) if row[1].value == world.other_locality_code]
    assert len(cells) == 1 and ws.max_row == 2
    assert cells[0][2].value == formula and cells[0][2].data_type == "s"
