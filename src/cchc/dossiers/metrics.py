"""Service-indicator metrics over the dossier store: one portable SQL, many periods at once.

Every metric is a pair of per-dossier conditions (numerator, denominator) evaluated for each
(dossier, period) pair; aggregation, the II.06a table and drill-down all reuse the same
conditions, so a drill-down list always has exactly as many dossiers as the number it explains.
The SQL is written once, in DuckDB's dialect and ANSI in substance (CTEs, CASE, joins, SUM/COUNT,
CAST(... AS DATE)); `metric_sql` emits it for another engine (Spark SQL, Trino…) with sqlglot, the
parameters inlined as literals. Any engine runs it given `dossiers`, `cal` and the inline `periods`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from cchc.domain.errors import InvalidInput
from cchc.domain.ii06a import is_balanced
from cchc.domain.metrics import DOSSIER_METRICS, MetricCode
from cchc.domain.periods import Period
from cchc.dossiers.schema import TERMINAL_STATUSES

__all__ = [
    "DERIVED_COLUMNS",
    "DERIVED_FORMAT",
    "GROUPINGS",
    "METRIC_CONDITIONS",
    "MetricRow",
    "OUTCOMES",
    "PeriodSpan",
    "SOURCE_DIALECT",
    "StatRow",
    "compute_metrics",
    "derived_sql",
    "metric_cube",
    "metric_sql",
    "monthly_series",
    "period_spans",
    "statistics_table",
    "to_dialect",
]

GROUPINGS = {
    "locality": None,
    "unit": "d.unit",
    "sector": "d.sector",
    "procedure": "d.procedure_code",
    "channel": "d.channel",
}

# Timeliness codes (`domain.timeliness.Timeliness`): 1 early, 2 on time, 3 late (finished); 4 not yet due,
# 6 due on the period's last day (both within time), 5 overdue (open at the period's end).
TIMELINESS = {1: "early", 2: "on_time", 3: "late", 4: "not_yet_due", 5: "overdue", 6: "due_today"}
_ON_TIME = "x.tcode IN (1, 2, 4, 6)"
_RESOLVED_WITH_RESULT = "x.fin AND x.with_result"

# metric -> (numerator condition, denominator condition) over one (dossier, period) row `x`.
METRIC_CONDITIONS: dict[MetricCode, tuple[str, str]] = {
    MetricCode.ON_TIME_RATE: (_ON_TIME, "TRUE"),
    MetricCode.ONLINE_RATE: ("x.rin AND x.online", "x.rin"),
    MetricCode.FULL_ONLINE_RATE: ("x.rin AND x.full_online", "x.rin"),
    MetricCode.ONLINE_PAYMENT_RATE: ("x.rin AND x.fee_required AND x.paid_online", "x.rin AND x.fee_required"),
    MetricCode.DIGITIZATION_RATE: ("x.rin AND x.dossier_digitized", "x.rin"),
    MetricCode.E_RESULT_RATE: (f"{_RESOLVED_WITH_RESULT} AND x.e_result", _RESOLVED_WITH_RESULT),
    MetricCode.DATA_REUSE_RATE: ("x.rin AND x.reused_data", "x.rin"),
    MetricCode.LOCATION_FREE_RATE: ("x.rin AND x.location_free", "x.rin"),
    MetricCode.PORTAL_SYNC_RATE: ("x.rin AND x.synced_national", "x.rin"),
    MetricCode.SATISFACTION_RATE: (f"{_ON_TIME} AND NOT x.dislike", "TRUE"),
}

# Drill-down outcomes besides numerator/denominator/excluded: the II.06a cells.
OUTCOMES: dict[str, str] = {
    "all": "TRUE",
    "carried_over": "NOT x.rin",
    "received": "x.rin",
    "received_online": "x.rin AND x.online",
    "received_direct": "x.rin AND NOT x.online",
    "resolved": "x.fin",
    "early": "x.tcode = 1",
    "on_time": "x.tcode = 2",
    "late": "x.tcode = 3",
    "in_progress": "NOT x.fin",
    "within_time": "x.tcode IN (4, 6)",
    "not_yet_due": "x.tcode = 4",
    "due_today": "x.tcode = 6",
    "overdue": "x.tcode = 5",
    # Finished without a result: returned to the applicant (not accepted, or processing stopped) or withdrawn.
    "returned": "x.fin AND x.sent_back",
    "withdrawn": "x.fin AND x.withdrawn",
    "waited": "x.wait > 0",
    "late_or_overdue": "x.tcode IN (3, 5)",
    "late_no_apology": "x.tcode IN (3, 5) AND NOT x.apology_sent",
    "rated_dislike": "x.dislike",
    "finished_online": f"{_RESOLVED_WITH_RESULT} AND x.online",
    "finished_offline": f"{_RESOLVED_WITH_RESULT} AND NOT x.online",
}

# II.06a counts (column name -> outcome).
STAT_COLUMNS = (
    "carried_over", "received", "received_online", "received_direct", "resolved", "early", "on_time", "late",
    "in_progress", "within_time", "overdue", "late_no_apology", "not_yet_due", "due_today", "returned", "withdrawn",
    "waited",
)


@dataclass(frozen=True)
class PeriodSpan:
    code: str
    start: date
    end: date


def period_spans(periods: Sequence[Period | str] | Period | str, cutoff_day: int | None = None) -> list[PeriodSpan]:
    """Periods to date spans; with `cutoff_day` (e.g. 14) the provincial 15th-to-14th spans."""
    if isinstance(periods, Period | str):
        periods = [periods]
    out = []
    for p in periods:
        per = Period.parse(p) if isinstance(p, str) else p
        if cutoff_day:
            if not 1 <= cutoff_day <= 27:
                raise InvalidInput(f"Ngày chốt số liệu phải từ 1 đến 27, nhận {cutoff_day} (cut-off day)")
            s, e = per.shifted_cutoff(cutoff_day)
        else:
            s, e = per.start, per.end
        out.append(PeriodSpan(per.code, s, e))
    return out


@dataclass(frozen=True)
class MetricRow:
    """One number: `value` = 100 × numerator / denominator (None when the denominator is 0)."""

    locality_code: int | None
    period: str
    group: str | None
    metric: str
    numerator: float
    denominator: float
    value: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StatRow:
    """One row of the II.06a statistics table (counts of dossiers)."""

    locality_code: int | None
    period: str
    group: str | None
    carried_over: int
    received: int
    received_online: int
    received_direct: int
    resolved: int
    early: int
    on_time: int
    late: int
    in_progress: int
    within_time: int
    overdue: int
    late_no_apology: int
    # The pending split (within time = not yet due + due on the period's last day) and, of the resolved,
    # those returned to the applicant without a result (not accepted, stopped) or withdrawn.
    not_yet_due: int = 0
    due_today: int = 0
    returned: int = 0
    withdrawn: int = 0
    waited: int = 0  # dossiers with a wait (supplement, pause) deducted from their time

    @property
    def total(self) -> int:
        return self.carried_over + self.received

    @property
    def balanced(self) -> bool:
        """The form's identity: carried over + received = resolved + in progress (`domain.ii06a`)."""
        return is_balanced(self)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["total"] = self.total
        return d


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _periods_cte(spans: list[PeriodSpan], wd_offset: int = 0) -> str:
    """The periods with the working-day index of their last day (the waits of open dossiers stop there).

    `wd_offset` shifts that index into the frame of the stored working-day columns (`DERIVED_COLUMNS`)
    when the calendar now loaded starts in an earlier year than the one they were computed with.
    """
    rows = ", ".join(
        f"({i}, {_lit(s.code)}, DATE '{s.start.isoformat()}', DATE '{s.end.isoformat()}')"
        for i, s in enumerate(spans, start=1)
    )
    end_wd = f"pc.wd_idx - {int(wd_offset)}" if wd_offset else "pc.wd_idx"
    return (f"pspans (idx, period, start_d, end_d) AS (VALUES {rows}),\n"
            f"periods AS (SELECT s.idx, s.period, s.start_d, s.end_d, {end_wd} AS end_wd, pc.working AS end_working "
            "FROM pspans s LEFT JOIN cal pc ON pc.d = s.end_d)")


def _ordered(spans: list[PeriodSpan]) -> bool:
    """Sorted, non-overlapping spans (a month grid, consecutive quarters…): the equi-join plan applies."""
    return 1 < len(spans) <= 400 and all(a.end < b.start for a, b in zip(spans, spans[1:], strict=False))


def _lo_hi(spans: list[PeriodSpan]) -> str:
    """For ordered spans: the first and last period index in scope of a dossier (`dated` columns)."""
    if not _ordered(spans):
        return ""
    n = len(spans)
    lo = "CASE " + " ".join(f"WHEN b.recv_d <= DATE '{sp.end.isoformat()}' THEN {i}"
                            for i, sp in enumerate(spans, start=1)) + " END"
    hi = f"CASE WHEN b.end_d IS NULL THEN {n} " + " ".join(
        f"WHEN b.end_d >= DATE '{sp.start.isoformat()}' THEN {i}" for i, sp in reversed(list(enumerate(spans, 1)))
    ) + " ELSE 0 END"
    return f", {lo} AS lo, {hi} AS hi"


def _scope_join(spans: list[PeriodSpan]) -> str:
    """(dossier, period) pairs in scope: received by the period's end, not finished before its start.

    For ordered spans the periods in scope of a dossier are the consecutive indexes lo..hi (computed
    once per dossier in `dated`): every dossier joins its first period by equality, and only
    dossiers open across several periods go through the (small) range join. Otherwise one range join.
    """
    cols = ("p.period, p.end_d AS p_end, p.end_wd AS p_end_wd, p.end_working AS p_end_working, b.*, "
            "b.recv_d >= p.start_d AS rin, COALESCE(b.end_d <= p.end_d, FALSE) AS fin")
    if len(spans) == 1:
        # One period: a filter with its dates as constants (pushed down to the scan), no join condition.
        sp = spans[0]
        return (f"SELECT {cols} FROM dated b CROSS JOIN periods p WHERE b.recv_d <= DATE '{sp.end.isoformat()}' "
                f"AND (b.end_d IS NULL OR b.end_d >= DATE '{sp.start.isoformat()}')")
    if not _ordered(spans):
        return (f"SELECT {cols} FROM dated b "
                "JOIN periods p ON b.recv_d <= p.end_d AND COALESCE(b.end_d, DATE '9999-12-31') >= p.start_d")
    return (
        f"SELECT {cols} FROM dated b JOIN periods p ON p.idx = b.lo WHERE b.lo <= b.hi\n"
        f"  UNION ALL\n"
        f"  SELECT {cols} FROM dated b JOIN periods p ON p.idx > b.lo AND p.idx <= b.hi WHERE b.hi > b.lo"
    )


def _dates(d: str) -> str:
    """The dates of one dossier row `d` (canonical columns) that the calendar is looked up with."""
    terminal = ", ".join(_lit(s) for s in TERMINAL_STATUSES)
    return (f"CAST({d}.supplement_requested_at AS DATE) AS sup_a, CAST({d}.supplement_received_at AS DATE) AS sup_b, "
            f"CAST({d}.suspended_at AS DATE) AS sus_a, CAST({d}.resumed_at AS DATE) AS sus_b, "
            f"CAST({d}.received_at AS DATE) AS recv_d, "
            f"CASE WHEN {d}.status IN ({terminal}) THEN CAST(COALESCE({d}.resolved_at, {d}.returned_at) AS DATE) "
            f"END AS end_d, CAST({d}.due_at AS DATE) AS due_raw")


def _supp2(d: str) -> str:
    return f"COALESCE({d}.supplement_count, 0) > 1"


# The calendar lookups of one dossier row `b` (with the `_dates` columns): seven joins to `cal`.
_CAL_COLUMNS = ("COALESCE(c.next_wd, b.due_raw) AS due_d, ce.wd_idx - cr.wd_idx AS dur, "
                "c.wd_idx + CASE WHEN c.working THEN 0 ELSE 1 END AS due_wd, ce.wd_idx AS end_wd, "
                "ce.working AS end_working, "
                "ca.wd_idx AS sup_a_wd, cb.wd_idx AS sup_b_wd, cs.wd_idx AS sus_a_wd, cu.wd_idx AS sus_b_wd")
_CAL_JOINS = """LEFT JOIN cal c ON c.d = b.due_raw
  LEFT JOIN cal cr ON cr.d = b.recv_d
  LEFT JOIN cal ce ON ce.d = b.end_d
  LEFT JOIN cal ca ON ca.d = b.sup_a
  LEFT JOIN cal cb ON cb.d = b.sup_b
  LEFT JOIN cal cs ON cs.d = b.sus_a
  LEFT JOIN cal cu ON cu.d = b.sus_b"""


def _wait_sql(r: str, start: str, stop: str, ref: str) -> str:
    """Working days of one wait in (start, stop], stopped at the reference day (`domain.timeliness.wait_days`)."""
    return (f"CASE WHEN {r}.{start} IS NULL OR ({ref}) IS NULL THEN 0 ELSE GREATEST(0, "
            f"CASE WHEN {r}.{stop} IS NULL OR {r}.{stop} > {ref} THEN {ref} ELSE {r}.{stop} END - {r}.{start}) END")


def _wait(r: str, ref: str) -> str:
    """The waits not counted against dossier row `r` (supplement, pause) in working days, up to day index `ref`.

    The day index of a date is `cal.wd_idx` (working days up to and including it), so (start, stop] has
    wd_idx(stop) − wd_idx(start) working days; the moved due date is the working day with index
    due_wd + wait, compared by index with the end of processing (or the period's last day). Most dossiers
    have no wait: their 0 is decided on the two start days alone.
    """
    both = f"({_wait_sql(r, 'sup_a_wd', 'sup_b_wd', ref)} + {_wait_sql(r, 'sus_a_wd', 'sus_b_wd', ref)})"
    return f"CASE WHEN {r}.sup_a_wd IS NULL AND {r}.sus_a_wd IS NULL THEN 0 ELSE {both} END"


def _tcode_finished(r: str, wait: str) -> str:
    """Timeliness of a dossier row `r` finished by then: 1 early, 2 on time, 3 late."""
    return f"""CASE WHEN {r}.supp2 THEN 3
                     WHEN {wait} = 0 THEN
                       CASE WHEN {r}.end_d > {r}.due_d THEN 3 WHEN {r}.end_d < {r}.due_d THEN 1 ELSE 2 END
                     WHEN {r}.end_wd > {r}.due_wd + {wait}
                          OR ({r}.end_wd = {r}.due_wd + {wait} AND NOT {r}.end_working) THEN 3
                     WHEN {r}.end_wd < {r}.due_wd + {wait} THEN 1
                     ELSE 2 END"""


def _tcode_open(r: str, wait: str) -> str:
    """Timeliness of a dossier row `r` open at the period's end: 4 not yet due, 6 due that day, 5 overdue."""
    return f"""CASE WHEN {r}.supp2 THEN 5
                     WHEN {wait} = 0 THEN
                       CASE WHEN {r}.due_d < {r}.p_end THEN 5 WHEN {r}.due_d = {r}.p_end THEN 6 ELSE 4 END
                     WHEN {r}.due_wd + {wait} < {r}.p_end_wd
                          OR ({r}.due_wd + {wait} = {r}.p_end_wd AND NOT {r}.p_end_working) THEN 5
                     WHEN {r}.due_wd + {wait} = {r}.p_end_wd THEN 6
                     ELSE 4 END"""


# What the metric SQL works out of one dossier and the working-day calendar alone, whatever the period:
# stored beside the canonical columns when the store is written (`derived_sql`), so that the metric query
# reads them instead of joining every dossier seven times to `cal`. Valid only with the calendar they
# were computed with (`DossierStore.derived_offset`); otherwise the query joins as before. The `fin_*`
# values are those of the dossier once finished (the wait stops at its end, not at a period's end).
DERIVED_COLUMNS: dict[str, str] = {
    "cal_recv_d": "DATE",  # the day received
    "cal_end_d": "DATE",  # the day processing ended (a terminal status), else null
    "cal_due_d": "DATE",  # the due day, moved to the next working day
    "cal_due_wd": "INTEGER",  # its working-day index
    "cal_dur": "INTEGER",  # working days from reception to the end
    "cal_sup_a_wd": "INTEGER", "cal_sup_b_wd": "INTEGER",  # working-day indexes of the supplement wait
    "cal_sus_a_wd": "INTEGER", "cal_sus_b_wd": "INTEGER",  # and of the pause
    "cal_fin_wait": "INTEGER",  # working days waited, once finished
    "cal_fin_tcode": "TINYINT",  # timeliness once finished: 1 early, 2 on time, 3 late
}
# Bump when a derived column changes its meaning (or `TERMINAL_STATUSES`, the rules above change):
# stores written before then fall back to the join until rewritten.
DERIVED_FORMAT = 1


def derived_sql(source: str, columns: str) -> str:
    """`source` (a query with the canonical columns) with `columns` of it and the `DERIVED_COLUMNS`, using `cal`.

    The same expressions as the metric query's join path (`classified_sql` without `derived`).
    """
    return f"""
WITH b AS (SELECT s.*, {_dates('s')}, {_supp2('s')} AS supp2 FROM ({source}) s),
j AS (SELECT b.*, {_CAL_COLUMNS} FROM b
  {_CAL_JOINS}),
w AS (SELECT j.*, CASE WHEN j.end_d IS NOT NULL THEN {_wait('j', 'j.end_wd')} END AS fin_wait FROM j)
SELECT {columns}, w.recv_d AS cal_recv_d, w.end_d AS cal_end_d, w.due_d AS cal_due_d,
       CAST(w.due_wd AS INTEGER) AS cal_due_wd, CAST(w.dur AS INTEGER) AS cal_dur,
       w.sup_a_wd AS cal_sup_a_wd, w.sup_b_wd AS cal_sup_b_wd, w.sus_a_wd AS cal_sus_a_wd, w.sus_b_wd AS cal_sus_b_wd,
       CAST(w.fin_wait AS INTEGER) AS cal_fin_wait,
       CAST(CASE WHEN w.end_d IS NOT NULL THEN {_tcode_finished('w', 'w.fin_wait')} END AS TINYINT) AS cal_fin_tcode
FROM w"""


def classified_sql(
    spans: list[PeriodSpan],
    *,
    localities: Sequence[int] | None,
    group_expr: str | None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    columns: str = "",
    derived: int | None = None,
) -> tuple[str, list[Any]]:
    """CTEs ending in `x`: one row per (dossier, period) in scope, with `rin`, `fin`, `timeliness`.

    `derived`: None joins every dossier to the calendar; an integer (the offset of `derived_offset`)
    reads the stored `DERIVED_COLUMNS` instead (the `dossiers` relation must have them). Same rows.
    """
    # A plain timestamp bound (not CAST(... AS DATE)) lets Parquet row-group statistics prune.
    where = ["d.received_at < ?"]
    params: list[Any] = [datetime.combine(max(s.end for s in spans) + timedelta(days=1), time.min)]
    if localities is not None:
        if not localities:
            where.append("1 = 0")
        else:
            where.append(f"d.locality_code IN ({', '.join(str(int(x)) for x in localities)})")
    for col, val in (("unit", unit), ("sector", sector), ("procedure_code", procedure)):
        if val is not None:
            where.append(f"d.{col} = ?")
            params.append(val)
    grp = group_expr or "CAST(NULL AS VARCHAR)"
    extra = f", {columns}" if columns else ""
    flags = f"""d.locality_code, {grp} AS grp,
         COALESCE(d.channel = 'online', FALSE) AS online,
         COALESCE(d.full_online, FALSE) AS full_online, COALESCE(d.fee_required, FALSE) AS fee_required,
         COALESCE(d.paid_online, FALSE) AS paid_online, COALESCE(d.dossier_digitized, FALSE) AS dossier_digitized,
         COALESCE(d.e_result, FALSE) AS e_result, COALESCE(d.reused_data, FALSE) AS reused_data,
         COALESCE(d.location_free, FALSE) AS location_free, COALESCE(d.synced_national, FALSE) AS synced_national,
         COALESCE(d.apology_sent, FALSE) AS apology_sent, COALESCE(d.rating <= 2, FALSE) AS dislike,
         d.status IN ('resolved', 'returned') AS with_result, {_supp2('d')} AS supp2,
         d.status IN ('rejected', 'paused') AS sent_back, d.status = 'withdrawn' AS withdrawn"""
    open_wait = _wait("dp", "dp.p_end_wd")
    if derived is None:
        dated = f"""base AS (
  SELECT {flags},
         {_dates('d')}{extra}
  FROM dossiers d
  WHERE {' AND '.join(where)}
),
dated AS (
  SELECT b.*, {_CAL_COLUMNS}{_lo_hi(spans)}
  FROM base b
  {_CAL_JOINS}
)"""
        wait = f"CASE WHEN dp.fin THEN {_wait('dp', 'dp.end_wd')} ELSE {open_wait} END"
        finished = _tcode_finished("dw", "dw.wait")
    else:
        dated = f"""base AS (
  SELECT {flags},
         d.cal_recv_d AS recv_d, d.cal_end_d AS end_d, d.cal_due_d AS due_d, d.cal_due_wd AS due_wd,
         d.cal_dur AS dur, d.cal_sup_a_wd AS sup_a_wd, d.cal_sup_b_wd AS sup_b_wd, d.cal_sus_a_wd AS sus_a_wd,
         d.cal_sus_b_wd AS sus_b_wd, d.cal_fin_wait AS fin_wait, d.cal_fin_tcode AS fin_tcode{extra}
  FROM dossiers d
  WHERE {' AND '.join(where)}
),
dated AS (
  SELECT b.*{_lo_hi(spans)}
  FROM base b
)"""
        wait = f"CASE WHEN dp.fin THEN dp.fin_wait ELSE {open_wait} END"
        finished = "dw.fin_tcode"
    sql = f"""
WITH {_periods_cte(spans, derived or 0)},
{dated},
dp AS (
  {_scope_join(spans)}
),
dw AS (
  SELECT dp.*, {wait} AS wait
  FROM dp
),
x AS (
  SELECT dw.*,
         CASE WHEN dw.fin THEN
                {finished}
              ELSE
                {_tcode_open("dw", "dw.wait")}
         END AS tcode
  FROM dw
)"""
    return sql, params


# `count_if` exists in DuckDB, Trino and Spark SQL (3.0+) and is several times faster in DuckDB than
# the strictly ANSI `SUM(CASE WHEN … THEN 1 ELSE 0 END)`; set ANSI_COUNT for engines without it.
ANSI_COUNT = False


def _count(cond: str) -> str:
    if ANSI_COUNT:
        return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"
    return f"count_if({cond})"


def aggregate_sql(spans: list[PeriodSpan], *, combined: bool = False, **kw: Any) -> tuple[str, list[Any], list[str]]:
    """One aggregate row per (locality, period, group) with every numerator, denominator and II.06a count."""
    ctes, params = classified_sql(spans, **kw)
    cols: list[str] = []
    sel: list[str] = []
    for m, (num, den) in METRIC_CONDITIONS.items():
        sel += [f"{_count(num)} AS n_{m.value}", f"{_count(den)} AS d_{m.value}"]
        cols += [f"n_{m.value}", f"d_{m.value}"]
    for c in STAT_COLUMNS:
        sel.append(f"{_count(OUTCOMES[c])} AS s_{c}")
        cols.append(f"s_{c}")
    on, off = OUTCOMES["finished_online"], OUTCOMES["finished_offline"]
    sel += [
        f"{_count(on)} AS t_n_online", f"SUM(CASE WHEN {on} THEN x.dur ELSE 0 END) AS t_sum_online",
        f"{_count(off)} AS t_n_offline", f"SUM(CASE WHEN {off} THEN x.dur ELSE 0 END) AS t_sum_offline",
    ]
    cols += ["t_n_online", "t_sum_online", "t_n_offline", "t_sum_offline"]
    loc = "CAST(NULL AS INTEGER)" if combined else "x.locality_code"
    keys = f"{loc} AS locality_code, x.period, x.grp"
    group_by = "x.period, x.grp" if combined else "x.locality_code, x.period, x.grp"
    sql = f"{ctes}\nSELECT {keys}, {', '.join(sel)}\nFROM x GROUP BY {group_by}"
    return sql, params, ["locality_code", "period", "grp", *cols]


# The dialect the metric SQL is written in; DuckDB runs it as written, other engines get `to_dialect`.
SOURCE_DIALECT = "duckdb"


def to_dialect(sql: str, params: Sequence[Any], dialect: str) -> str:
    """The metric SQL (DuckDB dialect, `?` parameters) for `dialect` (a sqlglot name: spark, trino…).

    The parameters become literals in order (a timestamp becomes CAST('…' AS TIMESTAMP)).
    Example: to_dialect("SELECT count_if(x) FROM t WHERE d < ?", [datetime(2027, 1, 1)], "spark")
    """
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read=SOURCE_DIALECT)
    if params:
        tree = exp.replace_placeholders(tree, *params)
    return tree.sql(dialect=dialect)


def metric_sql(
    spans: list[PeriodSpan], *, dialect: str = SOURCE_DIALECT, **kw: Any
) -> tuple[str, list[Any], list[str]]:
    """The ordered aggregate query of `aggregate_sql` in `dialect`: (sql, parameters, column names).

    For DuckDB the SQL as written with its `?` parameters; for any other dialect the same query
    transpiled by sqlglot with the parameters inlined (an empty parameter list).
    """
    sql, params, cols = aggregate_sql(spans, **kw)
    sql += " ORDER BY 1, 2, 3"
    if dialect != SOURCE_DIALECT:
        return to_dialect(sql, params, dialect), [], cols
    return sql, params, cols


def _rate(n: float, d: float) -> float | None:
    return None if not d else round(100.0 * n / d, 4)


def _rows_to_metrics(records: list[dict[str, Any]], metrics: Sequence[MetricCode]) -> list[MetricRow]:
    out: list[MetricRow] = []
    for r in records:
        for m in metrics:
            if m is MetricCode.ONLINE_TIME_REDUCTION:
                n_on, n_off = r["t_n_online"] or 0, r["t_n_offline"] or 0
                avg_on = (r["t_sum_online"] or 0) / n_on if n_on else None
                avg_off = (r["t_sum_offline"] or 0) / n_off if n_off else None
                if avg_on is None or avg_off is None or avg_off == 0:
                    num, den, val = 0.0, 0.0, None
                else:
                    num, den = round(avg_off - avg_on, 4), round(avg_off, 4)
                    val = round(100.0 * (avg_off - avg_on) / avg_off, 4)
                out.append(MetricRow(r["locality_code"], r["period"], r["grp"], m.value, num, den, val))
                continue
            n, d = int(r[f"n_{m.value}"] or 0), int(r[f"d_{m.value}"] or 0)
            out.append(MetricRow(r["locality_code"], r["period"], r["grp"], m.value, n, d, _rate(n, d)))
    return out


def _metric_list(metrics: Sequence[MetricCode | str] | None) -> list[MetricCode]:
    if metrics is None:
        return sorted(DOSSIER_METRICS, key=lambda m: list(MetricCode).index(m))
    out = []
    for m in metrics:
        try:
            mc = MetricCode(m)
        except ValueError:
            mc = None
        if mc is None or mc not in DOSSIER_METRICS:
            raise InvalidInput(
                f"Chỉ số không tính được từ hồ sơ: {m!r}; có: {', '.join(sorted(x.value for x in DOSSIER_METRICS))}"
            )
        out.append(mc)
    return out


def _group_expr(by: str | None) -> str | None:
    if by is None:
        return None
    if by not in GROUPINGS:
        raise InvalidInput(f"Không nhóm được theo {by!r}; có: {', '.join(GROUPINGS)} (unknown grouping)")
    return GROUPINGS[by]


def metric_cube(
    store: Any,
    *,
    localities: Sequence[int] | None,
    periods: Sequence[Period | str] | Period | str,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    cutoff_day: int | None = None,
    combined: bool = False,
) -> list[dict[str, Any]]:
    """Raw aggregate records (every count of every metric) for many periods in one scan.

    `store` is a `DossierStore` (DuckDB) or any object with the same `localities`, `ensure_calendar`
    and `cursor` and a `dialect` attribute (e.g. `SparkDossierStore`), which gets the SQL in its dialect.
    """
    spans = period_spans(periods, cutoff_day)
    store.ensure_calendar(min(s.start for s in spans).year, max(s.end for s in spans).year)
    if localities is not None and len(localities) > 16 and set(store.localities()) <= set(localities):
        localities = None  # every stored locality: no filter (a long IN list costs a join per row)
    # A store that runs another engine (`dossiers.spark.SparkDossierStore`) names its SQL dialect.
    dialect = getattr(store, "dialect", SOURCE_DIALECT)
    kw = {"localities": localities, "group_expr": _group_expr(by), "unit": unit, "sector": sector,
          "procedure": procedure, "combined": combined}
    cur = store.cursor()  # the current manifest's files (DossierStore.current_files), read-locked
    try:
        # The stored per-dossier calendar columns when they were computed with the calendar now loaded
        # (`DossierStore.derived_offset`, decided once the cursor has re-pointed the view), else the joins.
        offset = store.derived_offset() if hasattr(store, "derived_offset") else None
        sql, params, cols = metric_sql(spans, dialect=dialect, derived=offset, **kw)
        try:
            rows = cur.execute(sql, params).fetchall()
        except Exception as exc:
            if offset is None or "cal_" not in str(exc):
                raise
            # The view was re-pointed meanwhile (another thread) at files without them: the join path.
            sql, params, cols = metric_sql(spans, dialect=dialect, **kw)
            rows = cur.execute(sql, params).fetchall()
    finally:
        cur.close()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def compute_metrics(
    store: Any,
    *,
    localities: Sequence[int] | None,
    period: Sequence[Period | str] | Period | str,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    metrics: Sequence[MetricCode | str] | None = None,
    cutoff_day: int | None = None,
    combined: bool = False,
) -> list[MetricRow]:
    """Numerator, denominator and value of each dossier metric per locality (and group) and period.

    Example: compute_metrics(store, localities=[11560], period="2026-Q1", by="sector")
    A locality (or group) with no dossiers in the period gives no rows; see `empty` in docs.
    """
    mlist = _metric_list(metrics)
    recs = metric_cube(store, localities=localities, periods=period, by=by, unit=unit, sector=sector,
                       procedure=procedure, cutoff_day=cutoff_day, combined=combined)
    rows = _rows_to_metrics(recs, mlist)
    if by is None:
        # A locality or period without dossiers still gets its rows, with a null value (never 0/0).
        spans = period_spans(period, cutoff_day)
        locs: list[int | None] = [None] if combined else list(localities) if localities is not None else []
        have = {(r.locality_code, r.period) for r in rows}
        rows += [MetricRow(loc, s.code, None, m.value, 0, 0, None)
                 for loc in locs for s in spans if (loc, s.code) not in have for m in mlist]
        order = {s.code: i for i, s in enumerate(spans)}
        rows.sort(key=lambda r: (r.locality_code or 0, order.get(r.period, 0)))
    return rows


def statistics_table(
    store: Any,
    *,
    localities: Sequence[int] | None,
    period: Period | str,
    by: str | None = "sector",
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    cutoff_day: int | None = None,
    combined: bool = False,
) -> list[StatRow]:
    """The II.06a table: received (carried over, online, in person/post), resolved, in progress."""
    recs = metric_cube(store, localities=localities, periods=period, by=by, unit=unit, sector=sector,
                       procedure=procedure, cutoff_day=cutoff_day, combined=combined)
    return [
        StatRow(r["locality_code"], r["period"], r["grp"], *(int(r[f"s_{c}"] or 0) for c in STAT_COLUMNS))
        for r in recs
    ]


def monthly_series(
    store: Any,
    *,
    localities: Sequence[int] | None,
    start: Period | str,
    end: Period | str,
    metrics: Sequence[MetricCode | str] | None = None,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    cutoff_day: int | None = None,
    combined: bool = False,
) -> list[MetricRow]:
    """Month-by-month metric rows from `start` to `end` (e.g. 2026-01 .. 2026-12) for charts."""
    p = Period.parse(start) if isinstance(start, str) else start
    last = Period.parse(end) if isinstance(end, str) else end
    p, last = p.months()[0], last.months()[-1]
    months = []
    while p <= last:
        months.append(p)
        p = p.next()
        if len(months) > 600:
            raise InvalidInput("Chuỗi tháng quá dài (tối đa 600 tháng)")
    return compute_metrics(store, localities=localities, period=months, by=by, unit=unit, sector=sector,
                           procedure=procedure, metrics=metrics, cutoff_day=cutoff_day, combined=combined)
