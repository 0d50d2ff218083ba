"""`cchc db upgrade`, `cchc user add`, `cchc plan import/publish` end to end, and the demo seeding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc.cli import app
from cchc.demo import DEMO_LOCALITY, seed_demo
from cchc.domain.errors import CchcError
from cchc.domain.statuses import PlanStatus, ReviewStatus, TaskStatus
from cchc.kernel.actor import Actor, Role
from cchc.services import dashboard, plans, progress
from cchc.store.testing import SqliteTemplate

runner = CliRunner()


@pytest.fixture()
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("CCHC_DATA", str(data))
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    return data


def test_db_upgrade_user_add_plan_import_and_publish(cli_env: Path, tmp_path: Path, plan_json) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Đã nạp 3355" in result.output
    assert (cli_env / "cchc.db").exists()
    again = runner.invoke(app, ["db", "upgrade"])
    assert "Đã nạp 0" in again.output

    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "lan.pt",
            "--role",
            "unit_officer",
            "--locality",
            "11533",
            "--unit",
            "phong_kinh_te",
            "--password-stdin",
        ],
        input="mat-khau-dai-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản lan.pt (unit_officer)" in result.output

    plan_file = tmp_path / "ke-hoach.json"
    plan_file.write_text(json.dumps(plan_json()), encoding="utf-8")
    result = runner.invoke(app, ["plan", "import", str(plan_file), "--locality", "11533"])
    assert result.exit_code == 0, result.output
    assert (
        "Đã tạo kế hoạch nháp #1 (12/KH-UBND): 5 nhiệm vụ, 2 chỉ tiêu; 0 nhiệm vụ chưa có đơn vị chủ trì."
        in (result.output)
    )
    result = runner.invoke(app, ["plan", "publish", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Đã ban hành kế hoạch #1." in result.output
    listing = runner.invoke(app, ["plan", "list"])
    assert "1\tpublished\t11533\t12/KH-UBND" in listing.output


def test_user_passwd_and_list(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    runner.invoke(
        app, ["user", "add", "an.nv", "--role", "admin", "--password-stdin"], input="mat-khau-dai-1\n"
    )
    result = runner.invoke(app, ["user", "passwd", "an.nv", "--password-stdin"], input="mat-khau-dai-2\n")
    assert result.exit_code == 0, result.output
    assert "Đã đặt lại mật khẩu cho an.nv." in result.output
    assert "\tan.nv\tadmin" in runner.invoke(app, ["user", "list"]).output
    missing = runner.invoke(app, ["user", "passwd", "khong.co", "--password-stdin"], input="mat-khau-dai-2\n")
    assert isinstance(missing.exception, CchcError)


def test_user_add_prompts_for_the_password_twice(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(
        app,
        ["user", "add", "an.nv", "--role", "leader", "--locality", "11533"],
        input="mat-khau-dai-1\nmat-khau-dai-1\n",
    )
    assert result.exit_code == 0, result.output


def test_a_bad_role_is_an_expected_error(cli_env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["user", "add", "an.nv", "--role", "mayor", "--password-stdin"], input="x\n")
    assert isinstance(result.exception, CchcError)
    assert "Vai trò không hợp lệ: 'mayor'" in str(result.exception)


def test_the_cli_prints_errors_on_one_line_with_exit_status_2(cli_env: Path) -> None:
    env = dict(os.environ, CCHC_DATA=str(cli_env))
    main = "from cchc.cli import main; main()"
    before = subprocess.run(
        [sys.executable, "-c", main, "plan", "list"], env=env, capture_output=True, text=True
    )
    assert before.returncode == 2
    assert before.stderr.startswith("Error: Cơ sở dữ liệu chưa được khởi tạo")
    assert runner.invoke(app, ["db", "upgrade", "--no-seed"]).exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-c", main, "plan", "import", __file__, "--locality", "1"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ") and "Traceback" not in proc.stderr
    assert proc.stderr == "Error: locality_code: Không tìm thấy xã/phường có mã 1.\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("demo")
    result = {}

    def prepare(session):  # type: ignore[no-untyped-def]
        result["r"] = seed_demo(session, data_dir=root, today=date(2026, 11, 25))

    template = SqliteTemplate(root, prepare)
    return template, result["r"]


def test_demo_has_users_for_every_role_with_passwords(demo, tmp_path) -> None:
    template, result = demo
    assert {r for _, _, r in result.credentials} == set(Role)
    assert all(len(p) >= 10 for _, p, _ in result.credentials)
    from cchc.auth.users import authenticate

    with template.session(tmp_path) as s:
        username, password, _ = result.credentials[1]
        assert authenticate(s, username=username, password=password).locality_code == DEMO_LOCALITY


def test_demo_plan_is_published_with_two_quarters_of_mixed_reports(demo, tmp_path) -> None:
    template, result = demo
    with template.session(tmp_path) as s:
        system = Actor.system()
        plan = plans.get_plan(s, system, plan_id=result.plan_id, today=date(2026, 11, 25))
        assert plan.status is PlanStatus.PUBLISHED and len(plan.tasks) >= 5
        reports = progress.list_reports(s, system, plan_id=plan.id)
        by = Counter((r.period, r.review_status) for r in reports)
        for period in ("2026-Q2", "2026-Q3"):
            for status in ReviewStatus:
                assert by[(period, status)] > 0, (period, status, by)
        statuses = Counter(t.status for t in plan.tasks)
        assert statuses[TaskStatus.OVERDUE] > 0 and statuses[TaskStatus.DONE] > 0
        board = dashboard.dashboard(
            s, system, locality_code=DEMO_LOCALITY, period="2026-Q3", today=date(2026, 11, 25)
        )
        assert board.missing_reports and 0 < board.completeness < 1
        assert any(i.actual is not None for i in board.indicators)


def test_demo_falls_back_to_the_built_in_plan_without_the_sample(tmp_path, monkeypatch) -> None:
    import cchc.demo as demo_module

    monkeypatch.setattr(
        demo_module, "_sample", lambda: ("ke-hoach-demo.txt", demo_module.FALLBACK_PLAN.encode())
    )
    result = {}

    def prepare(session):  # type: ignore[no-untyped-def]
        result["r"] = seed_demo(session, data_dir=tmp_path, today=date(2026, 11, 25))

    template = SqliteTemplate(tmp_path / "fallback", prepare)
    with template.session(tmp_path) as s:
        plan = plans.get_plan(s, Actor.system(), plan_id=result["r"].plan_id, today=date(2026, 11, 25))
        assert plan.status is PlanStatus.PUBLISHED and len(plan.tasks) == 4
        assert all(t.lead for t in plan.tasks)
