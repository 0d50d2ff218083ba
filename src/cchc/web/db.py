"""The session factory the web app uses: the services' one for the configured database URL."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cchc.settings import Settings

__all__ = ["make_engine", "make_sessionmaker"]


def make_engine(settings: Settings) -> Engine:
    """The store's engine when it offers one, else a plain SQLAlchemy engine for `settings.database_url`."""
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        event.listen(engine, "connect", _sqlite_concurrency)
        return engine
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


def make_sessionmaker(settings: Settings) -> sessionmaker[Session]:
    """The services' sessionmaker for `settings.database_url` (same engine as the CLI), else our own."""
    try:
        from cchc.kernel.db import get_sessionmaker
    except ImportError:
        return sessionmaker(bind=make_engine(settings), expire_on_commit=False, autoflush=True)
    factory = get_sessionmaker(settings.database_url)
    engine = factory.kw.get("bind")
    if isinstance(engine, Engine) and engine.dialect.name == "sqlite" and not getattr(engine, "_cchc_web", False):
        # Many requests at once: WAL lets readers run beside the writer; writers wait instead of failing.
        event.listen(engine, "connect", _sqlite_concurrency)
        engine._cchc_web = True  # type: ignore[attr-defined]
        engine.dispose()
    if isinstance(engine, Engine) and engine.dialect.name == "postgresql" and not getattr(engine, "_cchc_web", False):
        # A save waiting for a row another save holds gives up after the lock timeout (an answer the
        # user can act on: 503 "try again") instead of holding a thread and a connection indefinitely.
        event.listen(engine, "connect", _postgres_timeouts)
        engine._cchc_web = True  # type: ignore[attr-defined]
        engine.dispose()
    return factory


def _postgres_timeouts(dbapi_conn, _record):  # type: ignore[no-untyped-def]
    lock_ms = int(os.environ.get("CCHC_LOCK_TIMEOUT_MS", "5000"))
    statement_ms = int(os.environ.get("CCHC_STATEMENT_TIMEOUT_MS", "60000"))
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET lock_timeout = {lock_ms}")
        cur.execute(f"SET statement_timeout = {statement_ms}")
    dbapi_conn.autocommit = autocommit


def _sqlite_concurrency(dbapi_conn, _record):  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
