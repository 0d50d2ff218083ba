"""`cchc plan parent import|list`, `cchc plan link` and `cchc plan conformance` end to end on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc.cli import app
from tests.conformance_docs import city_plan, good_commune_plan, weak_commune_plan
from tests.services.conftest import HOA_BINH

runner = CliRunner()
WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture()
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("CCHC_DATA", str(data))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return data


def _file(tmp_path: Path, name: str, doc: dict) -> str:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _commune_plan(tmp_path: Path, name: str, doc: dict) -> int:  # type: ignore[type-arg]
    result = runner.invoke(app, ["plan", "import", _file(tmp_path, name, doc), "--locality", str(HOA_BINH)])
    assert result.exit_code == 0, result.output
    return int(result.output.split("#", 1)[1].split()[0])


def test_the_city_plan_is_imported_listed_linked_and_checked_from_the_command_line(cli_env, tmp_path) -> None:
    result = runner.invoke(app, ["plan", "parent", "import", _file(tmp_path, "kh-thanh-pho.json", city_plan()),
                                 "--level", "province", "--province", "31"])
    assert result.exit_code == 0, result.output
    assert "Đã đăng kế hoạch cấp trên #1 của tỉnh/thành phố 31 (30/KH-UBND): 4 chỉ tiêu, 4 nhiệm vụ." in result.output

    listing = runner.invoke(app, ["plan", "parent", "list", "--json"])
    assert listing.exit_code == 0, listing.output
    rows = json.loads(listing.output)
    assert [(r["id"], r["level"], r["province_code"], r["number"]) for r in rows] == [(1, "province", 31, "30/KH-UBND")]
    table = runner.invoke(app, ["plan", "parent", "list", "--province", "31"], env=WIDE)
    assert table.exit_code == 0 and "30/KH-UBND" in table.output and "tỉnh/thành phố" in table.output
    assert "Chưa có kế hoạch cấp trên." in runner.invoke(app, ["plan", "parent", "list", "--province", "1"]).output

    weak = _commune_plan(tmp_path, "kh-yeu.json", weak_commune_plan())
    unlinked = runner.invoke(app, ["plan", "conformance", "--plan", str(weak)])
    assert f"Kế hoạch #{weak} chưa liên kết với kế hoạch cấp trên nào." in unlinked.output
    linked = runner.invoke(app, ["plan", "link", "--plan", str(weak), "--parent", "1"])
    assert linked.exit_code == 0, linked.output
    assert f"Kế hoạch #{weak} thực hiện kế hoạch cấp trên #1 (30/KH-UBND)." in linked.output
    again = runner.invoke(app, ["plan", "link", "--plan", str(weak), "--parent", "1"])
    assert again.exit_code == 0  # linking twice changes nothing

    report = runner.invoke(app, ["plan", "conformance", "--plan", str(weak), "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert [p["id"] for p in data["linked"]] == [1]
    assert data["failed"] > 0 and data["total"] == data["passed"] + data["failed"] + data["pending"]
    kinds = {c["kind"] for c in data["checks"] if c["ok"] is False}
    assert {"target_level", "target_missing"} <= kinds

    shown = runner.invoke(app, ["plan", "conformance", "--plan", str(weak)], env=WIDE)
    assert shown.exit_code == 0, shown.output
    assert "Chưa đạt" in shown.output and "Mức chỉ tiêu" in shown.output
    assert f"{data['passed']}/{data['total']} nội dung đạt, {data['failed']} chưa đạt" in shown.output


def test_a_plan_that_answers_the_city_plan_fails_no_check(cli_env, tmp_path) -> None:
    runner.invoke(app, ["plan", "parent", "import", _file(tmp_path, "kh-thanh-pho.json", city_plan()),
                        "--level", "province", "--province", "31"])
    good = _commune_plan(tmp_path, "kh-tot.json", good_commune_plan())
    runner.invoke(app, ["plan", "link", "--plan", str(good), "--parent", "1"])
    data = json.loads(runner.invoke(app, ["plan", "conformance", "--plan", str(good), "--json"]).output)
    assert data["failed"] == 0 and data["passed"] > 0


def test_a_suggested_task_match_is_confirmed_from_the_command_line(cli_env, tmp_path) -> None:
    runner.invoke(app, ["plan", "parent", "import", _file(tmp_path, "kh-thanh-pho.json", city_plan()),
                        "--level", "province", "--province", "31"])
    good = _commune_plan(tmp_path, "kh-tot.json", good_commune_plan())
    runner.invoke(app, ["plan", "link", "--plan", str(good), "--parent", "1"])
    before = json.loads(runner.invoke(app, ["plan", "conformance", "--plan", str(good), "--json"]).output)
    pending = [c for c in before["checks"] if c["ok"] is None]
    assert pending
    first, second = pending[0], pending[-1]
    ok = runner.invoke(app, ["plan", "match", "--plan", str(good), "--parent-task", first["parent_key"],
                             "--task", first["commune_key"][1:]])
    assert ok.exit_code == 0, ok.output
    assert f"tương ứng với nhiệm vụ cấp trên {first['parent_key']}" in ok.output
    no = runner.invoke(app, ["plan", "match", "--plan", str(good), "--parent-task", second["parent_key"],
                             "--task", second["commune_key"][1:], "--reject"])
    assert no.exit_code == 0 and "không tương ứng" in no.output
    after = json.loads(runner.invoke(app, ["plan", "conformance", "--plan", str(good), "--json"]).output)
    by_key = {(c["kind"], c["parent_key"]): c for c in after["checks"]}
    assert by_key[("task_answer", first["parent_key"])]["ok"] is True
    assert after["pending"] < before["pending"]


def test_linking_to_a_missing_parent_plan_is_an_error_not_a_traceback(cli_env, tmp_path) -> None:
    from cchc.cli import main

    plan = _commune_plan(tmp_path, "kh.json", good_commune_plan())
    import sys

    argv = sys.argv
    sys.argv = ["cchc", "plans", "link", "--plan", str(plan), "--parent", "99"]
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        sys.argv = argv
    assert exit_info.value.code == 2


def test_a_parent_plan_for_an_unknown_level_is_refused(cli_env, tmp_path) -> None:
    result = runner.invoke(app, ["plan", "parent", "import", _file(tmp_path, "kh.json", city_plan()),
                                 "--level", "district"])
    assert result.exit_code != 0
    assert "province" in str(result.exception) or "province" in result.output


def test_a_city_plan_written_in_word_is_read_with_its_level_and_province_from_its_header(cli_env, tmp_path) -> None:
    import docx

    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "Số: 30/KH-UBND", "Hải Phòng, ngày 15 tháng 01 năm 2026",
                 "KẾ HOẠCH", "Cải cách hành chính năm 2026 của thành phố", "I. CHỈ TIÊU",
                 "1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98%.",
                 "2. Mức độ hài lòng của người dân, doanh nghiệp đạt tối thiểu 90%.",
                 "II. NHIỆM VỤ",
                 "1. UBND các xã, phường rà soát, đơn giản hóa thủ tục hành chính, hoàn thành trước 30/6/2026."):
        d.add_paragraph(line)
    path = tmp_path / "ke-hoach-cchc-thanh-pho-2026.docx"
    d.save(path)
    result = runner.invoke(app, ["plan", "parent", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert (view["level"], view["province_code"], view["number"]) == ("province", 31, "30/KH-UBND")
    assert view["target_count"] == 2
