"""The store: SQLAlchemy 2 models, the engine and session factory, repositories, Alembic migrations."""

from cchc.store.engine import make_engine, make_sessionmaker, upgrade_database

__all__ = ["make_engine", "make_sessionmaker", "upgrade_database"]
