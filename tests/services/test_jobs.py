"""The job queue with real worker processes, on SQLite and PostgreSQL: idempotency, a worker killed
with SIGKILL mid-job, failure and retry, and a report generated as a job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from cchc.domain.errors import Conflict, InvalidInput
from cchc.jobs import queue as jobs
from cchc.jobs.worker import run_one
from cchc.kernel.actor import Actor
from cchc.store.engine import make_engine, upgrade_database
from cchc.store.models import AuditEvent
from cchc.store.models_jobs import Job, JobStatus
from cchc.store.testing import PostgresDatabase, postgres_answers

from . import job_test_kinds as kinds

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = Actor.system(ip="test")
LEASE = 1.5


@dataclass
class Queue:
    url: str
    factory: sessionmaker[Session]
    data_dir: Path

    def worker(self, *extra: str) -> subprocess.Popen[bytes]:
        """A `cchc worker` process on this database that knows the test job kinds."""
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "CCHC_DATABASE_URL": self.url,
            "CCHC_DATA": str(self.data_dir),
            "CCHC_JOB_MODULES": "tests.services.job_test_kinds",
            "CCHC_JOB_LEASE_SECONDS": str(LEASE),
        }
        return subprocess.Popen(
            [sys.executable, "-c", "from cchc.cli import main; main()", "worker", *extra],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def job(self, job_id: int) -> jobs.JobView:
        with self.factory() as s:
            return jobs.get_job(s, SYSTEM, job_id=job_id)

    def submit(self, kind: str, args: dict, key: str | None = None) -> jobs.JobView:
        with self.factory() as s:
            job = jobs.submit(s, SYSTEM, kind=kind, args=args, key=key)
            s.commit()
            return job

    def wait(self, job_id: int, until, timeout: float = 60.0) -> jobs.JobView:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.job(job_id)
            if until(job):
                return job
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} never reached the awaited state: {self.job(job_id)}")


@pytest.fixture()
def queue(backend: str, tmp_path: Path) -> Iterator[Queue]:
    """An empty migrated database that worker processes can reach by URL."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if backend == "sqlite":
        url = f"sqlite:///{data_dir / 'cchc.db'}"
        engine = make_engine(url)
        upgrade_database(engine=engine)
        yield Queue(url, sessionmaker(engine, expire_on_commit=False), data_dir)
        engine.dispose()
        return
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    pg = PostgresDatabase()
    url = pg.engine.url.render_as_string(hide_password=False) + "?options=" + quote(f"-csearch_path={pg.schema}")
    try:
        yield Queue(url, sessionmaker(pg.engine, expire_on_commit=False), data_dir)
    finally:
        pg.drop()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_job_submitted_twice_with_one_key_is_one_job_with_one_result(queue: Queue) -> None:
    marker = queue.data_dir / "done.txt"
    first = queue.submit(kinds.STEPS, {"steps": 2, "marker": str(marker)}, key="once")
    again = queue.submit(kinds.STEPS, {"steps": 2, "marker": str(marker)}, key="once")
    assert again.id == first.id
    proc = queue.worker("--burst")
    try:
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode() if proc.stderr else ""
    finally:
        _stop(proc)
    done = queue.job(first.id)
    assert done.status is JobStatus.SUCCEEDED and done.result == {"steps": 2, "attempt": 1}
    # Submitting the key after it ran returns the finished job; nothing runs a second time.
    assert queue.submit(kinds.STEPS, {"steps": 2, "marker": str(marker)}, key="once").id == first.id
    with queue.factory() as s:
        assert s.scalar(select(func.count()).select_from(Job)) == 1
    assert marker.read_text().split() == [str(first.id)]


def test_a_job_whose_worker_is_killed_runs_again_on_a_new_worker_and_completes_once(queue: Queue) -> None:
    marker = queue.data_dir / "done.txt"
    job = queue.submit(kinds.STEPS, {"steps": 40, "sleep": 0.1, "marker": str(marker)})
    doomed = queue.worker()
    try:
        running = queue.wait(job.id, lambda j: j.status is JobStatus.RUNNING and j.progress > 0)
        assert running.attempts == 1 and "bước" in (running.message or "")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        _stop(doomed)
    assert queue.job(job.id).status is JobStatus.RUNNING  # nobody finished it: its lease runs out
    survivor = queue.worker()
    try:
        done = queue.wait(job.id, lambda j: j.status is JobStatus.SUCCEEDED, timeout=90)
    finally:
        _stop(survivor)
    assert done.attempts == 2 and done.result == {"steps": 40, "attempt": 2}
    assert marker.read_text().split() == [str(job.id)]
    with queue.factory() as s:
        finished = s.scalars(select(AuditEvent).where(AuditEvent.entity == "job", AuditEvent.action == "test_done"))
        assert [e.after for e in finished] == [{"attempt": 2}]


def test_a_failed_job_shows_its_error_and_succeeds_when_retried(queue: Queue) -> None:
    marker = queue.data_dir / "flaky.txt"
    job = queue.submit(kinds.FLAKY, {"marker": str(marker)})
    proc = queue.worker("--burst")
    try:
        assert proc.wait(timeout=60) == 0
    finally:
        _stop(proc)
    failed = queue.job(job.id)
    assert failed.status is JobStatus.FAILED and failed.attempts == 1
    assert failed.error is not None
    assert failed.error["message"] == "Lần chạy đầu thất bại có chủ ý." and failed.error["where"] == "test.flaky"
    with queue.factory() as s:
        again = jobs.retry(s, SYSTEM, job_id=job.id)
        s.commit()
    assert again.status is JobStatus.QUEUED and again.error is None
    with queue.factory() as s:
        with pytest.raises(Conflict):
            jobs.retry(s, SYSTEM, job_id=job.id)  # only a failed job is retried
    proc = queue.worker("--burst")
    try:
        assert proc.wait(timeout=60) == 0
    finally:
        _stop(proc)
    done = queue.job(job.id)
    assert done.status is JobStatus.SUCCEEDED and done.result == {"ok": True} and done.attempts == 2
    with queue.factory() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "job", AuditEvent.entity_id == job.id))
        assert list(actions) == ["submit", "retry"]


def test_two_workers_never_run_one_job_twice(queue: Queue) -> None:
    marker = queue.data_dir / "done.txt"
    made = [queue.submit(kinds.STEPS, {"steps": 2, "sleep": 0.05, "marker": str(marker)}).id for _ in range(6)]
    procs = [queue.worker("--burst", "--concurrency", "2") for _ in range(2)]
    try:
        for p in procs:
            assert p.wait(timeout=90) == 0
    finally:
        for p in procs:
            _stop(p)
    assert sorted(int(x) for x in marker.read_text().split()) == sorted(made)
    assert all(queue.job(i).status is JobStatus.SUCCEEDED and queue.job(i).attempts == 1 for i in made)


def test_a_lost_job_on_its_last_attempt_is_failed_instead_of_run_forever(queue: Queue) -> None:
    job = queue.submit(kinds.FLAKY, {"marker": str(queue.data_dir / "never.txt")})  # one attempt allowed
    with queue.factory() as s:
        assert jobs.claim(s, owner="gone", lease_seconds=0.01) is not None
        s.commit()
    time.sleep(0.05)
    assert run_one(queue.factory, data_dir=queue.data_dir) is None
    lost = queue.job(job.id)
    assert lost.status is JobStatus.FAILED and lost.error is not None and lost.error["type"] == "WorkerLost"


def test_progress_and_finish_are_refused_to_a_worker_that_lost_its_lease(queue: Queue) -> None:
    job = queue.submit(kinds.STEPS, {"steps": 1})
    with queue.factory() as s:
        assert jobs.claim(s, owner="slow", lease_seconds=0.01) is not None
        s.commit()
    time.sleep(0.05)
    with queue.factory() as s:
        taken = jobs.claim(s, owner="fresh")
        s.commit()
    assert taken is not None and taken.id == job.id and taken.attempts == 2
    with queue.factory() as s:
        assert not jobs.progress(s, job_id=job.id, owner="slow", fraction=0.5, message="x")
        assert not jobs.finish(s, job_id=job.id, owner="slow", result={"late": True})
        assert jobs.finish(s, job_id=job.id, owner="fresh", result={"ok": 1})
        s.commit()
    assert queue.job(job.id).result == {"ok": 1}


def test_an_unknown_kind_is_refused_at_submission(queue: Queue) -> None:
    with queue.factory() as s, pytest.raises(InvalidInput):
        jobs.submit(s, SYSTEM, kind="no.such.kind", args={})


def test_an_idle_poll_on_sqlite_only_reads_so_it_never_takes_the_write_lock(queue: Queue, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL's claim locks one job row (SKIP LOCKED), not the whole database")
    done = queue.submit(kinds.STEPS, {"steps": 1})
    with queue.factory() as s:
        assert jobs.claim(s, owner="w") is not None
        assert jobs.finish(s, job_id=done.id, owner="w", result={"ok": 1})
        s.commit()
    engine = queue.factory.kw["bind"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert run_one(queue.factory, data_dir=queue.data_dir) is None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert seen == ["SELECT"]
