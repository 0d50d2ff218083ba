"""Reporting periods: month, quarter, half-year, year, with parsing from `2026-Q1` and friends."""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cchc.domain.errors import InvalidInput


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar reporting period; `index` is 1-based within the year (month, quarter, half)."""

    year: int
    kind: PeriodKind
    index: int = 1

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `2026`, `2026-Q2`, `2026-H1`, `2026-06` (also `Q2/2026`, `6/2026`)."""
        s = text.strip().upper()
        m = re.fullmatch(r"(\d{4})", s)
        if m:
            return cls(int(m[1]), PeriodKind.YEAR, 1)
        m = re.fullmatch(r"(\d{4})-?Q([1-4])", s) or re.fullmatch(r"Q([1-4])[/-](\d{4})", s)
        if m:
            y, i = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
            return cls(int(y), PeriodKind.QUARTER, int(i))
        m = re.fullmatch(r"(\d{4})-?H([12])", s) or re.fullmatch(r"H([12])[/-](\d{4})", s)
        if m:
            y, i = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
            return cls(int(y), PeriodKind.HALF, int(i))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", s)
        if m and 1 <= int(m[2]) <= 12:
            return cls(int(m[1]), PeriodKind.MONTH, int(m[2]))
        m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
        if m and 1 <= int(m[1]) <= 12:
            return cls(int(m[2]), PeriodKind.MONTH, int(m[1]))
        raise InvalidInput(
            f"Kỳ báo cáo không hợp lệ: {text!r} (ví dụ: 2026, 2026-Q2, 2026-H1, 2026-06)"
        )

    @classmethod
    def containing(cls, day: date, kind: PeriodKind) -> Period:
        n = _MONTHS[kind]
        return cls(day.year, kind, (day.month - 1) // n + 1)

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * _MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.index * _MONTHS[self.kind]
        return date(self.year, last_month, _cal.monthrange(self.year, last_month)[1])

    def shifted_cutoff(self, cutoff_day: int) -> tuple[date, date]:
        """The provincial cut-off span: from `cutoff_day`+1 of the month before to `cutoff_day` of the last month.

        `cutoff_day=14` gives Q1 = 15/12 of the previous year .. 14/3.
        """
        first = self.start - timedelta(days=1)
        start = date(first.year, first.month, cutoff_day + 1)
        end = date(self.end.year, self.end.month, cutoff_day)
        return start, end

    def next(self) -> Period:
        count = 12 // _MONTHS[self.kind]
        if self.index < count:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 12 // _MONTHS[self.kind])

    def months(self) -> list[Period]:
        return [Period(self.year, PeriodKind.MONTH, m) for m in range(self.start.month, self.end.month + 1)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        return f"{self.year}-{self.index:02d}"

    def __str__(self) -> str:
        return self.code

    @property
    def label_vi(self) -> str:
        roman = ["I", "II", "III", "IV"]
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"quý {roman[self.index - 1]} năm {self.year}"
        if self.kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"tháng {self.index}/{self.year}"

    def report_due(self, due_day: int = 10) -> date:
        """Reports are due before the `due_day` of the period's last month (annual: before 10 December)."""
        return date(self.end.year, self.end.month, due_day)
