"""Engines and sessions from the settings, and the packaged Alembic migrations run programmatically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cchc.settings import get_settings

__all__ = ["alembic_config", "database_url", "make_engine", "make_sessionmaker", "upgrade_database"]

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(url: str | None = None) -> str:
    """`url`, else CCHC_DATABASE_URL, else SQLite in the data directory (created when missing)."""
    if url:
        return url
    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings.database_url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (see `database_url`); SQLite gets foreign keys switched on."""
    resolved = database_url(url)
    engine = create_engine(resolved, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str | None = None, *, revision: str = "head", engine: Engine | None = None) -> None:
    """Run the packaged migrations up to `revision` (default: head)."""
    resolved = (
        str(engine.url.render_as_string(hide_password=False)) if engine is not None else database_url(url)
    )
    cfg = alembic_config(resolved)
    if engine is not None:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    else:
        command.upgrade(cfg, revision)
