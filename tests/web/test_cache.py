"""The dashboard cache: one build per write generation, even when many requests miss at once."""

from __future__ import annotations

import threading
import time

from cchc.web.cache import GenerationCache


def _counting_build(calls: list[int]):  # type: ignore[no-untyped-def]
    def build() -> int:
        calls.append(1)
        time.sleep(0.02)
        return len(calls)

    return build


def test_concurrent_misses_build_once():
    cache, calls = GenerationCache(), []
    build = _counting_build(calls)
    threads = [threading.Thread(target=cache.get_or_build, args=("k", 1, build)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1


def test_a_write_in_the_commune_or_by_an_admin_invalidates():
    cache, calls = GenerationCache(), []
    build = _counting_build(calls)
    assert cache.get_or_build("k", 1, build) == 1
    assert cache.get_or_build("k", 1, build) == 1
    cache.bump(2)  # another commune: still fresh
    assert cache.get_or_build("k", 1, build) == 1
    cache.bump(1)
    assert cache.get_or_build("k", 1, build) == 2
    cache.bump(None)
    assert cache.get_or_build("k", 1, build) == 3


def test_entries_expire_after_the_ttl():
    cache, calls = GenerationCache(ttl=0.0), []
    build = _counting_build(calls)
    cache.get_or_build("k", 1, build)
    cache.get_or_build("k", 1, build)
    assert len(calls) == 2
