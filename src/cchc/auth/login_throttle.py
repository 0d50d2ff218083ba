"""Login throttling in the database: the same limits for every process serving it.

Failed logins are rows of `login_failures` (username tried, address, time; never the password).
A username is locked after `account_limit` failures from any addresses and an address after
`address_limit` failures for any usernames (password spraying), both within `window`
(`domain.sessions.ThrottlePolicy`). Each failure and each refused attempt is an audit event.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from cchc.domain.sessions import ThrottlePolicy, login_wait
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now as _now
from cchc.kernel.audit import record_event
from cchc.settings import Settings
from cchc.store.sessions import LoginFailureRepository
from cchc.store.users import UserRepository

__all__ = ["anonymous", "clear_failures", "policy_of", "record_blocked", "record_failure", "wait_for"]


def policy_of(settings: Settings) -> ThrottlePolicy:
    return ThrottlePolicy(account_limit=settings.login_account_limit, address_limit=settings.login_address_limit,
                          window=timedelta(minutes=settings.login_window_minutes))


def anonymous(ip: str | None) -> Actor:
    """Who acts before signing in: no user, the least role, the address."""
    return Actor(user_id=None, username="anonymous", role=Role.UNIT_OFFICER, ip=ip)


def _name(username: str) -> str:
    return username.strip().lower()[:200]


def wait_for(session: Session, *, username: str, ip: str, policy: ThrottlePolicy,
             at: datetime | None = None) -> timedelta:
    """How long this username from this address must wait before trying again (zero: may try now)."""
    at = at or _now()
    since = at - policy.window
    failures = LoginFailureRepository(session)
    return login_wait(
        account_failures=_aware(failures.recent_for_username(_name(username), since=since,
                                                             limit=policy.account_limit)),
        address_failures=_aware(failures.recent_for_ip(ip, since=since, limit=policy.address_limit)),
        now=at, policy=policy,
    )


def _aware(times: list[datetime]) -> list[datetime]:
    # SQLite hands timestamps back without their zone; they are stored in UTC.
    return [t if t.tzinfo is not None else t.replace(tzinfo=UTC) for t in times]


def _audit(session: Session, *, username: str, ip: str, action: str) -> None:
    user = UserRepository(session).by_username(_name(username))
    record_event(session, anonymous(ip), entity="user", entity_id=user.id if user is not None else 0,
                 action=action, before=None, after={"username": username.strip()[:100]},
                 locality_code=user.locality_code if user is not None else None)


def record_failure(session: Session, *, username: str, ip: str, policy: ThrottlePolicy,
                   at: datetime | None = None) -> None:
    """A wrong username or password: counted for the username and the address, and audited."""
    at = at or _now()
    failures = LoginFailureRepository(session)
    failures.prune(before=at - max(policy.window, timedelta(days=1)))
    failures.add(at=at, username=_name(username), ip=ip)
    _audit(session, username=username, ip=ip, action="login_failed")


def record_blocked(session: Session, *, username: str, ip: str) -> None:
    """An attempt refused by the throttle (not counted again, but audited)."""
    _audit(session, username=username, ip=ip, action="login_blocked")


def clear_failures(session: Session, *, username: str, ip: str) -> None:
    """A successful login forgets this username's failures from this address (not those from elsewhere)."""
    LoginFailureRepository(session).clear(username=_name(username), ip=ip)
