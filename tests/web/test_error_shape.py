"""The one error shape: JSON `{"error": {"code", "message"}}` under /api/, an HTML page elsewhere."""

from __future__ import annotations


def test_unknown_api_path_gives_the_json_error_shape(client):
    r = client.get("/api/khong-co")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "not_found", "message": "Không tìm thấy trang hoặc dữ liệu yêu cầu."}}


def test_unknown_page_gives_an_html_error_page_with_the_same_message(client):
    r = client.get("/khong-co")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy trang hoặc dữ liệu yêu cầu." in r.text


def test_api_without_login_is_401_json(client):
    r = client.get("/api/plans")
    assert r.status_code == 401
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "unauthenticated"
    assert body["error"]["message"]


def test_page_without_login_redirects_to_login(client):
    r = client.get("/plans", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/plans"


def test_validation_errors_are_422_with_a_vietnamese_message(client, login_as):
    login_as("standing_office")
    r = client.get("/api/plans/abc")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"
    assert r.json()["error"]["message"].startswith("Dữ liệu nhập không hợp lệ")


def test_cchc_errors_keep_their_status_code_and_message(client, login_as):
    login_as("standing_office")
    r = client.get("/api/plans/999999")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    page = client.get("/plans/999999")
    assert page.status_code == 404
    assert r.json()["error"]["message"].split(".")[0] in page.text


def test_html_error_page_links_back_to_the_page_the_user_came_from(client, world, login_as):
    login_as("standing_office")
    r = client.get("/plans/999999", headers={"referer": "http://testserver/plans"})
    assert r.status_code == 404
    assert 'href="/plans" id="back"' in r.text
    other = client.get("/plans/999999", headers={"referer": "http://evil.example/x"})
    assert 'id="back"' not in other.text


def test_times_are_shown_in_vietnam_time():
    from datetime import UTC, datetime

    from cchc.web.rendering import _date_vi

    assert _date_vi(datetime(2026, 11, 25, 17, 51, tzinfo=UTC)) == "26/11/2026 00:51"
    assert _date_vi("2026-03-31") == "31/03/2026"


def test_naive_timestamps_from_sqlite_are_taken_as_utc():
    from datetime import datetime

    from cchc.web.rendering import _date_vi

    assert _date_vi(datetime(2026, 11, 25, 18, 37)) == "26/11/2026 01:37"
