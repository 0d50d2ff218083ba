"""Input edges: bulk CSV in other encodings, a huge cell, a very long evidence file name, a disguised file."""

from __future__ import annotations

import csv
import io
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _windows_1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters precomposed, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def _export(client, world) -> list[list[str]]:
    content = client.get(f"/api/bulk/{world.plan_id}/export/tasks.csv").content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _preview(client, world, token, content: bytes, name: str = "tasks.csv"):
    return client.post(f"/api/bulk/{world.plan_id}/preview", data={"what": "tasks"},
                       files={"file": (name, content, "text/csv")}, headers={"X-CSRF-Token": token})


def test_a_windows_1258_csv_is_read_with_its_columns(client, world, login_as):
    token = login_as("standing_office")
    rows = _export(client, world)
    r = _preview(client, world, token, _windows_1258(_csv_text(rows)))
    assert r.status_code == 200, r.text
    assert not [e for e in r.json()["preview"]["errors"] if "Thiếu cột" in e["message"]]


def test_a_utf16_csv_with_its_bom_is_read(client, world, login_as):
    token = login_as("standing_office")
    r = _preview(client, world, token, _csv_text(_export(client, world)).encode("utf-16"))
    assert r.status_code == 200, r.text


def test_a_csv_in_an_unknown_single_byte_encoding_is_refused_naming_utf8(client, world, login_as):
    token = login_as("standing_office")
    # A header in cp1252 mojibake (no column can be found): the message says which encoding to use.
    r = _preview(client, world, token, "Nhi\xeam v\xfb;G\xe9\n1;x\n".encode("cp1252"))
    assert r.status_code == 422, r.text
    assert "UTF-8" in r.json()["error"]["message"]


def test_a_utf16_csv_without_bom_is_refused_naming_utf8(client, world, login_as):
    token = login_as("standing_office")
    r = _preview(client, world, token, _csv_text(_export(client, world)).encode("utf-16-le"))
    assert r.status_code == 422, r.text
    assert "UTF-8" in r.json()["error"]["message"]


def test_a_csv_cell_over_128_kib_is_refused_with_its_row_and_column(client, world, login_as):
    token = login_as("standing_office")
    rows = _export(client, world)
    rows[2][1] = "x" * (129 * 1024)
    r = _preview(client, world, token, _csv_text(rows).encode("utf-8"))
    assert r.status_code == 422, r.text
    message = r.json()["error"]["message"]
    assert "dòng 3" in message and "cột 2" in message, message


def test_a_300_character_evidence_file_name_is_shortened_keeping_its_extension(client, world, login_as, data_dir):
    token = login_as("unit_officer")
    name = "bien-ban-" + "ă" * 300 + ".pdf"
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "30", "results": "Đang làm."},
                    files={"evidence_file": (name, b"%PDF-1.4\n%test\n", "application/pdf")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code in (200, 201), r.text
    name = r.json()["report"]["evidence_file"]
    assert name.endswith(".pdf") and name.startswith("bien-ban-ă") and len(name.encode()) <= 120, name
    assert [p for p in (data_dir / "files").rglob(name) if p.is_file()]


def test_an_exe_renamed_docx_is_refused_and_leaves_no_file(client, world, login_as, data_dir):
    token = login_as("unit_officer")
    before = sorted(p for p in (data_dir / "files").rglob("*") if p.is_file()) if (data_dir / "files").exists() else []
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "30", "results": "Đang làm."},
                    files={"evidence_file": ("minh-chung.docx", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422, r.text
    after = sorted(p for p in (data_dir / "files").rglob("*") if p.is_file()) if (data_dir / "files").exists() else []
    assert after == before
