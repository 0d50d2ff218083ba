"""The dossier figures of a report: service quality read from the dossier store."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
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


def dossier_quality(data_dir: Path | None = None, *, cutoff_day: int | None = None,
                   scope: Callable[[], Sequence[int]] | None = None) -> ServiceQualitySource:
    """The service-quality source over the dossier store in `<data_dir>/dossiers` (settings by default).

    `scope`: the communes computed together with the one asked for when it is not kept yet (`read_dossier_quality`).
    """

    def source(locality_code: int, per: Period) -> ServiceQuality:
        from cchc.quality import dossier_dir, period_cutoff

        root = dossier_dir(data_dir)
        cut = period_cutoff(cutoff_day)
        if not (root / "data").is_dir():
            return ServiceQuality()
        return read_dossier_quality(root, locality_code, per, cutoff_day=cut, scope=scope)

    return source


# Each commune's figures per period, kept until the next import or change of the 766 inputs (any process).
_FIGURES = GenerationCache(size=1024)
# The figures of every commune of a scope (a province) per period, computed together in one pass.
_SCOPES = GenerationCache(size=8)  # a few provinces × periods: each holds every commune of one


def read_dossier_quality(
    root: Path, locality_code: int, per: Period, *, cutoff_day: int | None = None,
    scope: Callable[[], Sequence[int]] | None = None,
) -> ServiceQuality:
    """II.06a by sector (total last), the 766 groups, and monthly rates of `per` from a dossier store.

    Computed once per store version: dossiers change only when an import switches the store's manifest,
    and the entered 766 inputs when they are saved. `scope`: the communes whose figures are computed
    with this one's when they are not kept yet (its province: `read_scope_quality`, the same figures).
    """
    from cchc.dossiers.shared import data_version, shared_store

    store = shared_store(root)
    version = data_version(store)

    def build() -> ServiceQuality:
        if scope is None:
            return _read_dossier_quality(store, locality_code, per, cutoff_day=cutoff_day)
        codes = tuple(sorted({*scope(), locality_code}))
        every = _SCOPES.get_or_build(
            (str(store.root), codes, per.code, cutoff_day), 0,
            lambda: read_scope_quality(store, codes, per, cutoff_day=cutoff_day), shared=version)
        return every.get(locality_code) or ServiceQuality()

    return _FIGURES.get_or_build((str(store.root), locality_code, per.code, cutoff_day), 0, build, shared=version)


@dataclass
class _Figures:
    """What the queries of one commune's service quality return, before `_assemble` (per commune or per scope)."""

    by_sector: list[Any]
    total: list[Any]
    by_unit: list[Any]
    period_rows: list[Any]
    previous: list[Any]
    last_year: list[Any]
    series: list[Any]
    procedures: Callable[[str], list[Any]]  # the sector's rows by procedure
    procedure_names: Callable[[str], dict[str, str]]


def _read_dossier_quality(store: Any, locality_code: int, per: Period, *, cutoff_day: int | None) -> ServiceQuality:
    from cchc.dossiers import compute_metrics, monthly_series, statistics_table

    if locality_code not in store.localities():
        return ServiceQuality()
    locs = [locality_code]
    months = per.months()
    figures = _Figures(
        by_sector=statistics_table(store, localities=locs, period=per, by="sector", cutoff_day=cutoff_day),
        total=statistics_table(store, localities=locs, period=per, by=None, cutoff_day=cutoff_day),
        by_unit=statistics_table(store, localities=locs, period=per, by="unit", cutoff_day=cutoff_day),
        period_rows=compute_metrics(store, localities=locs, period=per, cutoff_day=cutoff_day),
        previous=statistics_table(store, localities=locs, period=per.previous(), by=None, cutoff_day=cutoff_day),
        last_year=statistics_table(store, localities=locs, period=_same_period_last_year(per), by=None,
                                   cutoff_day=cutoff_day),
        series=monthly_series(store, localities=locs, start=months[0], end=months[-1], cutoff_day=cutoff_day),
        procedures=lambda sector: statistics_table(store, localities=locs, period=per, by="procedure",
                                                   sector=sector, cutoff_day=cutoff_day),
        procedure_names=lambda sector: _procedure_names(store, locality_code, sector),
    )
    return _assemble(figures, store.inputs_766_rows(), locality_code, per, cutoff_day)


# The finest grouping of the scope query: every II.06a count adds up from it to a sector, a unit, a
# sector's procedures and the total.
_FINE = "struct_pack(s := d.sector, u := d.unit, p := d.procedure_code)"


def read_scope_quality(
    store: Any, localities: Sequence[int], per: Period, *, cutoff_day: int | None = None
) -> dict[int, ServiceQuality]:
    """The service quality of every commune of `localities` stored in `store` (others have none), set-based.

    The same figures as `read_dossier_quality` of each commune, from four queries whatever the number of
    communes (one grouped by commune, period, sector, unit and procedure over the period, the previous
    one and the same one a year before; the period's metrics; the monthly series; the procedure names)
    instead of nine per commune.
    """
    from cchc.dossiers import compute_metrics, monthly_series

    stored = set(store.localities())
    locs = sorted(set(localities) & stored)
    if not locs:
        return {}
    # Every stored commune: no filter (a long IN list costs a join per row), as `metric_cube` does.
    where: list[int] | None = None if len(locs) > 16 and stored <= set(locs) else locs
    previous, last_year = per.previous(), _same_period_last_year(per)
    fine = _fine_cube(store, where, [per, previous, last_year], cutoff_day)
    months = per.months()
    period_rows = compute_metrics(store, localities=locs, period=per, cutoff_day=cutoff_day)
    series = monthly_series(store, localities=locs, start=months[0], end=months[-1], cutoff_day=cutoff_day)
    names = _all_procedure_names(store, where)
    rows_of: dict[int, list[Any]] = {}
    for r in period_rows:
        rows_of.setdefault(r.locality_code, []).append(r)
    series_of: dict[int, list[Any]] = {}
    for r in series:
        series_of.setdefault(r.locality_code, []).append(r)
    inputs = store.inputs_766_rows()
    out: dict[int, ServiceQuality] = {}
    for code in locs:
        cube = fine.get(code, {})
        figures = _Figures(
            by_sector=_rolled(cube, code, per.code, lambda k: k[0]),
            total=_rolled(cube, code, per.code, lambda k: None),
            by_unit=_rolled(cube, code, per.code, lambda k: k[1]),
            period_rows=rows_of.get(code, []),
            previous=_rolled(cube, code, previous.code, lambda k: None),
            last_year=_rolled(cube, code, last_year.code, lambda k: None),
            series=series_of.get(code, []),
            procedures=lambda sector, cube=cube, code=code: _rolled(
                cube, code, per.code, lambda k: k[2], lambda k: k[0] == sector),
            procedure_names=lambda sector, code=code: names.get((code, sector), {}),
        )
        out[code] = _assemble(figures, inputs, code, per, cutoff_day)
    return out


def _fine_cube(store: Any, localities: list[int] | None, periods: list[Period],
               cutoff_day: int | None) -> dict[int, dict[str, list[tuple[tuple[Any, Any, Any], list[int]]]]]:
    """commune → period → [((sector, unit, procedure), II.06a counts)] in one query over `periods`."""
    from cchc.dossiers.metrics import STAT_COLUMNS, aggregate_sql, period_spans

    seen: dict[str, Period] = {}
    for p in sorted(periods):
        seen.setdefault(p.code, p)
    spans = period_spans(list(seen.values()), cutoff_day)
    store.ensure_calendar(min(s.start for s in spans).year, max(s.end for s in spans).year)
    sql, params, cols = aggregate_sql(spans, localities=localities, group_expr=_FINE)
    at = [cols.index(f"s_{c}") for c in STAT_COLUMNS]
    cur = store.cursor()
    try:
        records = cur.execute(sql, params).fetchall()
    finally:
        cur.close()
    out: dict[int, dict[str, list[tuple[tuple[Any, Any, Any], list[int]]]]] = {}
    for r in records:
        g = r[2]
        out.setdefault(r[0], {}).setdefault(r[1], []).append(
            ((g["s"], g["u"], g["p"]), [int(r[i] or 0) for i in at]))
    return out


def _rolled(cube: dict[str, list[tuple[tuple[Any, Any, Any], list[int]]]], code: int, period: str,
            group: Callable[[tuple[Any, Any, Any]], Any],
            keep: Callable[[tuple[Any, Any, Any]], bool] | None = None) -> list[Any]:
    """The `StatRow`s of `statistics_table` for one commune and period, summed from the fine groups:
    by `group` of (sector, unit, procedure) (None: the total), ordered by group (None last) as its query."""
    from cchc.dossiers import StatRow

    sums: dict[Any, list[int]] = {}
    for key, counts in cube.get(period, []):
        if keep is not None and not keep(key):
            continue
        acc = sums.get(g := group(key))
        if acc is None:
            sums[g] = list(counts)
        else:
            for i, c in enumerate(counts):
                acc[i] += c
    order = sorted(sums, key=lambda g: (g is None, "" if g is None else g))
    return [StatRow(code, period, g, *sums[g]) for g in order]


def _all_procedure_names(store: Any, localities: list[int] | None) -> dict[tuple[int, str], dict[str, str]]:
    """(commune, sector) → {procedure code: name} of `_procedure_names`, for every commune in one query."""
    where = "" if localities is None else f"WHERE locality_code IN ({', '.join(str(int(x)) for x in localities)})"
    cur = store.cursor()
    try:
        rows = cur.execute("SELECT locality_code, sector, procedure_code, min(procedure_name) FROM dossiers "
                           f"{where} GROUP BY locality_code, sector, procedure_code").fetchall()
    finally:
        cur.close()
    out: dict[tuple[int, str], dict[str, str]] = {}
    for loc, sector, c, n in rows:
        if c is not None and sector is not None:
            out.setdefault((loc, sector), {})[str(c)] = str(n or "")
    return out


def _assemble(f: _Figures, all_inputs: list[dict[str, Any]], locality_code: int, per: Period,
              cutoff_day: int | None) -> ServiceQuality:
    """The commune's `ServiceQuality` from what its queries returned (pure but for `f.procedures`)."""
    from cchc.domain.period_figures import carry_inputs
    from cchc.dossiers import period_spans, score_766

    locs = [locality_code]
    rows = [_stat_row(r, r.group or "Khác") for r in f.by_sector if r.total]
    by_unit = [_stat_row(r, r.group or "") for r in f.by_unit if r.total and r.group]
    total = f.total
    rows += [_stat_row(r, "Tổng cộng") for r in total[:1]]
    period_rows = f.period_rows
    metrics = {
        r.metric: (float(r.numerator), float(r.denominator))
        for r in period_rows
        if r.group is None and r.locality_code == locality_code
    }
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
    prev, last = f.previous, f.last_year
    worst = worst_of([ServiceFigure(**dataclasses.asdict(r)) for r in rows[:-1]])
    procedures: list[ServiceRow] = []
    if worst is not None:
        pnames = f.procedure_names(worst.label)
        procedures = [_stat_row(r, f"{r.group} – {pnames.get(r.group or '', '')}".rstrip(" –"))
                      for r in f.procedures(worst.label) if r.total]
        procedures.sort(key=lambda r: (-(r.resolved_late + r.pending_overdue), r.label))
    span = period_spans(per, cutoff_day)[0]
    months = per.months()
    series = f.series
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
