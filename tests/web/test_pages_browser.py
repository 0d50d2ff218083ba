"""Every main page in Chromium, as each demo role and anonymously, at a desktop (1366×768) and a phone
(390×844) size: no horizontal scroll, zero axe-core violations, no stored code visible.

axe-core comes from the npm registry: `npm install --prefix .cache/axe axe-core@4.10` (run by
`scripts/setup.sh` when npm exists). Set CCHC_SCREENSHOTS=docs/screenshots to keep the screenshots
of the main pages (`<page>-desktop.png`, `<page>-phone.png`), each as the first role that sees it.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from tests.web.demo_site import seed_demo_site
from tests.web.test_browser import ARGS, CHROMIUM, _free_port, _login

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_COMMAND = "npm install --prefix .cache/axe axe-core@4.10"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="/usr/bin/chromium is not installed"),
]

ROLES = ("standing_office", "unit_officer", "leader", "city_reviewer", "admin", "ministry_reviewer")
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
# name → path; `plan` and `task` are found from the list pages.
PAGES = {
    "dashboard": "/dashboard",
    "plans": "/plans",
    "plan": None,
    "tasks": "/tasks/mine",
    "task": None,
    "reviews": "/reviews",
    "reports": "/reports",
    "service-quality": "/service-quality",
    "city": "/city",
    "nation": "/nation",
    "parindex": "/parindex",
    "inbox": "/inbox",
}
PUBLIC_PAGES = {"public": "/public?q=Hoà Bình", "public-commune": None, "login": "/login"}
# A stored code shown as it is: snake_case codes, period codes, query strings.
RAW_CODE = re.compile(r"\b[a-z]{2,}(?:_[a-z0-9]+)+\b|\b20\d\d-(?:Q[1-4]|H[12]|M?\d\d)\b|\?\w+=|locality=")

NO_SCROLL = "() => document.scrollingElement.scrollWidth <= window.innerWidth"
WIDEST = """() => { const w = window.innerWidth; return [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > w + 1 && e.offsetParent !== null)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
  (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') +
  ' ' + Math.round(e.getBoundingClientRect().right)); }"""
RUN_AXE = """async () => { const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')); }"""


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;0"
    return _AXE_SOURCE


_AXE_SOURCE: str | None = None
_KEPT: set[str] = set()  # pages whose screenshots are kept: each as the first role that sees it


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo commune served by uvicorn on a free loopback port; (base URL, role → credentials)."""
    import uvicorn

    from cchc.web import create_app
    from tests.web.conftest import make_settings

    root = tmp_path_factory.mktemp("demo-browser")
    users = seed_demo_site(root)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(make_settings(root)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", users
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _first_link(page, pattern: str) -> str | None:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return next((h for h in hrefs if re.fullmatch(pattern, h)), None)


def _check(page, base: str, name: str, path: str, problems: list[str], *, keep: bool) -> bool:  # type: ignore[no-untyped-def]
    """Open `path` once, check it at each size and add what is wrong to `problems`; False when the
    role may not see it."""
    page.set_viewport_size({"width": SIZES["desktop"][0], "height": SIZES["desktop"][1]})
    response = page.goto(base + path)
    # not this role's page (forbidden, or it needs a commune this role has not chosen)
    if response is None or response.status in (401, 403, 404, 422) or (
            "/login" in page.url and not path.startswith("/login")):
        return False
    if response.status >= 400:
        problems.append(f"{name} {path}: HTTP {response.status}")
        return True
    page.evaluate(_axe_source())  # evaluated, not a <script>: the page's CSP stays on
    codes = sorted(set(RAW_CODE.findall(page.inner_text("body"))))
    if codes:
        problems.append(f"{name} {path}: raw codes visible: {codes}")
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function("() => [...document.images].every(i => i.complete || i.loading === 'lazy')",
                               timeout=10_000)
        where = f"{name} {path} ({size})"
        if not page.evaluate(NO_SCROLL):
            problems.append(f"{where}: scrolls sideways: {page.evaluate(WIDEST)}")
        for violation in page.evaluate(RUN_AXE):
            problems.append(f"{where}: axe {violation}")
        target = os.environ.get("CCHC_SCREENSHOTS")
        if keep and target:
            _KEPT.add(name)
            Path(target).mkdir(parents=True, exist_ok=True)
            tall = min(page.evaluate("document.scrollingElement.scrollHeight"), 3 * height)  # at most 3 screens
            page.screenshot(path=str(Path(target) / f"{name}-{size}.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": tall})
    return True


@pytest.fixture(autouse=True)
def _axe_present() -> None:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed: run `{AXE_COMMAND}`")


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_fits_the_screen_passes_axe_and_shows_no_codes(site, chromium, role):
    base, users = site
    ctx = chromium.new_context(locale="vi-VN")
    page = ctx.new_page()
    _login(page, base, *users[role])
    problems: list[str] = []
    seen: list[str] = []
    for name, path in PAGES.items():
        if name == "plan":
            page.goto(base + "/plans")
            path = _first_link(page, r"/plans/\d+")
        elif name == "task":
            page.goto(base + "/tasks/mine")
            path = _first_link(page, r"/tasks/\d+(\?.*)?")
        if path and _check(page, base, name, path, problems, keep=name not in _KEPT):
            seen.append(name)
    ctx.close()
    assert "dashboard" in seen or "tasks" in seen, f"{role} saw none of the main pages: {seen}"
    assert not problems, f"as {role} ({', '.join(seen)}):\n" + "\n".join(problems)


def test_the_public_pages_fit_the_screen_pass_axe_and_show_no_codes(site, chromium):
    base, _users = site
    ctx = chromium.new_context(locale="vi-VN")
    page = ctx.new_page()
    problems: list[str] = []
    seen: list[str] = []
    for name, path in PUBLIC_PAGES.items():
        if name == "public-commune":
            page.goto(base + "/public?q=Hoà Bình")
            path = _first_link(page, r"/public/\d+")
        if path and _check(page, base, name, path, problems, keep=True):
            seen.append(name)
    ctx.close()
    assert seen == list(PUBLIC_PAGES), seen
    assert not problems, "\n".join(problems)


def test_the_check_catches_codes_but_not_vietnamese_text():
    assert RAW_CODE.findall("Vai trò: standing_office · Trạng thái in_progress · kỳ 2026-Q4") == [
        "standing_office", "in_progress", "2026-Q4"]
    assert not RAW_CODE.findall("Quý IV năm 2026 · Đang thực hiện · 12,5% · 1.234 hồ sơ")

