"""Server-side sign-in sessions, failed logins and the per-commune cache generations (shared by every process)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cchc.store.base import Base

__all__ = ["GLOBAL_GENERATION", "CacheGeneration", "LoginFailure", "UserSession"]

# The `cache_generations` row bumped by writes that may concern any commune (admins, city reviewers).
GLOBAL_GENERATION = 0


class UserSession(Base):
    """One sign-in. The cookie carries a random 256-bit token; only its SHA-256 is stored (`id`)."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_revoked", "user_id", "revoked_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(100))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # logout, logout_everywhere, revoked, password, role, disabled
    revoked_reason: Mapped[str | None] = mapped_column(String(50))
    # Small per-session state of the pages (a message to show once, staged bulk imports).
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LoginFailure(Base):
    """A failed login: the username tried (never the password) and the address it came from."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
        Index("ix_login_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(200))
    ip: Mapped[str] = mapped_column(String(100))


class CacheGeneration(Base):
    """A commune's write generation: bumped in the transaction of every write, read by cached pages."""

    __tablename__ = "cache_generations"

    locality_code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
