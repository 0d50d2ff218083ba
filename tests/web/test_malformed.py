"""Malformed input on every form and upload: a clear message, nothing changed, nothing executed."""

from __future__ import annotations

import pytest

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _reports(client, task_id):
    return client.get(f"/api/tasks/{task_id}").json()["detail"]["reports"]


@pytest.mark.parametrize(
    "field,value,needle",
    [
        ("percent", "abc", "không phải số"),
        ("percent", "150", "0–100"),
        ("percent", "", "không được để trống"),
        ("evidence_date", "31/02/2026", "không tồn tại"),
        ("evidence_date", "hôm qua", "không phải ngày"),
        ("status", "overdue", "tự tính"),
        ("status", "xyz", "không hợp lệ"),
        ("period", "2026-Q5", "Kỳ báo cáo không hợp lệ"),
        ("results", "   ", "không được để trống"),
        ("results", "x" * 20001, "quá dài"),
    ],
)
def test_bad_report_fields_are_refused_and_nothing_is_saved(client, world, login_as, field, value, needle):
    token = login_as("unit_officer")
    form = {"period": world.period, "status": "in_progress", "percent": "50", "results": "Kết quả"}
    form[field] = value
    r = client.post(f"/api/tasks/{world.task_a2}/report", data=form, headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]["message"]
    assert _reports(client, world.task_a2) == []


def test_bad_report_through_the_html_form_shows_the_message_on_a_page(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/tasks/{world.task_a2}/report",
                    data={"csrf_token": token, "period": world.period, "status": "in_progress", "percent": "50",
                          "results": "x", "evidence_date": "31/02/2026"})
    assert r.status_code == 422
    assert "text/html" in r.headers["content-type"]
    assert "Ngày «31/02/2026» ở trường «Ngày văn bản» không tồn tại." in r.text


@pytest.mark.parametrize(
    "name,content,status,needle",
    [
        ("virus.exe", b"MZ\x90\x00", 422, "không đúng loại"),
        ("gia-mao.pdf", b"khong phai pdf", 422, "bị hỏng"),
        ("rong.pdf", b"", 422, "rỗng"),
    ],
)
def test_bad_evidence_files_are_refused(client, world, login_as, name, content, status, needle):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "10", "results": "x"},
                    files={"evidence_file": (name, content, "application/octet-stream")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]["message"]
    assert _reports(client, world.task_a2) == []


def test_an_evidence_file_over_the_limit_is_refused_with_413(client, world, login_as, settings):
    token = login_as("unit_officer")
    big = b"%PDF-1.4\n" + b"0" * (settings.max_upload_bytes + 10)
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "10", "results": "x"},
                    files={"evidence_file": ("lon.pdf", big, "application/pdf")}, headers={"X-CSRF-Token": token})
    assert r.status_code == 413, r.text
    assert "quá lớn" in r.json()["error"]["message"]
    assert _reports(client, world.task_a2) == []


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("ke-hoach.exe", b"MZ", "không đúng loại"),
        ("ke-hoach.docx", b"this is not a zip", "bị hỏng"),
        ("ke-hoach.pdf", b"<html>not a pdf</html>", "bị hỏng"),
        ("ke-hoach.txt", b"", "rỗng"),
        ("ke-hoach.docx", b"PK\x03\x04" + b"\x00" * 100, ""),
    ],
)
def test_bad_plan_uploads_are_refused_and_no_plan_is_created(client, world, login_as, name, content, needle):
    token = login_as("standing_office")
    before = len(client.get("/api/plans").json()["plans"])
    r = client.post("/api/plans/import", files={"file": (name, content, "application/octet-stream")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code in (413, 422), r.text
    assert needle in r.json()["error"]["message"]
    assert len(client.get("/api/plans").json()["plans"]) == before


def test_plan_upload_over_the_limit_is_413(client, world, login_as, settings):
    token = login_as("standing_office")
    r = client.post("/api/plans/import",
                    files={"file": ("lon.txt", b"a" * (settings.max_upload_bytes + 1), "text/plain")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 413
    assert "quá lớn" in r.json()["error"]["message"]


def test_html_in_text_fields_is_stored_as_typed_and_escaped_on_pages(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "20", "results": SCRIPT,
                          "difficulties": SCRIPT},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert r.json()["report"]["results"] == SCRIPT
    page = client.get(f"/tasks/{world.task_a2}")
    assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(" in page.text
    login_as("standing_office")
    queue = client.get("/reviews")
    assert "<script>alert" not in queue.text


@pytest.mark.parametrize(
    "form,needle",
    [
        ({"numerator": "45", "denominator": "0"}, "Mẫu số phải lớn hơn 0"),
        ({"numerator": "45"}, "cả tử số và mẫu số"),
        ({"numerator": "abc", "denominator": "5"}, "không phải số"),
        ({}, "Chưa nhập số liệu"),
        ({"numerator": "-1", "denominator": "5"}, "không được âm"),
    ],
)
def test_bad_measurements_are_refused(client, world, login_as, form, needle):
    token = login_as("standing_office")
    r = client.post(f"/api/indicators/{world.indicator_id}/measurements", data={"period": world.period, **form},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]["message"]
    assert client.get(f"/api/indicators/{world.indicator_id}").json()["measurements"] == []


@pytest.mark.parametrize(
    "form,needle",
    [
        ({"new_due_on": "30/02/2027", "reason": "x"}, "không tồn tại"),
        ({"new_due_on": "", "reason": "x"}, "không được để trống"),
        ({"new_due_on": "31/03/2027", "reason": "  "}, "không được để trống"),
    ],
)
def test_bad_extension_requests_are_refused(client, world, login_as, form, needle):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/extensions", data=form, headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "path,form,needle",
    [
        ("/api/reviews/{report_id}", {"version": "1", "decision": "maybe"}, "không hợp lệ"),
        ("/api/reviews/{report_id}", {"version": "x", "decision": "accepted"}, "phải là số"),
        ("/api/extensions/{extension_id}", {"decision": "perhaps"}, "không hợp lệ"),
        ("/api/plans/tasks/{task_other}", {"version": "1", "due_on": "32/01/2026"}, "không tồn tại"),
        ("/api/plans/tasks/{task_other}", {"version": "1", "area": "space"}, "không hợp lệ"),
        ("/api/plans/tasks/{task_other}", {"version": "1", "task": ""}, "không được để trống"),
        ("/api/plans/{plan_id}/tasks", {"area": "direction"}, "không được để trống"),
        ("/api/tasks/{task_other}/status", {"version": "1", "status": "overdue"}, ""),
    ],
)
def test_bad_management_forms_are_refused(client, world, login_as, path, form, needle):
    token = login_as("admin" if "extensions" in path else "standing_office")
    url = path.format(report_id=world.report_id, extension_id=world.extension_id, task_other=world.task_other,
                      plan_id=world.plan_id)
    r = client.post(url, data=form, headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]["message"]


def test_wrong_types_in_query_and_path_are_422(client, world, login_as):
    login_as("standing_office")
    assert client.get("/api/tasks/abc").status_code == 422
    assert client.get("/api/dashboard?locality_code=xyz").status_code == 422
    assert client.get("/api/dashboard?period=2026-Q9").json()["error"]["message"].startswith("Kỳ báo cáo không hợp lệ")
