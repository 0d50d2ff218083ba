"""Server-side sign-in sessions: open at login, resume per request, end at logout or revocation.

The browser holds a random 256-bit token; the database holds only its SHA-256 (`user_sessions.id`),
so a copy of the table does not let anyone sign in. A session ends when revoked (logout, "log out
everywhere", a password or role change, the account disabled) or by the idle and absolute timeouts
of `domain.sessions.SessionPolicy`; every process serving the database sees that at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import NotFound, PermissionDenied
from cchc.domain.sessions import SessionPolicy, SessionState, needs_touch, session_state
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now as _now
from cchc.kernel.audit import record_event
from cchc.settings import Settings
from cchc.store.models import User
from cchc.store.models_sessions import UserSession
from cchc.store.sessions import SessionRepository

__all__ = [
    "Resumed",
    "SessionView",
    "end_session",
    "list_sessions",
    "new_token",
    "open_session",
    "policy_of",
    "resume_session",
    "revoke_all_sessions",
    "revoke_session",
    "revoke_user_sessions",
    "save_session_state",
    "session_id_of",
]

TOKEN_BYTES = 32  # 256 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def session_id_of(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def policy_of(settings: Settings) -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=settings.session_idle_minutes),
                         absolute=timedelta(hours=settings.session_max_hours))


def _aware(value: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they are stored in UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _actor(user: User, ip: str | None) -> Actor:
    return Actor(user_id=user.id, username=user.username, role=user.role, locality_code=user.locality_code,
                 unit_id=user.unit_id, province_code=user.province_code, ip=ip)


@dataclass(frozen=True)
class Resumed:
    """A live session found for a request's token."""

    actor: Actor
    session_id: str
    data: dict[str, Any]
    touch: bool  # the last-seen time is due to be written


@dataclass(frozen=True)
class SessionView:
    id: str
    user_id: int
    username: str
    full_name: str | None
    created_at: datetime
    last_seen_at: datetime
    ip: str | None
    user_agent: str | None
    current: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user_id,
            "username": self.username,
            "full_name": self.full_name,
            "created_at": self.created_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
            "ip": self.ip,
            "user_agent": self.user_agent,
            "current": self.current,
        }


def open_session(session: Session, actor: Actor, *, user_agent: str | None, at: datetime | None = None) -> str:
    """A new session for an authenticated actor; returns the token for the cookie (kept nowhere else)."""
    if actor.user_id is None:
        raise PermissionDenied("Tài khoản hệ thống không đăng nhập qua web.")
    at = at or _now()
    token = new_token()
    sid = session_id_of(token)
    SessionRepository(session).add(UserSession(
        id=sid, user_id=actor.user_id, created_at=at, last_seen_at=at, ip=actor.ip,
        user_agent=(user_agent or "")[:300] or None, data=None,
    ))
    record_event(session, actor, entity="user", entity_id=actor.user_id, action="login", before=None,
                 after={"session": sid[:12], "user_agent": (user_agent or "")[:300] or None},
                 locality_code=actor.locality_code)
    return token


def resume_session(session: Session, token: str | None, *, ip: str | None, policy: SessionPolicy,
                   at: datetime | None = None) -> Resumed | None:
    """The live session of `token` with its user as an Actor; None when unknown, ended or the user disabled."""
    if not token:
        return None
    found = SessionRepository(session).with_user(session_id_of(token))
    if found is None:
        return None
    row, user = found
    if not user.active:
        return None
    at = at or _now()
    last_seen = _aware(row.last_seen_at)
    state = session_state(created_at=_aware(row.created_at), last_seen_at=last_seen,
                          revoked_at=_aware(row.revoked_at) if row.revoked_at else None, now=at, policy=policy)
    if state is not SessionState.ACTIVE:
        return None
    return Resumed(actor=_actor(user, ip), session_id=row.id, data=dict(row.data or {}),
                   touch=needs_touch(last_seen_at=last_seen, now=at, policy=policy))


def save_session_state(session: Session, session_id: str, *, data: dict[str, Any] | None, write_data: bool,
                       touch: bool, at: datetime | None = None) -> None:
    """Write a session's page state and/or its last-seen time (not audited: no data of the plans changes)."""
    SessionRepository(session).save_state(session_id, last_seen_at=(at or _now()) if touch else None,
                                          data=data or None, write_data=write_data)


def end_session(session: Session, actor: Actor, session_id: str | None) -> None:
    """Logout: the session ends now, for every process."""
    if session_id is None or actor.user_id is None:
        return
    if SessionRepository(session).revoke(session_id, at=_now(), reason="logout"):
        record_event(session, actor, entity="user", entity_id=actor.user_id, action="logout", before=None,
                     after={"session": session_id[:12]}, locality_code=actor.locality_code)


def _may_manage(actor: Actor, user_id: int) -> None:
    if actor.user_id != user_id and not actor.is_admin:
        raise PermissionDenied("Bạn chỉ được xem và kết thúc phiên đăng nhập của chính mình.")


def revoke_session(session: Session, actor: Actor, *, session_id: str) -> int:
    """End one session: one's own, or anyone's for an admin. Returns the owner's user id."""
    repo = SessionRepository(session)
    row = repo.get(session_id)
    if row is None or (row.user_id != actor.user_id and not actor.is_admin):
        # Another user's session is not even confirmed to exist.
        raise NotFound("Không tìm thấy phiên đăng nhập này.", where="session")
    if repo.revoke(session_id, at=_now(), reason="revoked"):
        record_event(session, actor, entity="user", entity_id=row.user_id, action="revoke_session",
                     before=None, after={"session": session_id[:12], "reason": "revoked"},
                     locality_code=_locality_of(session, row.user_id))
    return row.user_id


def revoke_user_sessions(session: Session, actor: Actor, *, user_id: int, reason: str,
                         keep: str | None = None) -> int:
    """End every open session of a user (but `keep`), e.g. after a password or role change; how many."""
    ended = SessionRepository(session).revoke_for_user(user_id, at=_now(), reason=reason, keep=keep)
    if ended:
        record_event(session, actor, entity="user", entity_id=user_id, action="revoke_sessions", before=None,
                     after={"reason": reason, "sessions": [s[:12] for s in ended]},
                     locality_code=_locality_of(session, user_id))
    return len(ended)


def revoke_all_sessions(session: Session, actor: Actor, *, user_id: int | None = None) -> int:
    """"Log out everywhere": every session of the actor (or, for an admin, of `user_id`)."""
    target = actor.user_id if user_id is None else user_id
    if target is None:
        raise PermissionDenied("Tài khoản hệ thống không có phiên đăng nhập.")
    _may_manage(actor, target)
    if session.get(User, target) is None:
        raise NotFound(f"Không tìm thấy tài khoản #{target}.", where="user_id")
    return revoke_user_sessions(session, actor, user_id=target, reason="logout_everywhere")


def list_sessions(session: Session, actor: Actor, *, policy: SessionPolicy, user_id: int | None = None,
                  every_user: bool = False, current: str | None = None,
                  at: datetime | None = None) -> list[SessionView]:
    """Open sessions, most recently used first: one's own; an admin's choice of user, or everyone's."""
    if every_user:
        actor.require_role([Role.ADMIN], "xem phiên đăng nhập của mọi tài khoản")
        target = user_id
    else:
        target = actor.user_id if user_id is None else user_id
        if target is None:
            return []
        _may_manage(actor, target)
    at = at or _now()
    rows = SessionRepository(session).open_rows(user_id=target, since=at - policy.absolute,
                                                seen_since=at - policy.idle)
    return [
        SessionView(id=r.id, user_id=u.id, username=u.username, full_name=u.full_name,
                    created_at=_aware(r.created_at), last_seen_at=_aware(r.last_seen_at), ip=r.ip,
                    user_agent=r.user_agent, current=r.id == current)
        for r, u in rows
    ]


def _locality_of(session: Session, user_id: int) -> int | None:
    user = session.get(User, user_id)
    return user.locality_code if user is not None else None
