"""The API answers what its OpenAPI schema declares (schemathesis response conformance).

For the JSON operations of /api/openapi.json, schemathesis generates requests as several roles and
checks each answer: its status code is one the operation declares, its content type is declared for
that status, and its body matches the declared schema (errors: `{"error": {"code", "message"}}`).
Binary downloads and images are checked for their declared content type only.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import World, make_settings
from tests.web.test_fuzz import _headers

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROLES = ["anonymous", "unit_officer", "standing_office", "city_reviewer"]
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "6"))
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
# Not part of this gate: session endpoints (they change the test's own login).
SKIP = ("/api/logout", "/api/login", "/api/sessions/revoke-all")


@pytest.fixture(scope="module")
def conformance_app(world: World, tmp_path_factory: pytest.TempPathFactory):
    from cchc.web import create_app

    d = tmp_path_factory.mktemp("conformance") / "data"
    d.mkdir()
    shutil.copy(world.db_file, d / "cchc.db")
    if world.files_dir.is_dir():
        shutil.copytree(world.files_dir, d / "files")
    return create_app(make_settings(d))


def _failure_key(exc: BaseException) -> str:
    """One line per kind of mismatch (the first line of each failure schemathesis reports)."""
    parts = getattr(exc, "exceptions", None) or [exc]
    return " | ".join(sorted({(str(p).strip().splitlines() or [""])[0][:160] for p in parts}))


def _body(response) -> str:  # noqa: ANN001
    ctype = str(response.headers.get("content-type") or "")
    return response.content[:200].decode("utf-8", "replace") if "json" in ctype or "text" in ctype else ctype


def test_the_schema_declares_an_error_shape_and_every_error_status_for_each_api_operation(conformance_app):
    from fastapi.testclient import TestClient

    with TestClient(conformance_app) as c:
        spec = c.get("/api/openapi.json").json()
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert {"401", "403", "404", "422"} <= codes, f"{method.upper()} {path}: {sorted(codes)}"
            assert op["responses"]["422"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("role", ROLES)
def test_every_generated_answer_matches_the_status_content_type_and_body_the_schema_declares(
        conformance_app, world, role):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", conformance_app)
    headers = _headers(conformance_app, world, role)
    problems: dict[str, str] = {}
    cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIP:
            continue

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), derandomize=True)
        @given(case=operation.as_strategy(), data=st.data())
        def run(case, data):
            nonlocal cases
            cases += 1
            response = case.call(headers=headers, timeout=120, allow_redirects=False)
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as exc:  # noqa: BLE001 - schemathesis raises a BaseExceptionGroup of failures
                where = f"{case.operation.method.upper()} {case.operation.path}"
                problems.setdefault(f"{where}: {response.status_code} {_failure_key(exc)}",
                                    f"{case.method} {case.formatted_path} → {_body(response)}")

        run()
    print(f"\nconformance[{role}]: {cases} cases")
    assert cases > 50
    assert not problems, f"{len(problems)} mismatches, e.g.:\n" + "\n".join(
        f"{k}\n    {v}" for k, v in list(problems.items())[:25])


def test_the_main_json_answers_for_real_objects_match_their_declared_bodies(conformance_app, world):
    import httpx
    from fastapi.testclient import TestClient

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", conformance_app)
    paths = {
        ("GET", "/api/health"): "/api/health",
        ("GET", "/api/session"): "/api/session",
        ("GET", "/api/plans"): "/api/plans",
        ("GET", "/api/plans/{plan_id}"): f"/api/plans/{world.plan_id}",
        ("GET", "/api/tasks/{task_id}"): f"/api/tasks/{world.task_a}",
        ("GET", "/api/reviews"): "/api/reviews",
        ("GET", "/api/extensions"): "/api/extensions",
        ("GET", "/api/inbox"): "/api/inbox",
        ("GET", "/api/sessions"): "/api/sessions",
        ("GET", "/api/reports"): f"/api/reports?locality={world.locality_code}",
    }
    headers = _headers(conformance_app, world, "standing_office")
    with TestClient(conformance_app) as c:
        for (method, template), url in paths.items():
            r = c.request(method, url, headers=headers)
            assert r.status_code == 200, (url, r.text[:300])
            operation = schema[template][method]
            operation.validate_response(r)  # raises, naming the mismatch, when the body is not as declared
        wrong = httpx.Response(200, json={"plans": "not a list"},
                               request=httpx.Request("GET", "http://testserver/api/plans"))
        wrong.read()
        wrong.elapsed = r.elapsed
        assert not schema["/api/plans"]["GET"].is_valid_response(wrong)
