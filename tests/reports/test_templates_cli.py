"""`cchc report-template`: the default written out, a template checked, set for a province and reset."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from cchc.reports import docx_layout as L
from cchc.reports.docx_template import default_template_bytes

from .conftest import CODE, World, session_for


def _with(text: str) -> bytes:
    doc = Document(io.BytesIO(default_template_bytes()))
    L.add_body(doc, text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_the_default_is_written_out_and_a_bad_template_is_checked_with_its_reason(tmp_path: Path) -> None:
    from cchc.cli import app

    out = tmp_path / "mau.docx"
    r = CliRunner().invoke(app, ["report-template", "--default", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == default_template_bytes()
    assert CliRunner().invoke(app, ["report-template", "--check", str(out)]).exit_code == 0
    bad = tmp_path / "sai.docx"
    bad.write_bytes(_with("Kính gửi {{ chu_tich_tinh }}."))
    r = CliRunner().invoke(app, ["report-template", "--check", str(bad)])
    assert r.exit_code == 1 and "«chu_tich_tinh»" in r.output


def test_a_template_set_for_the_province_lays_out_its_communes_report_until_reset(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.cli import app
    from cchc.reporting.templates import template_for_locality
    from cchc.store.localities import LocalityRepository

    monkeypatch.setenv("CCHC_DATA", str(world.data_dir))
    monkeypatch.setenv("CCHC_DATABASE_URL", world.url)
    with session_for(world) as s:
        province = LocalityRepository(s).locality(CODE).province_code
    mine = tmp_path / "mau-tinh.docx"
    mine.write_bytes(_with("Mẫu riêng của tỉnh."))
    r = CliRunner().invoke(app, ["report-template", "--upload", str(mine), "--province", str(province)])
    assert r.exit_code == 0, r.output
    with session_for(world) as s:
        assert template_for_locality(s, CODE)[0] == mine.read_bytes()
    out = tmp_path / "bc.docx"
    r = CliRunner().invoke(app, ["report", "--locality", str(CODE), "--period", "2026-Q2", "-o", str(out),
                                 "--no-charts"])
    assert r.exit_code == 0, r.output
    assert "Mẫu riêng của tỉnh." in [p.text for p in Document(str(out)).paragraphs]
    assert CliRunner().invoke(app, ["report-template", "--reset", "--province", str(province)]).exit_code == 0
    with session_for(world) as s:
        assert template_for_locality(s, CODE)[0] is None
