"""End to end in Chromium: a unit officer reports with evidence, the standing office accepts, the dashboard shows it.

Set CCHC_SCREENSHOTS=docs/screenshots to keep a few screenshots for the docs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.web.serving import served

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="/usr/bin/chromium is not installed"),
]


@pytest.fixture()
def server(app):
    """The app served by uvicorn in a background thread on a free loopback port."""
    with served(app) as base:
        yield base


@pytest.fixture()
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str, *, keep: bool = False) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("CCHC_SCREENSHOTS")
    if keep and target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_report_with_evidence_is_accepted_and_shows_on_the_dashboard(server, browser, world, tmp_path):
    base = server
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    errors: list[str] = []

    # 1. the unit officer (phone-size screen) reports progress with an evidence file
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, *world.users["unit_officer"])
    assert page.url.endswith("/tasks/mine")
    mine = page.request.get(f"{base}/api/tasks/mine").json()
    due = next(m for m in mine["items"] if m["report_due"] and not m["report"])
    task_id = due["task"]["id"]
    before = page.request.get(f"{base}/api/dashboard").json()["board"]
    _shot(page, tmp_path, "nhiem-vu-cua-toi-dien-thoai", keep=True)
    page.click(f"a.button[href^='/tasks/{task_id}?']")
    page.wait_for_selector("#report-form")
    page.select_option("select[name=status]", "in_progress")
    page.fill("input[name=percent]", "75")
    page.fill("textarea[name=results]", "Đã tổ chức 2 đợt kiểm tra <b>tại chỗ</b>.")
    page.fill("textarea[name=difficulties]", "Thiếu nhân lực.")
    page.fill("input[name=evidence_number]", "45/BB-UBND")
    page.fill("input[name=evidence_date]", "20/11/2026")
    page.set_input_files("input[name=evidence_file]", str(evidence))
    _shot(page, tmp_path, "bao-cao-tien-do-dien-thoai", keep=True)
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Đã gửi báo cáo tiến độ." in page.inner_text("#flash"), page.inner_text("main")
    assert "45/BB-UBND" in page.inner_text("#reports")
    assert "<b>tại chỗ</b>" in page.inner_text("#reports")  # shown as text, not markup
    ctx.close()

    # 2. the standing office accepts it in the review queue (desktop)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, *world.users["standing_office"])
    page.goto(f"{base}/reviews")
    card = page.locator("article.card", has_text="45/BB-UBND")
    assert card.count() == 1
    with page.expect_download() as dl:
        card.locator("a", has_text="Tệp minh chứng").click()
    assert dl.value.suggested_filename.endswith(".pdf")
    card.locator("textarea[name=comment]").fill("Đạt yêu cầu.")
    _shot(page, tmp_path, "duyet-bao-cao", keep=True)
    card.locator("button[value=accepted]").click()
    page.wait_for_load_state("networkidle")
    assert "Đã chấp nhận báo cáo." in page.inner_text("#flash")

    # 3. the dashboard shows it: one more report in, the task no longer missing
    page.goto(f"{base}/dashboard")
    page.wait_for_load_state("networkidle")
    after = page.request.get(f"{base}/api/dashboard").json()["board"]
    assert after["completeness"] > before["completeness"]
    assert not any(m["task_id"] == task_id for m in after["missing_reports"])
    assert f"{round(after['completeness'] * 100)}%" in page.inner_text("#completeness")
    assert page.locator("img[src*='charts/areas.svg']").evaluate("i => i.complete && i.naturalWidth > 0")
    _shot(page, tmp_path, "bang-dieu-khien", keep=True)

    # 4. the review page of the plan shows the source beside the extraction
    page.goto(f"{base}/plans/{world.plan_id}")
    assert page.locator("#source-text").is_visible()
    _shot(page, tmp_path, "ra-soat-ke-hoach", keep=True)
    ctx.close()
    assert not [e for e in errors if "Content Security Policy" in e or "Uncaught" in e], errors


def test_htmx_inline_edit_works_in_the_browser(server, browser, world, tmp_path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _login(page, server, *world.users["standing_office"])
    page.goto(f"{server}/plans/{world.plan_id}")
    row = page.locator(f"#task-{world.task_other}")
    row.locator("button", has_text="Sửa").click()
    page.wait_for_selector(f"#task-{world.task_other} form")
    page.fill(f"#task-{world.task_other} input[name=output]", "Sản phẩm sửa trên trang")
    page.click(f"#task-{world.task_other} form button[type=submit]")
    page.wait_for_selector(f"#task-{world.task_other}:not(.editing)")
    assert "Sản phẩm sửa trên trang" in page.inner_text(f"#task-{world.task_other}")
    ctx.close()
