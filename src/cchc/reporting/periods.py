"""Report periods: parse the period a user asks for, its kind and its quarters."""

from __future__ import annotations

from cchc.domain.errors import InvalidInput
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.statuses import TaskStatus

KINDS = {"quarter": PeriodKind.QUARTER, "half": PeriodKind.HALF, "year": PeriodKind.YEAR}
DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)




def resolve_period(period: str, kind: str | None = None) -> Period:
    """`2026-Q2` → Q2; with `kind="half"` → 2026-H1 (the half containing it); months widen to quarters."""
    per = Period.parse(period)
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Loại báo cáo không hợp lệ: {kind!r} (quarter, half, year).", where="kind")
    want = KINDS[kind] if kind else (per.kind if per.kind is not PeriodKind.MONTH else PeriodKind.QUARTER)
    if want is not per.kind:
        per = Period.containing(per.end, want)
    return per


def _kind_name(per: Period) -> str:
    return {PeriodKind.QUARTER: "quarter", PeriodKind.HALF: "half", PeriodKind.YEAR: "year"}[per.kind]


def _period_key(per: Period) -> int:
    """A stable integer for the audit log: 2026-Q2 → 202622, 2026-H1 → 202631, 2026 → 202641."""
    kind = {PeriodKind.QUARTER: 2, PeriodKind.HALF: 3, PeriodKind.YEAR: 4, PeriodKind.MONTH: 1}[per.kind]
    return per.year * 100 + kind * 10 + (per.index % 10)


def _quarters(per: Period) -> list[str]:
    """Codes of the progress-report periods inside a report period (units report per quarter)."""
    codes = {per.code}
    for m in per.months():
        codes.add(Period.containing(m.start, PeriodKind.QUARTER).code)
        codes.add(m.code)
    return sorted(codes)
