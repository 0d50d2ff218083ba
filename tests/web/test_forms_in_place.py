"""Refused forms come back in place: 422, the form again, each message beside its field, every value typed kept."""

from __future__ import annotations

import html
import re

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _token(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text)[1]


def _form(text: str, form_id: str) -> str:
    """The HTML of the form `form_id` in a page."""
    start = text.index(f'id="{form_id}"')
    return text[start:text.index("</form>", start)]


def _beside(form: str, field: str) -> str:
    """The message shown beside `field` in a form ('' when none)."""
    m = re.search(rf'<span class="error field-error" id="[^"]*-{field}-error" role="alert" data-field="{field}">([^<]*)<',
                  form)
    return html.unescape(m[1]) if m else ""


def test_a_progress_report_with_percent_150_comes_back_with_the_message_beside_the_percent(client, world, login_as):
    login_as("unit_officer")
    page = client.get(f"/tasks/{world.task_a2}")
    r = client.post(
        f"/tasks/{world.task_a2}/report",
        data={"csrf_token": _token(page.text), "period": world.period, "status": "in_progress", "percent": "150",
              "results": "Đã ban hành quy chế phối hợp.", "difficulties": "Thiếu cán bộ chuyên trách.",
              "evidence_number": "12/QĐ-UBND", "evidence_date": "2026/11/30"},
        files={"evidence_file": ("quyet-dinh.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 422
    form = _form(r.text, "report-form")
    assert "0–100" in _beside(form, "percent")
    assert "2026/11/30" in _beside(form, "evidence_date")
    assert "Đã ban hành quy chế phối hợp." in form and "Thiếu cán bộ chuyên trách." in form
    assert 'value="150"' in form and 'value="12/QĐ-UBND"' in form
    assert "đã chọn: quyet-dinh.pdf" in form
    assert "percent:" not in r.text and "Lỗi 422" not in r.text


def test_the_kept_evidence_file_is_stored_with_the_corrected_report(client, world, login_as):
    login_as("unit_officer")
    page = client.get(f"/tasks/{world.task_a2}")
    token = _token(page.text)
    base = {"csrf_token": token, "period": world.period, "status": "in_progress", "results": "Đã triển khai."}
    r = client.post(f"/tasks/{world.task_a2}/report", data={**base, "percent": "abc"},
                    files={"evidence_file": ("bien-ban.pdf", PDF, "application/pdf")})
    assert r.status_code == 422
    assert "không phải số" in _beside(_form(r.text, "report-form"), "percent")
    kept = re.search(r'name="evidence_file_kept" value="([^"]+)"', r.text)[1]
    r = client.post(f"/tasks/{world.task_a2}/report", data={**base, "percent": "70", "evidence_file_kept": kept},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    report = client.get(f"/api/tasks/{world.task_a2}").json()["detail"]["reports"][0]
    assert report["percent"] == 70
    assert client.get(f"/reports/{report['id']}/evidence").content == PDF


def test_a_quarter_typed_the_vietnamese_way_is_accepted(client, world, login_as):
    login_as("unit_officer")
    page = client.get(f"/tasks/{world.task_a2}")
    r = client.post(f"/tasks/{world.task_a2}/report",
                    data={"csrf_token": _token(page.text), "period": "Quý 4/2026", "status": "in_progress",
                          "percent": "20", "results": "Bắt đầu."}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert client.get(f"/api/tasks/{world.task_a2}").json()["detail"]["reports"][0]["period"] == "2026-Q4"


def test_an_htmx_progress_report_is_swapped_in_place(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/tasks/{world.task_a2}/report",
                    data={"period": "Quý 9/2026", "status": "in_progress", "percent": "10", "results": "Một phần."},
                    headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#report-form" and r.headers["HX-Reselect"] == "#report-form"
    assert "Quý 9/2026" in _beside(_form(r.text, "report-form"), "period")


def test_the_json_api_answers_a_refused_report_as_before(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "150", "results": "x"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"
    assert r.json()["error"]["message"].startswith("Tiến độ (%): ")


def test_returning_a_report_without_a_comment_is_refused_beside_the_comment(client, world, login_as):
    login_as("standing_office")
    page = client.get("/reviews")
    version = re.search(rf'id="review-{world.report_id}".*?name="version" value="(\d+)"', page.text, re.S)[1]
    r = client.post(f"/reviews/{world.report_id}",
                    data={"csrf_token": _token(page.text), "version": version, "decision": "returned", "comment": " "})
    assert r.status_code == 422
    assert "ghi ý kiến" in _beside(_form(r.text, f"review-{world.report_id}"), "comment")
    assert "comment:" not in r.text


def test_refusing_an_extension_without_a_comment_is_refused_beside_the_comment(client, world, login_as):
    login_as("leader")
    page = client.get("/extensions")
    r = client.post(f"/extensions/{world.extension_id}",
                    data={"csrf_token": _token(page.text), "decision": "refuse", "comment": ""})
    assert r.status_code == 422
    assert "lý do" in _beside(_form(r.text, f"extension-{world.extension_id}"), "comment")


def test_an_extension_request_with_a_bad_date_keeps_the_reason(client, world, login_as):
    login_as("unit_officer")
    page = client.get(f"/tasks/{world.task_a2}")
    r = client.post(f"/tasks/{world.task_a2}/extensions",
                    data={"csrf_token": _token(page.text), "new_due_on": "31/13/2026", "reason": "Chờ kinh phí."})
    assert r.status_code == 422
    form = _form(r.text, "extension-form")
    assert "31/13/2026" in _beside(form, "new_due_on") and "Chờ kinh phí." in form


def _draft(client, token: str, samples_dir, *, as_new_version: bool = True) -> int:
    sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
    r = client.post("/api/plans/import", files={"file": (sample.name, sample.read_bytes(), "text/plain")},
                    data={"kind": "general"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    return r.json()["plan"]["id"]


def test_importing_the_same_document_again_is_flagged_and_offers_the_existing_plan(client, world, login_as,
                                                                                   samples_dir):
    login_as("standing_office")
    page = client.get("/plans")
    sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
    r = client.post("/plans/import", data={"csrf_token": _token(page.text), "kind": "general"},
                    files={"file": (sample.name, sample.read_bytes(), "text/plain")}, follow_redirects=False)
    assert r.status_code == 422
    form = _form(r.text, "import-form")
    assert "đã được nhập" in _beside(form, "file")
    assert f'href="/plans/{world.plan_id}"' in form and 'name="as_new_version"' in form
    kept = re.search(r'name="file_kept" value="([^"]+)"', form)[1]
    r = client.post("/plans/import", data={"csrf_token": _token(page.text), "kind": "general", "file_kept": kept,
                                           "as_new_version": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    new_page = client.get(r.headers["location"])
    assert 'id="review-warnings"' in new_page.text and "Trùng với kế hoạch đã có" in new_page.text


def test_publishing_a_second_plan_for_the_commune_needs_a_confirmed_replacement(client, world, login_as,
                                                                                samples_dir):
    token = login_as("standing_office")
    plan_id = _draft(client, token, samples_dir)
    h = {"X-CSRF-Token": token}
    for t in client.get(f"/api/plans/{plan_id}").json()["plan"]["tasks"]:
        if not t["lead"]:
            client.post(f"/api/plans/tasks/{t['id']}", data={"version": str(t["version"]),
                                                              "lead_unit_ids": [str(world.unit_a)]}, headers=h)
    version = str(client.get(f"/api/plans/{plan_id}").json()["plan"]["version"])
    page = client.get(f"/plans/{plan_id}")
    assert "sẽ được giao cho" in page.text and 'name="replace"' in page.text
    r = client.post(f"/plans/{plan_id}/publish", data={"csrf_token": _token(page.text), "version": version})
    assert r.status_code == 422
    assert "Xác nhận thay thế" in _beside(_form(r.text, "publish-form"), "replace")
    assert client.get(f"/api/plans/{world.plan_id}").json()["plan"]["status"] == "published"
    r = client.post(f"/plans/{plan_id}/publish", data={"csrf_token": _token(page.text), "version": version,
                                                       "replace": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert client.get(f"/api/plans/{plan_id}").json()["plan"]["status"] == "published"
    assert client.get(f"/api/plans/{world.plan_id}").json()["plan"]["status"] == "closed"
    history = client.get(f"/api/history/plan/{world.plan_id}").json()
    assert any(e["action"] == "close" for e in history["history"])


def test_a_due_date_for_a_recurring_task_is_refused_beside_the_field(client, world, login_as, samples_dir):
    token = login_as("standing_office")
    plan_id = _draft(client, token, samples_dir)
    task = client.get(f"/api/plans/{plan_id}").json()["plan"]["tasks"][0]
    r = client.post(f"/plans/tasks/{task['id']}",
                    data={"version": str(task["version"]), "task": "Rà soát thủ tục.", "timeline_kind": "recurring",
                          "due_on": "30/11/2026"},
                    headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == f"#task-{task['id']}"
    form = _form(r.text, f"task-{task['id']}")
    assert "Định kỳ" in _beside(form, "due_on") and "Rà soát thủ tục." in form
    assert client.get(f"/api/plans/{plan_id}").json()["plan"]["tasks"][0]["version"] == task["version"]


def test_a_plan_edit_with_a_bad_date_keeps_what_was_typed(client, world, login_as, samples_dir):
    token = login_as("standing_office")
    plan_id = _draft(client, token, samples_dir)
    page = client.get(f"/plans/{plan_id}")
    version = str(client.get(f"/api/plans/{plan_id}").json()["plan"]["version"])
    r = client.post(f"/plans/{plan_id}", data={"csrf_token": _token(page.text), "version": version,
                                               "number": "77/KH-UBND", "issued_on": "2026/11/30"})
    assert r.status_code == 422
    form = _form(r.text, "plan-form")
    assert "2026/11/30" in _beside(form, "issued_on") and 'value="77/KH-UBND"' in form
