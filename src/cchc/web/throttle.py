"""Login throttling: too many failures for one username from one address → 429 for a while."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

__all__ = ["LoginThrottle"]


class LoginThrottle:
    """At most `limit` failed logins per (username, ip) in `window` seconds (in memory, per process)."""

    def __init__(self, limit: int = 5, window: float = 15 * 60) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked_for(self, username: str, ip: str, now: float | None = None) -> float:
        """Seconds until the next attempt is allowed (0 when allowed)."""
        now = time.monotonic() if now is None else now
        key = (username.strip().lower(), ip)
        with self._lock:
            q = self._prune(key, now)
            if len(q) < self.limit:
                return 0.0
            return max(0.0, self.window - (now - q[0]))

    def fail(self, username: str, ip: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        key = (username.strip().lower(), ip)
        with self._lock:
            self._prune(key, now).append(now)

    def succeed(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username.strip().lower(), ip), None)
