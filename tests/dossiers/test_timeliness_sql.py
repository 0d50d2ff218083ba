"""The metric SQL applies the timeliness rule of `domain.timeliness`: waits deducted, the pending split,
returned and withdrawn dossiers counted (hand-computed scenario, then the SQL against the rule)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.domain.calendar import default_calendar
from cchc.domain.timeliness import DossierDates, Timeliness, classify
from cchc.dossiers import DossierStore, compute_metrics, drilldown, statistics_table

from .conftest import LOC, make_dossier, table_of


def waits_scenario() -> list[dict]:
    """March 2026 (last day Tue 31/3), hand-computed (working days: Mon–Fri, no holiday in March):

    S1 received 2/3, due 10/3, supplement asked 4/3 and received 9/3 (wait (4/3, 9/3] = 3 days: due → 13/3),
       resolved 12/3: early (counted late before the wait was deducted).
    S2 the same, resolved 16/3: late (16/3 > 13/3).
    P1 paused 3/3, resumed 10/3 (5 days: due 10/3 → 17/3), resolved 17/3: on time.
    W1 open, due 27/3, supplement asked 25/3 and not received: wait (25/3, 31/3] = 4 days, due → 2/4: not yet due.
    T1 open, due 31/3: due today.   T2 open, due 30/3: overdue.   T3 open, due 6/4: not yet due.
    R1 refused (rejected) 4/3 · R2 stopped (paused, dừng xử lý) 5/3 · R3 withdrawn 6/3: resolved early,
       returned to the applicant (R1, R2) or withdrawn (R3).
    Totals: resolved 6 = early 4 (S1, R1, R2, R3) + on time 1 (P1) + late 1 (S2); in progress 4 =
    not yet due 2 (W1, T3) + due today 1 (T1) + overdue 1 (T2); within time 3.
    On-time rate = (4 + 1 + 3) / 10 = 80 %.
    """
    return [
        make_dossier("S1", received_at="2026-03-02", due_at="2026-03-10 17:00", resolved_at="2026-03-12 10:00",
                     status="resolved", supplement_count=1, supplement_requested_at="2026-03-04 09:00",
                     supplement_received_at="2026-03-09 15:00"),
        make_dossier("S2", received_at="2026-03-02", due_at="2026-03-10 17:00", resolved_at="2026-03-16 10:00",
                     status="resolved", supplement_count=1, supplement_requested_at="2026-03-04 09:00",
                     supplement_received_at="2026-03-09 15:00"),
        make_dossier("P1", received_at="2026-03-02", due_at="2026-03-10 17:00", resolved_at="2026-03-17 10:00",
                     status="resolved", suspended_at="2026-03-03 14:00", resumed_at="2026-03-10 08:00"),
        make_dossier("W1", received_at="2026-03-16", due_at="2026-03-27 17:00", status="supplement",
                     supplement_count=1, supplement_requested_at="2026-03-25 09:00"),
        make_dossier("T1", received_at="2026-03-16", due_at="2026-03-31 17:00"),
        make_dossier("T2", received_at="2026-03-16", due_at="2026-03-30 17:00"),
        make_dossier("T3", received_at="2026-03-16", due_at="2026-04-06 17:00"),
        make_dossier("R1", received_at="2026-03-03", due_at="2026-03-10 17:00", resolved_at="2026-03-04 09:00",
                     status="rejected"),
        make_dossier("R2", received_at="2026-03-03", due_at="2026-03-10 17:00", resolved_at="2026-03-05 09:00",
                     status="paused"),
        make_dossier("R3", received_at="2026-03-03", due_at="2026-03-10 17:00", resolved_at="2026-03-06 09:00",
                     status="withdrawn"),
    ]


def test_waits_are_deducted_and_pending_dossiers_split_in_the_ii06a_counts(store):
    store.import_table(table_of(waits_scenario()))
    [row] = statistics_table(store, localities=[LOC], period="2026-03", by=None)
    assert (row.resolved, row.early, row.on_time, row.late) == (6, 4, 1, 1)
    assert (row.in_progress, row.within_time, row.overdue) == (4, 3, 1)
    assert (row.not_yet_due, row.due_today) == (2, 1)
    assert (row.returned, row.withdrawn) == (2, 1)
    assert row.balanced
    [rate] = compute_metrics(store, localities=[LOC], period="2026-03", metrics=["on_time_rate"])
    assert (rate.numerator, rate.denominator, rate.value) == (8, 10, 80.0)
    by_id = {r["dossier_id"]: r for r in drilldown(store, localities=[LOC], period="2026-03", outcome="all")}
    assert {k: v["timeliness"] for k, v in by_id.items()} == {
        "S1": "early", "S2": "late", "P1": "on_time", "W1": "not_yet_due", "T1": "due_today", "T2": "overdue",
        "T3": "not_yet_due", "R1": "early", "R2": "early", "R3": "early"}
    assert (by_id["S1"]["wait"], by_id["P1"]["wait"], by_id["W1"]["wait"], by_id["T1"]["wait"]) == (3, 5, 4, 0)
    returned = drilldown(store, localities=[LOC], period="2026-03", outcome="returned")
    assert sorted(r["dossier_id"] for r in returned) == ["R1", "R2"]


def test_a_store_written_before_the_wait_columns_existed_reads_them_as_no_wait(store):
    old = table_of(waits_scenario()[:1])
    old = old.drop_columns(["supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at"])
    store.import_table(old)  # the import fills the missing columns with nulls
    with store.cursor() as cur:
        assert cur.execute("SELECT supplement_requested_at FROM dossiers").fetchall() == [(None,)]
    [row] = statistics_table(store, localities=[LOC], period="2026-03", by=None)
    assert (row.resolved, row.late) == (1, 1)  # S1 without its wait: 12/3 > 10/3, late


def test_a_parquet_file_without_the_wait_columns_still_opens(tmp_path):
    import pyarrow.parquet as pq

    s = DossierStore(tmp_path / "d", threads=1)
    try:
        s.import_table(table_of(waits_scenario()[:2]))
        for f in s.current_files():  # rewrite the stored files as an older version wrote them
            t = pq.read_table(f)
            pq.write_table(t.drop_columns([c for c in t.column_names if c.endswith(("_requested_at", "_received_at",
                                                                                  "suspended_at", "resumed_at"))]), f)
        s.refresh()
        [row] = statistics_table(s, localities=[LOC], period="2026-03", by=None)
        assert (row.resolved, row.late) == (2, 2)
    finally:
        s.close()


CAL = default_calendar()
_START = date(2026, 1, 5)


@st.composite
def _dossier(draw: st.DrawFn, i: int) -> dict:
    recv = _START + timedelta(days=draw(st.integers(0, 100)))
    due = recv + timedelta(days=draw(st.integers(0, 25)))
    end = draw(st.none() | st.integers(0, 50).map(lambda k: recv + timedelta(days=k)))
    extra: dict = {}
    for a, b in (("supplement_requested_at", "supplement_received_at"), ("suspended_at", "resumed_at")):
        start = draw(st.none() | st.integers(0, 30).map(lambda k, r=recv: r + timedelta(days=k)))
        if start is not None:
            extra[a] = datetime.combine(start, datetime.min.time()) + timedelta(hours=9)
            stop = draw(st.none() | st.integers(0, 15).map(lambda k, s=start: s + timedelta(days=k)))
            if stop is not None:
                extra[b] = datetime.combine(stop, datetime.min.time()) + timedelta(hours=15)
    count = draw(st.integers(0, 2)) if "supplement_requested_at" in extra else draw(st.sampled_from([0, 0, 2]))
    return make_dossier(
        f"H{i}", received_at=datetime.combine(recv, datetime.min.time()) + timedelta(hours=8),
        due_at=datetime.combine(due, datetime.min.time()) + timedelta(hours=17),
        resolved_at=None if end is None else datetime.combine(end, datetime.min.time()) + timedelta(hours=11),
        status="processing" if end is None else "resolved", supplement_count=count, **extra)


def _stored_path_timeliness(s: DossierStore, period: str) -> dict[str, str]:
    """Each dossier's timeliness by the metric query reading the stored calendar columns (`DERIVED_COLUMNS`)."""
    from cchc.dossiers.metrics import TIMELINESS, classified_sql, period_spans

    spans = period_spans(period)
    s.ensure_calendar(spans[0].start.year, spans[0].end.year)
    with s.cursor() as cur:
        offset = s.derived_offset()
        assert offset is not None
        ctes, params = classified_sql(spans, localities=[LOC], group_expr=None, columns="d.dossier_id AS dossier_id",
                                      derived=offset)
        rows = cur.execute(f"{ctes}\nSELECT x.dossier_id, x.tcode FROM x", params).fetchall()
    return {k: TIMELINESS[v] for k, v in rows}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 0), min_size=1, max_size=1).flatmap(
    lambda _: st.tuples(*(_dossier(i) for i in range(30)))))
def test_the_sql_gives_every_dossier_the_timeliness_the_rule_gives(rows):
    with tempfile.TemporaryDirectory() as tmp:
        s = DossierStore(Path(tmp) / "d", threads=1)
        try:
            s.import_table(table_of(list(rows)))
            periods = ["2026-01", "2026-02", "2026-03", "2026-Q2", "2026-04"]
            for per in periods:
                got = {r["dossier_id"]: r["timeliness"]
                       for r in drilldown(s, localities=[LOC], period=per, outcome="all")}
                from cchc.dossiers.metrics import period_spans

                span = period_spans(per)[0]
                # The metric query reads the calendar columns stored at import: the same classification.
                assert _stored_path_timeliness(s, per) == got, per
                for r in rows:
                    recv = r["received_at"].date()
                    end = r["resolved_at"].date() if r["resolved_at"] else None
                    if recv > span.end or (end is not None and end < span.start):
                        assert r["dossier_id"] not in got
                        continue

                    def day(k: str, r: dict = r) -> date | None:
                        return r[k].date() if r.get(k) else None

                    dd = DossierDates(recv, r["due_at"].date(), end, r["supplement_count"],
                                      day("supplement_requested_at"), day("supplement_received_at"),
                                      day("suspended_at"), day("resumed_at"))
                    want = classify(dd, span.end, CAL)
                    assert got[r["dossier_id"]] == {
                        Timeliness.EARLY: "early", Timeliness.ON_TIME: "on_time", Timeliness.LATE: "late",
                        Timeliness.NOT_YET_DUE: "not_yet_due", Timeliness.DUE_TODAY: "due_today",
                        Timeliness.OVERDUE: "overdue"}[want], (per, r)
        finally:
            s.close()
