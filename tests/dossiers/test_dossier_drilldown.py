"""Drill-down lists have exactly the dossiers counted in the numbers they explain."""

from __future__ import annotations

import pytest

from cchc.domain.metrics import DOSSIER_METRICS
from cchc.dossiers import (
    DossierStore,
    compute_metrics,
    drilldown,
    drilldown_to_excel,
    generate_dossiers,
    statistics_table,
)

from .conftest import LOC


@pytest.fixture(scope="module")
def generated(tmp_path_factory):  # type: ignore[no-untyped-def]
    store = DossierStore(tmp_path_factory.mktemp("drill") / "store")
    store.import_table(generate_dossiers([LOC, 11557], 2026, 3000, seed=3))
    return store


@pytest.mark.parametrize("metric", sorted(m.value for m in DOSSIER_METRICS if m.value != "online_time_reduction"))
def test_numerator_and_denominator_lists_match_the_metric(generated, metric):
    rows = compute_metrics(generated, localities=[LOC], period="2026-Q2", metrics=[metric], by="sector")
    for r in rows:
        num = drilldown(generated, localities=[LOC], period="2026-Q2", metric=metric, outcome="numerator",
                        sector=r.group)
        den = drilldown(generated, localities=[LOC], period="2026-Q2", metric=metric, outcome="denominator",
                        sector=r.group)
        assert (len(num), len(den)) == (r.numerator, r.denominator)


def test_ii06a_cells_drill_to_their_counts(generated):
    (row,) = statistics_table(generated, localities=[LOC], period="2026-07", by=None)
    for cell in ("carried_over", "received_online", "late", "overdue", "within_time", "late_no_apology"):
        assert len(drilldown(generated, localities=[LOC], period="2026-07", outcome=cell)) == getattr(row, cell)


def test_march_late_dossiers_are_d_and_e(march_store, tmp_path):
    rows = drilldown(march_store, localities=[LOC], period="2026-03", metric="on_time_rate", outcome="late")
    assert [r["dossier_id"] for r in rows] == ["D", "E"]
    excluded = drilldown(march_store, localities=[LOC], period="2026-03", metric="on_time_rate", outcome="excluded")
    assert sorted(r["dossier_id"] for r in excluded) == ["D", "E", "G"]
    path = drilldown_to_excel(excluded, tmp_path / "late.xlsx", title="Hồ sơ trễ hạn")
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    assert ws.cell(2, 3).value == "Mã hồ sơ" and ws.max_row == 5
