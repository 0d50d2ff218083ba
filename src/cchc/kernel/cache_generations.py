"""Per-commune write generations in the database: cached pages of every process stay fresh.

Every committed write adds one to the generation of the writer's commune (of every commune when the
writer has none: admins, city reviewers, the CLI) in the same transaction; a cached page keys its
entry on the current generation, read with one indexed query, so a write through one process is
seen by the next page of any other at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from cchc.kernel.generation_cache import Unshared
from cchc.store.sessions import GenerationRepository

__all__ = ["BUMP", "LOCALITY", "Unshared", "bump", "commune_generations", "current", "database_key", "pending_writes", "stamps_by_province",
           "track_writes"]

# session.info keys: the commune a session writes for, and "bump even without a flushed row".
LOCALITY = "cache_locality"
BUMP = "cache_bump"
_DIRTY = "cache_dirty"
_WROTE = "cache_wrote"  # any write since the last commit or rollback, of any session (see `pending_writes`)
# Rows that are not plan data: writing them leaves every cached page valid. The job queue and the
# notifications are written by background workers every few seconds (a claim that finds nothing still
# issues its UPDATE): tracking them would make every cached page of every process stale all the time.
_UNTRACKED = frozenset({"user_sessions", "login_failures", "cache_generations", "audit_events", "jobs",
                        "notifications", "email_deliveries"})


def bump(session: Session, locality_code: int | None) -> None:
    GenerationRepository(session).bump(locality_code)


def pending_writes(session: Session) -> bool:
    """True when `session` flushed or executed a write not yet committed (its reads may differ from the stamp's)."""
    return bool(session.info.get(_WROTE))


def stamps_by_province(session: Session, province_codes: Sequence[int] | None = None) -> dict[int, Any]:
    """The write stamp of every province in scope (every province when None), in one query: it changes with
    any write of one of its communes."""
    stamps: dict[int, Any] = GenerationRepository(session).stamps_by_province(province_codes)
    if pending_writes(session):
        return {code: Unshared() for code in stamps}
    return stamps


def commune_generations(session: Session, province_codes: Sequence[int] | None = None) -> list[tuple[int, int, Any]]:
    """(code, province, generation) of every commune in scope, by name; the generation includes that of every
    commune (admins' writes), and is `Unshared` while the session has uncommitted writes."""
    rows = GenerationRepository(session).commune_generations(province_codes)
    if pending_writes(session):
        return [(code, province, Unshared()) for code, province, _e, _g in rows]
    return [(code, province, (everyone, own)) for code, province, everyone, own in rows]


def database_key(session: Session) -> str:
    """The database `session` reads (its URL): cached figures of two databases never mix."""
    bind = session.get_bind()
    url = getattr(bind, "url", None) or bind.engine.url
    return str(url)


def current(session: Session, locality_code: int) -> Any:
    """(generation of every commune, generation of `locality_code`)."""
    if pending_writes(session):
        return Unshared()
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


# Every session, tracked or not: note a write until the transaction ends, so cached figures are not
# served to a transaction that would read its own uncommitted rows.
def _note_flush(session: Session, _context: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = True


def _note_execute(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _clear(session: Session, *_args: Any) -> None:
    session.info.pop(_WROTE, None)


event.listen(Session, "after_flush", _note_flush)
event.listen(Session, "do_orm_execute", _note_execute)
event.listen(Session, "after_commit", _clear)
event.listen(Session, "after_soft_rollback", _clear)
