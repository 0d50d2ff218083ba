"""`cchc dossiers …` and `cchc metrics` end to end: messages and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cchc.cli import app

from .conftest import LOC


@pytest.fixture
def runner(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCHC_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("CCHC_PERIOD_CUTOFF_DAY", raising=False)
    return CliRunner()


def test_generate_import_metrics_and_drill(runner, tmp_path):
    out = tmp_path / "hs.csv"
    r = runner.invoke(app, ["dossiers", "generate", "--localities", f"{LOC},11557", "--rows", "2000", "--seed", "5",
                            "--layout", "motcua", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Đã ghi 2.000 hồ sơ" in r.output
    r = runner.invoke(app, ["dossiers", "import", str(out), "--errors", str(tmp_path / "err.csv")])
    assert r.exit_code == 0, r.output
    assert "mẫu motcua" in r.output and "nhập 2.000 hồ sơ" in r.output
    r = runner.invoke(app, ["metrics", "--localities", str(LOC), "--period", "2026-Q1", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {m["metric"] for m in data["metrics"]} >= {"on_time_rate", "online_rate", "satisfaction_rate"}
    assert set(data["metrics"][0]) == {"locality_code", "period", "group", "metric", "numerator", "denominator",
                                       "value"}
    assert data["index_766"][0]["locality_code"] == LOC
    r = runner.invoke(app, ["metrics", "--localities", str(LOC), "--period", "2026-Q1", "--by", "sector", "--table"])
    assert r.exit_code == 0, r.output
    assert "II.06a" in r.output
    late = tmp_path / "late.xlsx"
    r = runner.invoke(app, ["dossiers", "drill", "--localities", str(LOC), "--period", "2026-Q1", "--metric",
                            "on_time_rate", "--outcome", "late", "-o", str(late)])
    assert r.exit_code == 0, r.output
    assert late.exists() and "hồ sơ vào" in r.output
    r = runner.invoke(app, ["dossiers", "list", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["localities"][0]["dossiers"] > 0


def test_bad_period_is_an_error_with_exit_2(runner):
    r = runner.invoke(app, ["metrics", "--period", "2026-Q5"])
    assert r.exit_code == 2
    assert r.output.startswith("Error: Kỳ báo cáo không hợp lệ")


def test_missing_file_is_an_error_with_exit_2(runner, tmp_path):
    r = runner.invoke(app, ["dossiers", "import", str(tmp_path / "nope.csv")])
    assert r.exit_code == 2
    assert "Error: Không tìm thấy tệp" in r.output


def test_unknown_layout_and_outcome_are_errors(runner, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    r = runner.invoke(app, ["dossiers", "import", str(f), "--layout", "nope"])
    assert r.exit_code == 2 and "Error: Không có mẫu tệp" in r.output
    r = runner.invoke(app, ["dossiers", "import", str(f)])
    assert r.exit_code == 2 and "Error: " in r.output and "--layout" in r.output
    r = runner.invoke(app, ["dossiers", "drill", "--period", "2026-03", "--outcome", "sideways"])
    assert r.exit_code == 2 and "Error: Không có kết quả lọc" in r.output


def test_766_inputs_import_and_manual_entry(runner, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(f"locality_code,period,indicator,value\n{LOC},2026-Q1,pakn_on_time,95\n", encoding="utf-8")
    r = runner.invoke(app, ["dossiers", "import-766-inputs", str(f)])
    assert r.exit_code == 0, r.output
    assert "Đã nhập 1 giá trị" in r.output
    r = runner.invoke(app, ["dossiers", "set-766", "--locality", str(LOC), "--period", "Q1/2026", "--indicator",
                            "pakn_count", "--value", "0"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["metrics", "--localities", str(LOC), "--period", "2026-Q1", "--json"])
    ind = {i["code"]: i for g in json.loads(r.output)["index_766"][0]["groups"] for i in g["indicators"]}
    assert ind["pakn_on_time"]["source"] == "entered" and ind["pakn_on_time"]["points"] == 6.0
    r = runner.invoke(app, ["dossiers", "set-766", "--locality", str(LOC), "--period", "2026-Q1", "--indicator",
                            "bogus", "--value", "1"])
    assert r.exit_code == 2 and "Error:" in r.output
