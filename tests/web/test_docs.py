"""docs/web.md lists every route of the web areas, the CLI commands and their settings."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"
MINE = {"auth", "plans", "tasks", "reviews", "extensions", "indicators", "dashboard", "audit", "bulk"}


def _norm(text: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", text)


def test_every_route_of_the_plan_workspace_is_documented():
    from cchc.web.app import discover_routers

    doc = _norm(DOC.read_text(encoding="utf-8"))
    missing = []
    for name, router in discover_routers():
        if name not in MINE:
            continue
        for route in router.routes:
            path = getattr(route, "path", "")
            if path in ("/",):
                continue
            bare = path[4:] if path.startswith("/api/") and path not in ("/api/session", "/api/health") else path
            if f"`{_norm(bare)}" not in doc:
                missing.append(path)
    assert not missing, f"routes missing from docs/web.md: {sorted(set(missing))}"


def test_cli_commands_options_and_settings_are_documented():
    doc = DOC.read_text(encoding="utf-8")
    for needle in ("cchc serve", "cchc demo", "--workers", "--no-browser", "--port", "--host", "CCHC_DATA",
                   "CCHC_DATABASE_URL", "CCHC_SECRET_KEY", "CCHC_MAX_UPLOAD_BYTES", "CCHC_HTTPS"):
        assert needle in doc, needle
