"""A large import is read in parallel but stays in file order: the rows of its errors and the last of duplicate ids."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cchc.dossiers import DossierStore, generate_dossiers, write_export

from .conftest import LOC, LOC2

pytestmark = pytest.mark.slow

ROWS = 120_000  # about 40 MB: DuckDB's CSV reader splits it between threads


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("streaming")
    clean = write_export(generate_dossiers([LOC, LOC2], 2026, ROWS, seed=11), base / "clean.csv", layout="canonical")
    with open(clean, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, data = rows[0], rows[1:]
    status, received = header.index("status"), header.index("received_at")
    bad = {7: (status, "not-a-status"), 45_001: (received, "31/02/2026"), ROWS - 3: (status, "???")}
    for i, (col, value) in bad.items():
        data[i][col] = value
    # A duplicate id far from its first row: the later row (another status) must win.
    dup = list(data[10])
    dup[status] = "Withdrawn" if data[10][status] != "Withdrawn" else "Rejected"
    data.append(dup)
    path = base / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
    return path, {i + 2: header[col] for i, (col, _) in bad.items()}, (dup[header.index("dossier_id")], dup[status].lower())


def test_the_rows_of_errors_in_a_file_read_in_parallel_are_the_rows_of_the_file(big_export, tmp_path):
    path, want, _dup = big_export
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path], errors_path=tmp_path / "err.csv")
    assert (res.rows_read, res.rows_rejected, res.duplicates_in_import) == (ROWS + 1, 3, 1)
    assert {(e.row, e.column) for e in res.errors} == set(want.items())
    assert store.count() == ROWS - 3


def test_the_last_of_two_rows_with_one_id_wins_when_they_are_far_apart(big_export, tmp_path):
    path, _want, (dup_id, dup_status) = big_export
    store = DossierStore(tmp_path / "store")
    store.import_files([path])
    with store.cursor() as cur:
        got = cur.execute("SELECT status FROM dossiers WHERE dossier_id = ?", [dup_id]).fetchall()
    assert got == [(dup_status,)]


def test_an_import_leaves_no_staging_files_behind(big_export, tmp_path):
    path, _want, _dup = big_export
    root = tmp_path / "store"
    DossierStore(root).import_files([path])
    assert not list(root.glob(".staging-*"))
    assert not list(Path(root / ".tmp").iterdir())
