"""Dossier records of the one-stop centre: import, storage, service metrics and the 766 index.

Public API (depends on `cchc.domain` only; the web app and the reports call these):

    from cchc.dossiers import DossierStore, compute_metrics, statistics_table, index_766, drilldown

    store = DossierStore(get_settings().dossier_dir)      # DuckDB over Parquet under this folder
    res = store.import_files(["export.csv"], layout=None,  # layout auto-detected from the headers
                             errors_path="errors.csv")     # -> ImportResult (counts, RowError list)
    rows = compute_metrics(store, localities=[11560], period="2026-Q1", by="sector")
        # -> list[MetricRow(locality_code, period, group, metric, numerator, denominator, value)]
        # value is None when the denominator is 0 (no dossiers): never 0/0.
    table = statistics_table(store, localities=[11560], period="2026-Q1", by="sector")
        # -> list[StatRow]: the II.06a form (carried over, received online / direct, resolved
        #    early / on time / late, in progress within time / overdue, late without apology)
    scores = index_766(store, localities=[11560], period="2026-Q1")
        # -> list[Index766]: groups, indicators with points and source measured/entered/missing
    store.set_766_inputs([{"locality_code": 11560, "period": "2026-Q1",
                           "indicator": "pakn_on_time", "value": 100}])   # manual entry
    late = drilldown(store, localities=[11560], period="2026-03", metric="on_time_rate",
                     outcome="excluded", sector="Đất đai")   # -> list[dict], one per dossier
    drilldown_to_excel(late, "late.xlsx")
    series = monthly_series(store, localities=[11560], start="2026-01", end="2026-12",
                            metrics=["on_time_rate"])        # -> list[MetricRow], one per month
    table = generate_dossiers([11560, 11557], 2026, 10_000, seed=1)   # synthetic, canonical Arrow
    write_export(table, "export.csv", layout="igate")
    store.set_procedure_limits({"1.004227": 20})   # due dates for exports without one (at import)
    cube = metric_cube(store, localities=None, periods=months)   # raw counts, many periods, one scan
    scores = score_766(metric_rows, store.inputs_766_rows(), localities=[...], periods=[...])

A `DossierStore` holds one DuckDB connection: queries (metrics, drill-down) run on their own
cursor, imports are meant for one writer at a time (the CLI or a background job).

Every function takes `cutoff_day` (None = calendar periods; 14 = the provincial 15th-to-14th
span; pass `get_settings().period_cutoff_day`). Definitions and settings: docs/dossiers.md.

The names are loaded on first use (PEP 562): `cchc metrics` reads the store without loading the
generator (numpy), the drill-down's Excel writer or the import's readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SOURCES: dict[str, str] = {
    "CANONICAL_COLUMNS": "schema",
    "Channel": "schema",
    "DossierStatus": "schema",
    "DossierStore": "store",
    "GROUPINGS": "metrics",
    "GROUPS_766": "index766",
    "Group766": "index766",
    "INDICATORS_766": "index766",
    "INPUT_INDICATORS": "index766",
    "ImportResult": "store",
    "Index766": "index766",
    "Indicator766": "index766",
    "Layout": "layouts",
    "MetricRow": "metrics",
    "OUTCOMES": "metrics",
    "PROCEDURES": "generator",
    "RowError": "store",
    "StatRow": "metrics",
    "band_766": "index766",
    "compute_metrics": "metrics",
    "detect_layout": "layouts",
    "encode_export": "generator",
    "generate_dossiers": "generator",
    "get_layout": "layouts",
    "index_766": "index766",
    "list_layouts": "layouts",
    "load_layout": "layouts",
    "metric_cube": "metrics",
    "monthly_series": "metrics",
    "period_spans": "metrics",
    "read_766_inputs": "index766",
    "score_766": "index766",
    "statistics_table": "metrics",
    "write_export": "generator",
}

__all__ = [
    "CANONICAL_COLUMNS",
    "Channel",
    "DRILL_COLUMNS",
    "DossierStatus",
    "DossierStore",
    "GROUPINGS",
    "GROUPS_766",
    "Group766",
    "INDICATORS_766",
    "INPUT_INDICATORS",
    "ImportResult",
    "Index766",
    "Indicator766",
    "Layout",
    "MetricRow",
    "OUTCOMES",
    "PROCEDURES",
    "RowError",
    "StatRow",
    "band_766",
    "compute_metrics",
    "detect_layout",
    "drilldown",
    "drilldown_to_excel",
    "encode_export",
    "generate_dossiers",
    "get_layout",
    "index_766",
    "list_layouts",
    "load_layout",
    "metric_cube",
    "monthly_series",
    "period_spans",
    "read_766_inputs",
    "score_766",
    "statistics_table",
    "write_export",
]


def __getattr__(name: str) -> Any:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))


# Loaded at once: `drilldown` is also the name of its module, which would otherwise shadow the function
# once the module is imported (it needs only the metric SQL).
from cchc.dossiers.drilldown import DRILL_COLUMNS, drilldown, drilldown_to_excel  # noqa: E402

if TYPE_CHECKING:
    from cchc.dossiers.generator import PROCEDURES, encode_export, generate_dossiers, write_export
    from cchc.dossiers.index766 import (
        GROUPS_766,
        INDICATORS_766,
        INPUT_INDICATORS,
        Group766,
        Index766,
        Indicator766,
        band_766,
        index_766,
        read_766_inputs,
        score_766,
    )
    from cchc.dossiers.layouts import Layout, detect_layout, get_layout, list_layouts, load_layout
    from cchc.dossiers.metrics import (
        GROUPINGS,
        OUTCOMES,
        MetricRow,
        StatRow,
        compute_metrics,
        metric_cube,
        monthly_series,
        period_spans,
        statistics_table,
    )
    from cchc.dossiers.schema import CANONICAL_COLUMNS, Channel, DossierStatus
    from cchc.dossiers.store import DossierStore, ImportResult, RowError
