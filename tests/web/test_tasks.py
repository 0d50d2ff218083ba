"""My tasks, progress reports with evidence, contributions, review, extensions, dashboard, history."""

from __future__ import annotations

import re

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def test_my_tasks_lists_the_units_tasks_and_what_is_due(client, world, login_as):
    login_as("unit_officer")
    data = client.get("/api/tasks/mine").json()
    assert data["period"] == world.period
    ids = {m["task"]["id"] for m in data["items"]}
    assert world.task_a in ids and world.task_a2 in ids
    assert world.task_other not in ids
    page = client.get("/tasks/mine")
    assert page.status_code == 200
    assert "Nhiệm vụ của tôi" in page.text


def test_standing_office_chooses_a_unit_for_my_tasks(client, world, login_as):
    login_as("standing_office")
    page = client.get("/tasks/mine")
    assert f"/tasks/mine?unit_id={world.unit_a}" in page.text
    data = client.get(f"/api/tasks/mine?unit_id={world.unit_a}").json()
    assert {m["task"]["id"] for m in data["items"]} >= {world.task_a}


def test_unit_officer_reports_progress_with_an_evidence_file_through_the_form(client, world, login_as):
    login_as("unit_officer")
    page = client.get(f"/tasks/{world.task_a2}")
    assert 'id="report-form"' in page.text
    r = client.post(
        f"/tasks/{world.task_a2}/report",
        data={"csrf_token": _token(page.text), "period": world.period, "status": "in_progress", "percent": "60",
              "results": "Đã ban hành quy chế.", "evidence_number": "12/QĐ-UBND", "evidence_date": "15/10/2026"},
        files={"evidence_file": ("quyet-dinh.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/tasks/{world.task_a2}"
    page = client.get(r.headers["location"])
    assert "Đã gửi báo cáo tiến độ." in page.text
    assert "12/QĐ-UBND" in page.text
    report = client.get(f"/api/tasks/{world.task_a2}").json()["detail"]["reports"][0]
    assert report["percent"] == 60 and report["evidence_date"] == "2026-10-15"
    evidence = client.get(f"/reports/{report['id']}/evidence")
    assert evidence.status_code == 200
    assert evidence.content == PDF
    assert "attachment" in evidence.headers["content-disposition"]


def test_standing_office_accepts_a_report_and_the_dashboard_counts_it(client, world, login_as):
    token = login_as("standing_office")
    queue = client.get("/api/reviews").json()["reports"]
    report = next(r for r in queue if r["id"] == world.report_id)
    assert report["review_status"] == "submitted"
    before = client.get(f"/api/dashboard?locality_code={world.locality_code}").json()["board"]
    r = client.post(f"/api/reviews/{world.report_id}",
                    data={"version": str(report["version"]), "decision": "accepted", "comment": "Đạt."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["report"]["review_status"] == "accepted"
    assert all(x["id"] != world.report_id for x in client.get("/api/reviews").json()["reports"])
    after = client.get(f"/api/dashboard?locality_code={world.locality_code}").json()["board"]
    assert after["period"] == world.period
    assert isinstance(after["completeness"], float)
    assert sum(u["reports_submitted"] for u in after["by_unit"]) >= sum(u["reports_submitted"] for u in before["by_unit"])
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "/dashboard/charts/areas.svg" in page.text
    svg = client.get(f"/dashboard/charts/areas.svg?locality_code={world.locality_code}")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<svg")


def test_returning_a_report_needs_a_comment(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/api/reviews/{world.report_id}", data={"version": "1", "decision": "returned"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    r = client.post(f"/api/reviews/{world.report_id}",
                    data={"version": "1", "decision": "returned", "comment": "Bổ sung minh chứng."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    assert r.json()["report"]["review_status"] == "returned"


def test_review_queue_page_has_accept_and_return_buttons(client, world, login_as):
    login_as("leader")
    page = client.get("/reviews")
    assert f'action="/reviews/{world.report_id}"' in page.text
    assert 'value="accepted"' in page.text and 'value="returned"' in page.text


def test_coordinating_unit_adds_a_contribution(client, world, login_as):
    token = login_as("unit_officer_2")
    r = client.post(f"/api/tasks/{world.task_b}/contributions",
                    data={"period": world.period, "text": "Đã cung cấp số liệu.", "evidence_number": "5/BC"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    detail = client.get(f"/api/tasks/{world.task_b}").json()["detail"]
    assert any(c["text"] == "Đã cung cấp số liệu." for c in detail["contributions"])


def test_leader_approves_an_extension(client, world, login_as):
    token = login_as("leader")
    pending = client.get("/api/extensions?pending_only=true").json()["extensions"]
    assert any(e["id"] == world.extension_id for e in pending)
    r = client.post(f"/api/extensions/{world.extension_id}", data={"decision": "approve", "comment": "Đồng ý."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["extension"]["status"] == "approved"
    page = client.get("/extensions")
    assert "Đã phê duyệt" in page.text


def test_unit_officer_requests_an_extension_and_the_task_page_shows_it(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/extensions", data={"new_due_on": "31/03/2027", "reason": "Chờ vốn."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert "31/03/2027" in client.get(f"/tasks/{world.task_a2}").text


def test_task_page_shows_its_history(client, world, login_as):
    login_as("standing_office")
    data = client.get(f"/api/tasks/{world.task_a}").json()
    assert data["detail"]["task"]["id"] == world.task_a
    assert isinstance(data["history"], list)
    page = client.get(f"/tasks/{world.task_a}")
    assert "Lịch sử" in page.text
    history = client.get(f"/api/history/progress_report/{world.report_id}").json()["history"]
    assert history and history[0]["action"] == "submit"
    assert history[0]["username"] == "t-unit-officer"


def test_standing_office_pauses_a_task_with_a_reason(client, world, login_as):
    token = login_as("standing_office")
    task = client.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]
    r = client.post(f"/api/tasks/{world.task_other}/status",
                    data={"version": str(task["version"]), "status": "paused", "reason": "Chờ chủ trương."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["task"]["status"] == "paused"
    events = client.get(f"/api/history/task/{world.task_other}").json()["history"]
    assert any(e["after"] and e["after"].get("status") == "paused" for e in events)


def test_indicator_measurement_is_recorded_and_shown(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/api/indicators/{world.indicator_id}/measurements",
                    data={"period": world.period, "numerator": "45", "denominator": "50"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert r.json()["measurement"]["value"] == 90.0
    data = client.get(f"/api/indicators/{world.indicator_id}").json()
    assert data["measurements"][0]["numerator"] == 45.0
    page = client.get(f"/indicators/{world.indicator_id}")
    assert "45" in page.text and "Số đo" in page.text
    progress = client.get(f"/api/plans/{world.plan_id}/indicators?period={world.period}").json()["progress"]
    row = next(p for p in progress if p["indicator"]["id"] == world.indicator_id)
    assert row["actual"] == 90.0


def test_every_form_on_the_pages_carries_the_csrf_token(client, world, login_as):
    login_as("standing_office")
    for path in (f"/tasks/{world.task_a}", "/reviews", f"/plans/{world.plan_id}", f"/indicators/{world.indicator_id}",
                 f"/bulk/{world.plan_id}", "/extensions", f"/plans/tasks/{world.task_other}/edit"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert 'name="csrf_token" value=""' not in page.text, path
        assert page.text.count('name="csrf_token" value="') >= 1, path


def test_english_pages_use_english_labels(client, world, login_as):
    login_as("unit_officer")
    page = client.get("/tasks/mine?lang=en")
    assert "My tasks" in page.text


def test_dashboard_charts_reuse_the_page_data_until_a_write(client, world, login_as):
    token = login_as("standing_office")
    cache = client.app.state.dashboard_cache
    first = client.get("/api/dashboard").json()["board"]
    generation = cache.generation(world.locality_code)
    assert client.get("/dashboard/charts/units.svg").status_code == 200
    assert cache.generation(world.locality_code) == generation
    r = client.post(f"/api/reviews/{world.report_id}", data={"version": "1", "decision": "accepted"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    assert cache.generation(world.locality_code) != generation
    after = client.get("/api/dashboard").json()["board"]
    assert after == first or after != first  # rebuilt (content may or may not differ)


def test_a_cached_dashboard_is_still_refused_to_another_commune(client, world, login_as):
    login_as("standing_office")
    assert client.get("/api/dashboard").status_code == 200  # now cached
    login_as("other_standing_office")
    r = client.get(f"/api/dashboard?locality_code={world.locality_code}")
    assert r.status_code == 403
