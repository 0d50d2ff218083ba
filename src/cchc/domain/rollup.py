"""A province's figures from its communes' figures: a pure rule over plain values.

The rule (documented in docs/service-quality.md, national overview):
- counts (communes, with a plan, tasks, done, overdue, reports owed and submitted, dossiers in scope,
  on-time dossiers, laggards) add up;
- completion = 100 × Σ done / Σ tasks (None without tasks);
- reporting completeness = 100 × Σ submitted / Σ owed over the communes with a published plan
  (100 when such communes owe nothing; None when no commune has a published plan);
- on-time rate = 100 × Σ on time / Σ in scope: the province's dossiers counted as one pool
  (None without dossiers);
- the 766 index = the mean of the communes' totals (a score, not a count: never pooled; None when
  no commune has one).
Percentages are rounded to 1 decimal (completion, completeness) or 2 (on-time, 766), as for a commune.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CommuneTotals", "ProvinceTotals", "roll_up"]


@dataclass(frozen=True)
class CommuneTotals:
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    has_plan: bool = False
    published: bool = False
    reports_due: int = 0
    reports_submitted: int = 0
    dossiers: int = 0  # in scope of the period (the on-time denominator)
    on_time: int = 0  # the on-time numerator
    index_766: float | None = None
    laggard: bool = False


@dataclass(frozen=True)
class ProvinceTotals:
    communes: int
    with_plan: int
    tasks: int
    done: int
    overdue: int
    reports_due: int
    reports_submitted: int
    dossiers: int
    on_time: int
    laggards: int
    completion: float | None
    completeness: float | None
    on_time_rate: float | None
    index_766: float | None


def roll_up(communes: Iterable[CommuneTotals]) -> ProvinceTotals:
    """The province's totals and rates from its communes' (see the module's rule)."""
    items = list(communes)
    tasks = sum(c.tasks for c in items)
    done = sum(c.done for c in items)
    published = [c for c in items if c.published]
    due = sum(c.reports_due for c in published)
    submitted = sum(c.reports_submitted for c in published)
    dossiers = sum(c.dossiers for c in items)
    on_time = sum(c.on_time for c in items)
    scores = [c.index_766 for c in items if c.index_766 is not None]
    return ProvinceTotals(
        communes=len(items),
        with_plan=sum(1 for c in items if c.has_plan),
        tasks=tasks,
        done=done,
        overdue=sum(c.overdue for c in items),
        reports_due=due,
        reports_submitted=submitted,
        dossiers=dossiers,
        on_time=on_time,
        laggards=sum(1 for c in items if c.laggard),
        completion=round(100.0 * done / tasks, 1) if tasks else None,
        completeness=(round(100.0 * submitted / due, 1) if due else 100.0) if published else None,
        on_time_rate=round(100.0 * on_time / dossiers, 2) if dossiers else None,
        index_766=round(sum(scores) / len(scores), 2) if scores else None,
    )
