"""Rules of sign-in sessions and login throttling: when a session ends, when to note activity, lockouts.

Pure functions over timestamps, shared by every process serving the same database: the state they
judge (a session row, the recent failed logins) is read from the database by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "SessionPolicy",
    "SessionState",
    "ThrottlePolicy",
    "lockout_remaining",
    "login_wait",
    "needs_touch",
    "session_state",
]


class SessionState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    IDLE = "idle"  # no request for longer than the idle timeout
    EXPIRED = "expired"  # older than the absolute timeout


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: `idle` since its last request, `absolute` since login.

    `touch_every`: activity is written back at most this often, so the last-seen time is known to
    within that much and the idle timeout may end a session up to that much later than exact.
    """

    idle: timedelta = timedelta(hours=2)
    absolute: timedelta = timedelta(hours=12)
    touch_every: timedelta = timedelta(minutes=1)


def session_state(
    *, created_at: datetime, last_seen_at: datetime, revoked_at: datetime | None, now: datetime,
    policy: SessionPolicy,
) -> SessionState:
    """Whether a session may still be used at `now`."""
    if revoked_at is not None and revoked_at <= now:
        return SessionState.REVOKED
    if now - created_at >= policy.absolute:
        return SessionState.EXPIRED
    if now - last_seen_at >= policy.idle:
        return SessionState.IDLE
    return SessionState.ACTIVE


def needs_touch(*, last_seen_at: datetime, now: datetime, policy: SessionPolicy) -> bool:
    """Whether this request should write the session's last-seen time (at most once per `touch_every`)."""
    return now - last_seen_at >= policy.touch_every


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most `account_limit` failed logins for one username (from any address) and `address_limit`
    from one address (for any usernames: password spraying) within `window`."""

    account_limit: int = 5
    address_limit: int = 20
    window: timedelta = timedelta(minutes=15)


def lockout_remaining(recent: Sequence[datetime], *, limit: int, window: timedelta, now: datetime) -> timedelta:
    """How long until another attempt is allowed, given the newest `limit` failures (any order).

    Blocked while `limit` failures lie within `window` of `now`: the block lifts when the oldest of
    the newest `limit` failures leaves the window.
    """
    if limit <= 0:
        return window
    inside = sorted((t for t in recent if now - t < window), reverse=True)
    if len(inside) < limit:
        return timedelta(0)
    return max(timedelta(0), inside[limit - 1] + window - now)


def login_wait(
    *, account_failures: Sequence[datetime], address_failures: Sequence[datetime], now: datetime,
    policy: ThrottlePolicy,
) -> timedelta:
    """The wait before a login for this username from this address may be tried (zero: allowed)."""
    return max(
        lockout_remaining(account_failures, limit=policy.account_limit, window=policy.window, now=now),
        lockout_remaining(address_failures, limit=policy.address_limit, window=policy.window, now=now),
    )
