"""`cchc extract` and `cchc schema` end to end, including every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cchc.cli import app

runner = CliRunner()

PLAN_TXT = """ỦY BAN NHÂN DÂN XÃ AN PHÚ
Số: 12/KH-UBND
An Phú, ngày 15 tháng 01 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026
I. MỤC TIÊU
- Nâng cao chất lượng phục vụ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật hết hiệu lực.
2. Cải cách thủ tục hành chính
- Công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công quốc gia.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã: Chủ trì các nội dung về cải cách thể chế.
2. Trung tâm Phục vụ hành chính công: Chủ trì cải cách thủ tục hành chính.
"""


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_extract_prints_valid_plan_json(tmp_path: Path) -> None:
    src = _write(tmp_path / "ke-hoach.txt", PLAN_TXT)
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "cchc.plan/1" and data["source"]["file"] == "ke-hoach.txt"
    assert [(t["area"], t["lead"][0]["unit"]) for t in data["tasks"]] == [("institutions", "van_phong"),
                                                                         ("procedures", "tt_phvhcc")]


def test_extract_writes_pretty_json_to_a_file_that_validates_against_cchc_schema(tmp_path: Path) -> None:
    src = _write(tmp_path / "ke-hoach.txt", PLAN_TXT)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "--pretty"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema"')
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    jsonschema.validate(json.loads(text), schema)


def test_the_project_schema_agrees_with_the_shared_one(shared_dir: Path, tmp_path: Path) -> None:
    shared = json.loads((shared_dir / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    ours = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert ours["$id"] == shared["$id"] and set(ours["$defs"]) == set(shared["$defs"])
    for gold in sorted((shared_dir / "gold").glob("*.json")):
        jsonschema.validate(json.loads(gold.read_text(encoding="utf-8")), shared)


def _big(path: Path) -> Path:
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    return path


def _encrypted(path: Path) -> Path:
    head = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    head += "EncryptionInfo".encode("utf-16-le") + b"\0" * 200 + "EncryptedPackage".encode("utf-16-le")
    head += b"\0" * 2048
    return _write(path, bytes(head))


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("rong.txt", lambda p: _write(p, b"")),
        ("hong.docx", lambda p: _write(p, b"PK\x03\x04 this is not really a zip")),
        ("hong.pdf", lambda p: _write(p, b"%PDF-1.7\n garbage without objects")),
        ("mat-khau.docx", _encrypted),
        ("qua-lon.txt", _big),
        ("bang-tinh.xyz", lambda p: _write(p, b"\x00\x01\x02\x03binary\x00\xff\xfe\x00")),
        ("khong-co.txt", None),
    ],
)
def test_bad_input_gives_one_error_line_and_exit_2(tmp_path: Path, name: str, make) -> None:
    path = tmp_path / name
    if make is not None:
        make(path)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and name in lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""


def test_the_command_has_help_with_an_example() -> None:
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Example: cchc extract" in result.stdout


def test_a_corrupt_pdf_through_the_installed_command_prints_exactly_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "cchc"
    if not exe.exists():
        pytest.skip("the cchc entry point is not installed beside this Python")
    bad = _write(tmp_path / "hong.pdf", b"%PDF-1.7\n garbage without objects")
    proc = subprocess.run([str(exe), "extract", str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("Error: ")
