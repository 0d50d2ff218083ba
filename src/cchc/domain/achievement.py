"""Indicator achievement against a target: a pure rule over plain values.

The rule (documented in docs/services.md):
- no measurement for the period → `no_data`;
- the comparator already holds → `met`;
- the indicator's own period (its span, else the plan's) has ended and it does not hold → `missed`
  (a quarter's measurement is judged against the span's target; the span decides "ended");
- while the period runs: for rates (unit "%") `on_track` when within 5 points of the target on the
  right side, else `at_risk`; for counts with `>=`/`>`/`=`, `on_track` when actual ≥ target × the
  elapsed share of the period, else `at_risk`; `<=`/`<` not holding → `at_risk`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from cchc.domain.plan import Comparator
from cchc.domain.statuses import Achievement

__all__ = ["RATE_TOLERANCE", "VERDICT_LABELS", "Verdict", "achievement", "verdict"]

RATE_TOLERANCE = 5.0
"""Points below a rate target that still count as on track while the period runs."""


def achievement(
    *,
    actual: float | None,
    target: float,
    comparator: str,
    unit: str | None,
    start: date,
    end: date,
    today: date,
) -> tuple[Achievement, float | None]:
    """The achievement of `actual` against a target over [start, end] as of `today`, and the expected value."""
    if actual is None:
        return Achievement.NO_DATA, None
    comp = Comparator(comparator)
    if comp.holds(actual, target):
        return Achievement.MET, target
    if today > end:
        return Achievement.MISSED, target
    if comp in (Comparator.LE, Comparator.LT):
        return Achievement.AT_RISK, target
    if unit == "%":
        return (Achievement.ON_TRACK if actual >= target - RATE_TOLERANCE else Achievement.AT_RISK), target
    total = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), total)
    expected = target * elapsed / total if total > 0 else target
    return (Achievement.ON_TRACK if actual >= expected else Achievement.AT_RISK), round(expected, 2)


class Verdict(StrEnum):
    """The plain comparison of an actual value with its target, as a report states it."""

    EXCEEDED = "exceeded"
    MET = "met"
    BELOW = "below"
    NO_DATA = "no_data"


VERDICT_LABELS: dict[Verdict, tuple[str, str]] = {
    Verdict.EXCEEDED: ("Vượt", "Exceeded"),
    Verdict.MET: ("Đạt", "Met"),
    Verdict.BELOW: ("Chưa đạt", "Below target"),
    Verdict.NO_DATA: ("Chưa có số liệu", "No data"),
}


def verdict(*, actual: float | None, target: float, comparator: str) -> Verdict:
    """`vượt` / `đạt` / `chưa đạt` from the comparison alone (never from the time left in the period).

    The comparator holds and the actual is strictly better than the target → exceeded; it holds → met;
    it does not hold → below. `=` reads as a floor, like `Comparator.holds` (100% of 100% is met).
    """
    if actual is None:
        return Verdict.NO_DATA
    comp = Comparator(comparator)
    if not comp.holds(actual, target):
        return Verdict.BELOW
    better = actual < target if comp in (Comparator.LE, Comparator.LT) else actual > target
    if comp in (Comparator.GT, Comparator.LT) or not better:
        return Verdict.MET
    return Verdict.EXCEEDED
