"""Per-commune write generations in the database: cached pages of every process stay fresh.

Every committed write adds one to the generation of the writer's commune (of every commune when the
writer has none: admins, city reviewers, the CLI) in the same transaction; a cached page keys its
entry on the current generation, read with one indexed query, so a write through one process is
seen by the next page of any other at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from cchc.store.sessions import GenerationRepository

__all__ = ["BUMP", "LOCALITY", "bump", "current", "stamp", "track_writes"]

# session.info keys: the commune a session writes for, and "bump even without a flushed row".
LOCALITY = "cache_locality"
BUMP = "cache_bump"
_DIRTY = "cache_dirty"
# Rows that are not plan data: writing them leaves every cached page valid. The job queue and the
# notifications are written by background workers every few seconds (a claim that finds nothing still
# issues its UPDATE): tracking them would make every cached page of every process stale all the time.
_UNTRACKED = frozenset({"user_sessions", "login_failures", "cache_generations", "audit_events", "jobs",
                        "notifications", "email_deliveries"})


def bump(session: Session, locality_code: int | None) -> None:
    GenerationRepository(session).bump(locality_code)


def stamp(session: Session, province_code: int | None = None) -> tuple[int, int, int]:
    """The write stamp of a province's communes (of every commune when None): changes with any write."""
    return GenerationRepository(session).stamp(province_code)


def current(session: Session, locality_code: int) -> tuple[int, int]:
    """(generation of every commune, generation of `locality_code`)."""
    return GenerationRepository(session).current(locality_code)


def _table_of(obj: Any) -> str | None:
    return getattr(type(obj), "__tablename__", None)


def _after_flush(session: Session, _context: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _table_of(obj) not in _UNTRACKED:
            session.info[_DIRTY] = True
            return


def _on_execute(state: Any) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in _UNTRACKED:
        state.session.info[_DIRTY] = True


def _before_commit(session: Session) -> None:
    session.flush()  # pending rows first: their flush marks the session dirty before the flags are read
    if session.info.pop(_DIRTY, False) | session.info.pop(BUMP, False):
        bump(session, session.info.get(LOCALITY))


def _after_rollback(session: Session) -> None:
    session.info.pop(_DIRTY, None)
    session.info.pop(BUMP, None)


def track_writes(factory: sessionmaker[Session]) -> None:
    """Sessions of `factory` bump the generation when they commit a write (once per factory)."""
    if getattr(factory, "_cchc_tracked", False):
        return
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_soft_rollback", lambda s, _t: _after_rollback(s))
    factory._cchc_tracked = True  # type: ignore[attr-defined]
