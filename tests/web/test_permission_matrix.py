"""The permission matrix tried cell by cell: every route × role, allowed and denied, from the table itself."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from cchc.web.permissions import ANONYMOUS, MATRIX, ROLES, Scope, permission_key

# The world's users of the commune under test, one per role.
USER_OF = {"unit_officer": "unit_officer", "standing_office": "standing_office", "leader": "leader",
           "city_reviewer": "city_reviewer", "admin": "admin", "ministry_reviewer": "ministry_reviewer"}


def _app_routes() -> list[tuple[str, str]]:
    from cchc.web.app import discover_routers

    found = []
    for _name, router in discover_routers():
        for route in router.routes:
            for method in sorted(getattr(route, "methods", None) or []):
                if method != "HEAD":
                    found.append((method, route.path))
    return sorted(set(found))


ROUTES = _app_routes()


def test_every_route_of_the_app_is_in_the_permission_matrix():
    missing = sorted({permission_key(m, p) for m, p in ROUTES} - set(MATRIX))
    assert not missing, f"routes missing from cchc.web.permissions.MATRIX: {missing}"


def test_the_matrix_names_no_route_the_app_does_not_have():
    stale = sorted(set(MATRIX) - {permission_key(m, p) for m, p in ROUTES})
    assert not stale, stale


def test_every_row_gives_every_role_a_scope():
    for key, row in MATRIX.items():
        assert set(row) == set(ROLES), key
        assert all(isinstance(s, Scope) for s in row.values()), key


def test_a_unit_officer_may_not_pause_or_resume_a_task():
    assert MATRIX["POST /tasks/{task_id}/status"]["unit_officer"] is Scope.NONE


def _values(world) -> dict[str, str]:
    """A value for each path parameter, taken from the commune under test (the unit officer's unit)."""
    return {
        "plan_id": str(world.plan_id), "task_id": str(world.task_a), "indicator_id": str(world.indicator_id),
        "report_id": str(world.report_id), "extension_id": str(world.extension_id),
        "locality": str(world.locality_code), "code": str(world.locality_code), "period": world.period,
        "month": world.period[:4] + "-01", "version": "1", "fmt": "xlsx", "what": "tasks", "which": "areas",
        "name": "areas", "entity": "task", "entity_id": str(world.task_a), "job_id": "999999",
        "assessment_id": "999999", "score_id": "999999", "evidence_id": "999999", "set_id": "999999",
        "notification_id": "999999", "session_id": "nope", "user_id": "999999",
        "amendment_id": "999999", "parent_plan_id": "999999",
    }


def _url(world, path: str) -> str:
    values = _values(world)
    url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    query = {"/tasks/mine": f"?unit_id={world.unit_a}", "/api/tasks/mine": f"?unit_id={world.unit_a}",
             "/dashboard": f"?locality_code={world.locality_code}",
             "/api/dashboard": f"?locality_code={world.locality_code}"}
    return url + query.get(path, "")


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory, world):
    """One app for every cell (the requests carry no valid form, so they change nothing that matters)."""
    from cchc.web import create_app

    from .conftest import make_settings

    d = tmp_path_factory.mktemp("matrix")
    shutil.copy(world.db_file, d / "cchc.db")
    with TestClient(create_app(make_settings(d)), raise_server_exceptions=False) as c:
        yield c


def _sign_in(client, world, role: str) -> str:
    """A fresh server-side session for the role's user (no password hashing); returns the CSRF token."""
    from .conftest import csrf_of, open_session_for

    client.cookies.clear()
    if role != ANONYMOUS:
        client.cookies.set("cchc_session", open_session_for(client.app, world.users[USER_OF[role]][0]))
    return csrf_of(client)


CELLS = [(m, p, role) for m, p in ROUTES for role in ROLES
         if permission_key(m, p) in MATRIX and permission_key(m, p) not in ("POST /logout",)]


@pytest.mark.parametrize("method,path,role", CELLS, ids=[f"{m} {p} {r}" for m, p, r in CELLS])
def test_each_cell_of_the_matrix_is_enforced(shared_client, world, method, path, role):
    client = shared_client
    token = _sign_in(client, world, role)
    scope = MATRIX[permission_key(method, path)][role]
    url = _url(world, path)
    if method == "GET":
        r = client.get(url, headers={"Accept": "application/json"}, follow_redirects=False)
    else:
        r = client.post(url, data={"csrf_token": token}, headers={"X-CSRF-Token": token}, follow_redirects=False)
    if scope is Scope.NONE:
        if role == ANONYMOUS:
            assert r.status_code in (401, 303), (r.status_code, r.text[:300])
        else:
            assert r.status_code == 403, (r.status_code, r.text[:300])
    else:
        assert r.status_code != 403 and r.status_code != 401, (r.status_code, r.text[:300])
        assert r.status_code < 500, (r.status_code, r.text[:300])


def test_a_refusal_by_the_matrix_is_written_to_the_audit_log(client, world, login_as):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a}/status",
                    data={"version": "1", "status": "paused", "reason": "Chờ kinh phí."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 403, r.text
    from sqlalchemy import select

    from cchc.store.models import AuditEvent

    with client.app.state.sessionmaker() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "access")).all()
    assert any((e.after or {}).get("path") == f"/api/tasks/{world.task_a}/status"
               and e.username == world.users["unit_officer"][0] for e in events), [e.after for e in events]
