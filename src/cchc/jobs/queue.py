"""The job queue in cchc's own database: submit, claim, heartbeat, progress, finish, fail, retry.

A job is a row of `jobs`. Submitting writes it `queued`; a worker claims it (`running`, with a lease
it renews by heartbeat), runs the kind's handler and finishes it (`succeeded`, with a result) or
fails it (`failed`, with what went wrong and where). A job whose lease expired — its worker was
killed — is claimed again by the next worker. Claiming takes `SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL and one conditional `UPDATE … RETURNING` on SQLite, so two workers never own one job.

The functions that take a session never commit: the caller (request, command, worker) does.
Kinds are registered with `register_kind` (see `reporting/job_kinds.py`).
"""

from __future__ import annotations

import importlib
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cchc.domain.errors import CchcError, Conflict, InvalidInput, NotFound, PermissionDenied
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.store.models_jobs import Job, JobStatus

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ATTEMPTS",
    "JobContext",
    "JobKind",
    "JobView",
    "LeaseLost",
    "RetryLater",
    "actor_of",
    "claim",
    "error_of",
    "fail",
    "finish",
    "get_job",
    "heartbeat",
    "kind_of",
    "list_jobs",
    "load_kinds",
    "progress",
    "register_kind",
    "retry",
    "submit",
]

DEFAULT_LEASE_SECONDS = 30.0
DEFAULT_MAX_ATTEMPTS = 3
MAX_KEY = 200
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class LeaseLost(Exception):
    """The worker no longer owns the job (its lease expired and another worker claimed it)."""


class RetryLater(CchcError):
    """Raised by a handler for a passing trouble: the job is queued again after a pause."""


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    args: dict[str, Any]
    idempotency_key: str | None
    status: JobStatus
    progress: float
    message: str | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    attempts: int
    max_attempts: int
    lease_owner: str | None
    lease_expires_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    submitted_by: int | None
    submitted_by_name: str
    locality_code: int | None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        return round(100 * max(0.0, min(1.0, self.progress)))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "args": self.args,
            "idempotency_key": self.idempotency_key,
            "status": self.status.value,
            "progress": self.progress,
            "message": self.message,
            "result": self.result,
            "error": self.error,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "submitted_by": self.submitted_by_name,
            "locality_code": self.locality_code,
        }


def _view(job: Job) -> JobView:
    return JobView(
        id=job.id,
        kind=job.kind,
        args=dict(job.args or {}),
        idempotency_key=job.idempotency_key,
        status=JobStatus(job.status),
        progress=float(job.progress or 0.0),
        message=job.message,
        result=job.result,
        error=job.error,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        lease_owner=job.lease_owner,
        lease_expires_at=job.lease_expires_at,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        submitted_by=job.submitted_by,
        submitted_by_name=job.submitted_by_name,
        locality_code=job.locality_code,
    )


# ---------------------------------------------------------------------------------------------- kinds


@dataclass
class JobContext:
    """What a handler gets besides its session, actor and arguments: the job, progress, the data directory."""

    job: JobView
    data_dir: Path
    report: Callable[[float, str], None]

    def progress(self, fraction: float, message: str) -> None:
        """Record how far the job is (0…1) and what it does now; raises LeaseLost when the job was taken over."""
        self.report(fraction, message)


Handler = Callable[[Session, Actor, dict[str, Any], JobContext], dict[str, Any] | None]
Authorize = Callable[[Session, Actor, dict[str, Any]], int | None]


@dataclass(frozen=True)
class JobKind:
    """A kind of job: its handler, the check made when it is submitted (returns the commune), a label."""

    name: str
    handler: Handler
    authorize: Authorize
    label: str
    max_attempts: int = DEFAULT_MAX_ATTEMPTS


ENTRY_POINT_GROUP = "cchc.job_kinds"
_KINDS: dict[str, JobKind] = {}
_LOADED = False


def register_kind(kind: JobKind) -> JobKind:
    _KINDS[kind.name] = kind
    return kind


def load_kinds() -> dict[str, JobKind]:
    """The registered kinds: those of the modules named by the `cchc.job_kinds` entry points (cchc's own report
    generation is one, declared in pyproject.toml) and of the modules named in CCHC_JOB_MODULES (comma-separated).
    A module registers its kinds with `register_kind` when it is imported."""
    global _LOADED
    if not _LOADED:
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            importlib.import_module(entry.value)
        for name in filter(None, (m.strip() for m in os.environ.get("CCHC_JOB_MODULES", "").split(","))):
            importlib.import_module(name)
        _LOADED = True
    return _KINDS


def kind_of(name: str) -> JobKind:
    kind = load_kinds().get(name)
    if kind is None:
        raise InvalidInput(f"Loại công việc không có: {name!r}.", where="kind")
    return kind


def actor_of(session: Session, job: JobView | Job) -> Actor:
    """The submitter as an Actor when the job runs: a user must still be active; the command line's system actor."""
    if job.submitted_by is not None:
        from cchc.auth.users import actor_for_user

        return actor_for_user(session, user_id=job.submitted_by, ip="job")
    fields = dict(getattr(job, "actor", None) or {})
    if not fields:
        return Actor.system(ip="job")
    return Actor(
        user_id=None,
        username=str(fields.get("username", "system")),
        role=Role(fields.get("role", Role.ADMIN.value)),
        locality_code=fields.get("locality_code"),
        unit_id=fields.get("unit_id"),
        province_code=fields.get("province_code"),
        ip="job",
    )


# ------------------------------------------------------------------------------------------- use cases


def _now() -> datetime:
    return datetime.now(UTC)


def _by_key(session: Session, key: str) -> Job | None:
    return session.scalars(select(Job).where(Job.idempotency_key == key)).first()


def submit(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    args: dict[str, Any],
    key: str | None = None,
    run_after: datetime | None = None,
) -> JobView:
    """Queue a job of `kind` (the kind checks the actor's rights); the same `key` again returns the first job."""
    spec = kind_of(kind)
    if key is not None:
        key = key.strip()
        if not key or len(key) > MAX_KEY:
            raise InvalidInput(f"Khoá chống trùng phải có 1–{MAX_KEY} ký tự.", where="key")
        existing = _by_key(session, key)
        if existing is not None:
            if existing.kind != kind:
                raise Conflict(f"Khoá {key!r} đã dùng cho một công việc loại khác.", where="key")
            _require_read(session, actor, existing)
            return _view(existing)
    locality = spec.authorize(session, actor, args)
    now = _now()
    job = Job(
        kind=kind,
        args=dict(args),
        idempotency_key=key,
        status=JobStatus.QUEUED,
        progress=0.0,
        attempts=0,
        max_attempts=spec.max_attempts,
        run_after=run_after or now,
        created_at=now,
        submitted_by=actor.user_id,
        submitted_by_name=actor.username,
        actor={
            "username": actor.username,
            "role": getattr(actor.role, "value", actor.role),
            "locality_code": actor.locality_code,
            "unit_id": actor.unit_id,
            "province_code": actor.province_code,
        },
        locality_code=locality,
    )
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        # Another request submitted the same key between our look-up and our insert.
        existing = _by_key(session, key) if key is not None else None
        if existing is None:
            raise
        return _view(existing)
    record_event(
        session,
        actor,
        entity="job",
        entity_id=job.id,
        action="submit",
        before=None,
        after={"kind": kind, "args": dict(args), "key": key},
        locality_code=locality,
    )
    return _view(job)


def _claimable(now: datetime) -> Any:
    return or_(
        and_(Job.status == JobStatus.QUEUED, Job.run_after <= now),
        and_(Job.status == JobStatus.RUNNING, Job.lease_expires_at < now, Job.attempts < Job.max_attempts),
    )


def _lost(now: datetime) -> Any:
    return and_(Job.status == JobStatus.RUNNING, Job.lease_expires_at < now, Job.attempts >= Job.max_attempts)


def _give_up_lost(session: Session, now: datetime) -> None:
    """Running jobs whose worker vanished on their last allowed attempt are failed, not run again."""
    session.execute(
        update(Job)
        .where(_lost(now))
        .values(
            status=JobStatus.FAILED,
            finished_at=now,
            lease_expires_at=None,
            error={
                "message": "Tiến trình chạy công việc đã dừng đột ngột ở mọi lần thử.",
                "where": "worker",
                "type": "WorkerLost",
            },
        )
        .execution_options(synchronize_session=False)
    )


def claim(session: Session, *, owner: str, lease_seconds: float = DEFAULT_LEASE_SECONDS,
          kinds: list[str] | None = None) -> JobView | None:
    """Take the oldest runnable job for `owner` (queued, or running with an expired lease); None when none."""
    now = _now()
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and session.scalar(select(Job.id).where(or_(_claimable(now), _lost(now))).limit(1)) is None:
        # Nothing to run or to give up: a read, where the UPDATEs below would take SQLite's write lock
        # (twice a second per worker thread, in every process) away from the requests that write.
        return None
    _give_up_lost(session, now)
    cond = _claimable(now)
    if kinds is not None:
        cond = and_(cond, Job.kind.in_(kinds))
    values = {
        "status": JobStatus.RUNNING,
        "lease_owner": owner,
        "lease_expires_at": now + timedelta(seconds=lease_seconds),
        "attempts": Job.attempts + 1,
        "started_at": now,
    }
    if session.get_bind().dialect.name == "postgresql":
        job_id = session.scalars(
            select(Job.id).where(cond).order_by(Job.run_after, Job.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if job_id is None:
            return None
        session.execute(
            update(Job).where(Job.id == job_id).values(**values).execution_options(synchronize_session=False)
        )
    else:
        # One statement: SQLite runs it under its write lock, and the condition is checked again on the row.
        first = select(Job.id).where(cond).order_by(Job.run_after, Job.id).limit(1).scalar_subquery()
        job_id = session.scalars(
            update(Job).where(Job.id == first, cond).values(**values).returning(Job.id)
            .execution_options(synchronize_session=False)
        ).first()
        if job_id is None:
            return None
    job = session.get(Job, job_id, populate_existing=True)
    assert job is not None
    return _view(job)


def _owned(job_id: int, owner: str) -> Any:
    return and_(Job.id == job_id, Job.lease_owner == owner, Job.status == JobStatus.RUNNING)


def _update_owned(session: Session, job_id: int, owner: str, **values: Any) -> bool:
    result = session.execute(
        update(Job).where(_owned(job_id, owner)).values(**values).execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def heartbeat(session: Session, *, job_id: int, owner: str, lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
    """Extend the lease; False when `owner` no longer holds the job."""
    return _update_owned(session, job_id, owner, lease_expires_at=_now() + timedelta(seconds=lease_seconds))


def progress(session: Session, *, job_id: int, owner: str, fraction: float, message: str,
             lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
    """Record the progress (0…1) and the current step, extending the lease; False when the job was taken over."""
    return _update_owned(
        session,
        job_id,
        owner,
        progress=max(0.0, min(1.0, float(fraction))),
        message=message[:500],
        lease_expires_at=_now() + timedelta(seconds=lease_seconds),
    )


def finish(session: Session, *, job_id: int, owner: str, result: dict[str, Any] | None) -> bool:
    """Mark the job succeeded with `result`; False (nothing written) when `owner` lost the job."""
    return _update_owned(
        session,
        job_id,
        owner,
        status=JobStatus.SUCCEEDED,
        progress=1.0,
        result=result,
        error=None,
        finished_at=_now(),
        lease_expires_at=None,
    )


def fail(session: Session, *, job_id: int, owner: str, error: dict[str, Any], retry_in: float | None = None) -> bool:
    """Record a failure: queued again after `retry_in` seconds while attempts remain, else failed."""
    job = session.get(Job, job_id, populate_existing=True)
    if job is None or job.lease_owner != owner or job.status != JobStatus.RUNNING:
        return False
    if retry_in is not None and job.attempts < job.max_attempts:
        return _update_owned(
            session,
            job_id,
            owner,
            status=JobStatus.QUEUED,
            error=error,
            run_after=_now() + timedelta(seconds=retry_in),
            lease_expires_at=None,
        )
    return _update_owned(
        session, job_id, owner, status=JobStatus.FAILED, error=error, finished_at=_now(), lease_expires_at=None
    )


def error_of(exc: BaseException) -> dict[str, Any]:
    """What went wrong (the message an officer reads) and where (the field, or the code line)."""
    if isinstance(exc, CchcError):
        message = exc.message
        where = exc.where
    else:
        message = f"Lỗi không mong đợi: {type(exc).__name__}: {exc}"
        where = None
    if where is None:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "cchc" in f.filename] or frames
        if ours:
            f = ours[-1]
            tail = f.filename.split("cchc", 1)[-1].lstrip("/\\")
            where = f"cchc/{tail}:{f.lineno} ({f.name})"
    return {"message": message[:2000], "where": where, "type": type(exc).__name__}


def _load(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id, populate_existing=True)
    if job is None:
        raise NotFound(f"Không có công việc số {job_id}.", where="job")
    return job


def _require_read(session: Session, actor: Actor, job: Job) -> None:
    if actor.is_admin:
        return
    if job.locality_code is not None:
        from cchc.kernel.access import province_of

        actor.require_read(job.locality_code, province_of(session, job.locality_code))
        return
    if actor.user_id is None or actor.user_id != job.submitted_by:
        raise PermissionDenied("Bạn không có quyền xem công việc này.")


def get_job(session: Session, actor: Actor, *, job_id: int) -> JobView:
    """One job, for someone who may see its commune (or who submitted it)."""
    job = _load(session, job_id)
    _require_read(session, actor, job)
    return _view(job)


def list_jobs(
    session: Session, actor: Actor, *, locality_code: int, kind: str | None = None, limit: int = 10
) -> list[JobView]:
    """The commune's most recent jobs, newest first."""
    from cchc.kernel.access import province_of

    actor.require_read(locality_code, province_of(session, locality_code))
    query = select(Job).where(Job.locality_code == locality_code)
    if kind is not None:
        query = query.where(Job.kind == kind)
    rows = session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(max(1, min(limit, 100))))
    return [_view(j) for j in rows]


def retry(session: Session, actor: Actor, *, job_id: int) -> JobView:
    """Queue a failed job again (same arguments and key), for someone allowed to submit it."""
    job = _load(session, job_id)
    _require_read(session, actor, job)
    kind_of(job.kind).authorize(session, actor, dict(job.args or {}))
    if job.status != JobStatus.FAILED:
        raise Conflict(f"Công việc số {job_id} không ở trạng thái thất bại, không cần thử lại.", where="job")
    before = {"status": job.status.value, "error": job.error, "attempts": job.attempts}
    job.status = JobStatus.QUEUED
    job.progress = 0.0
    job.message = None
    job.error = None
    job.result = None
    job.finished_at = None
    job.lease_owner = None
    job.lease_expires_at = None
    job.run_after = _now()
    job.max_attempts = job.attempts + kind_of(job.kind).max_attempts
    session.flush()
    record_event(
        session,
        actor,
        entity="job",
        entity_id=job.id,
        action="retry",
        before=before,
        after={"status": JobStatus.QUEUED.value},
        locality_code=job.locality_code,
    )
    return _view(job)
