"""Bulk export (XLSX/CSV) and import with a preview and row errors."""

from __future__ import annotations

import csv
import io
import re


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_exports_download_xlsx_and_csv(client, world, login_as):
    login_as("city_reviewer")
    page = client.get(f"/bulk/{world.plan_id}")
    assert f"/bulk/{world.plan_id}/export/tasks.xlsx" in page.text
    x = client.get(f"/bulk/{world.plan_id}/export/tasks.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert "attachment" in x.headers["content-disposition"]
    c = client.get(f"/api/bulk/{world.plan_id}/export/indicators.csv")
    assert c.status_code == 200 and c.headers["content-type"].startswith("text/csv")
    assert len(_csv_rows(c.content)) > 1


def test_import_preview_then_apply_changes_a_task(client, world, login_as):
    login_as("standing_office")
    rows = _csv_rows(client.get(f"/bulk/{world.plan_id}/export/tasks.csv").content)
    header = rows[0]
    out_col = next(i for i, h in enumerate(header) if h in ("Sản phẩm", "output"))
    rows[1][out_col] = "Sản phẩm sửa qua tệp"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    page = client.get(f"/bulk/{world.plan_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    preview = client.post(f"/bulk/{world.plan_id}/preview", data={"csrf_token": token, "what": "tasks"},
                          files={"file": ("tasks.csv", buf.getvalue().encode("utf-8"), "text/csv")})
    assert preview.status_code == 200, preview.text
    assert "Sản phẩm sửa qua tệp" in preview.text
    preview_token = re.search(r'name="token" value="([^"]+)"', preview.text)[1]
    applied = client.post(f"/bulk/{world.plan_id}/apply", data={"csrf_token": token, "token": preview_token},
                          follow_redirects=False)
    assert applied.status_code == 303, applied.text
    tasks = client.get(f"/api/plans/{world.plan_id}").json()["plan"]["tasks"]
    assert any(t["output"] == "Sản phẩm sửa qua tệp" for t in tasks)
    again = client.post(f"/bulk/{world.plan_id}/apply", data={"csrf_token": token, "token": preview_token})
    assert again.status_code == 422


def test_import_with_bad_rows_lists_the_errors_and_offers_no_apply(client, world, login_as):
    token = login_as("standing_office")
    rows = _csv_rows(client.get(f"/bulk/{world.plan_id}/export/tasks.csv").content)
    header = rows[0]
    due_col = next(i for i, h in enumerate(header) if h in ("Hạn hoàn thành", "due_on"))
    rows[1][due_col] = "31/02/2026"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    r = client.post(f"/api/bulk/{world.plan_id}/preview", data={"what": "tasks"},
                    files={"file": ("tasks.csv", buf.getvalue().encode("utf-8"), "text/csv")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    errors = r.json()["preview"]["errors"]
    assert errors and errors[0]["row"] == 2
    page = client.post(f"/bulk/{world.plan_id}/preview", data={"what": "tasks"},
                       files={"file": ("tasks.csv", buf.getvalue().encode("utf-8"), "text/csv")},
                       headers={"X-CSRF-Token": token})
    assert 'id="row-errors"' in page.text
    assert 'name="token"' not in page.text


def test_import_refuses_a_wrong_file_type(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/api/bulk/{world.plan_id}/preview", data={"what": "tasks"},
                    files={"file": ("tasks.pdf", b"%PDF-1.4", "application/pdf")}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    assert "không đúng loại" in r.json()["error"]["message"]


def test_a_unit_officer_cannot_import(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/bulk/{world.plan_id}/preview", data={"what": "tasks"},
                    files={"file": ("tasks.csv", b"a,b\n1,2\n", "text/csv")}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403
