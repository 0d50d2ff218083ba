"""The dossier figures of a report: service quality read from the dossier store."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cchc.domain.periods import Period
from cchc.kernel.generation_cache import GenerationCache
from cchc.reports.data import (
    Index766Group,
    MonthlyRates,
    ServiceRow,
)
from cchc.reports.snapshot import ServiceFigure, worst_of


@dataclass
class ServiceQuality:
    """Dossier figures of a period: the II.06a rows (total last), the 766 groups and the monthly series."""

    rows: list[ServiceRow] = field(default_factory=list)
    index_766: list[Index766Group] = field(default_factory=list)
    monthly: list[MonthlyRates] = field(default_factory=list)
    as_of: datetime | None = None
    index_missing: list[str] = field(default_factory=list)  # 766 indicators with no data yet
    # Numerator and denominator of every dossier metric over the whole period (the indicators read these).
    metrics: dict[str, tuple[float, float]] = field(default_factory=dict)
    index: Any | None = None  # the period's `domain.index766.Index766`, entered parts carried (`carry_inputs`)
    entered_for: dict[str, str] = field(default_factory=dict)  # 766 input code → the period it was entered for
    provisional_months: list[str] = field(default_factory=list)  # months whose 766 score misses parts
    # The total row of the previous period and of the same period a year before, by the same functions.
    previous_period: str = ""
    previous: ServiceRow | None = None
    last_year_period: str = ""
    last_year: ServiceRow | None = None
    worst_sector: str = ""  # the sector with the largest share of late dossiers
    procedures: list[ServiceRow] = field(default_factory=list)  # that sector by procedure (`code – name`)
    returned: int = 0  # finished in the period without a result: not accepted or processing stopped
    withdrawn: int = 0  # finished in the period: withdrawn by the applicant
    window: tuple[date, date] | None = None  # the dates the figures are counted over (calendar or cut-off span)
    by_unit: list[ServiceRow] = field(default_factory=list)  # II.06a by handling unit (names the late ones)


ServiceQualitySource = Callable[[int, Period], ServiceQuality]


def dossier_quality(data_dir: Path | None = None, *, cutoff_day: int | None = None) -> ServiceQualitySource:
    """The service-quality source over the dossier store in `<data_dir>/dossiers` (settings by default)."""

    def source(locality_code: int, per: Period) -> ServiceQuality:
        from cchc.quality import dossier_dir, period_cutoff

        root = dossier_dir(data_dir)
        cut = period_cutoff(cutoff_day)
        if not (root / "data").is_dir():
            return ServiceQuality()
        return read_dossier_quality(root, locality_code, per, cutoff_day=cut)

    return source


# Each commune's figures per period, kept until the next import or change of the 766 inputs (any process).
_FIGURES = GenerationCache(size=1024)


def read_dossier_quality(
    root: Path, locality_code: int, per: Period, *, cutoff_day: int | None = None
) -> ServiceQuality:
    """II.06a by sector (total last), the 766 groups, and monthly rates of `per` from a dossier store.

    Computed once per store version: dossiers change only when an import switches the store's manifest,
    and the entered 766 inputs when they are saved.
    """
    from cchc.dossiers.shared import data_version, shared_store

    store = shared_store(root)
    return _FIGURES.get_or_build(
        (str(store.root), locality_code, per.code, cutoff_day), 0,
        lambda: _read_dossier_quality(store, locality_code, per, cutoff_day=cutoff_day),
        shared=data_version(store))


def _read_dossier_quality(store: Any, locality_code: int, per: Period, *, cutoff_day: int | None) -> ServiceQuality:
    from cchc.domain.period_figures import carry_inputs
    from cchc.dossiers import (
        compute_metrics,
        monthly_series,
        period_spans,
        score_766,
        statistics_table,
    )
    if locality_code not in store.localities():
        return ServiceQuality()
    locs = [locality_code]
    by_sector = statistics_table(store, localities=locs, period=per, by="sector", cutoff_day=cutoff_day)
    total = statistics_table(store, localities=locs, period=per, by=None, cutoff_day=cutoff_day)
    rows = [_stat_row(r, r.group or "Khác") for r in by_sector if r.total]
    by_unit = [_stat_row(r, r.group or "") for r in statistics_table(
        store, localities=locs, period=per, by="unit", cutoff_day=cutoff_day) if r.total and r.group]
    rows += [_stat_row(r, "Tổng cộng") for r in total[:1]]
    period_rows = compute_metrics(store, localities=locs, period=per, cutoff_day=cutoff_day)
    metrics = {
        r.metric: (float(r.numerator), float(r.denominator))
        for r in period_rows
        if r.group is None and r.locality_code == locality_code
    }
    all_inputs = store.inputs_766().to_pylist()
    carried, entered_for = carry_inputs(all_inputs, locality_code=locality_code, period=per)
    index = score_766(period_rows, carried, localities=locs, periods=[per.code])
    groups: list[Index766Group] = []
    missing: list[str] = []
    if index:
        names = {i.code: i.name_vi for g in index[0].groups for i in g.indicators}
        missing = [names.get(code, code) for code in index[0].missing]
        for g in index[0].groups:
            entered = sum(i.points or 0 for i in g.indicators if i.source == "entered")
            groups.append(
                Index766Group(
                    g.name_vi, float(g.max_points), round(float(g.points), 2), round(entered, 2)
                )
            )
    previous, last_year = per.previous(), _same_period_last_year(per)
    prev = statistics_table(store, localities=locs, period=previous, by=None, cutoff_day=cutoff_day)
    last = statistics_table(store, localities=locs, period=last_year, by=None, cutoff_day=cutoff_day)
    worst = worst_of([ServiceFigure(**dataclasses.asdict(r)) for r in rows[:-1]])
    procedures: list[ServiceRow] = []
    if worst is not None:
        names = _procedure_names(store, locality_code, worst.label)
        procedures = [_stat_row(r, f"{r.group} – {names.get(r.group or '', '')}".rstrip(" –"))
                      for r in statistics_table(store, localities=locs, period=per, by="procedure",
                                                sector=worst.label, cutoff_day=cutoff_day) if r.total]
        procedures.sort(key=lambda r: (-(r.resolved_late + r.pending_overdue), r.label))
    span = period_spans(per, cutoff_day)[0]
    months = per.months()
    series = monthly_series(
        store, localities=locs, start=months[0], end=months[-1], cutoff_day=cutoff_day
    )
    # Each month's 766 score with the entered parts that apply to that month (never zeros by default).
    month_inputs = [
        row for m in months for row in carry_inputs(all_inputs, locality_code=locality_code, period=m)[0]
    ]
    scored = score_766(series, month_inputs, localities=locs, periods=[m.code for m in months])
    month_scores = {i.period: i.total for i in scored}
    provisional = [i.period for i in scored if i.missing]
    monthly = []
    for m in months:
        vals = {r.metric: r for r in series if r.period == m.code and r.group is None}
        online = vals.get("online_rate")

        def rate(metric: str, vals: dict[str, Any] = vals) -> float | None:
            row = vals.get(metric)
            return None if row is None or row.value is None else round(float(row.value), 2)

        received = int(online.denominator) if online is not None else 0
        if not received and all(rate(k) is None for k in ("on_time_rate", "satisfaction_rate")):
            continue
        monthly.append(
            MonthlyRates(
                month=m.code,
                received=received,
                on_time_rate=rate("on_time_rate"),
                online_rate=rate("online_rate"),
                online_payment_rate=rate("online_payment_rate"),
                digitization_rate=rate("digitization_rate"),
                satisfaction_rate=rate("satisfaction_rate"),
                index_766=round(month_scores[m.code], 2) if m.code in month_scores else None,
            )
        )
    return ServiceQuality(
        rows=rows,
        index_766=groups,
        monthly=monthly,
        index_missing=missing,
        as_of=datetime.now(UTC).replace(microsecond=0, tzinfo=None),
        metrics=metrics,
        index=index[0] if index else None,
        entered_for=entered_for,
        provisional_months=provisional,
        previous_period=previous.code,
        previous=_stat_row(prev[0], "Tổng cộng") if prev and prev[0].total else None,
        last_year_period=last_year.code,
        last_year=_stat_row(last[0], "Tổng cộng") if last and last[0].total else None,
        worst_sector=worst.label if worst is not None else "",
        procedures=procedures,
        returned=total[0].returned if total else 0,
        withdrawn=total[0].withdrawn if total else 0,
        window=(span.start, span.end),
        by_unit=by_unit,
    )


def _same_period_last_year(per: Period) -> Period:
    return Period(per.year - 1, per.kind, per.index)


def _procedure_names(store: Any, locality_code: int, sector: str) -> dict[str, str]:
    cur = store.cursor()
    try:
        rows = cur.execute("SELECT procedure_code, min(procedure_name) FROM dossiers WHERE locality_code = ? "
                           "AND sector = ? GROUP BY procedure_code", [locality_code, sector]).fetchall()
    finally:
        cur.close()
    return {str(c): str(n or "") for c, n in rows if c is not None}


def _stat_row(r: Any, label: str) -> ServiceRow:
    return ServiceRow(
        label=label,
        carried_over=r.carried_over,
        received_online=r.received_online,
        received_direct=r.received_direct,
        resolved_early=r.early,
        resolved_on_time=r.on_time,
        resolved_late=r.late,
        pending_within=r.within_time,
        pending_overdue=r.overdue,
        pending_due_today=r.due_today,
        returned=r.returned,
        withdrawn=r.withdrawn,
    )
