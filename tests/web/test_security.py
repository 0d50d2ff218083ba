"""Sessions, CSRF, login throttling, security headers, body limits."""

from __future__ import annotations

import re


def test_login_page_is_vietnamese_and_carries_a_csrf_token(client):
    r = client.get("/login")
    assert r.status_code == 200
    assert "Đăng nhập" in r.text
    assert re.search(r'name="csrf_token" value="[\w-]{20,}"', r.text)


def test_english_locale_by_query_is_remembered_in_a_cookie(client):
    r = client.get("/login?lang=en")
    assert "Log in" in r.text
    assert client.cookies.get("lang") == "en"
    assert "Log in" in client.get("/login").text


def test_login_with_the_form_redirects_to_the_users_home(client, world):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    username, password = world.users["unit_officer"]
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/tasks/mine"


def test_login_refuses_a_next_url_on_another_site(client, world, get_csrf):
    token = get_csrf(client)
    username, password = world.users["standing_office"]
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                    "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/dashboard"


def test_wrong_password_shows_the_form_again_with_a_message(client, world, get_csrf):
    token = get_csrf(client)
    r = client.post("/login", data={"username": world.users["leader"][0], "password": "sai", "csrf_token": token})
    assert r.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.text


def test_form_post_without_csrf_token_is_refused(client, world):
    client.get("/login")
    username, password = world.users["leader"]
    r = client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    assert r.status_code == 403
    assert "CSRF" in r.text


def test_api_post_with_a_wrong_csrf_header_is_refused_as_json(client, login_as):
    login_as("standing_office")
    r = client.post("/api/logout", headers={"X-CSRF-Token": "sai"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_failed"
    # still logged in
    assert client.get("/api/session").json()["user"] is not None


def test_csrf_token_changes_at_login(client, world, get_csrf):
    before = get_csrf(client)
    username, password = world.users["leader"]
    r = client.post("/api/login", data={"username": username, "password": password},
                    headers={"X-CSRF-Token": before})
    assert r.status_code == 200
    assert r.json()["csrf_token"] != before


def test_logout_ends_the_session(client, world, get_csrf):
    token = get_csrf(client)
    username, password = world.users["leader"]
    token = client.post("/api/login", data={"username": username, "password": password},
                        headers={"X-CSRF-Token": token}).json()["csrf_token"]
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/session").json()["user"] is None
    assert client.get("/api/plans").status_code == 401


def test_five_failed_logins_block_the_sixth_attempt_with_429(client, world, get_csrf):
    username, password = world.users["leader"]
    token = get_csrf(client)
    for _ in range(5):
        r = client.post("/api/login", data={"username": username, "password": "sai-mat-khau"},
                        headers={"X-CSRF-Token": token})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_credentials"
    r = client.post("/api/login", data={"username": username, "password": password}, headers={"X-CSRF-Token": token})
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "too_many_attempts"
    assert "thử lại sau" in r.json()["error"]["message"]
    # another user from the same address is not blocked
    other, other_pw = world.users["standing_office"]
    r = client.post("/api/login", data={"username": other, "password": other_pw}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200


def test_pages_carry_security_headers(client):
    r = client.get("/login")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(client):
    r = client.get("/login")
    cookie = r.headers["set-cookie"]
    assert "cchc_session=" in cookie
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()


def test_a_body_larger_than_the_limit_is_refused_with_413(client, login_as, settings):
    token = login_as("standing_office")
    big = b"x" * (settings.max_upload_bytes + 2 * 1024 * 1024)
    r = client.post("/api/plans/import", files={"file": ("ke-hoach.txt", big, "text/plain")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"
    assert "MB" in r.json()["error"]["message"]


def test_static_files_are_served_without_a_cdn(client):
    r = client.get("/static/htmx.min.js")
    assert r.status_code == 200
    assert "htmx" in r.text[:200]
    page = client.get("/login").text
    assert "https://" not in page.split("<body")[0]


def test_openapi_document_lists_the_api(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/tasks/mine" in paths
    assert "/api/dashboard" in paths
    assert not any(p.startswith("/tasks") for p in paths)


def test_password_is_never_in_a_response(client, world, get_csrf, password):
    username, _ = world.users["leader"]
    token = get_csrf(client)
    r = client.post("/api/login", data={"username": username, "password": password}, headers={"X-CSRF-Token": token})
    assert password not in r.text
    assert "password" not in r.text
