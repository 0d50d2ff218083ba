"""A per-process cache of figures and pages, invalidated by every write of any process.

A dashboard page and its three chart images each need the same `services.dashboard.dashboard(...)`
result; the cache lets the charts (and repeated views) reuse it. An entry is valid for one
generation: the caller passes the commune's write generation read from the database
(`kernel.cache_generations.current`, bumped in the transaction of every write by any process), and
the process also counts the writes it commits itself (`bump`). A write through one worker is
therefore seen by the next page of every other worker at once; there is no time limit by default
(`ttl` is optional).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["GenerationCache", "Unshared"]


class Unshared:
    """The stamp of a session that wrote and has not committed: equal to no other, so nothing cached is used."""

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return id(self)


def _unshared(value: Any) -> bool:
    if isinstance(value, Unshared):
        return True
    return isinstance(value, tuple) and any(_unshared(v) for v in value)


class GenerationCache:
    def __init__(self, *, ttl: float | None = None, size: int = 512) -> None:
        self.ttl = ttl
        self.size = size
        self._lock = threading.Lock()
        self._global = 0
        self._by_locality: dict[int, int] = {}
        self._entries: OrderedDict[Hashable, tuple[Hashable, float, Any]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}

    def generation(self, locality_code: int) -> tuple[int, int]:
        with self._lock:
            return self._global, self._by_locality.get(locality_code, 0)

    def bump(self, locality_code: int | None) -> None:
        """A write was committed for `locality_code` (None: possibly any commune)."""
        with self._lock:
            if locality_code is None:
                self._global += 1
            else:
                self._by_locality[locality_code] = self._by_locality.get(locality_code, 0) + 1

    def _fresh(self, key: Hashable, generation: Hashable, now: float) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == generation and (self.ttl is None or now - entry[1] < self.ttl):
            self._entries.move_to_end(key)
            return True, entry[2]
        return False, None

    def get_or_build(self, key: Hashable, locality_code: int, build: Callable[[], Any], *,
                     shared: Hashable = None) -> Any:
        """The cached value for `key` when nothing was written since it was built, else `build()`.

        `shared`: the generation of the commune in the database (read by the caller before this call).
        Concurrent misses of one key build once: the others wait for that build (no stampede after
        every write).
        """
        if _unshared(shared):  # a transaction that wrote and reads its own rows: nothing kept is valid for it
            return build()
        generation = (shared, self.generation(locality_code))
        with self._lock:
            hit, value = self._fresh(key, generation, time.monotonic())
            if hit:
                return value
            building = self._building.setdefault(key, threading.Lock())
        with building:
            # The generation is read before building: a write committed meanwhile makes this entry stale.
            generation = (shared, self.generation(locality_code))
            now = time.monotonic()
            with self._lock:
                hit, value = self._fresh(key, generation, now)
            if hit:
                return value
            value = build()
            with self._lock:
                self._entries[key] = (generation, now, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    old, _ = self._entries.popitem(last=False)
                    self._building.pop(old, None)
            return value
