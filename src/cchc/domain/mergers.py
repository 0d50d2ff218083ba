"""Communes merged into others (the 2025 reorganisation): which records count for which commune, when.

A `Merger` says that the former commune `predecessor_code` became part of `successor_code` on
`effective_on`. Chains resolve (A → B in 2019, B → C in 2025: A's records count for C). The rules:

- records filed under a former code count for its current successor, for every period;
- for a period that ends before the merger, the successor's figure is shown per predecessor too
  (`period_side` is "before"); a period that contains the merger date is "spanning";
- a code that is neither a current commune nor a known predecessor is unknown, never guessed.

Example:
    m = MergerMap([Merger(4, "Phường Phúc Xá", 4, date(2025, 7, 1)), Merger(7, "Phường Trúc Bạch", 4, ...)])
    m.current(7) == 4; m.predecessors(4) == [4, 7]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["Merger", "MergerCycle", "MergerMap", "fold_rows"]


@dataclass(frozen=True)
class Merger:
    predecessor_code: int
    predecessor_name: str
    successor_code: int
    effective_on: date


class MergerCycle(ValueError):
    """The mapping sends a code back to itself through other codes (A → B → A)."""


class MergerMap:
    def __init__(self, mergers: Iterable[Merger]) -> None:
        # Former codes that now belong to another code, and codes a successor kept from a predecessor.
        self._by_pred: dict[int, Merger] = {}
        self._kept: dict[int, Merger] = {}
        for m in mergers:
            target = self._kept if m.predecessor_code == m.successor_code else self._by_pred
            target[m.predecessor_code] = m
        for code in self._by_pred:
            self.current(code)  # raises on a cycle

    def __bool__(self) -> bool:
        return bool(self._by_pred or self._kept)

    def current(self, code: int) -> int:
        """The commune whose figures the records of `code` count for today (itself when not merged)."""
        seen = {code}
        while code in self._by_pred:
            code = self._by_pred[code].successor_code
            if code in seen:
                raise MergerCycle(f"sáp nhập vòng tròn qua mã {code} (merger cycle)")
            seen.add(code)
        return code

    def is_former(self, code: int) -> bool:
        """Whether `code` names a commune that no longer exists under that code."""
        return code in self._by_pred

    def merger_of(self, code: int) -> Merger | None:
        return self._by_pred.get(code) or self._kept.get(code)

    def predecessors(self, successor: int) -> list[int]:
        """Every former code whose records count for `successor` (the successor's own code first)."""
        out = [successor]
        for pred in sorted(self._by_pred):
            if pred != successor and self.current(pred) == successor:
                out.append(pred)
        return out

    def merged_on(self, successor: int) -> date | None:
        """The date the successor took its present form (its latest merger), or None when never merged."""
        dates = [m.effective_on for p, m in self._by_pred.items() if self.current(p) == successor]
        if successor in self._kept:
            dates.append(self._kept[successor].effective_on)
        return max(dates) if dates else None

    def period_side(self, successor: int, start: date, end: date) -> str:
        """"before" (the period ends before the merger), "after", "spanning", or "none" (never merged)."""
        when = self.merged_on(successor)
        if when is None:
            return "none"
        if end < when:
            return "before"
        if start >= when:
            return "after"
        return "spanning"

    def remap(self) -> dict[int, int]:
        """Former code → current successor, for every former code (what an import rewrites)."""
        return {p: self.current(p) for p in self._by_pred}

    def existed_on(self, code: int, on: date) -> bool:
        """Whether the commune `code` existed as such on `on` (a former commune until its merger)."""
        m = self._by_pred.get(code)
        if m is not None:
            return on < m.effective_on
        when = self.merged_on(code)
        return when is None or on >= when or code in self._kept


def fold_rows(rows: Iterable[Any], successor: dict[int, int], *, additive: tuple[str, ...],
              rate: tuple[str, str, str] | None = None, key: tuple[str, ...] = ()) -> list[Any]:
    """Rows of former communes added into their successor's (numerators and denominators, counts).

    `rows` are frozen dataclasses with a `locality_code`; `successor` maps a former code to the code
    its records count for (codes not in it count for themselves). Rows that land on the same
    (successor, *key) are summed field by field over `additive`; `rate` = (value, numerator,
    denominator) is recomputed from the sums, never averaged. Order: first appearance.
    Example: fold_rows(metric_rows, {90001: 11533}, additive=("numerator", "denominator"),
    rate=("value", "numerator", "denominator"), key=("period", "group", "metric"))
    """
    from dataclasses import replace

    out: dict[tuple[Any, ...], Any] = {}
    for row in rows:
        code = row.locality_code
        target = successor.get(code, code) if code is not None else None
        k = (target, *(getattr(row, f) for f in key))
        have = out.get(k)
        if have is None:
            out[k] = replace(row, locality_code=target)
            continue
        out[k] = replace(have, **{f: getattr(have, f) + getattr(row, f) for f in additive})
    if rate is not None:
        value, num, den = rate
        for k, row in out.items():
            d = getattr(row, den)
            out[k] = replace(row, **{value: (100.0 * getattr(row, num) / d) if d else None})
    return list(out.values())
