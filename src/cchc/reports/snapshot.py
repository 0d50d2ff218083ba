"""One snapshot of every figure of a report period, computed once and read by every output.

`ReportSnapshot` is an immutable tree: task statuses at the cut-off (each task once, counts by status,
by area and by unit), the indicators against their targets (with numerator and denominator where the
figure is a ratio), the dossier figures (the II.06a rows, both on-time definitions, the months) and the
Decision 766 index with which parts are measured, entered (and for which period) or missing.
`reporting` builds it, stores it as JSON with the report version, and `reports.data.apply_snapshot` writes
its figures into the `ReportData` the Word, Excel, chart and PDF builders lay out — so the text, the
tables, the charts and the appendix all say the same numbers.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from cchc.domain.achievement import VERDICT_LABELS, Verdict
from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.statuses import TASK_STATUS_LABELS, TaskStatus

__all__ = [
    "SNAPSHOT_SCHEMA",
    "STATUS_ORDER",
    "DossierFigures",
    "GroupCount",
    "Index766Figures",
    "Index766GroupFigure",
    "Index766Part",
    "IndicatorFigure",
    "MonthFigure",
    "PlanReference",
    "Ratio",
    "ReportSnapshot",
    "PENDING_SPLIT_NOTE",
    "ServiceFigure",
    "SplitLine",
    "StatusCounts",
    "TaskFigure",
    "TaskFigures",
    "UnitReport",
    "late_share",
    "worst_of",
    "on_time_definitions",
    "pending_split",
    "status_phrase",
]

SNAPSHOT_SCHEMA = "cchc.report-snapshot/1"

# The order statuses are listed in, everywhere.
STATUS_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.DONE,
    TaskStatus.DONE_LATE,
    TaskStatus.IN_PROGRESS,
    TaskStatus.OVERDUE,
    TaskStatus.NOT_STARTED,
    TaskStatus.PAUSED,
    TaskStatus.CANCELLED,
)

ON_TIME_DEFINITION = (
    "số hồ sơ đã giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn trên tổng số hồ sơ phải giải quyết "
    "trong kỳ (đã giải quyết và đang giải quyết), theo Quyết định số 766/QĐ-TTg"
)
ON_TIME_RESOLVED_DEFINITION = "số hồ sơ đã giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết"


@dataclass(frozen=True)
class Ratio:
    """A rate given with what it is made of: `value` = 100 × numerator / denominator."""

    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        return round(100.0 * self.numerator / self.denominator, 2) if self.denominator else None


@dataclass(frozen=True)
class StatusCounts:
    done: int = 0
    done_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_started: int = 0
    paused: int = 0
    cancelled: int = 0

    @classmethod
    def of(cls, statuses: Iterable[TaskStatus]) -> StatusCounts:
        counts = {s.value: 0 for s in TaskStatus}
        for s in statuses:
            counts[TaskStatus(s).value] += 1
        return cls(**counts)

    @property
    def total(self) -> int:
        return sum(self.get(s) for s in TaskStatus)

    @property
    def finished(self) -> int:
        return self.done + self.done_late

    def get(self, status: TaskStatus) -> int:
        return int(getattr(self, TaskStatus(status).value))

    def items(self) -> list[tuple[TaskStatus, int]]:
        """(status, count) in `STATUS_ORDER`, only the statuses that have tasks."""
        return [(s, self.get(s)) for s in STATUS_ORDER if self.get(s)]

    def as_dict(self) -> dict[str, int]:
        return {s.value: self.get(s) for s in STATUS_ORDER}


@dataclass(frozen=True)
class TaskFigure:
    """One task of the plan with its status at the cut-off."""

    ref: str
    task: str
    area: Area
    lead: str
    lead_units: tuple[str, ...]
    due: str
    due_on: date | None
    status: TaskStatus
    percent: int | None
    note: str = ""


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str
    counts: StatusCounts


@dataclass(frozen=True)
class TaskFigures:
    cutoff: date
    rows: tuple[TaskFigure, ...]
    total: StatusCounts
    by_area: tuple[GroupCount, ...]
    by_unit: tuple[GroupCount, ...]  # by lead unit: a task led by two units counts in each
    completion: Ratio  # done on time / due by the cut-off or done

    @classmethod
    def of(cls, cutoff: date, rows: Iterable[TaskFigure]) -> TaskFigures:
        rows = tuple(rows)
        by_area = tuple(
            GroupCount(a.value, AREA_LABELS[a][0], StatusCounts.of(r.status for r in rows if r.area is a))
            for a in Area
            if any(r.area is a for r in rows)
        )
        units: dict[str, list[TaskStatus]] = {}
        for r in rows:
            for u in r.lead_units or ("(chưa phân công)",):
                units.setdefault(u, []).append(r.status)
        by_unit = tuple(GroupCount(u, u, StatusCounts.of(st)) for u, st in sorted(units.items()))
        due = [r for r in rows if r.status is not TaskStatus.CANCELLED and (
            (r.due_on is not None and r.due_on <= cutoff) or r.status in (TaskStatus.DONE, TaskStatus.DONE_LATE))]
        on_time = sum(1 for r in due if r.status is TaskStatus.DONE)
        return cls(cutoff, rows, StatusCounts.of(r.status for r in rows), by_area, by_unit,
                   Ratio(on_time, len(due)))

    def area(self, area: Area) -> StatusCounts:
        return next((g.counts for g in self.by_area if g.key == area.value), StatusCounts())


@dataclass(frozen=True)
class IndicatorFigure:
    ref: str | None
    name: str
    target: float
    comparator: str
    unit: str
    actual: float | None
    ratio: Ratio | None
    source: str  # dossiers | tasks | manual
    verdict: Verdict
    metric: str | None = None
    basis: str = ""  # which period(s) the value is made of, when not the report period itself

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict][0]


@dataclass(frozen=True)
class ServiceFigure:
    """One row of form II.06a/VPCP/KSTT."""

    label: str
    carried_over: int = 0
    received_online: int = 0
    received_direct: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    # Of `pending_within`: due on the period's last day (the rest are not yet due); of the resolved: returned
    # to the applicant without a result (not accepted, processing stopped) and withdrawn by the applicant.
    pending_due_today: int = 0
    returned: int = 0
    withdrawn: int = 0

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending(self) -> int:
        return self.pending_within + self.pending_overdue

    @property
    def pending_not_yet_due(self) -> int:
        return self.pending_within - self.pending_due_today

    @property
    def received(self) -> int:
        return self.received_online + self.received_direct


@dataclass(frozen=True)
class MonthFigure:
    month: str
    received: int = 0
    on_time_rate: float | None = None
    online_rate: float | None = None
    online_payment_rate: float | None = None
    digitization_rate: float | None = None
    satisfaction_rate: float | None = None
    index_766: float | None = None
    index_766_provisional: bool = False


@dataclass(frozen=True)
class SplitLine:
    """One line of the pending split table: STT (lines 2–4 are parts of line 1), what it counts, how many, and
    its share (`ratio`)."""

    number: str
    label: str
    count: int
    ratio: Ratio


# The formulas of the split table's % column (its footnote), and the timeliness rule its counts follow.
PENDING_SPLIT_NOTE = (
    "Tỷ lệ (%) của dòng 1 = số hồ sơ đang giải quyết / (số hồ sơ đã giải quyết + đang giải quyết) × 100; "
    "của các dòng 2, 3, 4 = số hồ sơ của dòng / số hồ sơ đang giải quyết × 100; của dòng 5 và 6 = số hồ sơ "
    "của dòng / số hồ sơ đã giải quyết × 100. Thời gian chờ người nộp bổ sung hồ sơ và thời gian tạm dừng giải "
    "quyết không tính vào thời hạn giải quyết (hạn được lùi thêm số ngày làm việc chờ); hồ sơ phải bổ sung từ "
    "hai lần trở lên tính là quá hạn."
)


def pending_split(r: ServiceFigure) -> tuple[SplitLine, ...]:
    """The dossiers open at the period's end (not yet due / due on its last day / overdue) and the resolved
    ones returned to the applicant or withdrawn, with the shares the footnote (`PENDING_SPLIT_NOTE`) defines."""
    all_ = r.resolved + r.pending
    return (
        SplitLine("1", "Hồ sơ đang giải quyết tại ngày cuối kỳ", r.pending, Ratio(r.pending, all_)),
        SplitLine("2", "Trong đó: chưa đến hạn", r.pending_not_yet_due, Ratio(r.pending_not_yet_due, r.pending)),
        SplitLine("3", "Trong đó: đến hạn vào ngày cuối kỳ", r.pending_due_today, Ratio(r.pending_due_today, r.pending)),
        SplitLine("4", "Trong đó: đã quá hạn", r.pending_overdue, Ratio(r.pending_overdue, r.pending)),
        SplitLine("5", "Hồ sơ trả lại người nộp (không được tiếp nhận, dừng xử lý)", r.returned,
                  Ratio(r.returned, r.resolved)),
        SplitLine("6", "Hồ sơ người nộp rút", r.withdrawn, Ratio(r.withdrawn, r.resolved)),
    )


def late_share(r: ServiceFigure) -> Ratio:
    """Dossiers late (resolved late or still open past their due date) over resolved plus pending."""
    return Ratio(r.resolved_late + r.pending_overdue, r.resolved + r.pending)


def worst_of(rows: Iterable[Any], *, least: int = 5) -> Any | None:
    """The row with the largest share of late dossiers (ties: more late dossiers), among rows with at
    least `least` dossiers to resolve and at least one late; None when no row has a late dossier."""
    best = None
    for r in rows:
        share = late_share(r)
        late = share.numerator
        if share.denominator < least or not late:
            continue
        key = (late / share.denominator, late)
        if best is None or key > best[0]:
            best = (key, r)
    return None if best is None else best[1]


@dataclass(frozen=True)
class DossierFigures:
    rows: tuple[ServiceFigure, ...]  # by sector, the total last
    months: tuple[MonthFigure, ...] = ()
    # The total row of the previous period and of the same period a year before (same metric functions).
    previous_period: str = ""
    previous: ServiceFigure | None = None
    last_year_period: str = ""
    last_year: ServiceFigure | None = None
    # The sector with the largest share of late dossiers and its rows by procedure (label `code – name`).
    worst_sector: str = ""
    procedures: tuple[ServiceFigure, ...] = ()
    # Dossiers finished in the period without a result (of the total's resolved): returned to the applicant
    # (not accepted, processing stopped) or withdrawn by the applicant.
    returned: int = 0
    withdrawn: int = 0

    @property
    def sectors(self) -> tuple[ServiceFigure, ...]:
        return self.rows[:-1]

    def sector(self, label: str) -> ServiceFigure | None:
        return next((r for r in self.sectors if r.label == label), None)
    # The span the dossier figures cover: the period (or the provincial cut-off span) up to the cut-off.
    start: date | None = None
    end: date | None = None

    @property
    def total(self) -> ServiceFigure:
        return self.rows[-1] if self.rows else ServiceFigure("Tổng cộng")

    @property
    def on_time(self) -> Ratio:
        """The on-time rate of the text (Decision 766): early, on time and pending within time over all."""
        t = self.total
        return Ratio(t.resolved_early + t.resolved_on_time + t.pending_within, t.resolved + t.pending)

    @property
    def on_time_resolved(self) -> Ratio:
        """The other definition, in the footnote: early and on time over resolved dossiers only."""
        t = self.total
        return Ratio(t.resolved_early + t.resolved_on_time, t.resolved)

    @property
    def online(self) -> Ratio:
        t = self.total
        return Ratio(t.received_online, t.received)


@dataclass(frozen=True)
class Index766Part:
    code: str
    name: str
    group: str
    max_points: float
    points: float | None
    source: str  # measured | entered | missing
    entered_for: str | None = None  # the period the entered value was entered for


@dataclass(frozen=True)
class Index766GroupFigure:
    name: str
    max_points: float
    points: float
    measured: float
    entered: float


@dataclass(frozen=True)
class Index766Figures:
    period: str
    total: float
    groups: tuple[Index766GroupFigure, ...]
    parts: tuple[Index766Part, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts if p.source == "missing")

    @property
    def provisional(self) -> bool:
        """Some part has no figure: the total is `tạm tính` and carries no rating."""
        return bool(self.missing)

    @property
    def entered_for(self) -> tuple[str, ...]:
        return tuple(sorted({p.entered_for for p in self.parts if p.source == "entered" and p.entered_for}))


@dataclass(frozen=True)
class UnitReport:
    """What one unit reported on one task for one period (returned reports are left out)."""

    ref: str
    area: Area
    task: str
    unit: str
    period: str
    status: TaskStatus  # the task's status at the cut-off (as in `tasks.rows`)
    reported: TaskStatus  # the status the unit reported
    percent: int | None = None
    results: str = ""
    difficulties: str = ""
    proposals: str = ""
    evidence_number: str = ""
    evidence_date: date | None = None


@dataclass(frozen=True)
class PlanReference:
    """The plan the report accounts for, and the upper-level plan it implements when recorded."""

    number: str = ""
    issued_on: date | None = None
    title: str = ""
    issuer: str = ""  # "Ủy ban nhân dân phường Hoà Bình"
    upper: str = ""  # "Kế hoạch số 318/KH-UBND ngày 22/12/2025 của Ủy ban nhân dân thành phố Hải Phòng về …"


@dataclass(frozen=True)
class ReportSnapshot:
    locality_code: int
    locality_kind: str  # "phường"
    locality_name: str  # "phường Hoà Bình" (kind and name, NFC, from the Locality row)
    period_code: str
    period_label: str
    kind: str  # quarter | half | year
    cutoff: date
    data_as_of: date
    tasks: TaskFigures
    indicators: tuple[IndicatorFigure, ...] = ()
    dossiers: DossierFigures | None = None
    index_766: Index766Figures | None = None
    schema: str = SNAPSHOT_SCHEMA
    period_start: date | None = None
    plan: PlanReference | None = None
    reports: tuple[UnitReport, ...] = ()  # the units' progress reports of the period, oldest first
    missing_units: tuple[str, ...] = ()  # units that owed a progress report of the period and sent none

    def to_json(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportSnapshot:
        return _from_json(cls, data)


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


def _from_json(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _from_json(args[0], value)
    if origin in (tuple, list):
        arg = typing.get_args(tp)[0]
        items = [_from_json(arg, v) for v in value or []]
        return tuple(items) if origin is tuple else items
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _from_json(hints[f.name], value[f.name]) for f in dataclasses.fields(tp)
                     if f.init and f.name in value})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is date:
        return None if value is None else date.fromisoformat(value)
    if tp is float and value is not None:
        return float(value)
    return value


# --------------------------------------------------------------------------- wording shared by the outputs


def _count(n: int) -> str:
    return f"{n:02d}" if 0 < n < 10 else str(n)


def status_phrase(counts: StatusCounts) -> str:
    """`hoàn thành 04, hoàn thành muộn 01, đang thực hiện 17, quá hạn 02, chưa triển khai 05`."""
    parts = [f"{TASK_STATUS_LABELS[s][0].lower()} {_count(n)}" for s, n in counts.items()]
    return ", ".join(parts) if parts else "chưa có nhiệm vụ"


def _pct(r: Ratio) -> str:
    v = r.value
    return "—" if v is None else f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _thousands(n: float) -> str:
    return f"{int(n):,}".replace(",", ".")


def on_time_definitions(d: DossierFigures) -> tuple[str, str]:
    """(the sentence of the text, the footnote with the other definition), each with its figures."""
    main, other = d.on_time, d.on_time_resolved
    text = (f"tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn đạt {_pct(main)} "
            f"({_thousands(main.numerator)}/{_thousands(main.denominator)} hồ sơ)")
    note = (f"Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn tính bằng {ON_TIME_DEFINITION}: "
            f"{_thousands(main.numerator)}/{_thousands(main.denominator)} hồ sơ = {_pct(main)}. "
            f"Nếu chỉ tính {ON_TIME_RESOLVED_DEFINITION}: {_thousands(other.numerator)}/"
            f"{_thousands(other.denominator)} hồ sơ = {_pct(other)}.")
    return text, note
