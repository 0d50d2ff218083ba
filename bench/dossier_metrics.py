"""Benchmark: dossier import and the full metric cube (every locality × month × metric, plus 766).

One run, per size: generate a vendor export (not timed), import it (timed), then time
  1. the cube with cchc (`metric_cube` over 12 months + `score_766` for every locality-month),
  2. the same cube by a straightforward pandas implementation of the same definitions,
  3. one hand-written DuckDB query that scans the data once (a floor),
and check that all three agree on every count (to the last dossier). Each stage runs in its own
process so that peak memory (max RSS) is the stage's own. Last, `cchc metrics --period 2026
--province 31` (and a quarter) as a whole process against one hand-written DuckDB scan of the same
files, also a whole process (`bench/metrics_process.py`; `--process-runs 0` skips it).

    .venv/bin/python bench/dossier_metrics.py                  # 1M dossiers
    .venv/bin/python bench/dossier_metrics.py --rows 1000000 --rows 10000000
    .venv/bin/python bench/dossier_metrics.py --ten-million    # adds 10M (several minutes)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

YEAR = 2026
CHUNK = 1_000_000


def _load() -> float:
    return os.getloadavg()[0]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _localities() -> list[int]:
    from vietnam_provinces import Ward

    return sorted(int(w.code) for w in Ward.iter_all() if int(w.province_code) == 31)  # Hải Phòng, 114


def stage_generate(path: str, rows: int, seed: int, layout: str) -> dict[str, Any]:
    import pyarrow.csv as pacsv

    from cchc.dossiers import encode_export, generate_dossiers

    t0 = time.perf_counter()
    locs = _localities()
    writer = None
    done = 0
    while done < rows:
        n = min(CHUNK, rows - done)
        table = encode_export(generate_dossiers(locs, YEAR, n, seed=seed + done, first_number=done + 1), layout)
        if writer is None:
            writer = pacsv.CSVWriter(path, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
        writer.write_table(table)
        done += n
    assert writer is not None
    writer.close()
    return {"seconds": time.perf_counter() - t0, "bytes": Path(path).stat().st_size, "peak_mb": _peak_mb()}


def stage_import(path: str, store_dir: str) -> dict[str, Any]:
    from cchc.dossiers import DossierStore

    store = DossierStore(store_dir)
    c0 = time.process_time()
    res = store.import_files([path])
    assert res.rows_rejected == 0, res.errors[:5]
    return {"seconds": res.seconds, "cpu": time.process_time() - c0, "rows": res.rows_imported, "peak_mb": _peak_mb()}


def _months() -> list[Any]:
    from cchc.domain.periods import Period, PeriodKind

    return [Period(YEAR, PeriodKind.MONTH, m) for m in range(1, 13)]


def _key_cols(rec: dict[str, Any]) -> dict[str, int]:
    return {k: int(v or 0) for k, v in rec.items() if k not in ("locality_code", "period", "grp")}


def stage_cchc(store_dir: str) -> dict[str, Any]:
    from cchc.dossiers import DossierStore, metric_cube, score_766
    from cchc.dossiers.metrics import _metric_list, _rows_to_metrics

    store = DossierStore(store_dir)
    locs = store.localities()
    store.ensure_calendar(YEAR, YEAR)
    t0 = time.perf_counter()
    c0 = time.process_time()
    recs = metric_cube(store, localities=locs, periods=_months())
    rows = _rows_to_metrics(recs, _metric_list(None))
    scores = score_766(rows, store.inputs_766().to_pylist(), localities=locs, periods=[p.code for p in _months()])
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    cube = {(r["locality_code"], r["period"]): _key_cols(r) for r in recs}
    return {"seconds": secs, "cpu": cpu, "peak_mb": _peak_mb(), "cube": cube, "metric_rows": len(rows), "scores": len(scores)}


def stage_pandas(store_dir: str) -> dict[str, Any]:
    """The cube by pandas, written from the rule of `domain.timeliness` (not from the SQL).

    The due date moves to the next working day and then later by the working days waited (supplement,
    pause; up to the end of processing, or the month's last day for a dossier still open): the moved due
    date is looked up in the list of working days and compared with the end (or the month's last day) as
    a date.
    """
    import numpy as np
    import pandas as pd
    import pyarrow.dataset as ds

    from cchc.domain.calendar import default_calendar

    t0 = time.perf_counter()
    waits = ["supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at"]
    cols = ["locality_code", "received_at", "due_at", "resolved_at", "returned_at", "status", "channel",
            "full_online", "fee_required", "paid_online", "dossier_digitized", "e_result", "reused_data",
            "location_free", "synced_national", "apology_sent", "rating", "supplement_count", *waits]
    data = ds.dataset(Path(store_dir) / "data", format="parquet", partitioning="hive")
    df = data.to_table(columns=cols).to_pandas()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    c0 = time.process_time()
    cal = default_calendar()
    days = pd.date_range(date(YEAR - 1, 1, 1), date(YEAR + 2, 12, 31), freq="D")
    working = np.array([cal.is_working_day(d.date()) for d in days])
    wd_idx = pd.Series(np.cumsum(working), index=days)  # working days up to and including the date
    working_days = days[working]  # the k-th working day (k from 1) is working_days[k - 1]
    nxt = pd.Series(days.where(working)).bfill().values
    next_wd = pd.Series(nxt, index=days)

    def wd(col: pd.Series) -> pd.Series:
        return col.map(wd_idx).astype("float64")

    recv = df["received_at"].dt.normalize()
    terminal = df["status"].isin(["resolved", "returned", "rejected", "withdrawn", "paused"])
    end = df["resolved_at"].fillna(df["returned_at"]).dt.normalize().where(terminal)
    due_raw = df["due_at"].dt.normalize()
    due = due_raw.map(next_wd).where(due_raw.notna())
    due = due.fillna(due_raw)
    supp2 = df["supplement_count"].fillna(0) > 1
    b = {c: df[c].fillna(False).astype(bool) for c in ("full_online", "fee_required", "paid_online",
                                                        "dossier_digitized", "e_result", "reused_data",
                                                        "location_free", "synced_national", "apology_sent")}
    online = df["channel"] == "online"
    with_result = df["status"].isin(["resolved", "returned"])
    sent_back = df["status"].isin(["rejected", "paused"])
    withdrawn = df["status"] == "withdrawn"
    dislike = df["rating"].fillna(5) <= 2
    dur = (end.map(wd_idx) - recv.map(wd_idx)).fillna(0)
    wait_days = {c: wd(df[c].dt.normalize()) for c in waits}
    # Per-dossier columns once; per month, only the dossiers in scope are classified and summed.
    base = pd.DataFrame({"loc": df["locality_code"].values, "recv": recv, "end": end, "due": due, "supp2": supp2,
                         "online": online, "with_result": with_result, "sent_back": sent_back,
                         "withdrawn": withdrawn, "dislike": dislike, "dur": dur, "due_wd": wd(due),
                         "end_wd": wd(end), **{f"w_{c}": v for c, v in wait_days.items()}, **b})
    out: dict[tuple[int, str], dict[str, int]] = {}
    for p in _months():
        start, stop = pd.Timestamp(p.start), pd.Timestamp(p.end)
        x = base[(base["recv"] <= stop) & (base["end"].isna() | (base["end"] >= start))]
        rin = x["recv"] >= start
        fin = x["end"] <= stop
        prog = ~fin
        # The waits up to the reference day: the end of processing, or the month's last day while open.
        ref = x["end_wd"].where(fin, float(wd_idx[stop]))
        wait = pd.Series(0.0, index=x.index)
        for a, z in (("supplement_requested_at", "supplement_received_at"), ("suspended_at", "resumed_at")):
            sa, sb = x[f"w_{a}"], x[f"w_{z}"]
            stop_wd = sb.where(sb.notna() & (sb <= ref), ref)
            wait += (stop_wd - sa).clip(lower=0).where(sa.notna(), 0.0).fillna(0.0)
        moved = x["due"].copy()
        shifted = (wait > 0) & x["due_wd"].notna()
        if shifted.any():
            k = (x.loc[shifted, "due_wd"] + wait[shifted]).astype("int64") - 1
            moved.loc[shifted] = working_days[k.to_numpy()]
        late = fin & (x["supp2"] | (x["end"] > moved))
        early = fin & ~late & (x["end"] < moved)
        on_time = fin & ~late & ~early
        overdue = prog & (x["supp2"] | (moved < stop))
        due_today = prog & ~overdue & (moved == stop)
        not_yet_due = prog & ~overdue & ~due_today
        within = not_yet_due | due_today
        ok = early | on_time | within
        res = fin & x["with_result"]
        online_x = x["online"]
        f = pd.DataFrame({
            "n_satisfaction_rate": ok & ~x["dislike"], "d_satisfaction_rate": True,
            "n_on_time_rate": ok, "d_on_time_rate": True,
            "n_online_rate": rin & online_x, "d_online_rate": rin,
            "n_full_online_rate": rin & x["full_online"], "d_full_online_rate": rin,
            "n_online_payment_rate": rin & x["fee_required"] & x["paid_online"],
            "d_online_payment_rate": rin & x["fee_required"],
            "n_digitization_rate": rin & x["dossier_digitized"], "d_digitization_rate": rin,
            "n_e_result_rate": res & x["e_result"], "d_e_result_rate": res,
            "n_data_reuse_rate": rin & x["reused_data"], "d_data_reuse_rate": rin,
            "n_location_free_rate": rin & x["location_free"], "d_location_free_rate": rin,
            "n_portal_sync_rate": rin & x["synced_national"], "d_portal_sync_rate": rin,
            "s_carried_over": ~rin, "s_received": rin, "s_received_online": rin & online_x,
            "s_received_direct": rin & ~online_x, "s_resolved": fin, "s_early": early, "s_on_time": on_time,
            "s_late": late, "s_in_progress": prog, "s_within_time": within, "s_overdue": overdue,
            "s_late_no_apology": (late | overdue) & ~x["apology_sent"],
            "s_not_yet_due": not_yet_due, "s_due_today": due_today, "s_returned": fin & x["sent_back"],
            "s_withdrawn": fin & x["withdrawn"], "s_waited": wait > 0,
            "t_n_online": res & online_x, "t_sum_online": x["dur"].where(res & online_x, 0),
            "t_n_offline": res & ~online_x, "t_sum_offline": x["dur"].where(res & ~online_x, 0),
            "locality_code": x["loc"],
        })
        g = f.groupby("locality_code").sum()
        for loc, row in g.iterrows():
            out[(int(loc), p.code)] = {k: int(v) for k, v in row.items()}
    secs = time.perf_counter() - t0
    return {"seconds": secs, "cpu": time.process_time() - c0, "load_seconds": load, "peak_mb": _peak_mb(), "cube": out}


# The floor: one pass with the months of each dossier unnested. The waits are counted by working-day
# index (`cal.wd_idx`: working days up to and including the date), up to the end or the month's last day.
FLOOR_SQL = """
WITH b AS (
  SELECT d.locality_code, d.channel = 'online' AS online, COALESCE(d.full_online, FALSE) AS fo,
         COALESCE(d.fee_required, FALSE) AS fee, COALESCE(d.paid_online, FALSE) AS paid,
         COALESCE(d.dossier_digitized, FALSE) AS dig, COALESCE(d.e_result, FALSE) AS er,
         COALESCE(d.reused_data, FALSE) AS reuse, COALESCE(d.location_free, FALSE) AS lf,
         COALESCE(d.synced_national, FALSE) AS sync, COALESCE(d.apology_sent, FALSE) AS apo,
         COALESCE(d.rating <= 2, FALSE) AS dislike, d.status IN ('resolved', 'returned') AS wr,
         d.status IN ('rejected', 'paused') AS back, d.status = 'withdrawn' AS wdr,
         COALESCE(d.supplement_count, 0) > 1 AS supp2,
         CAST(d.received_at AS DATE) AS recv,
         CASE WHEN d.status IN ('resolved','returned','rejected','withdrawn','paused')
              THEN CAST(COALESCE(d.resolved_at, d.returned_at) AS DATE) END AS fin_d,
         COALESCE(c.next_wd, CAST(d.due_at AS DATE)) AS due, c.wd_idx + CASE WHEN c.working THEN 0 ELSE 1 END AS due_i,
         ce.wd_idx AS end_i, ce.working AS end_w, ce.wd_idx - cr.wd_idx AS dur,
         w1.wd_idx AS sa, w2.wd_idx AS sb, w3.wd_idx AS pa, w4.wd_idx AS pb
  FROM dossiers d
  LEFT JOIN cal c ON c.d = CAST(d.due_at AS DATE)
  LEFT JOIN cal cr ON cr.d = CAST(d.received_at AS DATE)
  LEFT JOIN cal ce ON ce.d = CASE WHEN d.status IN ('resolved','returned','rejected','withdrawn','paused')
              THEN CAST(COALESCE(d.resolved_at, d.returned_at) AS DATE) END
  LEFT JOIN cal w1 ON w1.d = CAST(d.supplement_requested_at AS DATE)
  LEFT JOIN cal w2 ON w2.d = CAST(d.supplement_received_at AS DATE)
  LEFT JOIN cal w3 ON w3.d = CAST(d.suspended_at AS DATE)
  LEFT JOIN cal w4 ON w4.d = CAST(d.resumed_at AS DATE)
  WHERE year(d.received_at) <= {year}
),
e AS (
  SELECT *, unnest(range(CASE WHEN year(recv) < {year} THEN 1 ELSE month(recv) END,
                         CASE WHEN fin_d IS NULL OR year(fin_d) > {year} THEN 12 ELSE month(fin_d) END + 1)) AS m
  FROM b WHERE fin_d IS NULL OR fin_d >= DATE '{year}-01-01'
),
r AS (
  SELECT e.*, year(recv) = {year} AND month(recv) = m AS rin, pe.d AS last_d, pe.working AS last_w,
         fin_d IS NOT NULL AND fin_d <= pe.d AS fin,
         CASE WHEN fin_d IS NOT NULL AND fin_d <= pe.d THEN end_i ELSE pe.wd_idx END AS ref
  FROM e JOIN cal pe ON pe.d = last_day(make_date({year}, e.m, 1))
),
k AS (
  SELECT *,
         CASE WHEN sa IS NULL OR ref IS NULL THEN 0 ELSE GREATEST(0, LEAST(COALESCE(sb, ref), ref) - sa) END
         + CASE WHEN pa IS NULL OR ref IS NULL THEN 0 ELSE GREATEST(0, LEAST(COALESCE(pb, ref), ref) - pa) END AS w
  FROM r
),
t AS (
  SELECT *,
         CASE WHEN fin THEN
                CASE WHEN supp2 THEN 3
                     WHEN w = 0 THEN CASE WHEN fin_d > due THEN 3 WHEN fin_d < due THEN 1 ELSE 2 END
                     WHEN end_i > due_i + w OR (end_i = due_i + w AND NOT end_w) THEN 3
                     WHEN end_i < due_i + w THEN 1 ELSE 2 END
              ELSE
                CASE WHEN supp2 THEN 5
                     WHEN w = 0 THEN CASE WHEN due < last_d THEN 5 WHEN due = last_d THEN 6 ELSE 4 END
                     WHEN due_i + w < ref OR (due_i + w = ref AND NOT last_w) THEN 5
                     WHEN due_i + w = ref THEN 6 ELSE 4 END END AS t
  FROM k
)
SELECT locality_code, printf('{year}-%02d', m) AS period,
  count_if(t IN (1,2,4,6) AND NOT dislike) AS n_satisfaction_rate, count(*) AS d_satisfaction_rate,
  count_if(t IN (1,2,4,6)) AS n_on_time_rate, count(*) AS d_on_time_rate,
  count_if(rin AND online) AS n_online_rate, count_if(rin) AS d_online_rate,
  count_if(rin AND fo) AS n_full_online_rate, count_if(rin) AS d_full_online_rate,
  count_if(rin AND fee AND paid) AS n_online_payment_rate, count_if(rin AND fee) AS d_online_payment_rate,
  count_if(rin AND dig) AS n_digitization_rate, count_if(rin) AS d_digitization_rate,
  count_if(fin AND wr AND er) AS n_e_result_rate, count_if(fin AND wr) AS d_e_result_rate,
  count_if(rin AND reuse) AS n_data_reuse_rate, count_if(rin) AS d_data_reuse_rate,
  count_if(rin AND lf) AS n_location_free_rate, count_if(rin) AS d_location_free_rate,
  count_if(rin AND sync) AS n_portal_sync_rate, count_if(rin) AS d_portal_sync_rate,
  count_if(NOT rin) AS s_carried_over, count_if(rin) AS s_received, count_if(rin AND online) AS s_received_online,
  count_if(rin AND NOT online) AS s_received_direct, count_if(fin) AS s_resolved, count_if(t = 1) AS s_early,
  count_if(t = 2) AS s_on_time, count_if(t = 3) AS s_late, count_if(NOT fin) AS s_in_progress,
  count_if(t IN (4, 6)) AS s_within_time, count_if(t = 5) AS s_overdue,
  count_if(t IN (3, 5) AND NOT apo) AS s_late_no_apology,
  count_if(t = 4) AS s_not_yet_due, count_if(t = 6) AS s_due_today, count_if(fin AND back) AS s_returned,
  count_if(fin AND wdr) AS s_withdrawn, count_if(w > 0) AS s_waited,
  count_if(fin AND wr AND online) AS t_n_online, sum(CASE WHEN fin AND wr AND online THEN dur ELSE 0 END) AS t_sum_online,
  count_if(fin AND wr AND NOT online) AS t_n_offline, sum(CASE WHEN fin AND wr AND NOT online THEN dur ELSE 0 END) AS t_sum_offline
FROM t GROUP BY locality_code, m
"""


def stage_floor(store_dir: str) -> dict[str, Any]:
    from cchc.dossiers import DossierStore

    store = DossierStore(store_dir)
    store.ensure_calendar(YEAR, YEAR)
    t0 = time.perf_counter()
    c0 = time.process_time()
    cur = store.con.execute(FLOOR_SQL.format(year=YEAR))
    cols = [c[0] for c in cur.description]
    recs = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    secs = time.perf_counter() - t0
    return {"seconds": secs, "cpu": time.process_time() - c0, "peak_mb": _peak_mb(),
            "cube": {(r["locality_code"], r["period"]): _key_cols(r) for r in recs}}


def _run(fn, *args):  # type: ignore[no-untyped-def]
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def _diff(a: dict, b: dict) -> int:
    keys = set(a) | set(b)
    bad = 0
    for k in keys:
        x, y = a.get(k), b.get(k)
        if x is None or y is None:
            # A locality-month with no dossiers in scope may be absent from one side only.
            z = x or y
            bad += int(any(z.values()))
            continue
        bad += sum(1 for c in x if x[c] != y.get(c))
    return bad


def bench(rows: int, workdir: Path, layout: str, seed: int, keep_csv: bool = False,
          process_runs: int = 5) -> dict[str, Any]:
    csv_path = workdir / f"dossiers_{rows}.csv"
    store_dir = workdir / f"store_{rows}"
    shutil.rmtree(store_dir, ignore_errors=True)
    print(f"\n== {rows:,} dossiers == (load average at the start: {_load():.1f})", flush=True)
    if keep_csv and csv_path.exists():
        print(f"reusing {csv_path} ({csv_path.stat().st_size / 1e6:,.0f} MB)", flush=True)
    else:
        gen = _run(stage_generate, str(csv_path), rows, seed, layout)
        print(f"generated {gen['bytes'] / 1e6:,.0f} MB {layout} CSV in {gen['seconds']:.1f} s", flush=True)
    imp = _run(stage_import, str(csv_path), str(store_dir))
    print(f"import: {imp['seconds']:.2f} s = {imp['rows'] / imp['seconds']:,.0f} rows/s (CPU {imp['cpu']:.1f} s), "
          f"peak {imp['peak_mb']:,.0f} MB", flush=True)
    if not keep_csv:
        csv_path.unlink()
    cc = _run(stage_cchc, str(store_dir))
    print(f"cchc cube: {cc['seconds']:.2f} s, CPU {cc['cpu']:.1f} s ({len(cc['cube'])} locality-months, {cc['metric_rows']} metric rows, "
          f"{cc['scores']} 766 scores), peak {cc['peak_mb']:,.0f} MB", flush=True)
    fl = _run(stage_floor, str(store_dir))
    print(f"single-scan floor: {fl['seconds']:.2f} s, CPU {fl['cpu']:.1f} s, peak {fl['peak_mb']:,.0f} MB", flush=True)
    pdr = _run(stage_pandas, str(store_dir))
    print(f"pandas cube: {pdr['seconds']:.2f} s, CPU {pdr['cpu']:.1f} s (+ {pdr['load_seconds']:.2f} s loading), peak {pdr['peak_mb']:,.0f} MB",
          flush=True)
    d1, d2 = _diff(cc["cube"], pdr["cube"]), _diff(cc["cube"], fl["cube"])
    agree = d1 == 0 and d2 == 0
    print(f"agreement: cchc vs pandas {d1} differing cells, cchc vs floor {d2} -> {'OK' if agree else 'MISMATCH'}")
    process = []
    if process_runs:
        import metrics_process

        data_dir = workdir / f"data_{rows}"  # CCHC_DATA for the command: its dossier store is this store
        data_dir.mkdir(exist_ok=True)
        link = data_dir / "dossiers"
        if not link.exists():
            link.symlink_to(store_dir.absolute(), target_is_directory=True)
        process = metrics_process.whole_process(data_dir, rows, process_runs)
    return {"rows": rows, "import_s": imp["seconds"], "import_rps": imp["rows"] / imp["seconds"],
            "import_cpu": imp["cpu"], "cube_cpu": cc["cpu"], "floor_cpu": fl["cpu"], "pandas_cpu": pdr["cpu"],
            "import_mb": imp["peak_mb"], "cube_s": cc["seconds"], "cube_mb": cc["peak_mb"], "floor_s": fl["seconds"],
            "pandas_s": pdr["seconds"], "pandas_load_s": pdr["load_seconds"], "pandas_mb": pdr["peak_mb"],
            "agree": agree, "load": _load(), "process": process}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, action="append", help="dataset size (repeatable); default 1,000,000")
    ap.add_argument("--ten-million", action="store_true", help="also run 10,000,000 dossiers")
    ap.add_argument("--workdir", type=Path, default=None, help="where to write the CSV and the store (temp dir)")
    ap.add_argument("--layout", default="igate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep-csv", action="store_true", help="keep (and reuse) the generated CSV in --workdir")
    ap.add_argument("--process-runs", type=int, default=5,
                    help="runs of the whole-process stage (cchc metrics against one scan); 0 skips it")
    args = ap.parse_args(argv)
    sizes = args.rows or [1_000_000]
    if args.ten_million and 10_000_000 not in sizes:
        sizes.append(10_000_000)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = [bench(n, work, args.layout, args.seed, args.keep_csv, args.process_runs) for n in sizes]
    print(f"\nmachine: {os.cpu_count()} cores; load average at the end of each size shown (other jobs share it)")
    print("| dossiers | import s (CPU) | rows/s | cube s (CPU) | floor s (CPU) | pandas s (CPU) + load | cube/floor "
          "| pandas/cube | peak MB (import/cube/pandas) | agree | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|---:|")
    for r in results:
        print(f"| {r['rows']:,} | {r['import_s']:.1f} ({r['import_cpu']:.1f}) | {r['import_rps']:,.0f} "
              f"| {r['cube_s']:.2f} ({r['cube_cpu']:.1f}) | {r['floor_s']:.2f} ({r['floor_cpu']:.1f}) "
              f"| {r['pandas_s']:.1f} ({r['pandas_cpu']:.1f}) + {r['pandas_load_s']:.1f} "
              f"| {r['cube_s'] / r['floor_s']:.2f}× | {r['pandas_s'] / r['cube_s']:.1f}× "
              f"| {r['import_mb']:,.0f} / {r['cube_mb']:,.0f} / {r['pandas_mb']:,.0f} | {'yes' if r['agree'] else 'NO'} "
              f"| {r['load']:.1f} |")
    process = [p for r in results for p in r["process"]]
    if process:
        import metrics_process

        metrics_process.print_table(process, args.process_runs)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["agree"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
