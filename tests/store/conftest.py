"""Store fixtures: the Alembic-migrated schema on SQLite (a template copied per test) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cchc.store.testing import PostgresDatabase, SqliteTemplate, postgres_answers


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("store-template"))


@pytest.fixture(scope="session")
def postgres_db() -> Iterator[PostgresDatabase]:
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    db = PostgresDatabase()
    yield db
    db.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A session on the migrated schema of each backend; nothing outlives the test."""
    if request.param == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        with template.session(tmp_path) as s:
            yield s
    else:
        db: PostgresDatabase = request.getfixturevalue("postgres_db")
        with db.session() as s:
            yield s
