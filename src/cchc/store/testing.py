"""Test databases on the migrated schema: a SQLite template copied per test, a PostgreSQL schema per session.

Used by tests/store and tests/services; kept in the package so both conftest files share it.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cchc.store.engine import make_engine, upgrade_database

__all__ = ["PG_URL", "PostgresDatabase", "SqliteTemplate", "postgres_answers"]

PG_URL = os.environ.get("CCHC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

Prepare = Callable[[Session], None]


def postgres_answers(url: str = PG_URL, timeout: float = 0.5) -> bool:
    """Whether something listens on the PostgreSQL host and port of `url`."""
    u = make_url(url)
    try:
        with socket.create_connection((u.host or "127.0.0.1", u.port or 5432), timeout=timeout):
            return True
    except OSError:
        return False


class SqliteTemplate:
    """A migrated (and prepared) SQLite file built once; each test gets a copy."""

    def __init__(self, folder: Path, prepare: Prepare | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "template.db"
        url = f"sqlite:///{self.file}"
        engine = make_engine(url)
        upgrade_database(engine=engine)
        if prepare is not None:
            with Session(engine) as session:
                prepare(session)
                session.commit()
        engine.dispose()

    @contextmanager
    def session(self, folder: Path) -> Iterator[Session]:
        target = folder / "cchc.db"
        shutil.copy(self.file, target)
        engine = make_engine(f"sqlite:///{target}")
        session = Session(engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            engine.dispose()

    def engine_copy(self, folder: Path) -> Engine:
        target = folder / "cchc.db"
        if not target.exists():
            shutil.copy(self.file, target)
        return make_engine(f"sqlite:///{target}")


class PostgresDatabase:
    """A fresh schema per test session (migrated and prepared, dropped at the end); each test rolls back."""

    def __init__(self, url: str = PG_URL, prepare: Prepare | None = None) -> None:
        self.schema = f"cchc_test_{uuid.uuid4().hex[:10]}"
        self.admin = make_engine(url)
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.engine = make_engine(url, connect_args={"options": f"-csearch_path={self.schema}"})
        upgrade_database(engine=self.engine)
        if prepare is not None:
            with Session(self.engine) as session:
                prepare(session)
                session.commit()

    @contextmanager
    def session(self) -> Iterator[Session]:
        connection = self.engine.connect()
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            outer.rollback()
            connection.close()

    def drop(self) -> None:
        self.engine.dispose()
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        self.admin.dispose()
