"""Plain domain types of cchc: plans, tasks, indicators, units, timelines, periods, calendar.

Imports nothing from the rest of cchc and does no I/O.
"""

from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.errors import CchcError, Conflict, InvalidInput, NotFound, PermissionDenied
from cchc.domain.metrics import METRIC_LABELS, MetricCode
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.plan import (
    Comparator,
    DecisionRef,
    Indicator,
    Plan,
    PlanInfo,
    PlanLevel,
    Responsibility,
    Signer,
    Span,
    Task,
    Timeline,
    TimelineKind,
    UnitRef,
    YearTarget,
)
from cchc.domain.statuses import Achievement, PlanStatus, ReviewStatus, TaskStatus
from cchc.domain.units import UNIT_LABELS, UnitKind

__all__ = [
    "AREA_LABELS",
    "METRIC_LABELS",
    "UNIT_LABELS",
    "Achievement",
    "Area",
    "CchcError",
    "Comparator",
    "Conflict",
    "DecisionRef",
    "Indicator",
    "InvalidInput",
    "MetricCode",
    "NotFound",
    "Period",
    "PeriodKind",
    "PermissionDenied",
    "Plan",
    "PlanInfo",
    "PlanLevel",
    "PlanStatus",
    "Responsibility",
    "ReviewStatus",
    "Signer",
    "Span",
    "Task",
    "TaskStatus",
    "Timeline",
    "TimelineKind",
    "UnitKind",
    "UnitRef",
    "YearTarget",
    "WorkingCalendar",
    "default_calendar",
]
