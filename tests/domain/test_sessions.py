"""Session lifetimes and login lockouts as pure rules over timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.sessions import (
    SessionPolicy,
    SessionState,
    ThrottlePolicy,
    lockout_remaining,
    login_wait,
    needs_touch,
    session_state,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
POLICY = SessionPolicy()
WINDOW = timedelta(minutes=15)


def _state(created: timedelta, seen: timedelta, *, revoked: timedelta | None = None, now: timedelta) -> SessionState:
    return session_state(created_at=T0 + created, last_seen_at=T0 + seen,
                         revoked_at=None if revoked is None else T0 + revoked, now=T0 + now, policy=POLICY)


def test_a_session_used_a_minute_ago_is_active():
    assert _state(timedelta(0), timedelta(minutes=30), now=timedelta(minutes=31)) is SessionState.ACTIVE


def test_a_session_idle_for_the_idle_timeout_has_ended():
    assert _state(timedelta(0), timedelta(0), now=timedelta(hours=2)) is SessionState.IDLE


def test_a_session_in_use_ends_at_the_absolute_timeout():
    assert _state(timedelta(0), timedelta(hours=11, minutes=59), now=timedelta(hours=12)) is SessionState.EXPIRED


def test_a_revoked_session_has_ended_even_when_fresh():
    assert _state(timedelta(0), timedelta(0), revoked=timedelta(seconds=1), now=timedelta(seconds=2)) is (
        SessionState.REVOKED
    )


@given(st.integers(min_value=0, max_value=24 * 3600), st.integers(min_value=0, max_value=24 * 3600))
def test_no_session_lives_past_either_timeout(age, idle):
    seen = max(0, age - idle)
    state = _state(timedelta(0), timedelta(seconds=seen), now=timedelta(seconds=age))
    alive = age < POLICY.absolute.total_seconds() and (age - seen) < POLICY.idle.total_seconds()
    assert (state is SessionState.ACTIVE) == alive


@given(st.integers(min_value=0, max_value=600))
def test_activity_is_written_at_most_once_a_minute(seconds):
    assert needs_touch(last_seen_at=T0, now=T0 + timedelta(seconds=seconds), policy=POLICY) == (seconds >= 60)


def test_five_failures_within_the_window_lock_until_the_oldest_leaves_it():
    failures = [T0 + timedelta(minutes=m) for m in range(5)]
    now = T0 + timedelta(minutes=5)
    assert lockout_remaining(failures, limit=5, window=WINDOW, now=now) == timedelta(minutes=10)
    assert lockout_remaining(failures[1:], limit=5, window=WINDOW, now=now) == timedelta(0)


def test_failures_older_than_the_window_do_not_count():
    failures = [T0 + timedelta(minutes=m) for m in range(5)]
    assert lockout_remaining(failures, limit=5, window=WINDOW, now=T0 + timedelta(minutes=15)) == timedelta(0)


def test_an_address_spraying_many_accounts_is_held_back_by_the_address_limit():
    policy = ThrottlePolicy(account_limit=5, address_limit=20)
    sprayed = [T0 + timedelta(seconds=s) for s in range(20)]  # one failure on each of 20 accounts
    now = T0 + timedelta(minutes=1)
    assert login_wait(account_failures=[], address_failures=sprayed, now=now, policy=policy) > timedelta(0)
    assert login_wait(account_failures=[], address_failures=sprayed[:19], now=now, policy=policy) == timedelta(0)


@given(
    st.lists(st.integers(min_value=0, max_value=3600), max_size=30),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=0, max_value=4000),
)
def test_a_lockout_means_limit_failures_within_the_window_and_ends_with_the_window(offsets, limit, at):
    failures = [T0 + timedelta(seconds=s) for s in offsets]
    now = T0 + timedelta(seconds=at)
    wait = lockout_remaining(failures, limit=limit, window=WINDOW, now=now)
    inside = [f for f in failures if timedelta(0) <= now - f < WINDOW]
    future = [f for f in failures if f > now]  # recorded "later" by a skewed clock: counted as recent
    assert (wait > timedelta(0)) == (len(inside) + len(future) >= limit)
    assert wait <= WINDOW + timedelta(seconds=max(offsets, default=0))
    if wait > timedelta(0):
        # Once the wait is over, fewer than `limit` of these failures are inside the window.
        later = now + wait
        assert sum(1 for f in failures if later - f < WINDOW) < limit
