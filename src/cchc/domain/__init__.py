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
    Indicator,
    Plan,
    PlanInfo,
    Responsibility,
    Span,
    Task,
    Timeline,
    TimelineKind,
    UnitRef,
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
    "Indicator",
    "InvalidInput",
    "MetricCode",
    "NotFound",
    "Period",
    "PeriodKind",
    "PermissionDenied",
    "Plan",
    "PlanInfo",
    "PlanStatus",
    "Responsibility",
    "ReviewStatus",
    "Span",
    "Task",
    "TaskStatus",
    "Timeline",
    "TimelineKind",
    "UnitKind",
    "UnitRef",
    "WorkingCalendar",
    "default_calendar",
]
