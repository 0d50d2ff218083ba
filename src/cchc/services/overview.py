"""Figures of many communes at once: a fixed number of queries whatever the number of communes.

The city view (one province) and the national view (every province) need, for each commune, what its
dashboard would show: tasks by computed status, done and overdue, reporting completeness of the
period, indicator achievement, and the dossier figures (on-time rate, dossiers in scope, the 766
total). Building each commune's dashboard one after another costs a few queries per commune; here:

- relational store: five statements for all communes (localities; each commune's chosen plan; its
  tasks grouped by the inputs of the schedule rules; its lead-unit links with the period's reports,
  grouped the same way; its indicators with the period's measurements), SQLAlchemy Core, portable
  between SQLite and PostgreSQL;
- dossier store: one DuckDB scan (`compute_metrics` for every commune at once) scored with
  `score_766` (no second scan). The store is opened once per process (`shared_dossier_store`; its
  queries run on their own cursors and follow the manifest), and the metric rows of a scan are kept
  per store generation: dossiers change only when an import switches the manifest, so the next scan
  of the same period and communes is needed only after an import (`METRIC_CACHE_SIZE` entries).

The status rules stay in Python (`cchc.domain.schedule`: due dates move off holidays on the working-day
calendar), applied once per distinct combination of their inputs; the counts come grouped from SQL.
The per-commune dashboard (`services.dashboard.dashboard`) is the reference: the tests compare both for
every commune and every figure.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session

from cchc.domain import schedule as rules
from cchc.domain.achievement import achievement
from cchc.domain.index766 import score_766
from cchc.domain.periods import Period
from cchc.domain.plan import TimelineKind
from cchc.domain.statuses import Achievement, PlanStatus, TaskStatus
from cchc.dossiers import MetricRow, compute_metrics, period_spans
from cchc.dossiers.shared import shared_store
from cchc.store.models import (
    Indicator,
    Locality,
    Measurement,
    MeasurementSource,
    Plan,
    ProgressReport,
    Task,
    TaskUnit,
    Unit,
)

__all__ = [
    "METRIC_CACHE_SIZE",
    "CommuneFigures",
    "DossierFigures",
    "commune_figures",
    "dossier_figures",
    "shared_dossier_store",
    "figures_by_province",
]

METRIC_CACHE_SIZE = 32

# Dossier-computed values win over task-derived ones, and those over manual ones (as `indicators._pick`).
_SOURCE_ORDER = {MeasurementSource.DOSSIERS.value: 0, MeasurementSource.TASKS.value: 1,
                 MeasurementSource.MANUAL.value: 2}
# Plain strings: reading an enum member's `.value` costs a descriptor call, once per row adds up.
_STATUSES = tuple(s.value for s in TaskStatus)
_ACHIEVEMENTS = tuple(a.value for a in Achievement)
_DONE, _DONE_LATE, _OVERDUE = TaskStatus.DONE.value, TaskStatus.DONE_LATE.value, TaskStatus.OVERDUE.value
_PUBLISHED = PlanStatus.PUBLISHED.value


@dataclass
class CommuneFigures:
    """A commune's plan figures for a period, as its dashboard computes them."""

    locality_code: int
    name: str
    province_code: int
    plan_id: int | None = None
    plan_status: str | None = None
    tasks: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_STATUSES, 0))
    reports_due: int = 0  # lead-unit reports owed for the period
    reports_submitted: int = 0
    indicators: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ACHIEVEMENTS, 0))

    @property
    def done(self) -> int:
        return self.by_status[_DONE] + self.by_status[_DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.by_status[_OVERDUE]

    @property
    def completeness(self) -> float | None:
        """Reports submitted / owed (0..1, 4 decimals; 1.0 when none is owed); None without a published plan."""
        if self.plan_status != _PUBLISHED:
            return None
        return round(self.reports_submitted / self.reports_due, 4) if self.reports_due else 1.0


@dataclass(frozen=True)
class DossierFigures:
    """A commune's dossier metrics for the period (metric code → row) and its 766 total."""

    metrics: dict[str, MetricRow]
    index_766: float | None


def _chosen_plans(province_codes: Sequence[int] | None, locality_codes: Sequence[int] | None = None) -> Any:
    """Each commune's plan as its dashboard picks it: the latest published one, else the latest of any status."""
    order = (
        case((Plan.status == PlanStatus.PUBLISHED, 0), else_=1),
        Plan.issued_on.desc().nulls_last(),
        Plan.id.desc(),
    )
    ranked = select(
        Plan.id,
        Plan.locality_code,
        Plan.status,
        Plan.period_start,
        Plan.period_end,
        func.row_number().over(partition_by=Plan.locality_code, order_by=order).label("rn"),
    )
    if province_codes is not None:
        ranked = ranked.where(
            Plan.locality_code.in_(select(Locality.code).where(Locality.province_code.in_(province_codes)))
        )
    if locality_codes is not None:
        ranked = ranked.where(Plan.locality_code.in_([int(c) for c in locality_codes]))
    sub = ranked.subquery("ranked")
    return select(sub.c.id, sub.c.locality_code, sub.c.status, sub.c.period_start, sub.c.period_end).where(
        sub.c.rn == 1
    ).cte("chosen")


# The task columns the schedule rules read (`domain.schedule.TaskSchedule`), as the driver returns them:
# SQLite hands back dates and enum values as text, and converting them on every row cost more than the
# rest of the loop; they are converted once per distinct combination (`_schedule`).
_RULE_COLUMNS = tuple(
    type_coerce(c, String)
    for c in (Task.timeline_kind, Task.reported_status, Task.start_on, Task.end_on, Task.trigger_on,
              Task.computed_due, Task.done_on)
)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _schedule(row: Sequence[Any]) -> rules.TaskSchedule:
    kind, reported, start_on, end_on, trigger_on, computed_due, done_on = row
    return rules.TaskSchedule(
        timeline_kind=TimelineKind(kind),
        reported_status=TaskStatus(reported),
        start_on=_day(start_on),
        end_on=_day(end_on),
        trigger_on=_day(trigger_on),
        computed_due=_day(computed_due),
        done_on=_day(done_on),
    )


COMMUNE_CACHE_SIZE = 8192
_commune_parts: OrderedDict[tuple[Any, ...], tuple[Any, CommuneFigures]] = OrderedDict()


def figures_by_province(
    session: Session, *, province_codes: Sequence[int] | None, period: Period, today: date
) -> dict[int, list[CommuneFigures]]:
    """`commune_figures` grouped by province (communes by name); each commune's figures are reused until it
    is written (by any process), or not at all while the session has uncommitted writes.

    One query reads the write generation of every commune in scope; the communes written since their figures
    were computed are recomputed together, in one call of `commune_figures` (five statements). A write in one
    commune therefore costs the next city or national view that commune, not the province or the country.
    The figures are shared: callers must not change them.
    """
    from cchc.kernel.cache_generations import Unshared, commune_generations, database_key

    url = database_key(session)
    rows = commune_generations(session, province_codes)  # (code, province, generation), by name
    out: dict[int, CommuneFigures] = {}
    stale: list[int] = []
    with _cache_lock:
        for code, _province, generation in rows:
            key = (url, code, period.code, today)
            hit = _commune_parts.get(key)
            if hit is not None and hit[0] == generation:
                _commune_parts.move_to_end(key)
                out[code] = hit[1]
            else:
                stale.append(code)
    if stale:
        everything = len(stale) == len(rows) or len(stale) > 500
        fresh = commune_figures(session, province_codes=province_codes, period=period, today=today,
                                locality_codes=None if everything else stale)
        wanted = set(stale)
        generations = {code: generation for code, _province, generation in rows}
        with _cache_lock:
            for f in fresh:
                if f.locality_code not in wanted:
                    continue
                out[f.locality_code] = f
                generation = generations[f.locality_code]
                if not isinstance(generation, Unshared):  # a transaction's own writes are not kept
                    _commune_parts[(url, f.locality_code, period.code, today)] = (generation, f)
            while len(_commune_parts) > COMMUNE_CACHE_SIZE:
                _commune_parts.popitem(last=False)
    grouped: dict[int, list[CommuneFigures]] = {}
    for code, province, _generation in rows:
        if code in out:
            grouped.setdefault(province, []).append(out[code])
    return {code: grouped[code] for code in sorted(grouped)}


def commune_figures(
    session: Session, *, province_codes: Sequence[int] | None, period: Period, today: date,
    locality_codes: Sequence[int] | None = None,
) -> list[CommuneFigures]:
    """Plan figures of every commune of `province_codes` (None: every province), ordered by name.

    Five statements whatever the number of communes; no permission check (the caller's use case does it).
    `locality_codes` narrows them to those communes.
    """
    loc_query = select(Locality.code, Locality.name, Locality.province_code).order_by(Locality.name)
    if province_codes is not None:
        loc_query = loc_query.where(Locality.province_code.in_(province_codes))
    if locality_codes is not None:
        loc_query = loc_query.where(Locality.code.in_([int(c) for c in locality_codes]))
    out = {code: CommuneFigures(code, name, prov) for code, name, prov in session.execute(loc_query)}
    chosen = _chosen_plans(province_codes, locality_codes)
    plan_start: dict[int, date | None] = {}
    plan_end: dict[int, date | None] = {}
    for plan_id, code, status, start, end in session.execute(select(chosen)):
        fig = out.get(code)
        if fig is None:
            continue
        fig.plan_id, fig.plan_status = plan_id, str(status)
        plan_start[code], plan_end[code] = start, end

    # Tasks: counted by (commune, rule inputs); the status rule runs once per distinct input.
    status_of: dict[tuple[Any, ...], str] = {}
    tasks = (
        select(chosen.c.locality_code, *_RULE_COLUMNS, func.count())
        .select_from(Task)
        .join(chosen, chosen.c.id == Task.plan_id)
        .group_by(chosen.c.locality_code, *_RULE_COLUMNS)
    )
    for code, *inputs, n in session.execute(tasks):
        key = tuple(inputs)
        status = status_of.get(key)
        if status is None:
            status = status_of[key] = rules.task_status(_schedule(key), today).value
        fig = out[code]
        fig.tasks += n
        fig.by_status[status] += n

    # Owed reports: lead links to units of the commune, with the period's report when there is one.
    expected_of: dict[tuple[Any, ...], bool] = {}
    links = (
        select(chosen.c.locality_code, *_RULE_COLUMNS, func.count(), func.count(ProgressReport.id))
        .select_from(TaskUnit)
        .join(Task, Task.id == TaskUnit.task_id)
        .join(chosen, chosen.c.id == Task.plan_id)
        .join(Unit, and_(Unit.id == TaskUnit.unit_id, Unit.locality_code == chosen.c.locality_code))
        .outerjoin(
            ProgressReport,
            and_(
                ProgressReport.task_id == TaskUnit.task_id,
                ProgressReport.unit_id == TaskUnit.unit_id,
                ProgressReport.period == period.code,
            ),
        )
        .where(TaskUnit.lead.is_(True))
        .group_by(chosen.c.locality_code, *_RULE_COLUMNS)
    )
    for code, *inputs, n, submitted in session.execute(links):
        key = (*inputs, plan_start.get(code))
        expected = expected_of.get(key)
        if expected is None:
            expected = expected_of[key] = rules.report_expected(_schedule(inputs), period, plan_start.get(code))
        if expected:
            out[code].reports_due += n
            out[code].reports_submitted += submitted

    # Indicators: each with the period's measurements (at most one per source).
    indicators = (
        select(
            chosen.c.locality_code,
            Indicator.id,
            Indicator.target,
            Indicator.comparator,
            Indicator.unit,
            Indicator.period_start,
            Indicator.period_end,
            Measurement.source,
            Measurement.value,
        )
        .select_from(Indicator)
        .join(chosen, chosen.c.id == Indicator.plan_id)
        .outerjoin(Measurement, and_(Measurement.indicator_id == Indicator.id, Measurement.period == period.code))
    )
    picked: dict[int, tuple[Any, ...]] = {}
    for code, ind_id, target, comparator, unit, start, end, source, value in session.execute(indicators):
        rank = _SOURCE_ORDER[source] if source is not None else 99
        have = picked.get(ind_id)
        if have is None or rank < have[0]:
            picked[ind_id] = (rank, code, target, comparator, unit, start, end, value if source is not None else None)
    for _rank, code, target, comparator, unit, start, end, value in picked.values():
        ach, _ = achievement(
            actual=value,
            target=target,
            comparator=comparator,
            unit=unit,
            start=start or plan_start.get(code) or today,
            end=end or plan_end.get(code) or today,
            today=today,
        )
        out[code].indicators[ach.value] += 1
    return list(out.values())


_metric_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_cache_lock = threading.Lock()
# The process's store per folder (kept here under its old name for the views).
shared_dossier_store = shared_store


def _cached(key: tuple[Any, ...], build: Any) -> Any:
    with _cache_lock:
        value = _metric_cache.get(key)
        if value is not None:
            _metric_cache.move_to_end(key)
            return value
    value = build()
    with _cache_lock:
        _metric_cache[key] = value
        while len(_metric_cache) > METRIC_CACHE_SIZE:
            _metric_cache.popitem(last=False)
    return value


def dossier_figures(
    store: Any, *, localities: Iterable[int], period: Period, cutoff_day: int | None
) -> dict[int, DossierFigures]:
    """Dossier metrics and the 766 total of the communes that have dossiers: one scan of the store.

    The scan's rows are reused until the next import (the store's generation); the 766 inputs entered by
    hand are read on every call (the scores are reused while they are the same).
    """
    stored = set(store.localities())
    wanted = list(dict.fromkeys(int(c) for c in localities))
    with_data = sorted(c for c in wanted if c in stored)
    if not with_data:
        return {}
    span = period_spans(period, cutoff_day)[0]
    scan = (str(getattr(store, "root", id(store))), store.generation, period.code, cutoff_day, tuple(with_data))
    rows: list[MetricRow] = _cached(("rows", *scan), lambda: compute_metrics(
        store, localities=with_data, period=period, cutoff_day=cutoff_day))
    inputs = [r for r in store.inputs_766_rows() if r["period"] == span.code]
    entered = tuple(sorted((r["locality_code"], r["indicator"], r["value"]) for r in inputs))

    def build() -> dict[int, DossierFigures]:
        scores = score_766(rows, inputs, localities=with_data, periods=[span.code])
        metrics: dict[int, dict[str, MetricRow]] = {}
        for row in rows:
            if row.group is None:
                metrics.setdefault(row.locality_code or 0, {})[row.metric] = row
        return {s.locality_code: DossierFigures(metrics.get(s.locality_code, {}), s.total) for s in scores}

    return dict(_cached(("figures", *scan, entered), build))
