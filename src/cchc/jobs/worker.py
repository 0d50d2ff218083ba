"""Workers that run queued jobs: threads inside `cchc serve`/`cchc demo`, or `cchc worker` processes.

Each worker thread loops: claim a job, renew its lease from a heartbeat thread, run the kind's
handler in one session and, in that same transaction, mark the job succeeded — so the handler's
database writes and "succeeded" commit together or not at all. A handler that raises fails the job
(or queues it again for `RetryLater` and database hiccups while attempts remain).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cchc.jobs import queue as jobs
from cchc.jobs.queue import JobContext, JobView, LeaseLost, RetryLater

__all__ = ["Worker", "job_sessionmaker", "run_one", "start_in_process"]

log = logging.getLogger("cchc.jobs")

Factory = Callable[[], Session]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def job_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    """The services' session factory for `url`; on SQLite its connections wait for the write lock (WAL)."""
    from cchc.kernel.db import get_sessionmaker

    factory = get_sessionmaker(url)
    engine = factory.kw.get("bind")
    if isinstance(engine, Engine) and engine.dialect.name == "sqlite" and not getattr(engine, "_cchc_jobs", False):
        if not getattr(engine, "_cchc_web", False):
            event.listen(engine, "connect", _sqlite_pragmas)
            engine.dispose()
        engine._cchc_jobs = True  # type: ignore[attr-defined]
    return factory


def _retry_delay(attempts: int) -> float:
    return float(min(60, 2 ** max(0, attempts - 1)))


class _Heartbeat(threading.Thread):
    """Renews the lease of one running job until stopped; notes when the job was taken over."""

    def __init__(self, factory: Factory, job_id: int, owner: str, lease_seconds: float) -> None:
        super().__init__(name=f"cchc-heartbeat-{job_id}", daemon=True)
        self.factory, self.job_id, self.owner, self.lease = factory, job_id, owner, lease_seconds
        self.halt = threading.Event()
        self.lost = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.lease / 3):
            try:
                with self.factory() as s:
                    ok = jobs.heartbeat(s, job_id=self.job_id, owner=self.owner, lease_seconds=self.lease)
                    s.commit()
            except OperationalError as exc:  # busy database: try again on the next beat
                log.warning("heartbeat of job %s failed: %s", self.job_id, exc)
                continue
            if not ok:
                self.lost.set()
                return


def _reporter(factory: Factory, job_id: int, owner: str, lease_seconds: float, beat: _Heartbeat) -> Callable[[float, str], None]:
    def report(fraction: float, message: str) -> None:
        if beat.lost.is_set():
            raise LeaseLost(job_id)
        try:
            with factory() as s:
                ok = jobs.progress(s, job_id=job_id, owner=owner, fraction=fraction, message=message,
                                   lease_seconds=lease_seconds)
                s.commit()
        except OperationalError as exc:  # progress is informative: a busy database does not stop the work
            log.warning("progress of job %s not recorded: %s", job_id, exc)
            return
        if not ok:
            beat.lost.set()
            raise LeaseLost(job_id)

    return report


def run_one(
    factory: Factory,
    *,
    data_dir: Path,
    name: str = "worker",
    lease_seconds: float = jobs.DEFAULT_LEASE_SECONDS,
) -> JobView | None:
    """Claim and run one job; returns the job as it ended (None when nothing was waiting)."""
    owner = f"{name}#{uuid.uuid4().hex[:8]}"
    with factory() as s:
        job = jobs.claim(s, owner=owner, lease_seconds=lease_seconds)
        s.commit()
    if job is None:
        return None
    log.info("job %s (%s) claimed by %s, attempt %s", job.id, job.kind, owner, job.attempts)
    beat = _Heartbeat(factory, job.id, owner, lease_seconds)
    beat.start()
    try:
        with factory() as s:
            try:
                kind = jobs.kind_of(job.kind)
                actor = jobs.actor_of(s, job)
                ctx = JobContext(job=job, data_dir=data_dir,
                                 report=_reporter(factory, job.id, owner, lease_seconds, beat))
                result = kind.handler(s, actor, dict(job.args), ctx)
                if jobs.finish(s, job_id=job.id, owner=owner, result=result):
                    _tell(s, job, kind.label, succeeded=True)
                    s.commit()
                else:
                    s.rollback()
                    log.warning("job %s was taken over before it finished; its result is dropped", job.id)
            except LeaseLost:
                s.rollback()
                log.warning("job %s was taken over by another worker", job.id)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job
                s.rollback()
                transient = isinstance(exc, RetryLater | OperationalError)
                log.warning("job %s failed (%s): %s", job.id, "will retry" if transient else "final", exc)
                error = jobs.error_of(exc)
                with factory() as f:
                    jobs.fail(f, job_id=job.id, owner=owner, error=error,
                              retry_in=_retry_delay(job.attempts) if transient else None)
                    if not transient or job.attempts >= job.max_attempts:
                        _tell(f, job, job.kind, succeeded=False)
                    f.commit()
    finally:
        beat.halt.set()
        beat.join(timeout=5)
    with factory() as s:
        return jobs.get_job(s, _system(), job_id=job.id)


def _tell(session: Session, job: JobView, what: str, *, succeeded: bool) -> None:
    """The submitter hears in the inbox (and by e-mail) that the job ended, once per outcome."""
    from cchc.notify import notify_job_finished

    notify_job_finished(session, job_id=job.id, what=what, succeeded=succeeded, user_id=job.submitted_by,
                        link=f"/jobs/{job.id}", locality_code=job.locality_code)


def _system() -> Any:
    from cchc.kernel.actor import Actor

    return Actor.system(ip="job")


class Worker:
    """`concurrency` threads that run jobs until stopped (or, in burst mode, until nothing is waiting)."""

    def __init__(
        self,
        factory: Factory,
        *,
        data_dir: Path,
        concurrency: int = 1,
        lease_seconds: float = jobs.DEFAULT_LEASE_SECONDS,
        poll_interval: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.factory = factory
        self.data_dir = Path(data_dir)
        self.concurrency = max(1, concurrency)
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def _loop(self, index: int, burst: bool) -> None:
        name = f"{self.name}/{index}"
        while not self.stopping.is_set():
            try:
                ran = run_one(self.factory, data_dir=self.data_dir, name=name, lease_seconds=self.lease_seconds)
            except Exception:  # noqa: BLE001 - a broken database must not kill the thread
                log.exception("worker %s could not claim a job", name)
                ran = None
            if ran is None:
                if burst:
                    return
                self.stopping.wait(self.poll_interval)

    def start(self, *, burst: bool = False) -> Worker:
        jobs.load_kinds()
        for i in range(self.concurrency):
            t = threading.Thread(target=self._loop, args=(i, burst), name=f"cchc-worker-{i}", daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def join(self, timeout: float | None = None) -> None:
        for t in self.threads:
            t.join(timeout)

    def stop(self, timeout: float | None = 10.0) -> None:
        """Claim nothing more and wait for the running jobs (a job still running after `timeout` is
        abandoned; its lease expires and another worker runs it)."""
        self.stopping.set()
        self.join(timeout)


def start_in_process(settings: Any) -> Worker | None:
    """The worker threads of a `cchc serve`/`cchc demo` process when `settings.job_threads` asks for them."""
    threads = int(getattr(settings, "job_threads", 0) or 0)
    if threads <= 0:
        return None
    factory = job_sessionmaker(settings.database_url)
    log.info("running jobs in this process with %s thread(s)", threads)
    return Worker(factory, data_dir=settings.data_dir, concurrency=threads,
                  lease_seconds=float(getattr(settings, "job_lease_seconds", jobs.DEFAULT_LEASE_SECONDS)),
                  poll_interval=0.5).start()
