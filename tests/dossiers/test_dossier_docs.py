"""docs/dossiers.md names every command, layout, metric, outcome and 766 input."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.cli.dossiers import dossiers_app
from cchc.domain.metrics import DOSSIER_METRICS
from cchc.dossiers import INDICATORS_766, INPUT_INDICATORS, OUTCOMES, list_layouts

DOC = (Path(__file__).resolve().parents[2] / "docs" / "dossiers.md").read_text(encoding="utf-8")

NAMES = (
    [f"cchc dossiers {c.name}" for c in dossiers_app.registered_commands]
    + ["cchc metrics"]
    + [lay.name for lay in list_layouts()]
    + sorted(m.value for m in DOSSIER_METRICS)
    + [o for o in OUTCOMES if not o.startswith(("all", "finished_"))]
    + [d.code for d in INDICATORS_766]
    + list(INPUT_INDICATORS)
    + ["CCHC_PERIOD_CUTOFF_DAY", "supplement_count", "digitization_threshold", "online_share_times_sync"]
)


@pytest.mark.parametrize("name", NAMES)
def test_name_is_documented(name):
    assert name in DOC
