"""The per-dossier calendar columns written at import (`metrics.DERIVED_COLUMNS`): the metric query that
reads them gives the rows of the query that joins the calendar, and falls back to the join whenever
they were computed with another calendar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa

from cchc.domain.calendar import WorkingCalendar
from cchc.dossiers import DossierStore, generate_dossiers
from cchc.dossiers.metrics import metric_cube, metric_sql, period_spans

from .conftest import LOC, LOC2, make_dossier, table_of
from .test_timeliness_sql import waits_scenario

PERIOD_SETS = (
    ["2026"],
    ["2026-Q2"],
    ["2026-04"],  # 30/4 and 1/5 are holidays
    [f"2026-{m:02d}" for m in range(1, 13)],  # ordered: the lo..hi scope
    ["2026-Q1", "2026-02"],  # overlapping: the range join
)


def holiday_scenario() -> list[dict]:
    """Dossiers whose days fall on holidays (Tết 2026: 16–20/2, 30/4–1/5, 2/9), waits across them,
    supplements asked twice, open ones at a period's end, and one due on a non-working day."""
    return [
        make_dossier("H1", received_at="2026-02-12", due_at="2026-02-17 17:00", resolved_at="2026-02-23 10:00",
                     status="resolved"),
        make_dossier("H2", received_at="2026-04-27", due_at="2026-05-01 17:00", resolved_at="2026-05-04 10:00",
                     status="resolved", suspended_at="2026-04-28 09:00", resumed_at="2026-05-05 08:00"),
        make_dossier("H3", received_at="2026-04-20", due_at="2026-04-30 17:00", status="supplement",
                     supplement_count=1, supplement_requested_at="2026-04-24 09:00"),
        make_dossier("H4", received_at="2026-08-25", due_at="2026-09-02 17:00", status="processing"),
        make_dossier("H5", received_at="2026-03-02", due_at="2026-03-10 17:00", resolved_at="2026-03-09 10:00",
                     status="resolved", supplement_count=2, supplement_requested_at="2026-03-03 09:00",
                     supplement_received_at="2026-03-05 15:00"),
        make_dossier("H6", received_at="2026-06-01", due_at="2026-06-06 17:00", status="processing",
                     supplement_count=2),
        make_dossier("H7", received_at="2026-12-20", due_at="2027-01-05 17:00", status="processing",
                     suspended_at="2026-12-28 09:00"),
        make_dossier("H8", locality_code=LOC2, received_at="2026-05-04", due_at="2026-05-08 17:00",
                     returned_at="2026-05-07 10:00", status="returned", channel="online"),
    ]


def _store(path: Path, calendar: WorkingCalendar | None = None) -> DossierStore:
    s = DossierStore(path, threads=2, calendar=calendar)
    return s


def _import_all(s: DossierStore) -> None:
    gen = generate_dossiers([LOC, LOC2], 2026, 6000, seed=7)
    hand = table_of(waits_scenario() + holiday_scenario())
    s.import_table(pa.concat_tables([gen, hand.cast(gen.schema)]))


def _both_paths(s: DossierStore, periods: list[str], by: str | None) -> tuple[list, list]:
    spans = period_spans(periods)
    s.ensure_calendar(min(x.start for x in spans).year, max(x.end for x in spans).year)
    group = {"sector": "d.sector", "channel": "d.channel"}.get(by or "")
    with s.cursor() as cur:
        offset = s.derived_offset()
        assert offset is not None
        out = []
        for derived in (offset, None):
            sql, params, _cols = metric_sql(spans, localities=None, group_expr=group, derived=derived)
            out.append(cur.execute(sql, params).fetchall())
    return out[0], out[1]


def test_the_stored_calendar_columns_give_the_metric_rows_of_the_calendar_join(tmp_path):
    s = _store(tmp_path / "d")
    try:
        _import_all(s)
        for periods in PERIOD_SETS:
            for by in (None, "sector", "channel"):
                stored, joined = _both_paths(s, periods, by)
                assert stored == joined, (periods, by)
                assert stored
    finally:
        s.close()


def test_a_calendar_starting_earlier_shifts_the_stored_indexes_and_gives_the_same_rows(tmp_path):
    s = _store(tmp_path / "d")
    try:
        _import_all(s)
        s.ensure_calendar(2020, 2020)  # a wider calendar is built and stored: its indexes count from 2019
        assert s._cal_years is not None and s._cal_years[0] == 2019
        for periods in PERIOD_SETS[:4]:
            stored, joined = _both_paths(s, periods, None)
            assert stored == joined, periods
        with s.cursor():
            assert s.derived_offset() > 0
    finally:
        s.close()


def test_a_changed_calendar_makes_the_metric_query_join_the_calendar_again(tmp_path):
    s = _store(tmp_path / "d")
    try:
        _import_all(s)
        with s.cursor():
            s.ensure_calendar(2026, 2026)
            assert s.derived_offset() == 0
    finally:
        s.close()
    # The same data directory opened with other rules (an extra day off): another calendar digest.
    other = WorkingCalendar(extra_days_off={date(2026, 3, 9), date(2026, 4, 29)})
    changed = _store(tmp_path / "d", calendar=other)
    fresh = _store(tmp_path / "fresh", calendar=other)
    try:
        _import_all(fresh)
        changed.ensure_calendar(2026, 2027)  # the years the stored columns were computed for, other rules
        for periods in PERIOD_SETS:
            got = metric_cube(changed, localities=None, periods=periods)
            with changed.cursor():
                assert changed.derived_offset() is None  # the stored columns are of the old rules
            assert got == metric_cube(fresh, localities=None, periods=periods), periods
        with fresh.cursor():
            assert fresh.derived_offset() == 0
    finally:
        changed.close()
        fresh.close()


def test_files_without_the_derived_columns_or_of_another_calendar_fall_back_to_the_join(tmp_path):
    s = _store(tmp_path / "d")
    try:
        _import_all(s)
        want = {p[0]: metric_cube(s, localities=None, periods=p) for p in PERIOD_SETS}
        manifest_path = tmp_path / "d" / "manifest.json"
        m = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = [f for e in m["localities"].values() for f in e["files"]]
        assert all(f["derived"].startswith("1-") for f in files)
        files[0]["derived"] = files[0]["derived"].replace("1-", "1-0", 1)  # one file of another calendar
        manifest_path.write_text(json.dumps(m), encoding="utf-8")
        for p in PERIOD_SETS:
            assert metric_cube(s, localities=None, periods=p) == want[p[0]]
        with s.cursor():
            assert s.derived_offset() is None
        for f in files:  # a store written before the derived columns existed
            f.pop("derived")
        manifest_path.write_text(json.dumps(m), encoding="utf-8")
        for p in PERIOD_SETS:
            assert metric_cube(s, localities=None, periods=p) == want[p[0]]
        with s.cursor():
            assert s.derived_offset() is None
    finally:
        s.close()


def test_a_stray_date_far_from_the_others_writes_no_derived_columns_and_the_metrics_still_count_it(tmp_path):
    s = _store(tmp_path / "d")
    try:
        rows = waits_scenario() + [make_dossier("Z1", received_at="2026-03-02", due_at="2999-03-10 17:00")]
        s.import_table(table_of(rows))
        with s.cursor():
            s.ensure_calendar(2026, 2026)
            assert s.derived_offset() is None
        [rec] = metric_cube(s, localities=[LOC], periods=["2026-03"])
        assert rec["d_on_time_rate"] == 11
    finally:
        s.close()


def test_a_second_import_rewrites_a_commune_with_the_derived_columns_of_the_same_calendar(tmp_path):
    s = _store(tmp_path / "d")
    try:
        _import_all(s)
        s.import_table(table_of([make_dossier("S1", received_at="2026-03-03", due_at="2026-03-11 17:00",
                                              resolved_at="2026-03-12 10:00", status="resolved")]))
        for periods in PERIOD_SETS[:3]:
            stored, joined = _both_paths(s, periods, "sector")
            assert stored == joined, periods
    finally:
        s.close()
