"""Every route × every role: nobody reads or writes outside their commune, unit or role."""

from __future__ import annotations

import pytest

ROLES = [
    "anonymous", "unit_officer", "unit_officer_2", "standing_office", "leader", "city_reviewer", "admin",
    "other_standing_office", "other_unit_officer", "other_city_reviewer",
]
COMMUNE_READERS = {"unit_officer", "unit_officer_2", "standing_office", "leader", "city_reviewer", "admin"}
DENIED = {403, 404}

# (path template, roles that may read). Everyone else: 401 when anonymous, 403/404 otherwise.
READS = [
    ("/api/plans/{plan_id}", COMMUNE_READERS),
    ("/api/plans/{plan_id}/source", COMMUNE_READERS),
    ("/api/plans/{plan_id}/indicators", COMMUNE_READERS),
    ("/api/tasks/{task_a}", COMMUNE_READERS),
    ("/api/indicators/{indicator_id}", COMMUNE_READERS),
    ("/api/history/task/{task_a}", COMMUNE_READERS),
    ("/api/history/plan/{plan_id}", COMMUNE_READERS),
    ("/api/dashboard?locality_code={locality_code}", COMMUNE_READERS),
    ("/dashboard/charts/areas.svg?locality_code={locality_code}", COMMUNE_READERS),
    ("/reports/{report_id}/evidence", set()),  # no evidence file on this report: 404 even when allowed
    ("/api/tasks/mine?unit_id={unit_a}", {"unit_officer", "standing_office", "leader", "city_reviewer", "admin"}),
]


def _fmt(world, template: str) -> str:
    return template.format(**{k: getattr(world, k) for k in (
        "plan_id", "task_a", "task_a2", "task_b", "task_other", "indicator_id", "report_id", "extension_id",
        "locality_code", "unit_a", "unit_b")})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template,allowed", READS, ids=[r[0] for r in READS])
def test_reads_are_scoped_to_the_commune(client, world, login_as, role, template, allowed):
    if role != "anonymous":
        login_as(role)
    r = client.get(_fmt(world, template), follow_redirects=False)
    if role == "anonymous":
        if template.startswith("/api/"):
            assert r.status_code == 401, r.text
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), r.text
    elif role in allowed:
        assert r.status_code == 200, r.text
    else:
        assert r.status_code in DENIED, (role, r.status_code, r.text)


def _forms(world):
    p = world.period
    return {
        "report": ("/api/tasks/{task_a2}/report",
                   {"period": p, "status": "in_progress", "percent": "30", "results": "Đang làm."},
                   {"unit_officer", "standing_office", "admin"}),
        "contribution": ("/api/tasks/{task_b}/contributions", {"period": p, "text": "Đã phối hợp."},
                         {"unit_officer_2", "standing_office", "admin"} | ({"unit_officer"} if world.task_b_has_a else set())),
        "extension": ("/api/tasks/{task_a2}/extensions", {"new_due_on": "30/06/2027", "reason": "Thiếu kinh phí."},
                      {"unit_officer", "standing_office", "admin"}),
        "review": ("/api/reviews/{report_id}", {"version": "1", "decision": "accepted"},
                   {"standing_office", "leader", "admin"}),
        "decide_extension": ("/api/extensions/{extension_id}", {"decision": "approve"}, {"leader", "admin"}),
        "edit_task": ("/api/plans/tasks/{task_other}", {"version": "{task_version}", "output": "Báo cáo"},
                      {"standing_office", "admin"}),
        "add_task": ("/api/plans/{plan_id}/tasks", {"task": "Nhiệm vụ bổ sung", "area": "direction"},
                     {"standing_office", "admin"}),
        "measurement": ("/api/indicators/{indicator_id}/measurements",
                        {"period": p, "numerator": "45", "denominator": "50"},
                        {"standing_office", "admin"} | ({"unit_officer"} if world.indicator_has_a else set())),
        "task_status": ("/api/tasks/{task_other}/status",
                        {"version": "{task_version}", "status": "paused", "reason": "Chờ chủ trương."},
                        {"standing_office", "admin"}),
        "import_plan": ("/api/plans/import", {"locality_code": "{locality_code}"}, {"standing_office", "admin"}),
    }


WRITES = ["report", "contribution", "extension", "review", "decide_extension", "edit_task", "add_task",
          "measurement", "task_status", "import_plan"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", WRITES)
def test_writes_are_scoped_to_role_unit_and_commune(client, world, login_as, get_csrf, role, action, samples_dir):
    template, form, allowed = _forms(world)[action]
    token = login_as(role) if role != "anonymous" else get_csrf(client)
    task_version = None
    if "{task_version}" in str(form.values()):
        # read it as the standing office would (anonymous/other roles cannot read it themselves)
        from cchc.kernel.actor import Actor
        from cchc.services import tasks

        db = client.app.state.sessionmaker()
        try:
            task_version = tasks.get_task(db, Actor.system(), task_id=world.task_other).task.version
        finally:
            db.close()
    data = {k: v.replace("{task_version}", str(task_version)).replace("{locality_code}", str(world.locality_code))
            for k, v in form.items()}
    if action == "contribution" and role in ("standing_office", "admin", "leader"):
        data["unit_id"] = str(world.unit_b)  # acting for the coordinating unit
    files = None
    if action == "import_plan":
        sample = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
        files = {"file": (sample.name, sample.read_bytes(), "text/plain")}
    r = client.post(_fmt(world, template), data=data, files=files, headers={"X-CSRF-Token": token})
    if role == "anonymous":
        assert r.status_code == 401, r.text
    elif role in allowed:
        assert r.status_code in (200, 201), (role, r.text)
    else:
        assert r.status_code in DENIED, (role, r.status_code, r.text)


@pytest.mark.parametrize("role", ["other_standing_office", "other_city_reviewer", "other_unit_officer"])
def test_lists_of_another_commune_do_not_show_our_data(client, world, login_as, role):
    login_as(role)
    reviews = client.get("/api/reviews").json()["reports"]
    assert all(r["id"] != world.report_id for r in reviews)
    extensions = client.get("/api/extensions")
    if extensions.status_code == 200:
        assert all(e["id"] != world.extension_id for e in extensions.json()["extensions"])
    else:  # a city reviewer must name a commune first
        assert extensions.status_code in DENIED | {422}


def test_plan_list_shows_only_plans_a_user_may_read(client, world, login_as):
    login_as("other_standing_office")
    r = client.get("/api/plans")
    assert r.status_code == 200, r.text
    assert all(p["id"] != world.plan_id for p in r.json()["plans"])
