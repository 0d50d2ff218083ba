"""Sessions for callers (web, CLI): the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from cchc.kernel.errors import DatabaseNotReady
from cchc.store.engine import database_url, make_engine, make_sessionmaker
from cchc.store.engine import upgrade_database as _upgrade

__all__ = ["get_sessionmaker", "session_scope", "upgrade_database"]


@lru_cache(maxsize=8)
def _factory(url: str) -> sessionmaker[Session]:
    from cchc.kernel.cache_generations import track_writes

    factory = make_sessionmaker(make_engine(url))
    track_writes(factory)  # every committed write bumps the cache generation, in its transaction
    return factory


def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    """The session factory for `url` (default: from the settings), cached per URL."""
    return _factory(database_url(url))


def _missing_table(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except (OperationalError, ProgrammingError) as exc:
        session.rollback()
        if _missing_table(exc):
            raise DatabaseNotReady() from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def upgrade_database(url: str | None = None) -> None:
    """Bring the database at `url` (default: from the settings) to the latest schema."""
    _upgrade(url)
