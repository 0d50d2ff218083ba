"""Queries on users."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.store.models import User

__all__ = ["UserRepository"]


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def by_username(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def list(self, *, locality_code: int | None = None, province_code: int | None = None) -> Sequence[User]:
        query = select(User).order_by(User.username)
        if locality_code is not None:
            query = query.where(User.locality_code == locality_code)
        if province_code is not None:
            query = query.where(User.province_code == province_code)
        return self.session.scalars(query).all()

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user
