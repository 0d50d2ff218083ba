"""A PAR plan as read from its document: tasks, indicators, responsibilities (format cchc.plan/1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from cchc.domain.areas import Area
from cchc.domain.metrics import MetricCode
from cchc.domain.units import UnitKind

SCHEMA_ID = "cchc.plan/1"


class TimelineKind(StrEnum):
    CONTINUOUS = "continuous"
    RECURRING = "recurring"
    DEADLINE = "deadline"
    WINDOW = "window"
    CONDITIONAL = "conditional"
    RELATIVE = "relative"
    SCHEDULED = "scheduled"
    UNSPECIFIED = "unspecified"


class PlanLevel(StrEnum):
    """The level of government that issues a plan."""

    COMMUNE = "commune"  # xã, phường, thị trấn, đặc khu
    DISTRICT = "district"  # huyện, quận, thị xã, provincial city (before the 2025 reorganisation)
    PROVINCE = "province"  # tỉnh, centrally-run city
    MINISTRY = "ministry"  # a ministry or a ministry-level agency
    NATIONAL = "national"  # the Government, the Prime Minister


class Comparator(StrEnum):
    GE = ">="
    EQ = "="
    LE = "<="
    GT = ">"
    LT = "<"

    def holds(self, actual: float, target: float) -> bool:
        """Whether `actual` satisfies this comparator against `target`."""
        if self is Comparator.GE:
            return actual >= target
        if self is Comparator.EQ:
            # A plain "đạt 100%" is a floor in practice: exceeding it is fine.
            return actual >= target
        if self is Comparator.LE:
            return actual <= target
        if self is Comparator.GT:
            return actual > target
        return actual < target


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pd(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Span:
    start: date
    end: date

    def to_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Span | None:
        if not data or not data.get("from") or not data.get("to"):
            return None
        return cls(date.fromisoformat(data["from"]), date.fromisoformat(data["to"]))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class UnitRef:
    unit: UnitKind
    raw: str | None = None
    inferred: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit.value, "raw": self.raw, "inferred": self.inferred}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitRef:
        return cls(UnitKind(data["unit"]), data.get("raw"), bool(data.get("inferred", False)))


@dataclass(frozen=True)
class Timeline:
    kind: TimelineKind = TimelineKind.UNSPECIFIED
    raw: str | None = None
    start: date | None = None
    end: date | None = None
    due: date | None = None
    every: str | None = None  # year | quarter | month
    offset_days: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "kind": self.kind.value,
            "from": _d(self.start),
            "to": _d(self.end),
            "due": _d(self.due),
            "every": self.every,
            "offset_days": self.offset_days,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Timeline:
        if not data:
            return cls()
        return cls(
            kind=TimelineKind(data.get("kind") or "unspecified"),
            raw=data.get("raw"),
            start=_pd(data.get("from")),
            end=_pd(data.get("to")),
            due=_pd(data.get("due")),
            every=data.get("every"),
            offset_days=data.get("offset_days"),
        )

    @property
    def reports_every_period(self) -> bool:
        """Continuous and recurring tasks ask for a report every period."""
        return self.kind in (TimelineKind.CONTINUOUS, TimelineKind.RECURRING, TimelineKind.SCHEDULED)

    @property
    def waits_for_trigger(self) -> bool:
        return self.kind in (TimelineKind.CONDITIONAL, TimelineKind.RELATIVE)


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class YearTarget:
    """One year's target of a multi-year indicator (`đến năm 2025 đạt 80%`): reached by the end of `year`."""

    year: int
    comparator: Comparator
    target: float

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "comparator": self.comparator.value, "target": _num(self.target)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> YearTarget:
        return cls(int(data["year"]), Comparator(data.get("comparator") or "="), float(data["target"]))


@dataclass
class Indicator:
    """A numeric target. A target stated for several years in one sentence is one indicator: `target`,
    `comparator` and `period` are those of its last year, `targets_by_year` lists every year's."""

    name: str
    comparator: Comparator
    target: float
    unit: str | None = "%"
    period: Span | None = None
    responsible: list[UnitRef] = field(default_factory=list)
    metric: MetricCode | None = None
    ref: str | None = None
    targets_by_year: list[YearTarget] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        target = _num(self.target)
        out = {
            "ref": self.ref,
            "name": self.name,
            "unit": self.unit,
            "comparator": self.comparator.value,
            "target": target,
            "period": self.period.to_json() if self.period else None,
            "responsible": [u.to_json() for u in self.responsible],
            "metric": self.metric.value if self.metric else None,
        }
        if self.targets_by_year:
            out["targets_by_year"] = [y.to_json() for y in self.targets_by_year]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Indicator:
        return cls(
            ref=data.get("ref"),
            name=data["name"],
            unit=data.get("unit"),
            comparator=Comparator(data.get("comparator") or "="),
            target=float(data["target"]),
            period=Span.from_json(data.get("period")),
            responsible=[UnitRef.from_json(u) for u in data.get("responsible") or []],
            metric=MetricCode(data["metric"]) if data.get("metric") else None,
            targets_by_year=[YearTarget.from_json(y) for y in data.get("targets_by_year") or []],
        )


@dataclass
class Task:
    task: str
    area: Area
    origin: str = "narrative"  # table | narrative
    ref: str | None = None
    objective: str | None = None
    activity: str | None = None
    output: str | None = None
    lead: list[UnitRef] = field(default_factory=list)
    support: list[UnitRef] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)
    funding: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "origin": self.origin,
            "area": self.area.value,
            "objective": self.objective,
            "task": self.task,
            "activity": self.activity,
            "output": self.output,
            "lead": [u.to_json() for u in self.lead],
            "support": [u.to_json() for u in self.support],
            "timeline": self.timeline.to_json(),
            "funding": self.funding,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Task:
        return cls(
            ref=data.get("ref"),
            origin=data.get("origin") or "narrative",
            area=Area(data["area"]),
            objective=data.get("objective"),
            task=data["task"],
            activity=data.get("activity"),
            output=data.get("output"),
            lead=[UnitRef.from_json(u) for u in data.get("lead") or []],
            support=[UnitRef.from_json(u) for u in data.get("support") or []],
            timeline=Timeline.from_json(data.get("timeline")),
            funding=data.get("funding"),
        )


@dataclass
class Responsibility:
    unit: UnitRef
    areas: list[Area] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit.to_json(), "areas": [a.value for a in self.areas]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Responsibility:
        return cls(UnitRef.from_json(data["unit"]), [Area(a) for a in data.get("areas") or []])


@dataclass(frozen=True)
class Signer:
    """Who signed a document: `Nguyễn Văn An`, `Phó Chủ tịch`."""

    name: str
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Signer | None:
        if not data or not data.get("name"):
            return None
        return cls(data["name"], data.get("title"))


@dataclass(frozen=True)
class DecisionRef:
    """The Decision (Quyết định) that issues a plan: its own number, date, title, issuer and signer."""

    number: str | None = None
    issued_on: date | None = None
    title: str | None = None
    issuer: str | None = None
    signer: Signer | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued_on": _d(self.issued_on),
            "title": self.title,
            "issuer": self.issuer,
            "signer": self.signer.to_json() if self.signer else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DecisionRef | None:
        if not data:
            return None
        return cls(
            number=data.get("number"),
            issued_on=_pd(data.get("issued_on")),
            title=data.get("title"),
            issuer=data.get("issuer"),
            signer=Signer.from_json(data.get("signer")),
        )


@dataclass
class PlanInfo:
    """The plan's header. `number` and `issued_on` are the plan's own, else those of the document it is
    issued with (the Decision, or the plan an appendix belongs to); `decision` keeps the issuing Decision.
    `level` and `locality_code` (vietnam-provinces: a province's code for a province, a commune's or ward's
    for a commune) describe the issuer."""

    title: str | None = None
    issuer: str | None = None
    number: str | None = None
    issued_on: date | None = None
    period: Span | None = None
    level: PlanLevel | None = None
    locality_code: int | None = None
    signer: Signer | None = None
    decision: DecisionRef | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "number": self.number,
            "issued_on": _d(self.issued_on),
            "period": self.period.to_json() if self.period else None,
            "level": self.level.value if self.level else None,
            "locality_code": self.locality_code,
            "signer": self.signer.to_json() if self.signer else None,
            "decision": self.decision.to_json() if self.decision else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PlanInfo:
        data = data or {}
        return cls(
            title=data.get("title"),
            issuer=data.get("issuer"),
            number=data.get("number"),
            issued_on=_pd(data.get("issued_on")),
            period=Span.from_json(data.get("period")),
            level=PlanLevel(data["level"]) if data.get("level") else None,
            locality_code=data.get("locality_code"),
            signer=Signer.from_json(data.get("signer")),
            decision=DecisionRef.from_json(data.get("decision")),
        )


@dataclass
class Plan:
    """A plan as extracted from (or reviewed against) its source document."""

    info: PlanInfo = field(default_factory=PlanInfo)
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    source_file: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `cchc.plan/1` JSON object."""
        return {
            "schema": SCHEMA_ID,
            "source": {"file": self.source_file},
            "plan": self.info.to_json(),
            "indicators": [i.to_json() for i in self.indicators],
            "tasks": [t.to_json() for t in self.tasks],
            "responsibilities": [r.to_json() for r in self.responsibilities],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(
            info=PlanInfo.from_json(data.get("plan")),
            indicators=[Indicator.from_json(i) for i in data.get("indicators") or []],
            tasks=[Task.from_json(t) for t in data.get("tasks") or []],
            responsibilities=[Responsibility.from_json(r) for r in data.get("responsibilities") or []],
            source_file=(data.get("source") or {}).get("file", ""),
        )
