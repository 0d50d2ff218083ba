"""Service indicators from dossier records (a package: scope, reads, page, inputs, actuals), joined with the workspace: permissions, 766 inputs, indicator actuals.

The dossier store (`cchc.dossiers`, DuckDB over Parquet under `settings.dossier_dir`) computes the
numbers; this module decides who may read which commune, records manual 766 inputs with an audit
event, and writes the dossier-measured values of a plan's indicators through `services.indicators`.

Example:
    with session_scope() as s:
        rows = service_metrics(s, actor, locality_codes=[11533], period="2026-Q2", by="sector")
        result = refresh_indicator_actuals(s, actor, locality_code=11533, period="2026-Q2")
"""

from __future__ import annotations

from cchc.quality.actuals import (
    RefreshedIndicator as RefreshedIndicator,
)
from cchc.quality.actuals import (
    RefreshResult as RefreshResult,
)
from cchc.quality.actuals import (
    refresh_indicator_actuals as refresh_indicator_actuals,
)
from cchc.quality.inputs import (
    enter_766_inputs as enter_766_inputs,
)
from cchc.quality.page import (
    ServiceQualityPage as ServiceQualityPage,
)
from cchc.quality.page import (
    quality_page as quality_page,
)
from cchc.quality.reads import (
    DrillPage as DrillPage,
)
from cchc.quality.reads import (
    PredecessorFigures as PredecessorFigures,
)
from cchc.quality.reads import (
    drilldown as drilldown,
)
from cchc.quality.reads import (
    drilldown_excel as drilldown_excel,
)
from cchc.quality.reads import (
    index_766 as index_766,
)
from cchc.quality.reads import (
    predecessor_figures as predecessor_figures,
)
from cchc.quality.reads import (
    service_metrics as service_metrics,
)
from cchc.quality.reads import (
    statistics_table as statistics_table,
)
from cchc.quality.reads import (
    trend as trend,
)
from cchc.quality.reads import (
    trend_chart as trend_chart,
)
from cchc.quality.scope import (
    DRILL_PAGE_SIZE as DRILL_PAGE_SIZE,
)
from cchc.quality.scope import (
    INDEX_METRICS as INDEX_METRICS,
)
from cchc.quality.scope import (
    INPUT_LABELS as INPUT_LABELS,
)
from cchc.quality.scope import (
    dossier_dir as dossier_dir,
)
from cchc.quality.scope import (
    open_dossier_store as open_dossier_store,
)
from cchc.quality.scope import (
    period_choices as period_choices,
)
from cchc.quality.scope import (
    period_cutoff as period_cutoff,
)
from cchc.quality.scope import (
    period_label as period_label,
)

__all__ = [
    "PredecessorFigures",
    "predecessor_figures",
    "DRILL_PAGE_SIZE",
    "INDEX_METRICS",
    "INPUT_LABELS",
    "DrillPage",
    "RefreshResult",
    "RefreshedIndicator",
    "ServiceQualityPage",
    "drilldown",
    "drilldown_excel",
    "enter_766_inputs",
    "index_766",
    "open_dossier_store",
    "period_choices",
    "period_label",
    "quality_page",
    "refresh_indicator_actuals",
    "service_metrics",
    "statistics_table",
    "trend",
    "trend_chart",
]
