"""Conformance of a commune's plan with the plans it implements (the city's, the national ones).

Pure rules over plain values, no I/O. The commune's indicators are matched to each parent target by
metric code, else by meaning (normalised text similarity); then:

- `target_level`: the commune target is at least as demanding as the parent's (same direction of
  comparator, same unit; a floor ≥ is weaker when lower, a ceiling ≤ when higher, a strict parent
  comparator against a non-strict commune one at the same figure is weaker);
- `target_unit`: the two targets are in different units or directions (cannot be compared: flagged);
- `target_missing`: a parent target with no commune counterpart;
- `target_deadline`: the commune reaches its target later than the parent asks;
- `task_answer`: a parent task addressed to communes ("UBND các xã, phường", "UBND cấp xã") has a
  commune task that answers it. A match found by text similarity is only *suggested* (`ok` None) until
  the commune confirms it; a confirmed match passes, a rejected one is not suggested again;
- `task_deadline`: a confirmed commune task is due no later than the parent task.

A multi-year parent target (`targets_by_year`) is compared by the commune plan's year: that year's
figure, else the nearest later year's, else the target as stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.domain.text_similarity import normalise, similarity

__all__ = [
    "Check",
    "ConformanceResult",
    "ParentPlanContent",
    "PlanTarget",
    "PlanTaskItem",
    "addressed_to_communes",
    "document_label",
    "parent_from_json",
    "targets_from_json",
    "tasks_from_json",
    "check_conformance",
    "match_indicator",
    "target_for_year",
]

INDICATOR_SIMILARITY = 0.6  # an indicator without a metric code matches by meaning above this
TASK_SUGGESTION = 0.55  # a commune task is suggested as the answer to a parent task above this

_FLOORS = {">=", ">", "="}
_CEILINGS = {"<=", "<"}
_UNIT_SYNONYMS = {"%": "%", "phan tram": "%", "ty le": "%", "ty le %": "%", "diem": "diem", "ngay": "ngay"}
_TO_COMMUNES = (
    "ubnd cac xa",
    "ubnd cap xa",
    "ubnd xa phuong",
    "uy ban nhan dan cac xa",
    "uy ban nhan dan cap xa",
    "cac xa phuong",
    "cac phuong xa",
    "chu tich ubnd cac xa",
)


@dataclass(frozen=True)
class PlanTarget:
    """An indicator of a plan, as plain values. `key` identifies it in its plan; `clause` is its number."""

    key: str
    name: str
    comparator: str
    target: float
    unit: str | None = "%"
    metric: str | None = None
    period_end: date | None = None
    clause: str | None = None
    targets_by_year: tuple[tuple[int, str, float], ...] = ()  # (year, comparator, target)


@dataclass(frozen=True)
class PlanTaskItem:
    key: str
    text: str
    ref: str | None = None
    due: date | None = None
    addressed: str | None = None  # the lead and coordinating units as written


@dataclass(frozen=True)
class ParentPlanContent:
    """A plan the commune's implements: its document (number, date, issuer) and its targets and tasks."""

    document: str
    targets: Sequence[PlanTarget] = ()
    tasks: Sequence[PlanTaskItem] = ()
    key: str = ""


@dataclass(frozen=True)
class Check:
    kind: str
    ok: bool | None  # None: a suggested match waiting for the commune's confirmation
    message_vi: str
    document: str
    clause: str | None
    parent_key: str
    commune_key: str | None = None
    score: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "message_vi": self.message_vi,
            "document": self.document,
            "clause": self.clause,
            "parent_key": self.parent_key,
            "commune_key": self.commune_key,
            "score": None if self.score is None else round(self.score, 3),
            "details": self.details,
        }


@dataclass(frozen=True)
class ConformanceResult:
    checks: tuple[Check, ...]

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.ok is True)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    @property
    def pending(self) -> list[Check]:
        return [c for c in self.checks if c.ok is None]

    def to_json(self) -> dict[str, Any]:
        return {
            "total": len(self.checks),
            "passed": self.passed,
            "failed": len(self.failed),
            "pending": len(self.pending),
            "checks": [c.to_json() for c in self.checks],
        }


def _unit(value: str | None) -> str | None:
    text = normalise(value)
    return _UNIT_SYNONYMS.get(text, text) if text else None


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def target_for_year(target: PlanTarget, year: int | None) -> tuple[str, float, date | None]:
    """The (comparator, figure, deadline) a multi-year target sets for `year` (see the module docstring)."""
    if target.targets_by_year and year is not None:
        later = sorted(y for y in target.targets_by_year if y[0] >= year)
        if later:
            y, comparator, figure = later[0]
            return comparator, figure, date(y, 12, 31)
    return target.comparator, target.target, target.period_end


def match_indicator(parent: PlanTarget, commune: Sequence[PlanTarget]) -> tuple[PlanTarget | None, float]:
    """The commune's counterpart of a parent target: the same metric code, else the closest meaning."""
    if parent.metric:
        same = [c for c in commune if c.metric == parent.metric]
        if same:
            return same[0], 1.0
    best, score = None, 0.0
    for c in commune:
        if parent.metric and c.metric and c.metric != parent.metric:
            continue
        s = similarity(parent.name, c.name)
        if s > score:
            best, score = c, s
    return (best, score) if score >= INDICATOR_SIMILARITY else (None, score)


def addressed_to_communes(task: PlanTaskItem) -> bool:
    """Whether a parent task names the communes ("UBND các xã, phường", "UBND cấp xã") as a unit."""
    text = f" {normalise(task.addressed)} "
    return any(f" {p} " in text for p in _TO_COMMUNES)


def _weaker(p_cmp: str, p_val: float, c_cmp: str, c_val: float) -> bool:
    if p_cmp in _FLOORS:
        return c_val < p_val or (c_val == p_val and p_cmp == ">" and c_cmp != ">")
    return c_val > p_val or (c_val == p_val and p_cmp == "<" and c_cmp != "<")


def _target_checks(plan: ParentPlanContent, t: PlanTarget, commune: Sequence[PlanTarget],
                   year: int | None) -> list[Check]:
    comparator, figure, deadline = target_for_year(t, year)
    stated = f"{comparator} {_fmt(figure)}{t.unit or ''}"
    match, score = match_indicator(t, commune)
    if match is None:
        return [Check("target_missing", False, f"Chưa có chỉ tiêu tương ứng với «{t.name}» ({stated}).",
                      plan.document, t.clause, t.key, score=score)]
    base = {"parent": stated, "commune": f"{match.comparator} {_fmt(match.target)}{match.unit or ''}"}
    p_unit, c_unit = _unit(t.unit), _unit(match.unit)
    p_dir = comparator in _FLOORS
    c_dir = match.comparator in _FLOORS
    if (p_unit and c_unit and p_unit != c_unit) or p_dir != c_dir:
        return [Check("target_unit", False,
                      f"Chỉ tiêu «{match.name}» ({base['commune']}) không so được với «{t.name}» ({stated}): "
                      "khác đơn vị hoặc chiều so sánh.", plan.document, t.clause, t.key, match.key, score, base)]
    out = []
    if _weaker(comparator, figure, match.comparator, match.target):
        out.append(Check("target_level", False,
                         f"Chỉ tiêu «{match.name}» của xã ({base['commune']}) thấp hơn mức cấp trên giao ({stated}).",
                         plan.document, t.clause, t.key, match.key, score, base))
    else:
        out.append(Check("target_level", True,
                         f"Chỉ tiêu «{match.name}» ({base['commune']}) đạt mức cấp trên giao ({stated}).",
                         plan.document, t.clause, t.key, match.key, score, base))
    if deadline and match.period_end and match.period_end > deadline:
        out.append(Check("target_deadline", False,
                         f"Chỉ tiêu «{match.name}» đến {match.period_end:%d/%m/%Y}, muộn hơn hạn của cấp trên "
                         f"({deadline:%d/%m/%Y}).", plan.document, t.clause, t.key, match.key, score,
                         {"parent": deadline.isoformat(), "commune": match.period_end.isoformat()}))
    return out


def _task_checks(plan: ParentPlanContent, t: PlanTaskItem, commune: Sequence[PlanTaskItem],
                 decisions: Mapping[tuple[str, str], bool]) -> list[Check]:
    by_key = {c.key: c for c in commune}
    confirmed = [k for (p, k), yes in decisions.items() if p == t.key and yes and k in by_key]
    short = t.text if len(t.text) <= 120 else t.text[:117] + "…"
    if confirmed:
        match = by_key[confirmed[0]]
        out = [Check("task_answer", True, f"Nhiệm vụ «{short}» có nhiệm vụ của xã thực hiện (đã xác nhận).",
                     plan.document, t.ref, t.key, match.key, similarity(t.text, match.text), {"confirmed": True})]
        if t.due and match.due and match.due > t.due:
            out.append(Check("task_deadline", False,
                             f"Nhiệm vụ {match.ref or ''} của xã hạn {match.due:%d/%m/%Y}, muộn hơn hạn cấp trên "
                             f"({t.due:%d/%m/%Y}).", plan.document, t.ref, t.key, match.key,
                             details={"parent": t.due.isoformat(), "commune": match.due.isoformat()}))
        elif t.due and match.due:
            out.append(Check("task_deadline", True, f"Nhiệm vụ {match.ref or ''} của xã đúng hạn cấp trên.",
                             plan.document, t.ref, t.key, match.key))
        return out
    rejected = {k for (p, k), yes in decisions.items() if p == t.key and not yes}
    scored = sorted(((similarity(t.text, c.text), c) for c in commune if c.key not in rejected),
                    key=lambda x: -x[0])
    if scored and scored[0][0] >= TASK_SUGGESTION:
        score, best = scored[0]
        return [Check("task_answer", None,
                      f"Nhiệm vụ «{short}» giao cho UBND cấp xã: đề xuất nhiệm vụ {best.ref or ''} «{best.text[:80]}» "
                      "— cần xác nhận.", plan.document, t.ref, t.key, best.key, score, {"confirmed": False})]
    return [Check("task_answer", False, f"Nhiệm vụ «{short}» giao cho UBND cấp xã chưa có nhiệm vụ tương ứng.",
                  plan.document, t.ref, t.key)]


def check_conformance(
    parents: Iterable[ParentPlanContent],
    targets: Sequence[PlanTarget],
    tasks: Sequence[PlanTaskItem],
    *,
    year: int | None = None,
    decisions: Mapping[tuple[str, str], bool] | None = None,
) -> ConformanceResult:
    """Every check of the commune plan (`targets`, `tasks`, its `year`) against each parent plan.

    `decisions` maps (parent task key, commune task key) to True (confirmed) or False (rejected).
    """
    decided = decisions or {}
    checks: list[Check] = []
    for plan in parents:
        for t in plan.targets:
            checks.extend(_target_checks(plan, t, targets, year))
        for task in plan.tasks:
            if addressed_to_communes(task):
                checks.extend(_task_checks(plan, task, tasks, decided))
    return ConformanceResult(tuple(checks))


# ---------------------------------------------------------------- from cchc.plan/1 JSON

def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def document_label(info: Mapping[str, Any] | None) -> str:
    """"Kế hoạch số 30/KH-UBND ngày 15/01/2026 của UBND thành phố Hải Phòng" from a plan header (any field may
    be absent; the issuing Decision is named when the header carries one)."""
    info = info or {}
    parts = [str(info.get("title") or "Kế hoạch")]
    if info.get("number"):
        parts.append(f"số {info['number']}")
    issued = _date(info.get("issued_on"))
    if issued:
        parts.append(f"ngày {issued:%d/%m/%Y}")
    if info.get("issuer"):
        parts.append(f"của {info['issuer']}")
    decision = info.get("decision") if isinstance(info.get("decision"), Mapping) else None
    if decision and decision.get("number"):
        parts.append(f"(ban hành kèm Quyết định số {decision['number']})")
    return " ".join(parts)


def targets_from_json(data: Mapping[str, Any], key_prefix: str) -> list[PlanTarget]:
    """The indicators of a `cchc.plan/1` document (with `targets_by_year` when the reader gave it)."""
    plan_period = (data.get("plan") or {}).get("period") or {}
    out = []
    for pos, ind in enumerate(data.get("indicators") or [], start=1):
        try:
            figure = float(ind["target"])
        except (KeyError, TypeError, ValueError):
            continue
        by_year = []
        for y in ind.get("targets_by_year") or []:
            try:
                by_year.append((int(y["year"]), str(y.get("comparator") or "="), float(y["target"])))
            except (KeyError, TypeError, ValueError):
                continue
        period = ind.get("period") or {}
        out.append(PlanTarget(
            key=f"{key_prefix}i{pos}",
            name=str(ind.get("name") or ""),
            comparator=str(ind.get("comparator") or "="),
            target=figure,
            unit=ind.get("unit"),
            metric=ind.get("metric"),
            period_end=_date(period.get("to")) or _date(plan_period.get("to")),
            clause=ind.get("clause") or ind.get("ref"),
            targets_by_year=tuple(sorted(by_year)),
        ))
    return out


def tasks_from_json(data: Mapping[str, Any], key_prefix: str) -> list[PlanTaskItem]:
    """The tasks of a `cchc.plan/1` document, with the units they are addressed to as written."""
    out = []
    for pos, t in enumerate(data.get("tasks") or [], start=1):
        units = [u.get("raw") or u.get("unit") or "" for u in [*(t.get("lead") or []), *(t.get("support") or [])]]
        timeline = t.get("timeline") or {}
        out.append(PlanTaskItem(
            key=f"{key_prefix}t{pos}",
            text=str(t.get("task") or ""),
            ref=t.get("clause") or t.get("ref"),
            due=_date(timeline.get("due")) or _date(timeline.get("to")),
            addressed="; ".join(u for u in units if u) or None,
        ))
    return out


def parent_from_json(data: Mapping[str, Any], key: str) -> ParentPlanContent:
    """A parent plan's content from its `cchc.plan/1` document; keys are `<key>:i<n>` and `<key>:t<n>`."""
    prefix = f"{key}:"
    return ParentPlanContent(document_label(data.get("plan")), targets_from_json(data, prefix),
                             tasks_from_json(data, prefix), key)
