"""The API fuzzed from its own OpenAPI schema (schemathesis), as each role: no 5xx, every error explained.

For every operation of /api/openapi.json, schemathesis generates requests (valid and invalid
parameters, bodies and ids) and sends them to the app, logged in as each demo role and anonymously.
Every answer must be below 500, and every 4xx must carry `{"error": {"code", "message"}}` with a
message a person can act on. The count of cases run is printed for the record. The same gate runs on
SQLite and, when one answers on 127.0.0.1:5432, on PostgreSQL (ids past 2^31, lock and statement errors).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from cchc.store.engine import make_engine
from cchc.store.testing import PG_URL, postgres_answers
from tests.web.conftest import PASSWORD, World, _build_world, make_settings

schemathesis = pytest.importorskip("schemathesis")

ROLES = ["anonymous", "unit_officer", "standing_office", "leader", "city_reviewer", "admin"]
# Cases per operation and role; CCHC_FUZZ_EXAMPLES=200 for a deep run.
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "6"))
# Downloads and page renderings of binaries: answered, but not JSON by design.
BINARY = ("xlsx", "docx", "pdf", "csv", "png", "svg", "download", "chart", "file")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fuzz_target(request: pytest.FixtureRequest, world: World, tmp_path_factory: pytest.TempPathFactory):
    """(app, world): the web test world on a copy of the SQLite template, or built in a fresh PostgreSQL
    database (skipped when none answers)."""
    from cchc.web import create_app

    if request.param == "sqlite":
        d = tmp_path_factory.mktemp("fuzz") / "data"
        d.mkdir()
        shutil.copy(world.db_file, d / "cchc.db")
        if world.files_dir.is_dir():
            shutil.copytree(world.files_dir, d / "files")
        yield create_app(make_settings(d)), world
        return
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    name = f"cchc_fuzz_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        root = tmp_path_factory.mktemp("fuzz-pg")
        pg_world = _build_world(root, url)
        yield create_app(replace(make_settings(root), database_url=url)), pg_world
    finally:
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _headers(app, world: World, role: str) -> dict[str, str]:
    with TestClient(app, raise_server_exceptions=False) as c:
        token = c.get("/api/session").json()["csrf_token"]
        if role != "anonymous":
            username = world.users[role][0]
            r = c.post("/api/login", data={"username": username, "password": PASSWORD},
                       headers={"X-CSRF-Token": token})
            assert r.status_code == 200, r.text
            token = r.json()["csrf_token"]
        return {"Cookie": f"cchc_session={c.cookies['cchc_session']}", "X-CSRF-Token": token}


def _problems(response, label: str) -> list[str]:
    status = response.status_code
    if status >= 500:
        return [f"{label}: {status} {response.text[:300]}"]
    # Error bodies are JSON under /api/; downloads outside it answer an HTML page for people.
    if 400 <= status < 500 and status != 405 and label.split(" ", 2)[2].startswith("/api/"):
        ctype = response.headers.get("content-type") or ""
        if isinstance(ctype, list):
            ctype = ";".join(ctype)
        if "json" not in ctype:
            return [f"{label}: {status} answered {ctype!r} instead of a JSON error"]
        try:
            err = response.json()["error"]
        except (ValueError, KeyError, TypeError):
            return [f"{label}: {status} without an error object: {response.text[:200]}"]
        if not err.get("message") or not err.get("code"):
            return [f"{label}: {status} error without code/message: {err}"]
    return []


@pytest.mark.parametrize("role", ROLES)
def test_no_generated_request_gets_a_server_error_and_every_refusal_says_why(fuzz_target, role):
    fuzz_app, world = fuzz_target
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzz_app)
    headers = _headers(fuzz_app, world, role)
    problems: list[str] = []
    cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if any(word in operation.path for word in BINARY) or operation.path in ("/api/logout", "/api/login"):
            continue

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), derandomize=True)
        @given(case=operation.as_strategy(), data=st.data())
        def run(case, data):
            nonlocal cases
            cases += 1
            # The national export builds all 3,321 communes (seconds on a loaded machine): a slow answer is
            # not a failure here, a 5xx is.
            response = case.call(headers=headers, timeout=120)
            problems.extend(_problems(response, f"{role} {case.method} {case.formatted_path}"))

        run()
    print(f"\nfuzz[{fuzz_app.state.settings.database_url.split(':')[0]} {role}]: {cases} cases")
    assert cases > 50
    unique = sorted(set(problems))
    assert not unique, f"{len(unique)} problems, e.g.:\n" + "\n".join(unique[:15])

