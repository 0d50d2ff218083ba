"""The service quality of a whole scope in one pass: the same figures as each commune's own queries."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cchc.domain.periods import Period

CODES = [29830 + i for i in range(17)]  # more than 16: the scope query reads the store without a filter
NOT_STORED = 1  # a commune of the scope without dossiers


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from cchc.dossiers import DossierStore, generate_dossiers

    root: Path = tmp_path_factory.mktemp("dossiers")
    s = DossierStore(root)
    s.import_table(generate_dossiers(CODES, 2025, 80 * len(CODES), seed=3))
    s.import_table(generate_dossiers(CODES, 2026, 80 * len(CODES), seed=4))
    s.set_766_inputs([{"locality_code": CODES[0], "period": "2026-Q1", "indicator": "pakn_on_time", "value": 90}])
    yield s
    s.close()


def _without_clock(q):  # type: ignore[no-untyped-def]
    return dataclasses.replace(q, as_of=None)


@pytest.mark.parametrize(("period", "cutoff_day"), [("2026", None), ("2026-Q1", None), ("2026-Q2", 14), ("2026-03", None)])
def test_every_commune_of_a_scope_gets_the_figures_of_its_own_queries(store, period: str,  # type: ignore[no-untyped-def]
                                                                      cutoff_day: int | None) -> None:
    from cchc.reporting.quality import _read_dossier_quality, read_scope_quality

    per = Period.parse(period)
    every = read_scope_quality(store, [*CODES, NOT_STORED], per, cutoff_day=cutoff_day)
    assert sorted(every) == CODES
    with_figures = 0
    for code in CODES:
        alone = _read_dossier_quality(store, code, per, cutoff_day=cutoff_day)
        with_figures += bool(alone.rows and alone.procedures and alone.by_unit)
        assert _without_clock(every[code]) == _without_clock(alone), code
    assert with_figures >= 3  # the comparison is over real figures, not only empty ones


def test_a_scope_of_a_few_stored_communes_reads_only_theirs(store) -> None:  # type: ignore[no-untyped-def]
    from cchc.reporting.quality import _read_dossier_quality, read_scope_quality

    per = Period.parse("2026-Q3")
    some = read_scope_quality(store, CODES[3:6], per)
    assert sorted(some) == CODES[3:6]
    for code in CODES[3:6]:
        assert _without_clock(some[code]) == _without_clock(_read_dossier_quality(store, code, per, cutoff_day=None))


def test_reading_one_commune_with_its_scope_keeps_the_figures_of_the_others(store) -> None:  # type: ignore[no-untyped-def]
    from cchc.reporting.quality import read_dossier_quality

    asked: list[int] = []

    def scope() -> list[int]:
        asked.append(1)
        return CODES[:4]

    per = Period.parse("2026-Q4")
    first = read_dossier_quality(store.root, CODES[0], per, scope=scope)
    second = read_dossier_quality(store.root, CODES[1], per, scope=scope)
    assert first.rows and second.rows
    assert len(asked) == 2  # each commune asks for its scope, but the scope's figures were computed once
    assert read_dossier_quality(store.root, CODES[7], per).rows  # outside the scope: on its own
