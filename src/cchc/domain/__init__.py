"""Plain domain types of cchc: plans, tasks, indicators, units, timelines, periods, calendar.

Imports nothing from the rest of cchc and does no I/O. The names below are loaded on first use
(PEP 562), so importing one submodule — `cchc.domain.errors` for the command line — does not load
the others (the calendar loads the `holidays` package).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SOURCES: dict[str, str] = {
    "AREA_LABELS": "areas",
    "Area": "areas",
    "WorkingCalendar": "calendar",
    "default_calendar": "calendar",
    "CchcError": "errors",
    "Conflict": "errors",
    "InvalidInput": "errors",
    "NotFound": "errors",
    "PermissionDenied": "errors",
    "METRIC_LABELS": "metrics",
    "MetricCode": "metrics",
    "Period": "periods",
    "PeriodKind": "periods",
    "Comparator": "plan",
    "DecisionRef": "plan",
    "Indicator": "plan",
    "Plan": "plan",
    "PlanInfo": "plan",
    "PlanLevel": "plan",
    "Responsibility": "plan",
    "Signer": "plan",
    "Span": "plan",
    "Task": "plan",
    "Timeline": "plan",
    "TimelineKind": "plan",
    "UnitRef": "plan",
    "YearTarget": "plan",
    "Achievement": "statuses",
    "PlanStatus": "statuses",
    "ReviewStatus": "statuses",
    "TaskStatus": "statuses",
    "UNIT_LABELS": "units",
    "UnitKind": "units",
}

__all__ = [
    "AREA_LABELS",
    "Achievement",
    "Area",
    "CchcError",
    "Comparator",
    "Conflict",
    "DecisionRef",
    "Indicator",
    "InvalidInput",
    "METRIC_LABELS",
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
    "UNIT_LABELS",
    "UnitKind",
    "UnitRef",
    "WorkingCalendar",
    "YearTarget",
    "default_calendar",
]


def __getattr__(name: str) -> Any:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))


if TYPE_CHECKING:
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
