"""Queries on sign-in sessions, failed logins and cache generations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cchc.store.models import Locality, Province, User
from cchc.store.models_sessions import GLOBAL_GENERATION, CacheGeneration, LoginFailure, UserSession

__all__ = ["GenerationRepository", "LoginFailureRepository", "SessionRepository"]


class SessionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: UserSession) -> UserSession:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, session_id: str) -> UserSession | None:
        return self.session.get(UserSession, session_id)

    def with_user(self, session_id: str) -> tuple[UserSession, User] | None:
        """The session and its user in one query (the lookup of every signed-in request)."""
        row = self.session.execute(
            select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.id == session_id)
        ).first()
        return (row[0], row[1]) if row is not None else None

    def save_state(self, session_id: str, *, last_seen_at: datetime | None, data: dict[str, Any] | None,
                   write_data: bool) -> None:
        values: dict[str, Any] = {}
        if last_seen_at is not None:
            values["last_seen_at"] = last_seen_at
        if write_data:
            values["data"] = data
        if values:
            self.session.execute(
                update(UserSession).where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
                .values(**values)
            )

    def revoke(self, session_id: str, *, at: datetime, reason: str) -> bool:
        result = self.session.execute(
            update(UserSession).where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=at, revoked_reason=reason)
        )
        return bool(result.rowcount)

    def revoke_for_user(self, user_id: int, *, at: datetime, reason: str, keep: str | None = None) -> list[str]:
        """End every open session of a user (but `keep`); the ids of those ended."""
        query = select(UserSession.id).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        if keep is not None:
            query = query.where(UserSession.id != keep)
        ids = list(self.session.scalars(query))
        if ids:
            self.session.execute(
                update(UserSession).where(UserSession.id.in_(ids), UserSession.revoked_at.is_(None))
                .values(revoked_at=at, revoked_reason=reason)
            )
        return ids

    def open_rows(self, *, user_id: int | None, since: datetime, seen_since: datetime,
                  limit: int = 500) -> Sequence[tuple[UserSession, User]]:
        """Sessions not revoked, created after `since` and seen after `seen_since`, newest activity first."""
        query = (
            select(UserSession, User).join(User, User.id == UserSession.user_id)
            .where(UserSession.revoked_at.is_(None), UserSession.created_at > since,
                   UserSession.last_seen_at > seen_since)
            .order_by(UserSession.last_seen_at.desc()).limit(limit)
        )
        if user_id is not None:
            query = query.where(UserSession.user_id == user_id)
        return [(r[0], r[1]) for r in self.session.execute(query).all()]


class LoginFailureRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, at: datetime, username: str, ip: str) -> None:
        self.session.add(LoginFailure(at=at, username=username, ip=ip))
        self.session.flush()

    def recent_for_username(self, username: str, *, since: datetime, limit: int) -> list[datetime]:
        return list(self.session.scalars(
            select(LoginFailure.at).where(LoginFailure.username == username, LoginFailure.at > since)
            .order_by(LoginFailure.at.desc()).limit(limit)
        ))

    def recent_for_ip(self, ip: str, *, since: datetime, limit: int) -> list[datetime]:
        return list(self.session.scalars(
            select(LoginFailure.at).where(LoginFailure.ip == ip, LoginFailure.at > since)
            .order_by(LoginFailure.at.desc()).limit(limit)
        ))

    def clear(self, *, username: str, ip: str) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.username == username, LoginFailure.ip == ip))

    def prune(self, *, before: datetime) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.at < before))


@lru_cache(maxsize=4)
def _bump_statement(dialect: str) -> Any:
    """The generation upsert for `dialect`, built once per process (values come as parameters)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(CacheGeneration).on_conflict_do_update(
        index_elements=[CacheGeneration.locality_code],
        set_={"generation": CacheGeneration.generation + 1},
    )


class GenerationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def bump(self, locality_code: int | None) -> None:
        """Add one to the commune's generation (None: the generation of every commune), as an upsert."""
        code = GLOBAL_GENERATION if locality_code is None else int(locality_code)
        self.session.execute(_bump_statement(self.session.get_bind().dialect.name),
                             {"locality_code": code, "generation": 1})

    def current(self, locality_code: int) -> tuple[int, int]:
        """(generation of every commune, the commune's own) in one indexed query."""
        rows = dict(self.session.execute(
            select(CacheGeneration.locality_code, CacheGeneration.generation)
            .where(CacheGeneration.locality_code.in_((GLOBAL_GENERATION, int(locality_code))))
        ).all())
        return int(rows.get(GLOBAL_GENERATION, 0)), int(rows.get(int(locality_code), 0))

    def _everyone(self):  # type: ignore[no-untyped-def]
        return (select(func.coalesce(func.max(CacheGeneration.generation), 0))
                .where(CacheGeneration.locality_code == GLOBAL_GENERATION).scalar_subquery())

    def stamps_by_province(self, province_codes: Sequence[int] | None = None) -> dict[int, tuple[int, int, int]]:
        """(generation of every commune, communes written, sum of their generations) of every province in
        scope (every province when None), in one grouped query. Generations only grow, so the sum changes
        with every write of any commune of the province."""
        q = (
            select(Province.code, self._everyone(), func.count(CacheGeneration.locality_code),
                   func.coalesce(func.sum(CacheGeneration.generation), 0))
            .select_from(Province)
            .outerjoin(Locality, Locality.province_code == Province.code)
            .outerjoin(CacheGeneration, CacheGeneration.locality_code == Locality.code)
            .group_by(Province.code)
        )
        if province_codes is not None:
            q = q.where(Province.code.in_([int(c) for c in province_codes]))
        return {int(code): (int(everyone), int(n), int(total)) for code, everyone, n, total in self.session.execute(q)}

    def commune_generations(self, province_codes: Sequence[int] | None = None) -> list[tuple[int, int, int, int]]:
        """(code, province, generation of every commune, the commune's own) of each commune in scope, by name."""
        q = (
            select(Locality.code, Locality.province_code, self._everyone(),
                   func.coalesce(CacheGeneration.generation, 0))
            .select_from(Locality)
            .outerjoin(CacheGeneration, CacheGeneration.locality_code == Locality.code)
            .order_by(Locality.name)
        )
        if province_codes is not None:
            q = q.where(Locality.province_code.in_([int(c) for c in province_codes]))
        return [(int(c), int(p), int(e), int(g)) for c, p, e, g in self.session.execute(q)]
