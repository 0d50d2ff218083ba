"""Importing and reviewing a plan: upload, source beside extraction, inline edits, merge/split, publish."""

from __future__ import annotations

import pytest


@pytest.fixture()
def draft(client, world, login_as, samples_dir):
    """A draft imported through the API by the standing office: (plan JSON, csrf token)."""
    token = login_as("standing_office")
    sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
    r = client.post("/api/plans/import", files={"file": (sample.name, sample.read_bytes(), "text/plain")},
                    data={"kind": "general"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    return r.json()["plan"], token


def test_import_creates_a_draft_shown_beside_its_source(client, draft):
    plan, _ = draft
    assert plan["status"] == "draft"
    assert len(plan["tasks"]) > 10
    page = client.get(f"/plans/{plan['id']}")
    assert page.status_code == 200
    assert 'id="source-text"' in page.text
    assert "Văn bản gốc" in page.text and "Nhiệm vụ" in page.text
    assert 'id="publish"' in page.text


def test_import_through_the_form_redirects_to_the_review_page(client, world, login_as, samples_dir, get_csrf):
    login_as("standing_office")
    page = client.get("/plans")
    assert 'id="import-form"' in page.text
    sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.docx"
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    r = client.post("/plans/import", data={"csrf_token": token, "kind": "general"},
                    files={"file": (sample.name, sample.read_bytes(),
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/plans/")


def test_htmx_inline_edit_returns_the_updated_row(client, draft):
    plan, token = draft
    task = plan["tasks"][0]
    form = client.get(f"/plans/tasks/{task['id']}/edit")
    assert 'name="version"' in form.text
    r = client.post(f"/plans/tasks/{task['id']}", data={"version": str(task["version"]), "output": "Kế hoạch kiểm tra"},
                    headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert r.status_code == 200, r.text
    assert r.text.lstrip().startswith(f'<tr id="task-{task["id"]}"')
    assert "Kế hoạch kiểm tra" in r.text


def test_fixing_the_units_of_a_task(client, draft, world):
    plan, token = draft
    task = plan["tasks"][1]
    r = client.post(f"/api/plans/tasks/{task['id']}",
                    data={"version": str(task["version"]), "lead_unit_ids": [str(world.unit_b)],
                          "support_unit_ids": [str(world.unit_a)]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    updated = r.json()["task"]
    assert [u["unit_id"] for u in updated["lead"]] == [world.unit_b]
    assert [u["unit_id"] for u in updated["support"]] == [world.unit_a]


def test_add_split_merge_and_delete_tasks(client, draft):
    plan, token = draft
    h = {"X-CSRF-Token": token}
    pid = plan["id"]
    added = client.post(f"/api/plans/{pid}/tasks", data={"task": "Nhiệm vụ mới", "area": "procedures",
                                                         "due_on": "30/06/2026"}, headers=h)
    assert added.status_code == 201, added.text
    new = added.json()["task"]
    assert new["due_on"] == "2026-06-30"
    split = client.post(f"/api/plans/tasks/{new['id']}/split",
                        data={"version": str(new["version"]), "parts": "Phần một\nPhần hai"}, headers=h)
    assert split.status_code == 200, split.text
    parts = split.json()["tasks"]
    assert len(parts) == 2
    merged = client.post(f"/api/plans/{pid}/merge", data={"task_ids": [str(p["id"]) for p in parts]}, headers=h)
    assert merged.status_code == 200, merged.text
    m = merged.json()["task"]
    deleted = client.post(f"/api/plans/tasks/{m['id']}/delete", data={"version": str(m["version"]), "plan_id": str(pid)},
                          headers=h)
    assert deleted.status_code == 200, deleted.text
    ids = {t["id"] for t in client.get(f"/api/plans/{pid}").json()["plan"]["tasks"]}
    assert m["id"] not in ids


def test_merge_needs_two_tasks(client, draft):
    plan, token = draft
    r = client.post(f"/api/plans/{plan['id']}/merge", data={"task_ids": [str(plan["tasks"][0]["id"])]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    assert "hai nhiệm vụ" in r.json()["error"]["message"]


def test_add_edit_delete_indicator(client, draft):
    plan, token = draft
    h = {"X-CSRF-Token": token}
    r = client.post(f"/api/plans/{plan['id']}/indicators",
                    data={"name": "Tỷ lệ hồ sơ trực tuyến", "comparator": ">=", "target": "80", "unit": "%"}, headers=h)
    assert r.status_code == 201, r.text
    ind = r.json()["indicator"]
    r = client.post(f"/api/plans/indicators/{ind['id']}", data={"version": str(ind["version"]), "target": "85,5"},
                    headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["indicator"]["target"] == 85.5
    ind = r.json()["indicator"]
    r = client.post(f"/api/plans/indicators/{ind['id']}/delete",
                    data={"version": str(ind["version"]), "plan_id": str(plan["id"])}, headers=h)
    assert r.status_code == 200


def test_edit_plan_fields_and_publish(client, draft, world):
    plan, token = draft
    h = {"X-CSRF-Token": token}
    r = client.post(f"/api/plans/{plan['id']}", data={"version": str(plan["version"]), "number": "99/KH-UBND",
                                                      "issued_on": "05/01/2026"}, headers=h)
    assert r.status_code == 200, r.text
    p = r.json()["plan"]
    assert p["number"] == "99/KH-UBND" and p["issued_on"] == "2026-01-05"
    for t in p["tasks"]:
        if not t["lead"]:
            fixed = client.post(f"/api/plans/tasks/{t['id']}",
                                data={"version": str(t["version"]), "lead_unit_ids": [str(world.unit_a)]}, headers=h)
            assert fixed.status_code == 200, fixed.text
    p = client.get(f"/api/plans/{plan['id']}").json()["plan"]
    r = client.post(f"/api/plans/{plan['id']}/publish", data={"version": str(p["version"])}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["plan"]["status"] == "published"


def test_reextract_shows_what_changed_then_applies(client, draft):
    plan, token = draft
    h = {"X-CSRF-Token": token}
    task = plan["tasks"][0]
    client.post(f"/api/plans/tasks/{task['id']}", data={"version": str(task["version"]), "task": "Sửa tay"}, headers=h)
    diff = client.get(f"/api/plans/{plan['id']}/reextract").json()["diff"]
    assert diff["changed_tasks"] or diff["added_tasks"] or diff["removed_tasks"]
    page = client.get(f"/plans/{plan['id']}/reextract")
    assert page.status_code == 200 and "Sửa tay" in page.text
    r = client.post(f"/api/plans/{plan['id']}/reextract", headers=h)
    assert r.status_code == 200, r.text


def test_plan_list_page_and_history(client, world, login_as):
    login_as("standing_office")
    r = client.get("/api/plans")
    assert r.status_code == 200, r.text
    assert any(p["id"] == world.plan_id for p in r.json()["plans"])
    assert client.get("/plans").status_code == 200
    history = client.get(f"/api/history/plan/{world.plan_id}").json()["history"]
    assert [e["action"] for e in history][:1] == ["import"] or "import" in [e["action"] for e in history]
