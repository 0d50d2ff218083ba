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
