"""Figures of a report period from what was recorded for other periods: pure rules.

A report freezes its figures at the period's cut-off (its last day). Three rules say how:

- `reported_at` — a task's reported status at the cut-off, from the progress reports of periods that
  ended by then (the latest non-returned report of each lead unit; done only when every lead unit
  reported done), mirroring how the stored status is refreshed today;
- `carry_inputs` — the Decision 766 parts entered by hand (not measured from dossiers) for a period:
  the value entered for that period, else for a period enclosing it, else the latest one entered for a
  period that started by the period's end; the period each value was entered for is returned so the
  report can name it, and a part with none stays missing (the score is then provisional);
- `combine_measurements` — a manually measured indicator over a half-year or a year from its
  quarterly (or monthly) measurements: ratios add numerators and denominators, rates without them
  take the latest value, counts add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.domain.periods import Period
from cchc.domain.statuses import TaskStatus

__all__ = [
    "CombinedMeasure",
    "Measure",
    "ReportedProgress",
    "carry_inputs",
    "combine_measurements",
    "reported_at",
]


@dataclass(frozen=True)
class ReportedProgress:
    """One progress report of a unit on a task, as the cut-off rule reads it."""

    unit_id: int
    period: str
    status: TaskStatus
    percent: int
    done_on: date | None = None
    returned: bool = False
    order: int = 0  # the report's id: later reports of the same period win


def reported_at(
    reports: Sequence[ReportedProgress],
    lead_unit_ids: Sequence[int],
    cutoff: date,
    *,
    cancelled: bool = False,
) -> tuple[TaskStatus, date | None, int]:
    """(reported status, done on, percent) of a task at `cutoff` from the reports of periods ended by then."""
    if cancelled:
        return TaskStatus.CANCELLED, None, 0
    leads = list(lead_unit_ids)
    latest: dict[int, ReportedProgress] = {}
    for r in sorted(reports, key=lambda r: (Period.parse(r.period).end, r.order)):
        if r.returned or r.unit_id not in leads or Period.parse(r.period).end > cutoff:
            continue
        latest[r.unit_id] = r
    if not latest or not leads:
        return TaskStatus.NOT_STARTED, None, 0
    statuses = [r.status for r in latest.values()]
    done_dates = [r.done_on for r in latest.values() if r.done_on]
    if len(latest) == len(leads) and all(s is TaskStatus.DONE for s in statuses) and all(
        d <= cutoff for d in done_dates
    ):
        status, done_on = TaskStatus.DONE, max(done_dates, default=None)
    elif any(s in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) for s in statuses):
        status, done_on = TaskStatus.IN_PROGRESS, None
    elif any(s is TaskStatus.PAUSED for s in statuses):
        status, done_on = TaskStatus.PAUSED, None
    else:
        status, done_on = TaskStatus.NOT_STARTED, None
    percent = round(sum(r.percent for r in latest.values()) / len(leads))
    if status is TaskStatus.IN_PROGRESS and percent >= 100:
        percent = 99  # not every lead unit reported done
    return status, done_on, percent


def _span(code: str) -> tuple[date, date]:
    p = Period.parse(code)
    return p.start, p.end


def carry_inputs(
    inputs: Sequence[Mapping[str, Any]], *, locality_code: int, period: Period
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The hand-entered 766 parts that apply to `period`, re-keyed to it, and the period each came from.

    Rows are `{"locality_code", "period", "indicator", "value"}` (the dossier store's 766 inputs).
    """
    best: dict[str, tuple[tuple[int, date, int], Mapping[str, Any]]] = {}
    for row in inputs:
        if int(row["locality_code"]) != int(locality_code) or row.get("value") is None:
            continue
        try:
            start, end = _span(str(row["period"]))
        except Exception:  # noqa: BLE001 - an unparsable period applies to nothing
            continue
        if start > period.end:
            continue  # entered for a later period: never carried backwards
        if (start, end) == (period.start, period.end):
            rank = 3
        elif start <= period.start and end >= period.end:
            rank = 2
        else:
            rank = 1
        # exact over enclosing over earlier; among those the latest ending, then the shortest span
        key = (rank, end, -(end - start).days)
        code = str(row["indicator"])
        if code not in best or key > best[code][0]:
            best[code] = (key, row)
    rows = [
        {"locality_code": int(locality_code), "period": period.code, "indicator": code, "value": row["value"]}
        for code, (_, row) in sorted(best.items())
    ]
    return rows, {code: str(row["period"]) for code, (_, row) in best.items()}


@dataclass(frozen=True)
class Measure:
    """A recorded measurement of an indicator for one period."""

    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class CombinedMeasure:
    value: float | None
    numerator: float | None
    denominator: float | None
    periods: tuple[str, ...]  # the periods the value is made of


def combine_measurements(measures: Sequence[Measure], period: Period, *, unit: str | None) -> CombinedMeasure:
    """An indicator's value over `period` from measurements of `period` itself or of periods inside it."""
    exact = [m for m in measures if m.period == period.code and m.value is not None]
    if exact:
        m = exact[-1]
        return CombinedMeasure(m.value, m.numerator, m.denominator, (m.period,))
    inside: dict[str, Measure] = {}
    for m in measures:
        if m.value is None:
            continue
        try:
            p = Period.parse(m.period)
        except Exception:  # noqa: BLE001
            continue
        if p.start >= period.start and p.end <= period.end and p.kind is not period.kind:
            inside[m.period] = m
    if not inside:
        return CombinedMeasure(None, None, None, ())
    # The finest kind that covers the most of the period, without double counting nested periods.
    by_kind: dict[Any, list[Measure]] = {}
    for code, m in inside.items():
        by_kind.setdefault(Period.parse(code).kind, []).append(m)

    def coverage(ms: list[Measure]) -> int:
        return sum((Period.parse(m.period).end - Period.parse(m.period).start).days + 1 for m in ms)

    chosen = sorted(max(by_kind.values(), key=coverage), key=lambda m: Period.parse(m.period).start)
    codes = tuple(m.period for m in chosen)
    if all(m.numerator is not None and m.denominator for m in chosen):
        num = sum(float(m.numerator or 0) for m in chosen)
        den = sum(float(m.denominator or 0) for m in chosen)
        return CombinedMeasure(round(100.0 * num / den, 2) if den else None, num, den, codes)
    if unit == "%":
        last = chosen[-1]
        return CombinedMeasure(last.value, None, None, (last.period,))
    return CombinedMeasure(round(sum(float(m.value or 0) for m in chosen), 2), None, None, codes)
