"""`cchc serve` and `cchc demo`: help with examples; the demo is seeded once and its users printed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cchc.cli import app

runner = CliRunner()


def test_serve_and_demo_have_help_with_an_example():
    for command in ("serve", "demo"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example" in result.output


def test_demo_is_seeded_once_and_remembers_its_credentials(tmp_path, monkeypatch):
    from cchc.cli.web import seed_demo_once

    monkeypatch.setenv("CCHC_DATA", str(tmp_path))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    credentials, fresh = seed_demo_once(tmp_path)
    assert fresh
    roles = {role for _, _, role in credentials}
    assert {"standing_office", "unit_officer", "leader"} <= roles
    assert (tmp_path / "cchc.db").exists()
    saved = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert oct((tmp_path / "demo.json").stat().st_mode & 0o777) == "0o600"
    again, fresh_again = seed_demo_once(tmp_path)
    assert not fresh_again
    assert again == credentials == [tuple(c) for c in saved["credentials"]]


def test_demo_credentials_log_in_to_the_web_app(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from cchc.cli.web import seed_demo_once
    from cchc.settings import get_settings
    from cchc.web import create_app

    monkeypatch.setenv("CCHC_DATA", str(tmp_path))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    credentials, _ = seed_demo_once(tmp_path)
    username, password, _ = next(c for c in credentials if c[2] == "standing_office")
    with TestClient(create_app(get_settings())) as client:
        token = client.get("/api/session").json()["csrf_token"]
        r = client.post("/api/login", data={"username": username, "password": password},
                        headers={"X-CSRF-Token": token})
        assert r.status_code == 200, r.text
        board = client.get("/api/dashboard")
        assert board.status_code == 200, board.text
        assert board.json()["board"]["by_area"]
