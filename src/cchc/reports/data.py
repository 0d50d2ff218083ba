"""The input of every report builder: plain dataclasses, filled by `reporting` or by hand.

The Word, Excel, PDF and chart builders of this package read only these types, so they can be
built and tested without a database. `ReportData.to_json()` / `from_json()` keep a draft (with the
standing office's edits) and every generated version as plain JSON.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from cchc.domain.achievement import Verdict
from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.plan import Comparator
from cchc.domain.statuses import ACHIEVEMENT_LABELS, TASK_STATUS_LABELS, Achievement, TaskStatus
from cchc.reports.snapshot import ReportSnapshot

__all__ = [
    "REFORM_AREAS",
    "AreaSection",
    "DirectionFigures",
    "Index766Group",
    "IndicatorRow",
    "MonthlyRates",
    "NarrativeItem",
    "NextTask",
    "NoticeData",
    "ReportData",
    "ServiceRow",
    "Signer",
    "TaskStatusRow",
    "apply_snapshot",
    "from_json_value",
]

# The six reform areas of part II, in the order of Resolution 76/NQ-CP and every PAR report.
REFORM_AREAS: tuple[Area, ...] = (
    Area.INSTITUTIONS,
    Area.PROCEDURES,
    Area.ORGANIZATION,
    Area.CIVIL_SERVICE,
    Area.PUBLIC_FINANCE,
    Area.DIGITAL_GOVERNMENT,
)


@dataclass
class Signer:
    """The signature block: `TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH` or `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`."""

    name: str = ""
    title: str = "CHỦ TỊCH"
    authority: str = "TM. ỦY BAN NHÂN DÂN"

    @classmethod
    def chairman(cls, name: str = "") -> Signer:
        return cls(name=name, title="CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN")

    @classmethod
    def vice_chairman(cls, name: str = "") -> Signer:
        return cls(name=name, title="PHÓ CHỦ TỊCH", authority="KT. CHỦ TỊCH")


@dataclass
class NarrativeItem:
    """One paragraph of drafted (or edited) text with the plan task references it comes from."""

    text: str
    refs: list[str] = field(default_factory=list)
    unit: str | None = None


@dataclass
class AreaSection:
    """Results of one reform area: narrative paragraphs and the task counts behind them."""

    area: Area
    items: list[NarrativeItem] = field(default_factory=list)
    tasks_total: int = 0
    tasks_done: int = 0
    tasks_in_progress: int = 0
    tasks_overdue: int = 0

    @property
    def title(self) -> str:
        return AREA_LABELS[self.area][0]

    @property
    def tasks_not_started(self) -> int:
        return max(0, self.tasks_total - self.tasks_done - self.tasks_in_progress - self.tasks_overdue)


@dataclass
class DirectionFigures:
    """Part I: documents issued, inspections and communication in the period, plus narrative."""

    documents_issued: int = 0
    inspections: int = 0
    units_inspected: int = 0
    communication_items: int = 0
    items: list[NarrativeItem] = field(default_factory=list)


@dataclass
class IndicatorRow:
    """An indicator of the plan: target, comparator, the period's actual value and its status."""

    name: str
    target: float
    comparator: Comparator = Comparator.GE
    actual: float | None = None
    status: Achievement = Achievement.NO_DATA
    unit: str = "%"
    ref: str | None = None
    source: str = "manual"  # manual | dossiers | tasks
    note: str = ""
    verdict: str = ""  # "Vượt" / "Đạt" / "Chưa đạt" from the comparison (domain.achievement.verdict)

    @property
    def status_label(self) -> str:
        return self.verdict or ACHIEVEMENT_LABELS[self.status][0]

    def target_text(self) -> str:
        return f"{self.comparator.value} {_num(self.target)}{self.unit or ''}".replace(">=", "≥").replace("<=", "≤")

    def actual_text(self) -> str:
        return "—" if self.actual is None else f"{_num(self.actual)}{self.unit or ''}"


@dataclass
class ServiceRow:
    """One row of form II.06a/VPCP/KSTT (per sector or unit, or the total)."""

    label: str
    carried_over: int = 0
    received_online: int = 0
    received_direct: int = 0  # in person or by post
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    pending_due_today: int = 0  # of `pending_within`: due on the period's last day
    returned: int = 0  # of the resolved: returned to the applicant without a result (not accepted, stopped)
    withdrawn: int = 0  # of the resolved: withdrawn by the applicant

    @property
    def received_total(self) -> int:
        return self.carried_over + self.received_online + self.received_direct

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending_total(self) -> int:
        return self.pending_within + self.pending_overdue

    def cells(self) -> list[int]:
        """The 12 figures in the column order of form II.06a."""
        return [
            self.received_total, self.carried_over, self.received_online, self.received_direct,
            self.resolved_total, self.resolved_early, self.resolved_on_time, self.resolved_late,
            self.pending_total, self.pending_within, self.pending_overdue,
        ]


@dataclass
class Index766Group:
    """One of the six groups of the Decision 766 index; `entered` is the part not measured from dossiers."""

    name: str
    max_points: float
    score: float | None = None
    entered: float = 0.0

    @property
    def measured(self) -> float | None:
        return None if self.score is None else self.score - self.entered


@dataclass
class MonthlyRates:
    """Service indicators of one month (rates in percent; None when there is no data)."""

    month: str  # YYYY-MM
    received: int = 0
    on_time_rate: float | None = None
    online_rate: float | None = None
    online_payment_rate: float | None = None
    digitization_rate: float | None = None
    satisfaction_rate: float | None = None
    index_766: float | None = None


@dataclass
class TaskStatusRow:
    """One row of the task status appendix."""

    ref: str
    task: str
    area: Area
    lead: str = ""
    due: str = ""
    status: TaskStatus = TaskStatus.NOT_STARTED
    percent: int | None = None
    note: str = ""

    @property
    def status_label(self) -> str:
        return TASK_STATUS_LABELS[self.status][0]

    @property
    def area_label(self) -> str:
        return AREA_LABELS[self.area][0]


@dataclass
class NextTask:
    text: str
    lead: str = ""
    due: str = ""
    ref: str | None = None


@dataclass
class ReportData:
    """Everything a periodic PAR report shows; see `make_report_data` in the tests for an example."""

    locality_code: int
    locality_name: str  # "xã An Bình"
    issuer_lines: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"]
    period_code: str  # "2026-Q2"
    period_label: str  # "quý II năm 2026"
    kind: str = "quarter"  # quarter | half | year
    number: str = ""  # "" prints "Số:      /BC-UBND" for the clerk to fill in
    symbol: str = "BC-UBND"
    place: str = ""
    report_date: date | None = None
    subject: str = ""
    parent_body: str = ""  # e.g. "UBND TỈNH ..." above the issuer; empty for a commune's UBND
    basis: list[str] = field(default_factory=list)  # "Thực hiện Kế hoạch số …" opening paragraphs
    direction: DirectionFigures = field(default_factory=DirectionFigures)
    areas: list[AreaSection] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    service_rows: list[ServiceRow] = field(default_factory=list)
    index_766: list[Index766Group] = field(default_factory=list)
    monthly: list[MonthlyRates] = field(default_factory=list)
    index_766_note: str = ""  # e.g. which indicators still need entering
    on_time_note: str = ""  # the footnote under table II.06a: both on-time definitions with their figures
    service_summary: list[NarrativeItem] = field(default_factory=list)
    strengths: list[NarrativeItem] = field(default_factory=list)
    shortcomings: list[NarrativeItem] = field(default_factory=list)
    causes: list[NarrativeItem] = field(default_factory=list)
    next_tasks: list[NextTask] = field(default_factory=list)
    proposals: list[NarrativeItem] = field(default_factory=list)
    task_rows: list[TaskStatusRow] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    data_as_of: datetime | None = None
    version: int = 0
    approved_by: str | None = None
    approved_at: datetime | None = None
    snapshot: ReportSnapshot | None = None  # the figures every part reads (reporting builds it)
    draft_mark: bool = False  # "DỰ THẢO" in the page header: every version not approved

    @property
    def index_766_total(self) -> float | None:
        if self.snapshot is not None and self.snapshot.index_766 is not None:
            return round(self.snapshot.index_766.total, 2)
        scores = [g.score for g in self.index_766]
        return None if not scores or any(s is None for s in scores) else round(sum(s or 0 for s in scores), 2)

    @property
    def number_line(self) -> str:
        return f"Số: {self.number or '     '}/{self.symbol}"

    @property
    def kind_label(self) -> str:
        return {"quarter": "quý", "half": "6 tháng", "year": "năm"}.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportData:
        return from_json_value(cls, data)


@dataclass
class NoticeData:
    """The monthly notice (Thông báo) of a commune's service indicators."""

    locality_code: int
    locality_name: str
    issuer_lines: list[str]
    month: str  # YYYY-MM
    number: str = ""
    symbol: str = "TB-UBND"
    place: str = ""
    notice_date: date | None = None
    parent_body: str = ""
    current: MonthlyRates | None = None
    previous: MonthlyRates | None = None
    service_rows: list[ServiceRow] = field(default_factory=list)
    index_766: list[Index766Group] = field(default_factory=list)
    history: list[MonthlyRates] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer.vice_chairman)
    data_as_of: datetime | None = None
    index_766_provisional: bool = False  # some part has no figure: the score is "tạm tính", no rating
    index_766_note: str = ""
    index_766_missing: list[str] = field(default_factory=list)  # the 766 indicators with no data (named)

    @property
    def month_label(self) -> str:
        y, m = self.month.split("-")
        return f"tháng {int(m)} năm {y}"

    @property
    def number_line(self) -> str:
        return f"Số: {self.number or '     '}/{self.symbol}"

    @property
    def index_766_total(self) -> float | None:
        scores = [g.score for g in self.index_766]
        return None if not scores or any(s is None for s in scores) else round(sum(s or 0 for s in scores), 2)

    def to_json(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NoticeData:
        return from_json_value(cls, data)


def _num(value: float) -> str:
    """`95` for 95.0, `92,5` for 92.5 (Vietnamese decimal comma)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


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


def from_json_value(tp: Any, value: Any) -> Any:
    """Rebuild a value of type `tp` (a dataclass, enum, date, list, optional) from its JSON form."""
    if isinstance(tp, str):
        raise TypeError("resolve string annotations first")
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else from_json_value(args[0], value)
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [from_json_value(arg, v) for v in value or []]
    if tp is ReportSnapshot:
        return None if value is None else ReportSnapshot.from_json(value)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: from_json_value(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.init and f.name in value
        }
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is datetime:
        return None if value is None else datetime.fromisoformat(value)
    if tp is date:
        return None if value is None else date.fromisoformat(value)
    if tp is float and value is not None:
        return float(value)
    return value


# --------------------------------------------------------------------------- the snapshot into the data


def apply_snapshot(data: ReportData, snap: ReportSnapshot) -> ReportData:
    """Write the snapshot's figures into a `ReportData` (tables, counts, series); returns it."""
    data.snapshot = snap
    data.locality_name = snap.locality_name
    sections = {s.area: s for s in data.areas}
    areas = []
    for area in REFORM_AREAS:
        c = snap.tasks.area(area)
        s = sections.get(area) or AreaSection(area)
        s.tasks_total, s.tasks_done, s.tasks_in_progress, s.tasks_overdue = (
            c.total, c.finished, c.in_progress, c.overdue)
        areas.append(s)
    data.areas = areas
    data.task_rows = [
        TaskStatusRow(ref=r.ref, task=r.task, area=r.area, lead=r.lead, due=r.due, status=r.status,
                      percent=r.percent, note=r.note)
        for r in snap.tasks.rows
    ]
    achievement = {Verdict.EXCEEDED: Achievement.MET, Verdict.MET: Achievement.MET,
                   Verdict.BELOW: Achievement.MISSED, Verdict.NO_DATA: Achievement.NO_DATA}
    data.indicators = [
        IndicatorRow(name=i.name, target=i.target, comparator=Comparator(i.comparator), actual=i.actual,
                     status=achievement[i.verdict], unit=i.unit, ref=i.ref, source=i.source, note=i.basis,
                     verdict=i.verdict_label)
        for i in snap.indicators
    ]
    if snap.dossiers is not None:
        data.service_rows = [ServiceRow(**dataclasses.asdict(r)) for r in snap.dossiers.rows]
        data.monthly = [
            MonthlyRates(month=m.month, received=m.received, on_time_rate=m.on_time_rate, online_rate=m.online_rate,
                         online_payment_rate=m.online_payment_rate, digitization_rate=m.digitization_rate,
                         satisfaction_rate=m.satisfaction_rate, index_766=m.index_766)
            for m in snap.dossiers.months
        ]
    else:
        data.service_rows, data.monthly = [], []
    if snap.index_766 is not None:
        data.index_766 = [Index766Group(g.name, g.max_points, g.points, g.entered) for g in snap.index_766.groups]
    else:
        data.index_766 = []
    data.data_as_of = datetime.combine(snap.data_as_of, datetime.min.time())
    return data
