"""Importing exports: encodings, layout detection, validation with an error file, idempotent upserts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cchc.domain.errors import InvalidInput
from cchc.dossiers import DossierStore, detect_layout, generate_dossiers, get_layout, write_export

from .conftest import LOC

COMPARE = ("dossier_id", "locality_code", "procedure_name", "sector", "channel", "received_at", "due_at",
           "resolved_at", "returned_at", "status", "fee_required", "paid_online", "rating", "supplement_count",
           "supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at")


def stored(store: DossierStore) -> list[tuple]:
    cols = ", ".join(COMPARE)
    return store.con.execute(f"SELECT {cols} FROM dossiers ORDER BY locality_code, dossier_id").fetchall()


def expected(table) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = [tuple(r[c] for c in COMPARE) for r in table.to_pylist()]
    return sorted(rows, key=lambda r: (r[1], r[0]))


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return generate_dossiers([LOC, 11557], 2026, 60, seed=7)


@pytest.mark.parametrize(
    ("layout", "encoding", "suffix"),
    [
        ("igate", "utf-8", ".csv"),
        ("igate", "utf-8-sig", ".csv"),
        ("motcua", "utf-16", ".csv"),
        ("motcua", "cp1258", ".csv"),
        ("canonical", "utf-8", ".csv"),
        ("igate", "utf-8", ".xlsx"),
    ],
)
def test_every_encoding_and_layout_round_trips_to_the_same_records(tmp_path, sample, layout, encoding, suffix):
    path = write_export(sample, tmp_path / f"export{suffix}", layout=layout, encoding=encoding)
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path])
    assert res.layouts[path.name] == layout  # detected from the headers
    assert (res.rows_read, res.rows_imported, res.rows_rejected) == (60, 60, 0)
    got = stored(store)
    want = expected(sample)
    assert got == want


def test_layouts_are_told_apart_by_their_headers():
    assert detect_layout(["Mã hồ sơ", "Mã ĐVHC", "Ngày tiếp nhận", "Trạng thái hồ sơ"]).name == "igate"
    assert detect_layout(["Số hồ sơ", "Mã xã/phường", "Thời điểm tiếp nhận", "Tình trạng"]).name == "motcua"
    with pytest.raises(InvalidInput, match="Không nhận ra mẫu tệp"):
        detect_layout(["a", "b"])


def _igate_csv(path: Path, rows: list[list[str]]) -> Path:
    lay = get_layout("igate")
    header = [lay.header(c) for c in ("dossier_id", "locality_code", "received_at", "due_at", "resolved_at",
                                      "status", "rating", "channel")]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_bad_rows_go_to_the_error_file_and_good_rows_are_imported(tmp_path):
    path = _igate_csv(tmp_path / "x.csv", [
        ["H1", str(LOC), "02/03/2026 08:00", "10/03/2026 17:00", "09/03/2026 10:00", "10", "5", "2"],
        ["H2", str(LOC), "31/02/2026", "10/03/2026 17:00", "", "4", "", "1"],
        ["H3", str(LOC), "02/03/2026 08:00", "", "", "99", "", ""],
        ["", str(LOC), "02/03/2026 08:00", "", "", "4", "7", ""],
        ["H5", "abc", "02/03/2026 08:00", "", "", "4", "", ""],
        ["H6", str(LOC), "05/03/2026 08:00", "", "04/03/2026 08:00", "9", "", ""],
        ["H7", str(LOC), "05/03/2026 08:00", "", "", "9", "", ""],
    ])
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path], errors_path=tmp_path / "err.csv")
    assert (res.rows_read, res.rows_imported, res.rows_rejected) == (7, 1, 6)
    with open(tmp_path / "err.csv", encoding="utf-8-sig") as fh:
        errs = list(csv.DictReader(fh))
    got = {(int(e["row"]), e["column"], e["value"]) for e in errs}
    assert (3, "Ngày tiếp nhận", "31/02/2026") in got
    assert (4, "Trạng thái hồ sơ", "99") in got
    assert (5, "Mã hồ sơ", "") in got and (5, "Điểm đánh giá", "7") in got
    assert (6, "Mã ĐVHC", "abc") in got
    assert (7, "Ngày có kết quả", "04/03/2026 08:00") in got  # before it was received
    assert (8, "Ngày có kết quả", "9") in got  # resolved status without an end date
    reasons = {e["reason"] for e in errs}
    assert any("ngày giờ không hợp lệ" in r for r in reasons)
    assert [r[0] for r in stored(store)] == ["H1"]


def test_the_wait_dates_are_read_from_an_export_and_a_wait_that_ends_before_it_starts_is_a_row_error(tmp_path):
    lay = get_layout("igate")
    cols = ("dossier_id", "locality_code", "received_at", "due_at", "status", "supplement_count",
            "supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at")
    path = tmp_path / "waits.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([lay.header(c) for c in cols])
        w.writerows([
            ["W1", str(LOC), "02/03/2026 08:00", "10/03/2026 17:00", "5", "1", "04/03/2026 09:00", "09/03/2026 15:00",
             "", ""],
            ["W2", str(LOC), "02/03/2026 08:00", "10/03/2026 17:00", "4", "1", "05/03/2026 09:00", "04/03/2026 09:00",
             "", ""],
            ["W3", str(LOC), "02/03/2026 08:00", "10/03/2026 17:00", "4", "0", "", "", "06/03/2026 09:00",
             "05/03/2026 09:00"],
        ])
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path], errors_path=tmp_path / "err.csv")
    assert (res.rows_imported, res.rows_rejected) == (1, 2)
    with open(tmp_path / "err.csv", encoding="utf-8-sig") as fh:
        got = {(int(e["row"]), e["column"]) for e in csv.DictReader(fh)}
    assert got == {(3, "Ngày nhận hồ sơ bổ sung"), (4, "Ngày tiếp tục xử lý")}
    rows = store.con.execute("SELECT dossier_id, supplement_requested_at, supplement_received_at FROM dossiers").fetchall()
    assert [(r[0], r[1].day, r[2].day) for r in rows] == [("W1", 4, 9)]


def test_reimporting_the_same_export_adds_nothing(tmp_path, sample):
    path = write_export(sample, tmp_path / "e.csv", layout="igate")
    store = DossierStore(tmp_path / "store")
    first = store.import_files([path])
    second = store.import_files([path])
    assert (first.inserted, first.updated) == (60, 0)
    assert (second.inserted, second.updated) == (0, 60)
    assert store.count() == 60


def test_overlapping_exports_upsert_by_locality_and_dossier_id(tmp_path, sample):
    a = write_export(sample.slice(0, 40), tmp_path / "a.csv", layout="igate")
    changed = sample.slice(30, 30).to_pylist()
    for r in changed:
        r["status"] = "withdrawn" if r["resolved_at"] is not None else r["status"]
    import pyarrow as pa

    b = write_export(pa.Table.from_pylist(changed, schema=sample.schema), tmp_path / "b.xlsx", layout="motcua")
    store = DossierStore(tmp_path / "store")
    store.import_files([a])
    res = store.import_files([b])
    assert (res.inserted, res.updated) == (20, 10)
    assert store.count() == 60
    ids = {r["dossier_id"] for r in changed if r["status"] == "withdrawn"}
    got = dict(store.con.execute("SELECT dossier_id, status FROM dossiers").fetchall())
    assert all(got[i] == "withdrawn" for i in ids)


def test_duplicate_rows_within_one_import_keep_the_last(tmp_path):
    path = _igate_csv(tmp_path / "d.csv", [
        ["H1", str(LOC), "02/03/2026 08:00", "", "", "4", "", ""],
        ["H1", str(LOC), "02/03/2026 08:00", "", "", "5", "", ""],
    ])
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path])
    assert res.duplicates_in_import == 1
    assert store.con.execute("SELECT status FROM dossiers").fetchall() == [("supplement",)]


def test_a_file_without_locality_column_takes_the_given_locality(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Mã hồ sơ;Ngày tiếp nhận;Trạng thái hồ sơ\nX1;02/03/2026 08:00;2\n", encoding="utf-8")
    store = DossierStore(tmp_path / "store")
    with pytest.raises(InvalidInput, match="Không nhận ra mẫu tệp"):
        store.import_files([path])
    res = store.import_files([path], default_locality=LOC)
    assert res.rows_imported == 1 and store.localities() == [LOC]


def test_missing_required_column_with_explicit_layout_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Mã hồ sơ,Mã ĐVHC\nX,1\n", encoding="utf-8")
    store = DossierStore(tmp_path / "store")
    with pytest.raises(InvalidInput, match="thiếu cột bắt buộc"):
        store.import_files([path], layout="igate")


def test_a_dossier_without_due_date_gets_one_from_the_procedure_limit(tmp_path):
    lay = get_layout("igate")
    path = tmp_path / "nodue.csv"
    header = [lay.header(c) for c in ("dossier_id", "locality_code", "procedure_code", "received_at", "status")]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(["N1", str(LOC), "T-5", "06/03/2026 08:00", "4"])  # Friday + 5 working days = Fri 13/3
        w.writerow(["N2", str(LOC), "T-0", "07/03/2026 08:00", "4"])  # Saturday, same day -> Monday 9/3
        w.writerow(["N3", str(LOC), "unknown", "06/03/2026 08:00", "4"])
    store = DossierStore(tmp_path / "store")
    store.set_procedure_limits({"T-5": 5, "T-0": 0}, replace=True)
    res = store.import_files([path])
    assert res.due_derived == 2
    got = dict(store.con.execute("SELECT dossier_id, CAST(due_at AS DATE) FROM dossiers").fetchall())
    assert (str(got["N1"]), str(got["N2"]), got["N3"]) == ("2026-03-13", "2026-03-09", None)


def test_a_header_only_file_imports_nothing_and_still_writes_the_error_file(tmp_path):
    path = _igate_csv(tmp_path / "empty.csv", [])
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path], errors_path=tmp_path / "err.csv")
    assert (res.rows_read, res.rows_imported, store.count()) == (0, 0, 0)
    assert (tmp_path / "err.csv").read_text(encoding="utf-8-sig").startswith("file,row,column,value,reason")


def test_a_line_with_too_many_fields_is_a_row_error(tmp_path):
    path = _igate_csv(tmp_path / "x.csv", [["H1", str(LOC), "02/03/2026 08:00", "", "", "4", "", ""]])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('H2,11560,02/03/2026 08:00,,,4,,,extra,more\n')
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path])
    assert (res.rows_imported, res.rows_rejected) == (1, 1)
    assert "số cột" in res.errors[0].reason


def test_row_numbers_of_bad_rows_count_the_unreadable_lines_before_them(tmp_path):
    path = tmp_path / "x.csv"
    lay = get_layout("igate")
    header = [lay.header(c) for c in ("dossier_id", "locality_code", "received_at", "status")]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(["H1", str(LOC), "02/03/2026 08:00", "4"])  # row 2
        w.writerow(["H2", str(LOC), "02/03/2026 08:00", "4", "extra"])  # row 3: unreadable
        w.writerow(["H3", str(LOC), "31/02/2026", "4"])  # row 4: bad date
        w.writerow(["H4", str(LOC)])  # row 5: unreadable
        w.writerow(["H5\nbis", str(LOC), "02/03/2026 08:00", "99"])  # row 6 (two lines): bad status
    store = DossierStore(tmp_path / "store")
    res = store.import_files([path])
    assert (res.rows_read, res.rows_imported, res.rows_rejected) == (5, 1, 4)
    got = {(e.row, e.column) for e in res.errors}
    assert got == {(3, ""), (4, "Ngày tiếp nhận"), (5, ""), (6, "Trạng thái hồ sơ")}
