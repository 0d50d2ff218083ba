"""Every confirmation a route shows after a write (`flash=`) has its English, constant or by pattern."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cchc.web.i18n import translate

ROUTES = Path(__file__).resolve().parents[2] / "src" / "cchc" / "web" / "routes"


def _sample(node: ast.expr) -> str | None:
    """The message a `flash=` expression shows, with sample values in place of its f-string fields."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "12" for p in node.values)
    return None  # a variable or a call: checked by the tests of its own text below


def _flashes() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROUTES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "flash":
                values = [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
                found += [(path.name, text) for v in values if (text := _sample(v)) is not None]
    return found


@pytest.mark.parametrize("route,text", _flashes())
def test_every_confirmation_after_a_write_reads_in_english(route, text):
    assert translate(text, "en") != text, f"{route}: no English for the confirmation {text!r} (web/i18n_flash.py)"


def test_the_confirmations_built_from_results_read_in_english():
    from cchc.dossiers.store import ImportResult
    from cchc.quality.actuals import RefreshResult

    assert translate(RefreshResult(11533, "2026-Q3").summary_vi(), "en").startswith("Period 2026-Q3: 0 indicators")
    sample = ImportResult(rows_read=1200, rows_imported=1190, rows_rejected=10, inserted=1000, updated=190, seconds=1.5)
    assert translate(sample.summary_vi(), "en") == (
        "Read 1.200 rows, imported 1.190 dossiers (1.000 new, 190 updated), rejected 10 rows with errors in 1.5 s")


def test_a_confirmation_is_shown_in_the_users_language(client, login_as, world):
    token = login_as("standing_office")
    client.cookies.set("lang", "en")
    r = client.post("/inbox/read-all", headers={"X-CSRF-Token": token}, follow_redirects=True)
    assert r.status_code == 200
    assert "All marked as read." in r.text
