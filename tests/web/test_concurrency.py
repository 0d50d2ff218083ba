"""Two officers editing the same record at once: the second save gets 409 with the current state."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_second_of_two_simultaneous_task_edits_gets_409_with_the_current_task(app, client, world, login_as):
    first_token = login_as("standing_office")
    other = TestClient(app, raise_server_exceptions=False)
    other.cookies.set("cchc_session", client.cookies["cchc_session"])
    task = client.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]
    read_version = task["version"]
    # both officers opened the edit form with the same version
    r1 = client.post(f"/api/plans/tasks/{world.task_other}", data={"version": str(read_version), "output": "Bản A"},
                     headers={"X-CSRF-Token": first_token})
    assert r1.status_code == 200, r1.text
    r2 = other.post(f"/api/plans/tasks/{world.task_other}", data={"version": str(read_version), "output": "Bản B"},
                    headers={"X-CSRF-Token": first_token})
    assert r2.status_code == 409, r2.text
    error = r2.json()["error"]
    assert error["code"] == "conflict"
    assert error["current"]["output"] == "Bản A"
    assert error["current"]["version"] == r1.json()["task"]["version"]
    assert client.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]["output"] == "Bản A"


def test_a_conflict_in_an_htmx_edit_shows_the_message_and_current_version(client, world, login_as):
    token = login_as("standing_office")
    task = client.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]
    stale = task["version"]
    client.post(f"/api/plans/tasks/{world.task_other}", data={"version": str(stale), "output": "Bản A"},
                headers={"X-CSRF-Token": token})
    r = client.post(f"/plans/tasks/{world.task_other}", data={"version": str(stale), "output": "Bản B"},
                    headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert r.status_code == 409
    assert "người khác sửa" in r.text
    assert "<html" not in r.text  # a fragment for the page's #flash


def test_two_reviews_of_the_same_report_the_second_gets_409(client, world, login_as):
    token = login_as("standing_office")
    r1 = client.post(f"/api/reviews/{world.report_id}", data={"version": "1", "decision": "accepted"},
                     headers={"X-CSRF-Token": token})
    assert r1.status_code == 200, r1.text
    r2 = client.post(f"/api/reviews/{world.report_id}",
                     data={"version": "1", "decision": "returned", "comment": "Thiếu"}, headers={"X-CSRF-Token": token})
    assert r2.status_code == 409
    assert r2.json()["error"]["current"]["review_status"] == "accepted"
