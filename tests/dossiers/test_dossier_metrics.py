"""Every dossier metric on small hand-computed dossier sets."""

from __future__ import annotations

import pytest

from cchc.domain.errors import InvalidInput
from cchc.dossiers import compute_metrics, monthly_series, statistics_table

from .conftest import LOC, LOC2, make_dossier, table_of


def metric(rows, code):  # type: ignore[no-untyped-def]
    (r,) = [r for r in rows if r.metric == code]
    return r


class TestOnTimeRate:
    def test_counts_carried_over_and_unfinished_dossiers_as_decision_766_does(self, march_store):
        rows = compute_metrics(march_store, localities=[LOC], period="2026-03")
        r = metric(rows, "on_time_rate")
        # early A, H; on time B, C; unfinished within time F, K, L  /  carried over 2 + received 8
        assert (r.numerator, r.denominator) == (7, 10)
        assert r.value == 70.0

    def test_resolution_on_the_due_date_is_on_time_whatever_the_hour(self, march_store):
        (row,) = statistics_table(march_store, localities=[LOC], period="2026-03", by=None)
        assert row.on_time == 2  # B and C (C resolved at 16:00 after a due_at of 08:00)

    def test_supplement_requested_twice_is_late_even_before_the_due_date(self, march_store):
        (row,) = statistics_table(march_store, localities=[LOC], period="2026-03", by=None)
        assert row.late == 2  # D (after due) and E (two supplements)

    def test_due_date_on_a_holiday_moves_to_the_next_working_day(self, store):
        # 30/4 and 1/5/2026 are public holidays, 2–3/5 a weekend: the due day becomes Monday 4/5.
        store.import_table(table_of([
            make_dossier("ok", received_at="2026-04-27", due_at="2026-04-30 17:00",
                         resolved_at="2026-05-04 10:00", status="resolved"),
            make_dossier("late", received_at="2026-04-27", due_at="2026-04-30 17:00",
                         resolved_at="2026-05-05 10:00", status="resolved"),
        ]))
        (row,) = statistics_table(store, localities=[LOC], period="2026-05", by=None)
        assert (row.on_time, row.late, row.carried_over) == (1, 1, 2)

    def test_withdrawn_dossier_counts_as_finished_by_its_end_date(self, march_store):
        (row,) = statistics_table(march_store, localities=[LOC], period="2026-03", by=None)
        assert row.early == 2  # A and H (withdrawn on 7/3, due 20/3)


class TestStatisticsTable:
    def test_ii06a_cells_and_identity(self, march_store):
        (row,) = statistics_table(march_store, localities=[LOC], period="2026-03", by=None)
        assert (row.carried_over, row.received, row.received_online, row.received_direct) == (2, 8, 4, 4)
        assert (row.resolved, row.early, row.on_time, row.late) == (6, 2, 2, 2)
        assert (row.in_progress, row.within_time, row.overdue) == (4, 3, 1)
        assert row.total == 10 and row.balanced

    def test_late_dossiers_without_an_apology_letter(self, march_store):
        (row,) = statistics_table(march_store, localities=[LOC], period="2026-03", by=None)
        assert row.late_no_apology == 2  # E (late) and G (overdue); D has its letter

    def test_dossier_received_before_the_period_and_resolved_in_it_is_carried_over_and_resolved(self, store):
        store.import_table(table_of([
            make_dossier("x", received_at="2026-02-26", due_at="2026-03-03 17:00", resolved_at="2026-03-03 09:00",
                         status="resolved"),
        ]))
        (row,) = statistics_table(store, localities=[LOC], period="2026-03", by=None)
        assert (row.carried_over, row.received, row.resolved, row.on_time) == (1, 0, 1, 1)
        (feb,) = statistics_table(store, localities=[LOC], period="2026-02", by=None)
        assert (feb.received, feb.in_progress, feb.within_time) == (1, 1, 1)

    def test_grouped_by_sector(self, store):
        store.import_table(table_of([
            make_dossier("a", sector="Đất đai", resolved_at="2026-03-20", status="resolved"),
            make_dossier("b", sector="Hộ tịch", resolved_at="2026-03-03", status="resolved"),
            make_dossier("c", sector="Hộ tịch", resolved_at="2026-03-04", status="resolved"),
        ]))
        rows = {r.group: r for r in statistics_table(store, localities=[LOC], period="2026-03", by="sector")}
        assert (rows["Đất đai"].late, rows["Hộ tịch"].early) == (1, 2)


class TestRates:
    def test_received_based_rates(self, march_store):
        rows = compute_metrics(march_store, localities=[LOC], period="2026-03")
        got = {r.metric: (r.numerator, r.denominator) for r in rows}
        assert got["online_rate"] == (4, 8)  # B, D, F, H of the 8 received in March
        assert got["full_online_rate"] == (2, 8)  # B, H
        assert got["online_payment_rate"] == (2, 3)  # B, D paid online of B, C, D with a fee
        assert got["digitization_rate"] == (2, 8)  # B, C
        assert got["data_reuse_rate"] == (1, 8)  # C
        assert got["location_free_rate"] == (1, 8)  # D
        assert got["portal_sync_rate"] == (7, 8)  # all received but L
        assert got["e_result_rate"] == (2, 5)  # A, B of A–E resolved with a result (H withdrawn)
        assert metric(rows, "online_payment_rate").value == pytest.approx(66.6667)

    def test_satisfaction_is_100_minus_late_minus_dislikes_without_double_counting(self, march_store):
        r = metric(compute_metrics(march_store, localities=[LOC], period="2026-03"), "satisfaction_rate")
        # on time/within: A B C F H K L (7); B rated 1 -> 6; D is late and rated 2 (counted once)
        assert (r.numerator, r.denominator) == (6, 10)

    def test_online_time_reduction_compares_average_working_days(self, store):
        # Week of 9/3/2026 (Mon) — no holidays. Online: 1 and 3 working days; in person: 4 days.
        store.import_table(table_of([
            make_dossier("o1", received_at="2026-03-09", resolved_at="2026-03-10", status="resolved", channel="online",
                         due_at="2026-03-20"),
            make_dossier("o2", received_at="2026-03-09", resolved_at="2026-03-12", status="resolved", channel="online",
                         due_at="2026-03-20"),
            make_dossier("d1", received_at="2026-03-09", resolved_at="2026-03-13", status="returned", due_at="2026-03-20",
                         returned_at="2026-03-13 10:00"),
        ]))
        r = metric(compute_metrics(store, localities=[LOC], period="2026-03"), "online_time_reduction")
        assert (r.numerator, r.denominator, r.value) == (2.0, 4.0, 50.0)


class TestEmptyAndEdges:
    def test_no_dossiers_at_all_gives_null_values_not_zero(self, store):
        rows = compute_metrics(store, localities=[LOC], period="2026-Q1")
        assert rows and all(r.value is None and r.denominator == 0 for r in rows)

    def test_a_locality_without_dossiers_still_gets_null_rows(self, march_store):
        rows = compute_metrics(march_store, localities=[LOC, LOC2], period="2026-03")
        other = [r for r in rows if r.locality_code == LOC2]
        assert len(other) == 11 and all(r.value is None for r in other)

    def test_filters_by_unit_sector_and_procedure(self, march_store):
        r = metric(compute_metrics(march_store, localities=[LOC], period="2026-03", sector="Đất đai"), "on_time_rate")
        assert r.denominator == 0 and r.value is None

    def test_quarter_half_and_year(self, march_store):
        q1 = metric(compute_metrics(march_store, localities=[LOC], period="2026-Q1"), "on_time_rate")
        # Q1: received A..I, K, L (11); finished by 31/3: A B C D E H I; I resolved 10/2 due 20/1 -> late
        assert (q1.numerator, q1.denominator) == (7, 11)
        year = metric(compute_metrics(march_store, localities=[LOC], period="2026"), "on_time_rate")
        assert year.denominator == 12

    def test_provincial_cut_off_moves_the_span(self, store):
        store.import_table(table_of([make_dossier("dec", received_at="2025-12-20", due_at="2025-12-30",
                                                  resolved_at="2025-12-29", status="resolved")]))
        plain = metric(compute_metrics(store, localities=[LOC], period="2026-Q1"), "online_rate")
        cut = metric(compute_metrics(store, localities=[LOC], period="2026-Q1", cutoff_day=14), "online_rate")
        assert (plain.denominator, cut.denominator) == (0, 1)

    def test_monthly_series_has_a_row_per_month(self, march_store):
        rows = monthly_series(march_store, localities=[LOC], start="2026-01", end="2026-06", metrics=["on_time_rate"])
        assert [r.period for r in rows] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
        assert rows[2].numerator == 7

    def test_unknown_metric_or_grouping_is_invalid_input(self, store):
        with pytest.raises(InvalidInput):
            compute_metrics(store, localities=[LOC], period="2026-03", metrics=["task_completion_rate"])
        with pytest.raises(InvalidInput):
            compute_metrics(store, localities=[LOC], period="2026-03", by="colour")


def test_concurrent_queries_on_one_store_agree(march_store):
    from concurrent.futures import ThreadPoolExecutor

    def run(_: int) -> list:
        return [(r.metric, r.numerator, r.denominator)
                for r in compute_metrics(march_store, localities=[LOC], period="2026-03")]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(8)))
    assert all(r == results[0] for r in results) and results[0]
