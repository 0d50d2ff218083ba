"""Each role's whole job in Chromium, through the pages alone: the standing office imports a plan, reviews it
and publishes it; a unit reports progress with an evidence file; the office returns one report and accepts
another; the office generates the period's report and the leader approves it. Also the indicator entry, the
report draft and the bulk import refused in the browser: the message beside the field, what was typed kept.
htmx swaps are waited for."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.web.serving import served
from tests.web.test_browser import CHROMIUM, _login, browser  # noqa: F401 - fixtures
from tests.web.test_pages_browser import AXE, NO_SCROLL, RUN_AXE, WIDEST, _axe_source

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="/usr/bin/chromium is not installed"),
]

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture()
def site(settings):  # type: ignore[no-untyped-def]
    """The test commune served by uvicorn with one job worker thread (reports are generated in the background)."""
    from cchc.web import create_app

    with served(create_app(dataclasses.replace(settings, job_threads=1, job_lease_seconds=5))) as base:
        yield base


SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def size(request):  # type: ignore[no-untyped-def]
    """Each role's walk is taken at desktop and at phone size."""
    return SIZES[request.param]


def _page(chromium, base, world, role, size=SIZES["desktop"]):  # type: ignore[no-untyped-def]
    ctx = chromium.new_context(viewport=size, locale="vi-VN")
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda d: d.accept())  # the confirmations of irreversible actions are answered yes
    _login(page, base, *world.users[role])
    return ctx, page


def _no_error_page(page) -> None:  # type: ignore[no-untyped-def]
    """The page the walk reached: no error, nothing sideways, and zero axe-core violations where axe is installed."""
    text = page.inner_text("main")
    assert not re.search(r"Lỗi \d{3}", text), text[:500]
    assert page.evaluate(NO_SCROLL), f"{page.url} scrolls sideways: {page.evaluate(WIDEST)}"
    if AXE.exists():
        page.evaluate(_axe_source())
        violations = page.evaluate(RUN_AXE)
        assert not violations, f"{page.url}: {violations}"


def test_the_standing_office_imports_reviews_and_publishes_a_plan(site, browser, world, size):  # noqa: F811
    ctx, page = _page(browser, site, world, "standing_office", size)
    page.goto(f"{site}/plans")
    page.set_input_files("#import-form input[name=file]", str(SAMPLE))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-form-file-error")
    # The same document is already imported: offered the existing plan or a new version, the file kept.
    assert "đã được nhập" in page.inner_text("#import-form-file-error")
    assert "ke-hoach-cchc-2026-xa-hoa-binh.txt" in page.inner_text("#import-form")
    page.check("#import-form input[name=as_new_version]")
    page.click("#import-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/\d+$"))
    plan_id = int(page.url.rsplit("/", 1)[1])
    assert plan_id != world.plan_id
    page.wait_for_selector("#review-warnings")
    _no_error_page(page)
    # Review: every task without a lead unit gets one, edited in place.
    for _ in range(60):
        row = page.query_selector("#tasks tbody tr:has(td.units-cell span.error)")
        if row is None:
            break
        row_id = row.get_attribute("id")
        row.query_selector("button[hx-get$='/edit']").click()
        page.wait_for_selector(f"tr#{row_id}.editing select[name=lead_unit_ids]")
        page.select_option(f"tr#{row_id} select[name=lead_unit_ids]", index=0)
        page.click(f"tr#{row_id} form[hx-post] button[type=submit]")
        page.wait_for_selector(f"tr#{row_id}:not(.editing)")
    assert page.query_selector("#tasks td.units-cell span.error") is None
    # Publish: the commune has a published plan of the same kind, so the replacement is confirmed.
    page.reload()
    page.check("#publish-form input[name=replace]")
    page.click("#publish")
    page.wait_for_selector("#close-form")
    _no_error_page(page)
    assert "Đã ban hành" in page.inner_text("h1")
    plan = page.request.get(f"{site}/api/plans/{plan_id}").json()["plan"]
    assert plan["status"] == "published"
    assert page.request.get(f"{site}/api/plans/{world.plan_id}").json()["plan"]["status"] == "closed"
    ctx.close()


def test_a_unit_reports_progress_with_an_evidence_file(site, browser, world, tmp_path, size):  # noqa: F811
    evidence = tmp_path / "bien-ban-hop.pdf"
    evidence.write_bytes(PDF)
    ctx, page = _page(browser, site, world, "unit_officer", size)
    page.goto(f"{site}/tasks/mine")
    page.click(f"main a[href^='/tasks/{world.task_a2}']")
    page.wait_for_selector("#report-form")
    page.select_option("#report-form select[name=status]", "in_progress")
    page.fill("#report-form input[name=percent]", "60")
    page.fill("#report-form textarea[name=results]", "Đã rà soát 12 thủ tục, đề xuất đơn giản hóa 3 thủ tục.")
    page.fill("#report-form input[name=evidence_number]", "25/BC-VP")
    page.fill("#report-form input[name=evidence_date]", "30/11/2026")
    page.set_input_files("#report-form input[name=evidence_file]", str(evidence))
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#flash .flash")
    assert "Đã gửi báo cáo tiến độ." in page.inner_text("#flash")
    row = page.inner_text("#reports")
    assert "60%" in row and "25/BC-VP" in row and "Chờ duyệt" in row
    link = page.get_attribute("#reports a[href$='/evidence']", "href")
    assert page.request.get(site + link).body() == PDF
    ctx.close()


def _submit_report(page, site: str, task_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/tasks/{task_id}")
    page.fill("#report-form input[name=percent]", "80")
    page.select_option("#report-form select[name=status]", "in_progress")
    page.fill("#report-form textarea[name=results]", text)
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#flash .flash")


def test_the_standing_office_returns_one_report_and_accepts_another(site, browser, world, size):  # noqa: F811
    ctx, page = _page(browser, site, world, "unit_officer", size)
    _submit_report(page, site, world.task_a2, "Đã hoàn thành việc niêm yết thủ tục.")
    ctx.close()
    ctx, page = _page(browser, site, world, "standing_office", size)
    page.goto(f"{site}/reviews")
    forms = page.query_selector_all("form.review-form")
    assert len(forms) >= 2
    first, second = (f.get_attribute("id") for f in forms[:2])
    # Returning without a comment is refused beside the comment; then returned with one.
    page.click(f"#{first} button[value=returned]")
    page.wait_for_selector(f"#{first}-comment-error")
    _no_error_page(page)
    page.fill(f"#{first} textarea[name=comment]", "Bổ sung văn bản minh chứng.")
    page.click(f"#{first} button[value=returned]")
    page.wait_for_selector("#flash .flash")
    assert "Đã trả lại báo cáo." in page.inner_text("#flash")
    page.click(f"#{second} button[value=accepted]")
    page.wait_for_selector("#flash .flash")
    assert "Đã chấp nhận báo cáo." in page.inner_text("#flash")
    assert page.query_selector(f"#{first}") is None and page.query_selector(f"#{second}") is None
    reviewed = {r["id"]: r["review_status"] for t in (world.task_a, world.task_a2)
                for r in page.request.get(f"{site}/api/tasks/{t}").json()["detail"]["reports"]}
    assert sorted(reviewed.values()) == ["accepted", "returned"]
    ctx.close()


def test_the_office_generates_the_report_and_the_leader_approves_it(site, browser, world, size):  # noqa: F811
    ctx, page = _page(browser, site, world, "standing_office", size)
    page.goto(f"{site}/reports")
    _no_error_page(page)
    page.click("#generate-button")
    # The job's progress is polled in place; the button stays disabled until it is done.
    page.wait_for_selector("#report-generate a[href$='.docx']", timeout=50_000)
    page.reload()
    assert "v1" in page.inner_text("#versions")
    ctx.close()
    ctx, page = _page(browser, site, world, "leader", size)
    page.goto(f"{site}/reports")
    page.click("#versions button[type=submit]")
    page.wait_for_selector("#versions .badge.met")
    assert "Đã duyệt" in page.inner_text("#versions")
    _no_error_page(page)
    ctx.close()


def test_the_city_reviewer_ranks_the_communes_and_opens_one(site, browser, world, size):  # noqa: F811
    ctx, page = _page(browser, site, world, "city_reviewer", size)
    page.goto(f"{site}/city")
    _no_error_page(page)
    sort = page.locator("main th a", has_text="Hoàn thành").first  # sort by completion, on the server
    if sort.is_visible():
        sort.click()
        page.wait_for_load_state("networkidle")
    else:  # the phone layout stacks the rows and hides the header row: the sort is then a menu of the page
        page.goto(f"{site}/city?sort=completion")
    assert "sort=" in page.url
    _no_error_page(page)
    page.locator(f"main a[href^='/dashboard?locality_code={world.locality_code}']").first.click()
    page.wait_for_load_state("networkidle")
    assert f"locality_code={world.locality_code}" in page.url
    _no_error_page(page)
    ctx.close()


def test_anyone_finds_a_communes_public_page_without_logging_in(site, browser, world, size):  # noqa: F811
    ctx = browser.new_context(viewport=size, locale="vi-VN")
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    name = page.request.get(f"{site}/api/public/{world.locality_code}").json()["overview"]["locality_name"]
    page.goto(f"{site}/public")
    page.fill("input[name=q]", name.split()[-1])  # the commune's name, as a citizen types it
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator(f"main a[href='/public/{world.locality_code}']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/public/{world.locality_code}")
    assert page.evaluate(NO_SCROLL)
    if AXE.exists():
        page.evaluate(_axe_source())
        assert not page.evaluate(RUN_AXE)
    ctx.close()


def test_a_refused_indicator_entry_is_answered_in_place_with_the_values_kept(site, browser, world):  # noqa: F811
    ctx, page = _page(browser, site, world, "standing_office")
    page.goto(f"{site}/indicators/{world.indicator_id}")
    page.fill("#measurement-form input[name=period]", "Quý 4/2026")
    page.fill("#measurement-form input[name=numerator]", "mười hai")
    page.fill("#measurement-form input[name=denominator]", "40")
    page.fill("#measurement-form input[name=evidence]", "Sổ theo dõi của bộ phận một cửa")
    page.click("#measurement-form button[type=submit]")
    page.wait_for_selector("#measurement-form-numerator-error")
    assert "không phải số" in page.inner_text("#measurement-form-numerator-error")
    assert page.url.endswith(f"/indicators/{world.indicator_id}")  # swapped in place by htmx
    assert page.input_value("#measurement-form input[name=denominator]") == "40"
    assert page.input_value("#measurement-form input[name=evidence]") == "Sổ theo dõi của bộ phận một cửa"
    page.fill("#measurement-form input[name=numerator]", "12")
    page.click("#measurement-form button[type=submit]")
    page.wait_for_selector("#flash .flash")
    assert "Đã ghi số liệu." in page.inner_text("#flash")
    assert "Quý IV năm 2026" in page.inner_text("#measurements")
    ctx.close()


def test_a_refused_report_draft_keeps_the_paragraph_being_written(site, browser, world):  # noqa: F811
    ctx, page = _page(browser, site, world, "standing_office")
    page.goto(f"{site}/reports")
    page.fill("#draft-form textarea[name=strengths]", "Bộ phận một cửa giải quyết đúng hạn 98% hồ sơ.")
    page.fill("#draft-form input[name=report_date]", "31/13/2026")
    page.select_option("#draft-form select[name=signer]", "vice")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#draft-form-report_date-error")
    assert "31/13/2026" in page.inner_text("#draft-form-report_date-error")
    assert page.input_value("#draft-form textarea[name=strengths]") == "Bộ phận một cửa giải quyết đúng hạn 98% hồ sơ."
    assert page.input_value("#draft-form select[name=signer]") == "vice"
    page.fill("#draft-form input[name=report_date]", "15/12/2026")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#flash .flash")
    assert "Đã lưu dự thảo báo cáo." in page.inner_text("#flash")
    assert page.input_value("#draft-form input[name=report_date]") == "15/12/2026"
    ctx.close()


def test_a_bulk_import_of_the_wrong_file_is_refused_beside_the_file(site, browser, world, tmp_path):  # noqa: F811
    wrong = tmp_path / "chi-tieu.txt"
    wrong.write_text("tên;mục tiêu\n", encoding="utf-8")
    ctx, page = _page(browser, site, world, "standing_office")
    page.goto(f"{site}/bulk/{world.plan_id}")
    page.select_option("#bulk-import-form select[name=what]", "indicators")
    # The browser's own check (accept) is bypassed so that the server's answer is what is seen.
    page.evaluate("document.querySelector('#bulk-import-form input[name=file]').removeAttribute('accept')")
    page.set_input_files("#bulk-import-form input[name=file]", str(wrong))
    page.click("#bulk-import-form button[type=submit]")
    page.wait_for_selector("#bulk-import-form-file-error")
    assert "không đúng loại" in page.inner_text("#bulk-import-form-file-error")
    assert page.input_value("#bulk-import-form select[name=what]") == "indicators"
    _no_error_page(page)
    ctx.close()
