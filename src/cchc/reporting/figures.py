"""The report's snapshot: every figure of a period, computed once (tasks, indicators, dossiers, 766).

Tasks are read with their status at the period's cut-off (`domain.period_figures.reported_at` over the
progress reports of periods ended by then, then `domain.schedule.task_status` on that day). Indicators
measured from dossiers take the period's own numerator and denominator (a half-year or a year is
computed over its whole span, not averaged); the task-completion indicator comes from the task figures;
other indicators combine their recorded measurements (`combine_measurements`). The verdict against the
target is the plain comparison (`domain.achievement.verdict`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.achievement import verdict
from cchc.domain.metrics import DOSSIER_METRICS, MetricCode
from cchc.domain.period_figures import Measure, ReportedProgress, combine_measurements, reported_at
from cchc.domain.periods import Period
from cchc.domain.plan import TimelineKind
from cchc.domain.schedule import TaskSchedule, task_status
from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.reporting.quality import ServiceQuality
from cchc.reports.snapshot import (
    DossierFigures,
    Index766Figures,
    Index766GroupFigure,
    Index766Part,
    IndicatorFigure,
    MonthFigure,
    PlanReference,
    Ratio,
    ReportSnapshot,
    ServiceFigure,
    TaskFigure,
    TaskFigures,
    UnitReport,
)

__all__ = ["build_snapshot", "locality_name", "nfc"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def locality_name(loc: Any) -> tuple[str, str]:
    """(kind, `kind Name`) from the Locality row, NFC, spelled one way: (`phường`, `phường Hoà Bình`)."""
    name = nfc(str(loc.name))
    kind = nfc(str(getattr(loc, "kind", "") or "")).lower() or "xã"
    for prefix in ("xã ", "phường ", "thị trấn ", "đặc khu "):
        if name.lower().startswith(prefix):
            kind, name = prefix.strip(), name[len(prefix):]
            break
    return kind, f"{kind} {name}"


def _fmt(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""


def _label(code: str) -> str:
    return Period.parse(code).label_vi


def task_figures(session: Session, plan: Any, cutoff: date) -> TaskFigures:
    """Each task of the plan once, with its status, percent and due date at `cutoff`."""
    from cchc.store.progress import ProgressRepository

    tasks = list(plan.tasks)
    reports = ProgressRepository(session).reports(task_ids=[t.id for t in tasks]) if tasks else []
    by_task: dict[int, list[ReportedProgress]] = {}
    for r in reports:
        by_task.setdefault(r.task_id, []).append(
            ReportedProgress(unit_id=r.unit_id, period=r.period, status=r.status, percent=int(r.percent or 0),
                             done_on=r.done_on, returned=r.review_status is ReviewStatus.RETURNED, order=r.id)
        )
    rows = []
    for t in tasks:
        leads = [u.unit_id for u in t.lead]
        status, done_on, percent = reported_at(
            by_task.get(t.id, []), leads, cutoff, cancelled=t.reported_status is TaskStatus.CANCELLED
        )
        if t.reported_status is TaskStatus.PAUSED and status is not TaskStatus.DONE:
            status = TaskStatus.PAUSED
        schedule = TaskSchedule(
            timeline_kind=TimelineKind(t.timeline_kind), reported_status=status, start_on=t.start_on,
            end_on=t.end_on, due_on=t.due_on, offset_days=t.offset_days,
            trigger_on=t.trigger_on if t.trigger_on and t.trigger_on <= cutoff else None,
            computed_due=t.computed_due, done_on=done_on,
        )
        shown = task_status(schedule, cutoff)
        if status is TaskStatus.DONE:
            percent = 100
        lead_names = tuple(nfc(u.name) for u in t.lead) or ((nfc(t.lead_raw),) if t.lead_raw else ())
        rows.append(TaskFigure(
            ref=t.ref or "", task=nfc(t.task), area=t.area, lead=", ".join(lead_names), lead_units=lead_names,
            due=_fmt(t.computed_due) or nfc(t.timeline_raw or ""), due_on=t.computed_due, status=shown,
            percent=percent, note=nfc(t.status_reason or ""),
        ))
    return TaskFigures.of(cutoff, rows)


def _source(metric: str | None) -> str:
    if metric and metric in {m.value for m in DOSSIER_METRICS}:
        return "dossiers"
    if metric == MetricCode.TASK_COMPLETION_RATE.value:
        return "tasks"
    return "manual"


def _basis(per: Period, periods: Sequence[str]) -> str:
    if not periods or list(periods) == [per.code]:
        return ""
    return "Tổng hợp từ " + ", ".join(_label(p) for p in periods)


def indicator_figures(
    session: Session, plan: Any, per: Period, tasks: TaskFigures, q: ServiceQuality
) -> list[IndicatorFigure]:
    from cchc.store.plans import PlanRepository
    from cchc.store.progress import ProgressRepository

    inds = PlanRepository(session).indicators(plan.id)
    measures = ProgressRepository(session).measurements([i.id for i in inds])
    out = []
    for ind in inds:
        source = _source(ind.metric)
        ratio: Ratio | None = None
        actual: float | None = None
        basis = ""
        if source == "dossiers" and ind.metric in q.metrics:
            num, den = q.metrics[ind.metric]
            ratio = Ratio(num, den)
            actual = ratio.value
        elif source == "tasks" and tasks.completion.denominator:
            ratio, actual = tasks.completion, tasks.completion.value
        else:
            mine = [Measure(m.period, m.value, m.numerator, m.denominator) for m in measures
                    if m.indicator_id == ind.id]
            combined = combine_measurements(mine, per, unit=ind.unit)
            actual = None if combined.value is None else round(float(combined.value), 2)
            if combined.numerator is not None and combined.denominator:
                ratio = Ratio(float(combined.numerator), float(combined.denominator))
            basis = _basis(per, combined.periods)
        name = _close_brackets(nfc(ind.name))
        out.append(IndicatorFigure(
            ref=ind.ref, name=name[:1].upper() + name[1:], target=float(ind.target),
            comparator=str(getattr(ind.comparator, "value", ind.comparator)), unit=ind.unit or "",
            actual=actual, ratio=ratio, source=source,
            verdict=verdict(actual=actual, target=float(ind.target), comparator=str(
                getattr(ind.comparator, "value", ind.comparator))),
            metric=ind.metric, basis=basis,
        ))
    return out


def _close_brackets(text: str) -> str:
    """A name cut by the extraction after an opening bracket gets its closing one."""
    opened = text.count("(") - text.count(")")
    return text + ")" * opened if opened > 0 else text


def dossier_figures(q: ServiceQuality, cutoff: date | None = None) -> DossierFigures | None:
    """The II.06a rows and the months of `q`, with the span they cover (its end no later than `cutoff`)."""
    if not q.rows:
        return None

    def fig(r: Any) -> ServiceFigure:
        return ServiceFigure(
            r.label, r.carried_over, r.received_online, r.received_direct, r.resolved_early, r.resolved_on_time,
            r.resolved_late, r.pending_within, r.pending_overdue, pending_due_today=r.pending_due_today,
            returned=r.returned, withdrawn=r.withdrawn)

    rows = tuple(fig(r) for r in q.rows)
    provisional = set(q.provisional_months)
    months = tuple(
        MonthFigure(m.month, m.received, m.on_time_rate, m.online_rate, m.online_payment_rate, m.digitization_rate,
                    m.satisfaction_rate, m.index_766, m.month in provisional)
        for m in q.monthly
    )

    start, end = q.window if q.window else (None, None)
    if end is not None and cutoff is not None:
        end = min(end, cutoff)
    return DossierFigures(
        rows, months, previous_period=q.previous_period,
        previous=fig(q.previous) if q.previous is not None else None, last_year_period=q.last_year_period,
        last_year=fig(q.last_year) if q.last_year is not None else None, worst_sector=q.worst_sector,
        procedures=tuple(fig(r) for r in q.procedures), returned=q.returned, withdrawn=q.withdrawn,
        start=start, end=end)


def index_figures(per: Period, q: ServiceQuality) -> Index766Figures | None:
    ix = q.index
    if ix is None:
        if not q.index_766:
            return None
        groups = tuple(Index766GroupFigure(g.name, g.max_points, g.score or 0.0, (g.score or 0.0) - g.entered,
                                           g.entered) for g in q.index_766)
        missing = tuple(Index766Part(n, n, "", 0.0, None, "missing") for n in q.index_missing)
        return Index766Figures(per.code, round(sum(g.points for g in groups), 2), groups, missing)
    groups = []
    parts = []
    for g in ix.groups:
        measured = sum(i.points or 0 for i in g.indicators if i.source == "measured")
        groups.append(Index766GroupFigure(g.name_vi, float(g.max_points), round(float(g.points), 2),
                                          round(min(measured, g.points), 2),
                                          round(max(0.0, g.points - min(measured, g.points)), 2)))
        for i in g.indicators:
            parts.append(Index766Part(i.code, i.name_vi, g.name_vi, float(i.max_points),
                                      None if i.points is None else round(float(i.points), 2), i.source,
                                      q.entered_for.get(i.code) if i.source == "entered" else None))
    # The total is the sum of the group points as printed, so the table adds up to the last digit.
    return Index766Figures(per.code, round(sum(g.points for g in groups), 2), tuple(groups), tuple(parts))


def build_snapshot(
    session: Session,
    *,
    loc: Any,
    per: Period,
    plan: Any | None,
    quality: ServiceQuality,
    today: date,
    plan_ref: PlanReference | None = None,
    reports: Sequence[UnitReport] = (),
    missing_units: Sequence[str] = (),
) -> ReportSnapshot:
    """Every figure of the report of `per`, at its cut-off (the period's end, or today while it runs)."""
    kind, name = locality_name(loc)
    cutoff = min(today, per.end)
    if plan is not None:
        tasks = task_figures(session, plan, cutoff)
        indicators = indicator_figures(session, plan, per, tasks, quality)
    else:
        tasks, indicators = TaskFigures.of(cutoff, ()), []
    as_of = quality.as_of.date() if quality.as_of else today
    return ReportSnapshot(
        locality_code=int(loc.code),
        locality_kind=kind,
        locality_name=name,
        period_code=per.code,
        period_label=per.label_vi,
        kind={"quarter": "quarter", "half": "half", "year": "year"}.get(per.kind.value, per.kind.value),
        cutoff=cutoff,
        data_as_of=min(as_of, today),
        tasks=tasks,
        indicators=tuple(indicators),
        dossiers=dossier_figures(quality, cutoff),
        index_766=index_figures(per, quality),
        period_start=per.start,
        plan=plan_ref,
        reports=tuple(reports),
        missing_units=tuple(missing_units),
    )

