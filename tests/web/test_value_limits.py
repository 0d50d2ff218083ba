"""Value rules and collection limits through the web: 422 or 403 with a message, never 500."""

from __future__ import annotations

import pytest


@pytest.fixture()
def draft(client, world, login_as, samples_dir):
    """A draft imported by the standing office: (plan JSON, csrf token)."""
    token = login_as("standing_office")
    sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
    r = client.post("/api/plans/import", files={"file": (sample.name, sample.read_bytes(), "text/plain")},
                    data={"kind": "general"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    return r.json()["plan"], token


def test_a_split_into_3500_parts_is_refused_and_creates_no_task(client, draft):
    plan, token = draft
    task = plan["tasks"][0]
    r = client.post(f"/api/plans/tasks/{task['id']}/split",
                    data={"version": str(task["version"]), "parts": "\n".join(str(i) for i in range(3500))},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert "tối đa 50" in r.json()["error"]["message"]
    after = client.get(f"/api/plans/{plan['id']}").json()["plan"]
    assert len(after["tasks"]) == len(plan["tasks"])


def test_a_merge_naming_a_task_twice_is_a_422_not_a_500(client, draft):
    plan, token = draft
    a, b = plan["tasks"][0]["id"], plan["tasks"][1]["id"]
    r = client.post(f"/api/plans/{plan['id']}/merge", data={"task_ids": [str(a), str(b), str(a)]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert f"#{a}" in r.json()["error"]["message"]


def test_a_merge_of_51_tasks_is_refused(client, draft):
    plan, token = draft
    r = client.post(f"/api/plans/{plan['id']}/merge", data={"task_ids": [str(i) for i in range(1, 52)]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text


def test_a_negative_count_is_refused_for_an_indicator(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/api/indicators/{world.indicator_id}/measurements",
                    data={"period": world.period, "value": "-5"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert "không được âm" in r.json()["error"]["message"]


def test_an_extension_to_1990_is_refused(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/extensions",
                    data={"new_due_on": "01/01/1990", "reason": "Thử."}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    assert "01/01/1990" in r.json()["error"]["message"]


def test_the_standing_office_cannot_accept_a_report_it_submitted_itself(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "20", "results": "Đang làm."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code in (200, 201), r.text
    report = r.json()["report"]
    r = client.post(f"/api/reviews/{report['id']}", data={"version": str(report["version"]), "decision": "accepted"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 403, r.text
    assert "tự duyệt" in r.json()["error"]["message"]
    token = login_as("leader")
    r = client.post(f"/api/reviews/{report['id']}", data={"version": str(report["version"]), "decision": "accepted"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
