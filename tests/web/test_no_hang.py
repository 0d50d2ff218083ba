"""No request waits on another's database lock on the event loop; conflicts are 409, overflowing ids 422.

The PostgreSQL test runs a real `cchc serve` process: two officers save the same task at the same
moment, 20 times, while a third client keeps asking `/api/health`.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import threading
import time
import uuid
from functools import partial
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text

from cchc.store.engine import make_engine
from cchc.store.testing import PG_URL, postgres_answers
from tests.web.conftest import PASSWORD, _build_world
from tests.web.serving import free_port

SRC = Path(__file__).resolve().parents[2] / "src"


def test_no_route_runs_on_the_event_loop(app):
    """Every route is a plain `def`: FastAPI runs it in the thread pool, so a slow database call or a
    row-lock wait holds one thread, never the loop that serves everyone else."""
    on_loop = [
        f"{sorted(r.methods)[0]} {r.path}"
        for r in app.routes
        if isinstance(r, APIRoute) and inspect.iscoroutinefunction(r.endpoint)
    ]
    assert on_loop == []


@pytest.mark.parametrize("path", [
    "/api/tasks/{big}",
    "/api/plans/{big}",
    "/api/plans/tasks/{big}/edit",
    "/api/dashboard?locality={big}",
    "/api/service-quality?locality_code={big}",
])
@pytest.mark.parametrize("big", [2**31, 2**63, 2**64 + 7, 10**30])
def test_an_id_past_the_schemas_range_is_refused_with_its_name_not_a_crash(client, login_as, path, big):
    login_as("standing_office")
    r = client.get(path.format(big=big))
    assert r.status_code in (404, 422), r.text
    if r.status_code == 422:
        assert "vượt quá giới hạn" in r.json()["error"]["message"]


@pytest.mark.parametrize("big", [2**31, 2**63 + 5])
def test_an_id_past_the_range_in_a_form_is_refused_not_a_crash(client, world, login_as, big):
    token = login_as("standing_office")
    r = client.post(f"/api/plans/{world.plan_id}/merge", data={"task_ids": [str(world.task_a), str(big)]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code in (404, 422), r.text
    assert r.json()["error"]["message"]



def _login(base: str, username: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=30)
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/api/login", data={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf_token"]


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory: pytest.TempPathFactory):
    """The web test world in a fresh PostgreSQL database, served by a real `cchc serve` process."""
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    name = f"cchc_hang_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    root = tmp_path_factory.mktemp("pg-web")
    proc = None
    try:
        world = _build_world(root, url)
        port = free_port()
        env = {**os.environ, "CCHC_DATA": str(root), "CCHC_DATABASE_URL": url, "CCHC_SECRET_KEY": "k" * 40,
               "CCHC_LOCK_TIMEOUT_MS": "3000",
               "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        proc = subprocess.Popen([sys.executable, "-c", "from cchc.cli import main; main()", "serve",
                                 "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("cchc serve did not start")
        yield base, world
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class _HealthWatch:
    """Asks /api/health every 50 ms and keeps every answer's time.

    A blocked event loop shows as an answer slower than the lock timeout (3 s here): the second save
    would hold the loop while it waits for the first one's row, and the first could not commit.
    """

    def __init__(self, base: str) -> None:
        self.base, self.worst, self.failures = base, 0.0, 0
        self.times: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=5) as c:
            while not self._stop.is_set():
                t0 = time.perf_counter()
                try:
                    ok = c.get("/api/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.times.append(time.perf_counter() - t0)
                self.worst = max(self.worst, self.times[-1])
                self.failures += not ok
                self._stop.wait(0.05)

    def __enter__(self) -> _HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        """No failure, 99 % of answers within 1 s, none as slow as a lock wait (a blocked loop)."""
        assert self.failures == 0
        p99 = sorted(self.times)[int(0.99 * (len(self.times) - 1))]
        assert p99 < 1.0, f"/api/health p99 {p99:.2f} s during the saves"
        assert self.worst < 3.0, f"/api/health took {self.worst:.2f} s: the event loop was blocked"


def _together(*calls):
    """Run the calls at the same moment (a barrier), return their responses in order."""
    barrier = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i, fn):
        barrier.wait()
        out[i] = fn()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


@pytest.mark.postgres
def test_two_simultaneous_saves_of_one_task_give_one_200_and_one_409_and_nothing_hangs(pg_server):
    base, world = pg_server
    (a, ta), (b, tb) = _login(base, "t-standing-office"), _login(base, "t-standing-office")
    outcomes = []
    with _HealthWatch(base) as health:
        for i in range(20):
            version = a.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]["version"]
            url = f"/api/plans/tasks/{world.task_other}"
            r1, r2 = _together(
                partial(a.post, url, data={"version": str(version), "output": f"A{i}"}, headers={"X-CSRF-Token": ta}),
                partial(b.post, url, data={"version": str(version), "output": f"B{i}"}, headers={"X-CSRF-Token": tb}),
            )
            outcomes.append(sorted([r1.status_code, r2.status_code]))
            winner = (r1 if r1.status_code == 200 else r2).json()["task"]["output"]
            assert a.get(f"/api/tasks/{world.task_other}").json()["detail"]["task"]["output"] == winner
    assert outcomes == [[200, 409]] * 20
    health.check()


@pytest.mark.postgres
def test_an_edit_racing_a_progress_report_on_one_task_never_hangs_or_crashes(pg_server):
    base, world = pg_server
    office, to = _login(base, "t-standing-office")
    officer, tu = _login(base, "t-unit-officer")
    with _HealthWatch(base) as health:
        for i in range(10):
            version = office.get(f"/api/tasks/{world.task_a2}").json()["detail"]["task"]["version"]
            report = officer.get(f"/api/tasks/{world.task_a2}").json()["detail"]
            mine = [r for r in report.get("reports", []) if r.get("period") == world.period]
            data = {"period": world.period, "status": "in_progress", "percent": str(10 + i), "results": f"Lần {i}"}
            if mine:
                data["version"] = str(mine[-1]["version"])
            edit, progress = _together(
                partial(office.post, f"/api/plans/tasks/{world.task_a2}",
                        data={"version": str(version), "output": f"Sản phẩm {i}"}, headers={"X-CSRF-Token": to}),
                partial(officer.post, f"/api/tasks/{world.task_a2}/report", data=data, headers={"X-CSRF-Token": tu}),
            )
            assert progress.status_code in (200, 201), progress.text
            assert edit.status_code in (200, 409), edit.text
            if edit.status_code == 409:
                assert edit.json()["error"]["code"] == "conflict"
    health.check()
