"""Timeliness of one dossier (Decision 766, indicator 2.1): a pure rule over dates and a working calendar.

The rule (SERVICE-INDICATORS.md, "Timeliness"; docs/dossiers.md):

- Dates are compared by date. The due date moves to the next working day when it falls on a weekend or
  holiday.
- The time a dossier waits for the applicant's supplement (bổ sung: from the request to the day the
  supplement arrives) and the time its processing is paused (tạm dừng: from the pause to the day it
  resumes) are not counted against it: the due date moves later by the working days of those waits.
  A wait counts the working days in (start, stop], stopped at the reference day (the dossier's end of
  processing, or the period's last day for a dossier still open); a wait with no stop date runs to that
  day. Missing wait dates mean no wait.
- A dossier asked for a supplement more than once counts as late (overdue while still open).
- Finished: early if it ended before the (moved) due date, on time on it, late after it; no due date =
  on time. Open at the period's end: overdue if the (moved) due date is before the period's last day,
  due today if it is that day, not yet due if later (or no due date). "Within time" = not yet due + due
  today.

`dossiers/metrics.py` implements the same rule in SQL for every engine; the tests check that both give
the same code for generated dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Protocol

__all__ = [
    "Calendar",
    "DossierDates",
    "Timeliness",
    "classify",
    "effective_due",
    "wait_days",
]


class Calendar(Protocol):
    """What the rule needs of `domain.calendar.WorkingCalendar`."""

    def working_days_between(self, start: date, end: date) -> int: ...

    def add_working_days(self, start: date, days: int) -> date: ...

    def next_working_day(self, day: date) -> date: ...


class Timeliness(IntEnum):
    """The codes of the metric SQL (`tcode`): finished 1–3, open at the period's end 4–6."""

    EARLY = 1
    ON_TIME = 2
    LATE = 3
    NOT_YET_DUE = 4
    OVERDUE = 5
    DUE_TODAY = 6

    @property
    def finished(self) -> bool:
        return self in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE)

    @property
    def counts_on_time(self) -> bool:
        """In the numerator of the on-time rate: early, on time, or open and within time."""
        return self in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.NOT_YET_DUE, Timeliness.DUE_TODAY)


@dataclass(frozen=True)
class DossierDates:
    """The dates of one dossier the rule reads (all by date; None = not recorded)."""

    received: date
    due: date | None = None
    end: date | None = None  # end of processing (terminal status); None while open
    supplement_count: int = 0
    supplement_requested: date | None = None
    supplement_received: date | None = None
    suspended: date | None = None  # processing paused (tạm dừng)
    resumed: date | None = None


def _wait(start: date | None, stop: date | None, ref: date, cal: Calendar) -> int:
    if start is None:
        return 0
    stop = ref if stop is None or stop > ref else stop
    return max(0, cal.working_days_between(start, stop))


def wait_days(d: DossierDates, ref: date, cal: Calendar) -> int:
    """Working days the dossier waited for a supplement or was paused, up to `ref` (not counted against it)."""
    return (_wait(d.supplement_requested, d.supplement_received, ref, cal)
            + _wait(d.suspended, d.resumed, ref, cal))


def effective_due(d: DossierDates, ref: date, cal: Calendar) -> date | None:
    """The due date moved to a working day and later by the waits up to `ref`; None without a due date."""
    if d.due is None:
        return None
    due = cal.next_working_day(d.due)
    wait = wait_days(d, ref, cal)
    return cal.add_working_days(due, wait) if wait else due


def classify(d: DossierDates, period_end: date, cal: Calendar) -> Timeliness:
    """The timeliness of a dossier in scope of a period ending on `period_end`.

    Finished means an end of processing on or before `period_end`; otherwise the dossier is open at
    the period's end and its waits run to `period_end`.
    """
    finished = d.end is not None and d.end <= period_end
    ref = d.end if finished and d.end is not None else period_end
    due = effective_due(d, ref, cal)
    if finished:
        if d.supplement_count > 1:
            return Timeliness.LATE
        if due is None or d.end == due:
            return Timeliness.ON_TIME
        assert d.end is not None
        return Timeliness.LATE if d.end > due else Timeliness.EARLY
    if d.supplement_count > 1:
        return Timeliness.OVERDUE
    if due is None or due > period_end:
        return Timeliness.NOT_YET_DUE
    return Timeliness.DUE_TODAY if due == period_end else Timeliness.OVERDUE
