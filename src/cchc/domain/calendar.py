"""Vietnamese working days: weekends, public holidays and lunar Tết (from `holidays`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache


@dataclass
class WorkingCalendar:
    """Working-day arithmetic; `extra_days_off` and `extra_working_days` cover yearly government decisions."""

    extra_days_off: set[date] = field(default_factory=set)
    extra_working_days: set[date] = field(default_factory=set)
    _years: set[int] = field(default_factory=set, repr=False)
    _holidays: set[date] = field(default_factory=set, repr=False)

    def _load(self, year: int) -> None:
        if year not in self._years:
            import holidays as _holidays  # loaded on first use: a stored calendar table needs no holidays

            self._holidays.update(_holidays.country_holidays("VN", years=year).keys())
            self._years.add(year)

    def is_holiday(self, day: date) -> bool:
        self._load(day.year)
        return day in self._holidays or day in self.extra_days_off

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        if day in self.extra_working_days:
            return True
        return day.weekday() < 5 and not self.is_holiday(day)

    def holidays_between(self, start: date, end: date) -> list[date]:
        for y in range(start.year, end.year + 1):
            self._load(y)
        return sorted(d for d in self._holidays | self.extra_days_off if start <= d <= end)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the start day itself not counted)."""
        step = 1 if days >= 0 else -1
        day, left = start, abs(days)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the next one (a due date on a holiday moves forward)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days(self, start: date, end: date) -> Iterable[date]:
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    return WorkingCalendar()
