"""Server-side sessions: the cookie is only a token, logout and revocations end it everywhere, timeouts,
login throttling and dashboard freshness shared by two apps on one database, and the audit of it all."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, login, make_settings


def _db(settings) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    return sqlite3.connect(settings.data_dir / "cchc.db")


def _rows(settings, sql: str, *args):  # type: ignore[no-untyped-def]
    con = _db(settings)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _exec(settings, sql: str, *args) -> None:  # type: ignore[no-untyped-def]
    con = _db(settings)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def _audit(settings, action: str):  # type: ignore[no-untyped-def]
    return _rows(settings, "SELECT username, entity, entity_id, after, ip FROM audit_events WHERE action = ? "
                           "ORDER BY id", action)


def _sid(client: TestClient) -> str:
    return hashlib.sha256(client.cookies["cchc_session"].encode()).hexdigest()


def test_the_cookie_carries_only_a_random_token_whose_hash_is_the_session_row(client, world, settings):
    username, password = world.users["leader"]
    login(client, username, password)
    token = client.cookies["cchc_session"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 random bits, nothing signed or encoded inside
    rows = _rows(settings, "SELECT id, user_id, ip, user_agent, revoked_at FROM user_sessions")
    assert [r[0] for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert rows[0][4] is None
    assert not _rows(settings, "SELECT 1 FROM user_sessions WHERE id = ? OR data LIKE ?", token, f"%{token}%")


def test_a_cookie_replayed_after_logout_gets_401_on_the_api_and_the_login_page_on_pages(app, client, world):
    token = login(client, *world.users["standing_office"])
    stolen = client.cookies["cchc_session"]
    assert client.get("/api/plans").status_code == 200
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    replay = TestClient(app, raise_server_exceptions=False)
    replay.cookies.set("cchc_session", stolen)
    assert replay.get("/api/plans").status_code == 401
    page = replay.get("/plans", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_logout_shows_the_message_on_the_login_page(client, world, login_as):
    token = login_as("leader")
    r = client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 200 and "Đã đăng xuất." in r.text


def test_a_new_password_or_role_ends_every_session_of_the_user(client, world, login_as, settings):
    from cchc.auth import users
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope
    from cchc.store.users import UserRepository

    url = settings.database_url
    login_as("leader")
    assert client.get("/api/plans").status_code == 200
    with session_scope(url) as s:
        uid = UserRepository(s).by_username(world.users["leader"][0]).id
        users.set_password(s, Actor.system(), user_id=uid, new_password="mat-khau-moi-2026")
    assert client.get("/api/plans").status_code == 401
    login_as("leader")
    assert client.get("/api/plans").status_code == 200
    with session_scope(url) as s:
        users.set_user_role(s, Actor.system(), user_id=uid, role=Role.STANDING_OFFICE,
                            locality_code=world.locality_code)
    assert client.get("/api/plans").status_code == 401
    reasons = {r[0] for r in _rows(settings, "SELECT revoked_reason FROM user_sessions WHERE user_id = ?", uid)}
    assert {"password", "role"} <= reasons


def test_a_session_ends_after_the_idle_timeout_and_after_the_absolute_timeout(client, world, login_as, settings):
    login_as("leader")
    sid = _sid(client)
    now = datetime.now(UTC).replace(tzinfo=None)
    _exec(settings, "UPDATE user_sessions SET last_seen_at = ? WHERE id = ?", str(now - timedelta(hours=2, minutes=1)),
          sid)
    assert client.get("/api/plans").status_code == 401
    login_as("leader")
    sid = _sid(client)
    _exec(settings, "UPDATE user_sessions SET created_at = ?, last_seen_at = ? WHERE id = ?",
          str(now - timedelta(hours=12, minutes=1)), str(now), sid)
    assert client.get("/api/plans").status_code == 401


def test_the_timeouts_follow_the_settings(world, data_dir):
    from cchc.web import create_app

    settings = replace(make_settings(data_dir), session_idle_minutes=5)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        login(client, *world.users["leader"])
        sid = _sid(client)
        before = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=6)
        _exec(settings, "UPDATE user_sessions SET last_seen_at = ? WHERE id = ?", str(before), sid)
        assert client.get("/api/plans").status_code == 401


def test_last_seen_is_written_at_most_once_a_minute(client, world, login_as, settings):
    login_as("leader")
    sid = _sid(client)
    first = _rows(settings, "SELECT last_seen_at FROM user_sessions WHERE id = ?", sid)[0][0]
    for _ in range(3):
        assert client.get("/api/plans").status_code == 200
    assert _rows(settings, "SELECT last_seen_at FROM user_sessions WHERE id = ?", sid)[0][0] == first
    old = str(datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=2))
    _exec(settings, "UPDATE user_sessions SET last_seen_at = ? WHERE id = ?", old, sid)
    assert client.get("/api/plans").status_code == 200
    touched = _rows(settings, "SELECT last_seen_at FROM user_sessions WHERE id = ?", sid)[0][0]
    assert touched > old
    assert client.get("/api/plans").status_code == 200
    assert _rows(settings, "SELECT last_seen_at FROM user_sessions WHERE id = ?", sid)[0][0] == touched


def test_a_user_sees_and_ends_their_own_sessions_but_not_anothers(app, client, world, login_as, settings):
    token = login_as("leader")
    other_device = TestClient(app, raise_server_exceptions=False)
    login(other_device, *world.users["leader"])
    mine = client.get("/api/sessions").json()["sessions"]
    assert len(mine) == 2 and sum(s["current"] for s in mine) == 1
    page = client.get("/sessions")
    assert page.status_code == 200 and "Phiên đăng nhập" in page.text and "Đăng xuất khỏi mọi nơi" in page.text
    assert "Sessions" in client.get("/sessions?lang=en").text
    other = next(s for s in mine if not s["current"])
    r = client.post(f"/sessions/{other['id']}/revoke", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    # the confirmation in the language the user chose last (English above), once
    assert "Session ended." in client.get("/sessions").text
    assert "Session ended." not in client.get("/sessions").text
    assert other_device.get("/api/plans").status_code == 401
    # another user's session: not even confirmed to exist
    stranger = TestClient(app, raise_server_exceptions=False)
    login(stranger, *world.users["unit_officer"])
    foreign = _sid(stranger)
    r = client.post(f"/api/sessions/{foreign}/revoke", headers={"X-CSRF-Token": token})
    assert r.status_code == 404
    assert stranger.get("/api/plans").status_code == 200
    assert client.get("/api/admin/sessions").status_code == 403


def test_log_out_everywhere_ends_every_session_of_the_user(app, client, world, login_as):
    token = login_as("standing_office")
    laptop = TestClient(app, raise_server_exceptions=False)
    login(laptop, *world.users["standing_office"])
    r = client.post("/sessions/revoke-all", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/api/plans").status_code == 401
    assert laptop.get("/api/plans").status_code == 401


def test_an_admin_sees_everyones_sessions_and_ends_them(app, client, world, login_as, settings):
    officer = TestClient(app, raise_server_exceptions=False)
    login(officer, *world.users["unit_officer"])
    token = login_as("admin")
    listed = client.get("/api/admin/sessions").json()["sessions"]
    assert {s["username"] for s in listed} >= {world.users["unit_officer"][0], world.users["admin"][0]}
    theirs = next(s for s in listed if s["username"] == world.users["unit_officer"][0])
    assert client.get(f"/admin/sessions?user_id={theirs['user_id']}").status_code == 200
    r = client.post(f"/api/admin/users/{theirs['user_id']}/sessions/revoke", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["ended"] == 1
    assert officer.get("/api/plans").status_code == 401
    assert client.get("/api/plans").status_code == 200
    assert _audit(settings, "revoke_sessions")[-1][2] == theirs["user_id"]


def test_logins_logouts_failures_revocations_and_denials_are_audited(client, world, settings, get_csrf):
    username, password = world.users["unit_officer"]
    token = get_csrf(client)
    r = client.post("/api/login", data={"username": username, "password": "sai-mat-khau-123"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 401
    r = client.post("/api/login", data={"username": "khong-co-ai", "password": "sai-mat-khau-456"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 401
    failed = _audit(settings, "login_failed")
    assert [json.loads(f[3]) for f in failed] == [{"username": username}, {"username": "khong-co-ai"}]
    assert failed[0][0] == "anonymous" and failed[0][2] > 0 and failed[1][2] == 0
    assert not _rows(settings, "SELECT 1 FROM audit_events WHERE after LIKE '%sai-mat-khau%'")
    token = login(client, username, password)
    assert _audit(settings, "login")[-1][0] == username
    # a unit officer may not publish a plan: the 403 is recorded with who, what and where from
    r = client.post(f"/api/plans/{world.plan_id}/close", data={"version": "1"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    denied = _audit(settings, "denied")
    assert denied and denied[-1][0] == username and denied[-1][1] == "access"
    assert f"/api/plans/{world.plan_id}/close" in denied[-1][3]
    # a forged form without the CSRF token is a denial too
    assert client.post("/api/logout", headers={"X-CSRF-Token": "sai"}).status_code == 403
    assert len(_audit(settings, "denied")) == len(denied) + 1
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert _audit(settings, "logout")[-1][0] == username


def test_the_cli_records_the_operator_instead_of_system(world, settings, monkeypatch):
    from typer.testing import CliRunner

    from cchc.cli import app as cli_app

    monkeypatch.setenv("CCHC_DATA", str(settings.data_dir))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    monkeypatch.setenv("SUDO_USER", "quan.tri")
    runner = CliRunner()
    r = runner.invoke(cli_app, ["user", "passwd", world.users["leader"][0], "--password-stdin"],
                      input="mat-khau-moi-2026\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli_app, ["user", "logout", world.users["unit_officer"][0], "--operator", "an.nv"])
    assert r.exit_code == 0, r.output
    assert _audit(settings, "set_password")[-1][0] == "cli:quan.tri"
    assert {a[0] for a in _audit(settings, "set_password")} == {"cli:quan.tri"}


def _two_apps(data_dir, **overrides):  # type: ignore[no-untyped-def]
    from cchc.web import create_app

    settings = replace(make_settings(data_dir), **overrides)
    return (TestClient(create_app(settings), raise_server_exceptions=False),
            TestClient(create_app(settings), raise_server_exceptions=False))


def test_the_account_lockout_holds_across_two_apps_on_one_database(world, data_dir):
    a, b = _two_apps(data_dir)
    username, password = world.users["leader"]
    tokens = {id(a): csrf_of(a), id(b): csrf_of(b)}
    for i in range(5):
        c = (a, b)[i % 2]
        r = c.post("/api/login", data={"username": username, "password": "sai"}, headers={"X-CSRF-Token": tokens[id(c)]})
        assert r.status_code == 401
    for c in (a, b):
        r = c.post("/api/login", data={"username": username, "password": password},
                   headers={"X-CSRF-Token": tokens[id(c)]})
        assert r.status_code == 429, r.text
        assert r.json()["error"]["code"] == "too_many_attempts"


def test_password_spraying_from_one_address_is_stopped_across_two_apps(world, data_dir, settings):
    a, b = _two_apps(data_dir, login_address_limit=4)
    tokens = {id(a): csrf_of(a), id(b): csrf_of(b)}
    for i, key in enumerate(("leader", "unit_officer", "admin", "city_reviewer")):
        c = (a, b)[i % 2]
        r = c.post("/api/login", data={"username": world.users[key][0], "password": "Mua-xuan-2026"},
                   headers={"X-CSRF-Token": tokens[id(c)]})
        assert r.status_code == 401
    username, password = world.users["standing_office"]  # never tried: still refused from this address
    for c in (a, b):
        r = c.post("/api/login", data={"username": username, "password": password},
                   headers={"X-CSRF-Token": tokens[id(c)]})
        assert r.status_code == 429
    assert len(_audit(settings, "login_blocked")) == 2


def test_a_write_through_one_app_is_on_the_dashboard_of_the_other_at_once(world, data_dir):
    a, b = _two_apps(data_dir)
    login(a, *world.users["standing_office"])
    token_b = login(b, *world.users["unit_officer"])

    def submitted() -> int:
        board = a.get(f"/api/dashboard?locality_code={world.locality_code}").json()["board"]
        return sum(u["reports_submitted"] for u in board["by_unit"])

    before = submitted()
    assert submitted() == before  # cached in app a now
    r = b.post(f"/api/tasks/{world.task_a2}/report",
               data={"period": world.period, "status": "in_progress", "percent": "30", "results": "Đang làm."},
               headers={"X-CSRF-Token": token_b})
    assert r.status_code == 201, r.text
    assert submitted() == before + 1

