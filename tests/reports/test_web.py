"""The Báo cáo page and the public page through the web app (FastAPI TestClient)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from cchc.settings import Settings  # noqa: E402

from .conftest import CODE, PASSWORD, World  # noqa: E402


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    from cchc.web.app import create_app

    settings = Settings(data_dir=world.data_dir, database_url=world.url, secret_key="k" * 40, period_cutoff_day=None,
                        report_due_day=10, max_upload_bytes=1024 * 1024)
    with TestClient(create_app(settings)) as c:
        yield c


def _login(client: TestClient, username: str) -> str:
    client.cookies.clear()
    token = client.get("/api/session").json()["csrf_token"]
    r = client.post("/api/login", data={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


class TestPublicPage:
    def test_anyone_sees_progress_by_area_without_logging_in(self, client: TestClient) -> None:
        client.cookies.clear()
        r = client.get(f"/public/{CODE}")
        assert r.status_code == 200, r.text
        assert "Xã Hòa Bình" in r.text and "Cải cách thủ tục hành chính" in r.text
        assert 'id="as-of"' in r.text
        assert "set-cookie" not in r.headers
        assert r.headers["cache-control"] == "public, max-age=300"
        assert r.headers["etag"]

    def test_a_matching_etag_answers_304_without_a_body(self, client: TestClient) -> None:
        client.cookies.clear()
        etag = client.get(f"/public/{CODE}").headers["etag"]
        r = client.get(f"/public/{CODE}", headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.content == b""

    def test_json_twin_has_aggregates_and_nothing_private(self, client: TestClient) -> None:
        client.cookies.clear()
        data = client.get(f"/api/public/{CODE}").json()
        assert sum(a["total"] for a in data["overview"]["areas"]) == 29
        text = str(data)
        for private in ("Kết quả nhiệm vụ số", "thuongtruc", "donvi", "Thiếu công chức", "csrf"):
            assert private not in text

    def test_charts_come_as_svg_and_vega_lite(self, client: TestClient) -> None:
        client.cookies.clear()
        svg = client.get(f"/public/{CODE}/charts/areas.svg")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert svg.text.lstrip().startswith("<svg")
        spec = client.get(f"/api/public/{CODE}/charts/areas.json").json()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert client.get(f"/public/{CODE}/charts/nope.svg").status_code == 404

    def test_search_leads_to_the_public_page_of_a_commune(self, client: TestClient) -> None:
        client.cookies.clear()
        r = client.get("/public", params={"q": "Hòa Bình"})
        assert r.status_code == 200 and f'href="/public/{CODE}"' in r.text
        assert r.headers["cache-control"] == "public, max-age=300"
        assert client.get("/api/public", params={"q": "Hòa Bình"}).json()["localities"]

    def test_unknown_commune_is_404(self, client: TestClient) -> None:
        assert client.get("/api/public/99999999").status_code == 404


class TestReportPage:
    def test_standing_office_edits_generates_and_downloads(self, client: TestClient) -> None:
        token = _login(client, "thuongtruc")
        page = client.get("/reports?period=2026-Q2")
        assert page.status_code == 200, page.text
        assert 'name="area.institutions"' in page.text and "Tạo phiên bản mới" in page.text
        r = client.post("/reports/draft", data={"csrf_token": token, "locality": str(CODE), "period": "2026-Q2",
                                                "strengths": "Ưu điểm do văn phòng viết lại"}, follow_redirects=False)
        assert r.status_code == 303
        api = client.get(f"/api/reports?locality={CODE}&period=2026-Q2").json()
        assert api["draft"]["edits"]["strengths"] == "Ưu điểm do văn phòng viết lại"
        made = client.post("/api/reports/generate", data={"locality": str(CODE), "period": "2026-Q2"},
                           headers={"X-CSRF-Token": token}).json()["version"]
        doc = client.get(f"/reports/{CODE}/2026-Q2/v{made['version']}.docx")
        assert doc.status_code == 200 and doc.content[:2] == b"PK"
        xlsx = client.get(f"/reports/{CODE}/2026-Q2/v{made['version']}.xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    def test_leader_approves_but_cannot_edit(self, client: TestClient) -> None:
        token = _login(client, "thuongtruc")
        made = client.post("/api/reports/generate", data={"locality": str(CODE), "period": "2026-Q2"},
                           headers={"X-CSRF-Token": token}).json()["version"]
        token = _login(client, "chutich")
        r = client.post("/api/reports/draft", data={"locality": str(CODE), "period": "2026-Q2", "strengths": "x"},
                        headers={"X-CSRF-Token": token})
        assert r.status_code == 403
        assert r.json()["error"]["code"] == "forbidden"
        ok = client.post("/api/reports/approve", data={"locality": str(CODE), "period": "2026-Q2",
                                                      "version": str(made["version"])}, headers={"X-CSRF-Token": token})
        assert ok.status_code == 200, ok.text
        assert ok.json()["version"]["approved_by"] == "chutich"
        page = client.get("/reports?period=2026-Q2")
        assert "Đã duyệt" in page.text

    def test_draft_preview_and_monthly_notice_download_without_making_a_version(self, client: TestClient) -> None:
        _login(client, "thuongtruc")
        before = len(client.get(f"/api/reports?locality={CODE}&period=2026-Q2").json()["versions"])
        preview = client.get(f"/reports/{CODE}/2026-Q2/draft.docx")
        assert preview.status_code == 200 and preview.content[:2] == b"PK"
        assert len(client.get(f"/api/reports?locality={CODE}&period=2026-Q2").json()["versions"]) == before
        notice = client.get(f"/reports/notice/{CODE}/2026-05.docx")
        assert notice.status_code == 200 and notice.content[:2] == b"PK"
        assert "thong-bao-chi-so-phuc-vu" in notice.headers["content-disposition"]
        sheet = client.get(f"/reports/notice/{CODE}/2026-05.xlsx")
        assert sheet.status_code == 200 and sheet.content[:2] == b"PK"

    def test_pdf_of_a_version_is_made_once_and_kept(self, client: TestClient, soffice: str) -> None:
        token = _login(client, "thuongtruc")
        made = client.post("/api/reports/generate", data={"locality": str(CODE), "period": "2026-Q2"},
                           headers={"X-CSRF-Token": token}).json()["version"]
        assert "pdf" not in made["files"]
        pdf = client.get(f"/reports/{CODE}/2026-Q2/v{made['version']}.pdf")
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
        versions = client.get(f"/api/reports?locality={CODE}&period=2026-Q2").json()["versions"]
        assert "pdf" in next(v for v in versions if v["version"] == made["version"])["files"]

    def test_anonymous_visitors_are_sent_to_login(self, client: TestClient) -> None:
        client.cookies.clear()
        assert client.get("/api/reports").status_code == 401
