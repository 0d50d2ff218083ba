"""With `?lang=en` no page shows Vietnamese interface text: every GET page reached from each role's
menu (and the pages they link to) is read, user data taken out, and any Vietnamese-only letter left
is an untranslated string (a missing catalogue entry or a stored code shown without its label).

The header and menu are checked on every page; the whole page on the pages listed in `WHOLE_PAGE`
(every page of the menu and the pages they link to: dashboard, plans, tasks, service quality, reports, PAR
index, extensions, bulk, indicators, jobs, city and nation views, public pages, history, inbox). Add a page's prefix
there once its own strings are in the catalogue.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from tests.web.demo_site import is_page, page_pattern, seed_demo_site, stored_texts, untranslated  # noqa: E402

ROLES = ("standing_office", "unit_officer", "leader", "city_reviewer", "admin")
PAGES_PER_KIND = 2
WHOLE_PAGE = ("/dashboard", "/city", "/public", "/history/", "/inbox", "/login", "/plans", "/tasks", "/service-quality",
              "/reports", "/parindex", "/extensions", "/bulk", "/indicators", "/jobs", "/nation",
              "/reports/templates")
HEADER = re.compile(r"<header\b.*?</header>", re.S)


def _checked_part(path: str, html: str) -> str:
    """The whole page where its strings are all in the catalogue, else its header and menu."""
    if path.startswith(WHOLE_PAGE):
        return html
    return "".join(HEADER.findall(html))
MAX_PAGES = 45


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, str]]]:
    root = tmp_path_factory.mktemp("demo-site")
    return root, seed_demo_site(root)


@pytest.fixture(scope="module")
def demo_client(demo):  # type: ignore[no-untyped-def]
    from cchc.web import create_app
    from tests.web.conftest import make_settings

    root, _users = demo
    with TestClient(create_app(make_settings(root)), raise_server_exceptions=False) as c:
        yield c


def _login(client: TestClient, username: str, password: str) -> None:
    client.cookies.clear()
    token = client.get("/api/session").json()["csrf_token"]
    r = client.post("/api/login", data={"username": username, "password": password}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text


def _crawl(client: TestClient, data: list[str], start: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """{page: untranslated texts}, [pages that answered with an error]."""
    seen: set[str] = set()
    per_kind: dict[str, int] = {}
    queue = list(start)
    found: dict[str, list[str]] = {}
    broken: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        if r.status_code >= 400:
            broken.append(f"{path} → {r.status_code}")
            continue
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        bad, _ = untranslated(_checked_part(path, r.text), data)
        _, links = untranslated(r.text, data)
        if bad:
            found[path] = bad
        for href in links:
            href = href.split("#")[0]
            if not is_page(href) or href in seen or href in queue:
                continue
            kind = page_pattern(href)
            if per_kind.get(kind, 0) >= PAGES_PER_KIND:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append(href)
    return found, broken


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_is_entirely_in_english(demo, demo_client, role):
    root, users = demo
    data = stored_texts(root / "cchc.db")
    _login(demo_client, *users[role])
    found, broken = _crawl(demo_client, data, ["/", "/dashboard", "/inbox"])
    report = "\n".join(f"{page}: {' ¦ '.join(texts)[:600]}" for page, texts in found.items())
    assert not found, f"untranslated text with ?lang=en as {role}:\n{report}"
    assert not broken, f"links that end on an error page as {role}: {broken}"


def test_public_pages_are_entirely_in_english(demo, demo_client):
    root, _users = demo
    data = stored_texts(root / "cchc.db")
    demo_client.cookies.clear()
    found, broken = _crawl(demo_client, data, ["/public?q=Hoà Bình", "/public/11533", "/login"])
    assert not found, "\n".join(f"{p}: {' ¦ '.join(t)[:600]}" for p, t in found.items())
    assert not broken, broken


def test_the_check_finds_vietnamese_interface_text_and_ignores_marked_user_data():
    html = ('<main><h1>Plans</h1><p>Đang thực hiện</p><p translate="no">Phường Hoà Bình</p>'
            '<p>Lead: Văn phòng HĐND</p><input placeholder="Tìm"></main>')
    bad, _ = untranslated(html, ["Văn phòng HĐND"])
    assert bad == ["Đang thực hiện", "Tìm"]
