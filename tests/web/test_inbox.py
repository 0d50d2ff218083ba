"""The inbox page and its JSON twin: notifications arrive, the header counts the unread ones, marking read."""

from __future__ import annotations

import re

from typer.testing import CliRunner


def _unread_badge(html: str) -> int | None:
    m = re.search(r'id="inbox-unread"[^>]*>(\d+)<', html)
    return int(m.group(1)) if m else None


def _decide(client, login_as, world, decision: str = "approve") -> None:  # type: ignore[no-untyped-def]
    token = login_as("leader")
    r = client.post(f"/api/extensions/{world.extension_id}", data={"decision": decision, "comment": "Ý kiến"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text


def test_a_leaders_decision_arrives_in_the_requesters_inbox_and_the_header_counts_it(client, login_as, world):
    login_as("unit_officer")
    assert _unread_badge(client.get("/tasks/mine").text) is None
    assert client.get("/api/inbox").json()["items"] == []
    _decide(client, login_as, world)
    login_as("unit_officer")
    page = client.get("/tasks/mine")
    assert 'href="/inbox"' in page.text and _unread_badge(page.text) == 1
    inbox = client.get("/api/inbox").json()
    assert inbox["unread"] == 1 and inbox["total"] == 1
    [item] = inbox["items"]
    assert item["kind"] == "extension_approved" and item["title"].startswith("Đề nghị gia hạn đã được phê duyệt")
    assert "Hạn mới: 31/03/2027" in item["body"]
    assert item["link"] == f"/tasks/{world.task_a}" and item["unread"] is True
    login_as("leader")
    assert client.get("/api/inbox").json()["items"] == []  # not told of one's own decision


def test_the_inbox_page_is_vietnamese_first_and_english_on_request(client, login_as, world):
    _decide(client, login_as, world, "refuse")
    login_as("unit_officer")
    vi = client.get("/inbox")
    assert vi.status_code == 200
    assert "Hộp thư thông báo" in vi.text and "Đánh dấu tất cả đã đọc" in vi.text
    assert "Đề nghị gia hạn không được phê duyệt" in vi.text
    en = client.get("/inbox?lang=en")
    assert "Notifications" in en.text and "Mark all as read" in en.text and "One digest a day" in en.text
    assert ">Inbox" in en.text


def test_marking_one_and_all_read_updates_the_count(client, login_as, data_dir, world, monkeypatch):
    _run_cli(data_dir, monkeypatch, "2027-01-05T09:00")
    _decide(client, login_as, world, "refuse")
    token = login_as("unit_officer")
    items = client.get("/api/inbox").json()["items"]
    assert len(items) >= 2
    opened = client.post(f"/inbox/{items[0]['id']}/read", data={"open": "true", "csrf_token": token},
                         follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == items[0]["link"]
    assert client.get("/api/inbox").json()["unread"] == len(items) - 1
    r = client.post("/api/inbox/read-all", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json() == {"marked": len(items) - 1}
    assert client.get("/api/inbox?unread_only=true").json()["items"] == []
    assert _unread_badge(client.get("/tasks/mine").text) is None


def test_nobody_marks_another_users_notification(client, login_as, world):
    _decide(client, login_as, world)
    login_as("unit_officer")
    item = client.get("/api/inbox").json()["items"][0]
    token = login_as("unit_officer_2")
    r = client.post(f"/api/inbox/{item['id']}/read", headers={"X-CSRF-Token": token})
    assert r.status_code == 404
    login_as("unit_officer")
    assert client.get("/api/inbox").json()["unread"] == 1


def test_marking_read_needs_the_csrf_token_and_the_inbox_a_login(client, login_as):
    assert client.get("/api/inbox").status_code == 401
    assert client.get("/inbox", follow_redirects=False).status_code in (302, 303, 307)
    login_as("unit_officer")
    assert client.post("/api/inbox/read-all").status_code == 403


def test_email_preferences_are_saved_from_the_inbox(client, login_as):
    token = login_as("standing_office")
    r = client.post("/api/inbox/preferences", data={"email": "vanphong@xa.example.vn", "mode": "digest"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert client.get("/api/inbox").json()["preferences"] == {
        "email": "vanphong@xa.example.vn", "mode": "digest", "email_enabled": False}
    bad = client.post("/api/inbox/preferences", data={"email": "x@", "mode": "digest"},
                      headers={"X-CSRF-Token": token})
    assert bad.status_code == 422
    page = client.get("/inbox")
    assert 'value="digest" checked' in page.text


def _run_cli(data_dir, monkeypatch, now: str) -> str:  # type: ignore[no-untyped-def]
    from cchc.cli import app

    monkeypatch.setenv("CCHC_DATA", str(data_dir))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    monkeypatch.delenv("CCHC_SMTP_HOST", raising=False)
    result = CliRunner().invoke(app, ["notify", "run", "--now", now])
    assert result.exit_code == 0, result.output
    return result.output


def test_cchc_notify_run_puts_reminders_in_the_inbox_once(client, login_as, data_dir, monkeypatch):
    first = _run_cli(data_dir, monkeypatch, "2027-01-05T09:00")
    created = int(re.search(r"thông báo mới: (\d+)", first).group(1))
    assert created > 0
    again = _run_cli(data_dir, monkeypatch, "2027-01-05T10:00")
    assert "thông báo mới: 0;" in again
    login_as("unit_officer")
    items = client.get("/api/inbox").json()["items"]
    overdue = [i for i in items if i["kind"] == "task_overdue"]
    assert overdue and all(i["title"].startswith("Nhiệm vụ quá hạn: ") for i in overdue)
    assert all(i["link"].startswith("/tasks/") for i in overdue)
    assert _unread_badge(client.get("/tasks/mine").text) == len(items)


def test_cchc_notify_email_sets_an_address_and_a_bad_now_is_refused(data_dir, monkeypatch, client, login_as):
    from cchc.cli import app

    monkeypatch.setenv("CCHC_DATA", str(data_dir))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    runner = CliRunner()
    r = runner.invoke(app, ["notify", "email", "t-unit-officer", "--address", "kinhte@xa.example.vn",
                            "--mode", "digest"])
    assert r.exit_code == 0, r.output
    assert "kinhte@xa.example.vn · digest" in r.output
    login_as("unit_officer")
    assert client.get("/api/inbox").json()["preferences"]["mode"] == "digest"
    bad = runner.invoke(app, ["notify", "run", "--now", "tomorrow"])
    assert bad.exit_code != 0
