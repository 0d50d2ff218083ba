"""`kill -9` with real processes: a `cchc worker` in the middle of writing a report's .docx, and a
`cchc serve` in the middle of a burst of progress-report writes.

After the restart: the report job is run again (or, after its last attempt, marked failed with a
message), no half-written version or .docx is visible, and every write the server acknowledged is
stored exactly once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import docx
import httpx
import pytest
from sqlalchemy import func, select, text

from cchc.auth import users
from cchc.cli.check import database_problems
from cchc.jobs import queue as jobs
from cchc.kernel.actor import Actor
from cchc.kernel.db import session_scope
from cchc.ops.files import sweep_orphans
from cchc.reporting.job_kinds import REPORT_GENERATE
from cchc.store.engine import make_engine
from cchc.store.models import AuditEvent, ProgressReport
from cchc.store.models_jobs import JobStatus
from cchc.store.models_reports import ReportVersionRow
from cchc.store.testing import PG_URL, postgres_answers
from tests.web.conftest import PASSWORD, World, _build_world

ROOT = Path(__file__).resolve().parents[2]
_URLS: dict[Path, str] = {}  # data directory → its database, when not the SQLite file in it
PERIOD = "2026-Q2"
LEASE = "1.5"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "CCHC_DATA": str(data_dir), "CCHC_DATABASE_URL": _URLS.get(data_dir, f"sqlite:///{data_dir / 'cchc.db'}"),
            "CCHC_SECRET_KEY": "k" * 40, "CCHC_JOB_THREADS": "0", "CCHC_JOB_LEASE_SECONDS": LEASE,
            "CCHC_SOFFICE": "", "CCHC_JOB_MODULES": "tests.web.kill_hooks", **extra}


def _cchc(data_dir: Path, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from cchc.cli import main; main()", *args],
                            env=_env(data_dir, **extra), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _kill9(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=20) == -signal.SIGKILL


def _wait_for(check, timeout: float = 90.0, what: str = "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """(data directory, database URL, world): a copy of the SQLite test world, or the world built in a
    fresh PostgreSQL database (skipped when none answers)."""
    if request.param == "sqlite":
        data_dir, world = request.getfixturevalue("data_dir"), request.getfixturevalue("world")
        yield data_dir, f"sqlite:///{data_dir / 'cchc.db'}", world
        return
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    name = f"cchc_kill_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    data_dir = tmp_path / "pg-data"
    try:
        world = _build_world(data_dir, url)
        _URLS[data_dir] = url
        yield data_dir, url, world
    finally:
        _URLS.pop(data_dir, None)
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ---- a worker killed while it writes the report's .docx ---------------------------------------------


def _submit_report_job(url: str, world: World) -> int:
    with session_scope(url) as s:
        office = users.authenticate(s, username=world.users["standing_office"][0], password=PASSWORD, ip="t")
        job = jobs.submit(s, office, kind=REPORT_GENERATE,
                          args={"locality_code": world.locality_code, "period": PERIOD, "pdf": False})
        return job.id


def _job(url: str, job_id: int) -> jobs.JobView:
    with session_scope(url) as s:
        return jobs.get_job(s, Actor.system(ip="test"), job_id=job_id)


def _versions(url: str, world: World) -> list[ReportVersionRow]:
    with session_scope(url) as s:
        rows = s.scalars(select(ReportVersionRow).where(ReportVersionRow.locality_code == world.locality_code,
                                                        ReportVersionRow.period == PERIOD)).all()
        s.expunge_all()
        return list(rows)


def _kill_while_writing_docx(data_dir: Path, marker: Path) -> None:
    """A worker takes the job, writes half the .docx, and is killed with SIGKILL right there."""
    marker.unlink(missing_ok=True)
    doomed = _cchc(data_dir, "worker", CCHC_TEST_STALL_DOCX=str(marker))
    try:
        _wait_for(marker.exists, what="the worker to start writing the .docx")
        _kill9(doomed)
    finally:
        _stop(doomed)


def test_a_worker_killed_mid_docx_leaves_no_version_and_the_retry_makes_one_whole_report(target):
    data_dir, url, world = target
    folder = data_dir / "reports" / str(world.locality_code) / PERIOD
    job_id = _submit_report_job(url, world)
    _kill_while_writing_docx(data_dir, data_dir / "stalled.txt")
    assert _job(url, job_id).status is JobStatus.RUNNING  # its lease runs out; nobody finished it
    assert _versions(url, world) == []  # no version row: nothing half-made is listed
    assert sorted(folder.glob("*.docx")) == []  # the half file is only under its .part name
    assert [p.name for p in folder.glob(".*.part")] == [f".bao-cao-cchc-{world.locality_code}-{PERIOD}-v001.docx.part"]

    survivor = _cchc(data_dir, "worker")
    try:
        _wait_for(lambda: _job(url, job_id).status is JobStatus.SUCCEEDED, what="the retried job")
    finally:
        _stop(survivor)
    done = _job(url, job_id)
    assert done.attempts == 2
    versions = _versions(url, world)
    assert [v.version for v in versions] == [1]
    report = folder / versions[0].files["docx"]
    assert [p.name for p in folder.glob("*.docx")] == [report.name]
    assert docx.Document(str(report)).paragraphs  # a whole Word document
    assert list(folder.glob("*.part")) == list(folder.glob(".*.part")) == []
    assert database_problems(url) == []


def test_a_report_job_killed_on_every_attempt_is_failed_with_a_message_and_leaves_no_docx(data_dir, world):
    url = f"sqlite:///{data_dir / 'cchc.db'}"
    folder = data_dir / "reports" / str(world.locality_code) / PERIOD
    job_id = _submit_report_job(url, world)
    attempts = _job(url, job_id).max_attempts
    for attempt in range(1, attempts + 1):
        if attempt > 1:  # the next worker takes it once the killed one's lease has run out
            time.sleep(float(LEASE) + 0.2)
        _kill_while_writing_docx(data_dir, data_dir / "stalled.txt")
        assert _job(url, job_id).attempts == attempt
    time.sleep(float(LEASE) + 0.2)
    last = _cchc(data_dir, "worker", "--burst")
    try:
        assert last.wait(timeout=90) == 0
    finally:
        _stop(last)
    failed = _job(url, job_id)
    assert failed.status is JobStatus.FAILED and failed.error is not None
    assert "dừng đột ngột" in failed.error["message"] and failed.error["type"] == "WorkerLost"
    assert _versions(url, world) == []
    assert sorted(folder.glob("*.docx")) == []
    swept = sweep_orphans(data_dir, url=url, grace_seconds=0)
    assert [p.name for p in swept.removed] == [f".bao-cao-cchc-{world.locality_code}-{PERIOD}-v001.docx.part"]
    assert list(folder.glob(".*.part")) == []


# ---- a server killed during a burst of progress-report writes ---------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = _cchc(data_dir, "serve", "--port", str(port))
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(base + "/api/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    _wait_for(up, what="cchc serve")
    return proc, base


def _login(base: str, username: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=30)
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/api/login", data={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf_token"]


def test_every_acknowledged_write_of_a_burst_survives_a_kill_9_of_the_server_exactly_once(target):
    data_dir, url, world = target
    periods = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    plan = [(task, p) for task in (world.task_a, world.task_a2) for p in periods if p != world.period]
    server, base = _serve(data_dir)
    acked: dict[tuple[int, str], str] = {}
    unsure: dict[tuple[int, str], str] = {}  # sent, no answer: stored or not, but never twice
    lock = threading.Lock()

    def writer(jobs_of_thread: list[tuple[int, str]]) -> None:
        client, token = _login(base, world.users["unit_officer"][0])
        try:
            for task, period in jobs_of_thread:
                words = f"Ghi {task}/{period}: đã triển khai."
                try:
                    r = client.post(f"/api/tasks/{task}/report", headers={"X-CSRF-Token": token},
                                    data={"period": period, "status": "in_progress", "percent": "20",
                                          "results": words})
                except httpx.HTTPError:
                    with lock:
                        unsure[(task, period)] = words
                    return
                assert r.status_code in (200, 201), r.text
                with lock:
                    acked[(task, period)] = words
        finally:
            client.close()

    try:
        threads = [threading.Thread(target=writer, args=(plan[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        _wait_for(lambda: len(acked) >= 12, what="a dozen acknowledged writes")
        _kill9(server)
        for t in threads:
            t.join(timeout=60)
    finally:
        _stop(server)
    assert 12 <= len(acked) < len(plan)  # killed in the middle of the burst

    server, base = _serve(data_dir)  # restart on the same data
    try:
        client, _ = _login(base, world.users["unit_officer"][0])
        shown = client.get(f"/api/tasks/{world.task_a2}").json()["detail"]["reports"]
        client.close()
    finally:
        _stop(server)
    assert database_problems(url) == []
    with session_scope(url) as s:
        rows = s.scalars(select(ProgressReport).where(ProgressReport.task_id.in_([world.task_a, world.task_a2]),
                                                      ProgressReport.period.in_(periods))).all()
        stored = {(r.task_id, r.period): r.results for r in rows}
        keys = Counter((r.task_id, r.period, r.unit_id) for r in rows)
        events = Counter(e for (e,) in s.execute(
            select(AuditEvent.entity_id).where(AuditEvent.entity == "progress_report",
                                               AuditEvent.entity_id.in_([r.id for r in rows]))))
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.entity == "progress_report", AuditEvent.action == "submit",
            AuditEvent.entity_id.in_([r.id for r in rows]))) == len(rows)
    lost = {k: v for k, v in acked.items() if stored.get(k) != v}
    assert lost == {}, f"acknowledged writes lost after kill -9: {sorted(lost)[:5]}"
    assert max(keys.values()) == 1  # nothing stored twice
    assert set(stored) <= set(acked) | set(unsure)  # nothing appeared that was not sent
    assert all(n == 1 for n in events.values()) and len(events) == len(rows)  # one audit event per write
    assert {r["period"] for r in shown} >= {p for (t, p) in acked if t == world.task_a2}
