"""Two real `cchc serve` processes on one PostgreSQL database and one data directory act as one system.

Each process has its own memory (dashboard cache, database gate); the login lockout, the sessions,
the dashboard's freshness, stored files and report versions must nevertheless be shared.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from cchc.store.testing import PG_URL, PostgresDatabase, postgres_answers

pytestmark = pytest.mark.postgres

SRC = Path(__file__).resolve().parents[2] / "src"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SERVE = "import sys; from cchc.cli import main; sys.argv = ['cchc', *sys.argv[1:]]; main()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class System:
    urls: tuple[str, str]
    credentials: dict[str, tuple[str, str]]  # role → (username, password)
    locality_code: int


def _start(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    out = log.open("wb")
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--port", str(port)], env=env,
                            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"cchc serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"cchc serve did not answer: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer")
    from sqlalchemy.orm import Session

    from cchc.demo import seed_demo

    db = PostgresDatabase()
    root = tmp_path_factory.mktemp("two-instances")
    data = root / "data"
    data.mkdir()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with Session(db.engine) as s:
            demo = seed_demo(s, data_dir=data)
            s.commit()
        url = f"{PG_URL}?options=-csearch_path%3D{db.schema}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
        env.update(CCHC_DATABASE_URL=url, CCHC_DATA=str(data),
                   PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep))
        urls = []
        for name in ("a", "b"):
            proc, base = _start(env, root / f"serve-{name}.log")
            procs.append(proc)
            urls.append(base)
        credentials: dict[str, tuple[str, str]] = {}
        for username, password, role in demo.credentials:
            credentials.setdefault(str(getattr(role, "value", role)), (username, password))
        yield System(urls=(urls[0], urls[1]), credentials=credentials, locality_code=demo.locality_code)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        db.drop()


def _client(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=60)


def _csrf(client: httpx.Client) -> str:
    return client.get("/api/session").json()["csrf_token"]


def _login(client: httpx.Client, username: str, password: str) -> str:
    r = client.post("/api/login", data={"username": username, "password": password},
                    headers={"X-CSRF-Token": _csrf(client)})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def _reportable_task(client: httpx.Client, period: str) -> int:
    """A task the officer's unit leads and has not reported on for `period`."""
    items = client.get("/api/tasks/mine", params={"period": period}).json()["items"]
    return next(i["task"]["id"] for i in items if i["role"] == "lead" and i["report"] is None)


def test_the_login_lockout_holds_across_both_processes(system):
    a, b = _client(system.urls[0]), _client(system.urls[1])
    username, password = system.credentials["city_reviewer"]  # an account the other tests do not use
    tokens = (_csrf(a), _csrf(b))
    for i in range(5):
        c = (a, b)[i % 2]
        r = c.post("/api/login", data={"username": username, "password": "sai-mat-khau"},
                   headers={"X-CSRF-Token": tokens[i % 2]})
        assert r.status_code == 401, r.text
    for c, token in zip((a, b), tokens, strict=True):
        r = c.post("/api/login", data={"username": username, "password": password}, headers={"X-CSRF-Token": token})
        assert r.status_code == 429, r.text


def test_a_session_opened_on_one_process_is_ended_on_both_by_logout(system):
    a, b = _client(system.urls[0]), _client(system.urls[1])
    token = _login(a, *system.credentials["standing_office"])
    b.cookies.set("cchc_session", a.cookies["cchc_session"])
    assert b.get("/api/plans").status_code == 200
    assert a.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert b.get("/api/plans").status_code == 401


def test_a_progress_report_and_its_evidence_submitted_through_one_are_served_by_the_other_at_once(system):
    from cchc.web.forms import current_period

    period = current_period().code
    office_b = _client(system.urls[1])
    _login(office_b, *system.credentials["standing_office"])
    officer_a = _client(system.urls[0])
    token = _login(officer_a, *system.credentials["unit_officer"])

    def submitted() -> int:
        r = office_b.get("/api/dashboard", params={"locality_code": system.locality_code, "period": period})
        assert r.status_code == 200, r.text
        return sum(u["reports_submitted"] for u in r.json()["board"]["by_unit"])

    before = submitted()
    assert submitted() == before  # served from process b's cache now
    task_id = _reportable_task(officer_a, period)
    r = officer_a.post(f"/api/tasks/{task_id}/report",
                       data={"period": period, "status": "in_progress", "percent": "45",
                             "results": "Đã triển khai trên hai tiến trình."},
                       files={"evidence_file": ("minh-chung.pdf", PDF, "application/pdf")},
                       headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    report_id = r.json()["report"]["id"]
    assert submitted() == before + 1
    evidence = office_b.get(f"/reports/{report_id}/evidence")
    assert evidence.status_code == 200, evidence.text
    assert evidence.content == PDF


def test_a_report_version_generated_on_one_is_listed_and_approved_on_the_other(system):
    from cchc.web.forms import current_period

    period = current_period().code
    office_a = _client(system.urls[0])
    token_a = _login(office_a, *system.credentials["standing_office"])
    made = office_a.post("/api/reports/generate", data={"locality": str(system.locality_code), "period": period},
                         headers={"X-CSRF-Token": token_a})
    assert made.status_code == 200, made.text
    number = made.json()["version"]["version"]
    leader_b = _client(system.urls[1])
    token_b = _login(leader_b, *system.credentials["leader"])
    listed = leader_b.get("/api/reports", params={"locality": system.locality_code, "period": period}).json()
    assert number in [v["version"] for v in listed["versions"]]
    ok = leader_b.post("/api/reports/approve", data={"locality": str(system.locality_code), "period": period,
                                                     "version": str(number)}, headers={"X-CSRF-Token": token_b})
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"]["approved_by"]
    again = office_a.get("/api/reports", params={"locality": system.locality_code, "period": period}).json()
    assert next(v for v in again["versions"] if v["version"] == number)["approved_by"]
