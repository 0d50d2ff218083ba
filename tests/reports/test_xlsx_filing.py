"""The report's Excel appendix as a Department of Home Affairs files it: read back with openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc.domain.periods import Period

CODE = 29830


@pytest.fixture(scope="module")
def dossier_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cchc.dossiers import DossierStore, generate_dossiers

    root = tmp_path_factory.mktemp("dossiers")
    with DossierStore(root) as store:
        store.import_table(generate_dossiers([CODE], 2026, 400, seed=5))
    return root


class TestDataWindow:
    def test_the_dossier_figures_carry_the_calendar_span_of_the_period(self, dossier_root: Path) -> None:
        from cchc.services.reports.figures import dossier_figures
        from cchc.services.reports.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"))
        assert q.window == (date(2026, 4, 1), date(2026, 6, 30))
        d = dossier_figures(q, date(2026, 6, 30))
        assert (d.start, d.end) == (date(2026, 4, 1), date(2026, 6, 30))

    def test_with_a_provincial_cut_off_day_the_span_runs_from_the_15th_to_the_14th(self, dossier_root: Path) -> None:
        from cchc.services.reports.figures import dossier_figures
        from cchc.services.reports.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"), cutoff_day=14)
        assert q.window == (date(2026, 3, 15), date(2026, 6, 14))
        assert dossier_figures(q, date(2026, 6, 30)).end == date(2026, 6, 14)

    def test_a_running_period_ends_its_span_at_the_cut_off(self, dossier_root: Path) -> None:
        from cchc.services.reports.figures import dossier_figures
        from cchc.services.reports.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"))
        d = dossier_figures(q, date(2026, 5, 20))
        assert (d.start, d.end) == (date(2026, 4, 1), date(2026, 5, 20))
