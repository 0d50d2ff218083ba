"""reporting on a real (SQLite) store: drafting from progress reports, edits, versions, approval."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

from cchc import reporting as svc
from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.statuses import TaskStatus
from cchc.reports.data import REFORM_AREAS

from .conftest import CODE, TODAY, World, session_for
from .conftest import quality as _quality


class TestBuildReportData:
    def test_narrative_comes_from_the_units_results_with_task_references(self, world: World) -> None:
        with session_for(world) as s:
            data = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                         quality=_quality)
        items = [it for sec in data.areas for it in sec.items] + data.direction.items
        texts = [it.text for it in items]
        # each of the nine reported tasks once, in a sentence with its unit as subject; references in the appendix
        assert len(texts) == 9
        for n in range(9):
            assert sum(f"kết quả nhiệm vụ số {n}:" in t.lower() for t in texts) == 1
        assert not any(it.refs for it in items)
        assert [s.area for s in data.areas] == list(REFORM_AREAS)
        assert data.locality_name == "xã Hòa Bình"
        assert data.issuer_lines == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]
        # the upper-level plan the commune's plan cites comes first, then the commune's own plan
        assert data.basis[0].startswith("Thực hiện Kế hoạch số 318/KH-UBND ngày 22/12/2025")
        assert "; Kế hoạch số 15/KH-UBND ngày 12/01/2026" in data.basis[0]
        assert data.basis[1] == "Kỳ báo cáo: từ ngày 01/04/2026 đến ngày 30/06/2026; số liệu tính đến ngày 08/06/2026."

    def test_causes_and_proposals_come_from_difficulties_and_proposals(self, world: World) -> None:
        with session_for(world) as s:
            data = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                         quality=_quality)
        # four reports gave the same difficulty: it is said once, with the units that gave it
        assert len(data.causes) == 1
        assert data.causes[0].text.startswith("Thiếu công chức chuyên trách (nêu trong báo cáo của ")
        assert sorted(p.text.split(" (đề xuất của ")[0] for p in data.proposals) == [
            "Đề xuất số 1: bổ sung kinh phí", "Đề xuất số 4: bổ sung kinh phí"]

    def test_tables_cover_every_task_and_indicator_of_the_plan(self, world: World) -> None:
        with session_for(world) as s:
            data = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                         quality=_quality)
        assert len(data.task_rows) == 29
        assert len(data.indicators) == 12
        assert sum(a.tasks_total for a in data.areas) + sum(
            1 for r in data.task_rows if r.area.value == "direction") == 29
        assert data.service_rows[-1].label == "Tổng cộng"
        assert data.service_summary and "1.266 hồ sơ" in data.service_summary[0].text

    def test_half_year_kind_widens_the_period(self, world: World) -> None:
        assert svc.resolve_period("2026-Q2", "half").code == "2026-H1"
        assert svc.resolve_period("2026-Q3", "year").code == "2026"
        with pytest.raises(InvalidInput):
            svc.resolve_period("2026-Q2", "week")

    def test_unit_officer_of_another_commune_cannot_read(self, world: World) -> None:
        from cchc.kernel.actor import Actor, Role

        other = Actor(user_id=None, username="x", role=Role.STANDING_OFFICE, locality_code=31891)
        with session_for(world) as s, pytest.raises(PermissionDenied):
            svc.build_report_data(s, other, locality_code=CODE, period="2026-Q2", today=TODAY, quality=_quality)


class TestEditing:
    def test_text_round_trip_keeps_references(self) -> None:
        items = svc.text_to_items("Đã ban hành kế hoạch [I.1, I.2]\n\n- Đã kiểm tra 02 đơn vị")
        assert [(i.text, i.refs) for i in items] == [("Đã ban hành kế hoạch", ["I.1", "I.2"]), ("Đã kiểm tra 02 đơn vị", [])]
        assert svc.items_to_text(items) == "Đã ban hành kế hoạch [I.1, I.2]\nĐã kiểm tra 02 đơn vị"

    def test_edits_are_kept_and_applied_to_the_next_draft(self, world: World) -> None:
        with session_for(world) as s:
            svc.save_draft(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir, today=TODAY,
                           quality=_quality, edits={"area.institutions": "Đoạn đã sửa bởi văn phòng [II.1]",
                                                    "signer": "vice", "signer_name": "Lê Văn Tâm",
                                                    "report_date": "09/06/2026"})
        with session_for(world) as s:
            draft = svc.get_draft(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                                  today=TODAY, quality=_quality)
        inst = next(a for a in draft.data.areas if a.area.value == "institutions")
        assert [(i.text, i.refs) for i in inst.items] == [("Đoạn đã sửa bởi văn phòng", ["II.1"])]
        assert draft.data.signer.authority == "KT. CHỦ TỊCH" and draft.data.signer.name == "Lê Văn Tâm"
        assert draft.data.report_date == date(2026, 6, 9)
        assert draft.updated_by == "thuongtruc"
        assert draft.texts["area.institutions"] == "Đoạn đã sửa bởi văn phòng [II.1]"

    def test_a_leader_cannot_edit_and_bad_fields_are_refused(self, world: World) -> None:
        with session_for(world) as s, pytest.raises(PermissionDenied):
            svc.save_draft(s, world.leader, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                           edits={"strengths": "x"}, quality=_quality)
        with session_for(world) as s, pytest.raises(InvalidInput):
            svc.save_draft(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                           edits={"report_date": "31/02/2026"}, quality=_quality)


class TestVersions:
    def test_each_generation_is_a_new_version_and_a_leader_approves_one(self, world: World) -> None:
        from cchc.store.models import AuditEvent

        with session_for(world) as s:
            v1 = svc.generate_report(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                                     today=TODAY, quality=_quality, with_charts=False)
            v2 = svc.generate_report(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                                     today=TODAY, quality=_quality, with_charts=False)
        assert v2.version == v1.version + 1
        with session_for(world) as s:
            versions = svc.list_versions(s, world.leader, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir)
            assert [v.version for v in versions][-2:] == [v1.version, v2.version]
            path = svc.version_file(s, world.leader, locality_code=CODE, period="2026-Q2", version=v2.version,
                                    fmt="docx", data_dir=world.data_dir)
            with pytest.raises(PermissionDenied):
                svc.approve_report(s, world.office, locality_code=CODE, period="2026-Q2", version=v1.version,
                                   data_dir=world.data_dir)
            svc.approve_report(s, world.leader, locality_code=CODE, period="2026-Q2", version=v1.version,
                               data_dir=world.data_dir)
            approved = svc.approve_report(s, world.leader, locality_code=CODE, period="2026-Q2", version=v2.version,
                                          data_dir=world.data_dir)
        assert approved.approved_by == "chutich"
        with session_for(world) as s:
            versions = svc.list_versions(s, world.leader, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir)
            assert [v.version for v in versions if v.approved] == [v2.version]
            actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "report"))]
        assert actions.count("generate") >= 2 and actions.count("approve") == 2
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        assert "Đoạn đã sửa bởi văn phòng (nhiệm vụ II.1)." in texts
        saved = json.loads((path.parent / f"v{v2.version:03d}.json").read_text(encoding="utf-8"))
        assert saved["version"] == v2.version and saved["locality_code"] == CODE

    def test_generated_report_passes_the_shared_checker(self, world: World, shared_dir: Path) -> None:
        with session_for(world) as s:
            v = svc.generate_report(s, world.office, locality_code=CODE, period="2026-Q2", data_dir=world.data_dir,
                                    today=TODAY, quality=_quality, with_charts=False)
            path = svc.version_file(s, world.office, locality_code=CODE, period="2026-Q2", version=v.version,
                                    fmt="docx", data_dir=world.data_dir)
        proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"), str(path)],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout


class TestNoticeAndPublic:
    def test_notice_data_compares_the_month_with_the_previous_one(self, world: World) -> None:
        with session_for(world) as s:
            n = svc.build_notice_data(s, world.office, locality_code=CODE, month="2026-05", quality=_quality)
        assert n.current is not None and n.current.month == "2026-05"
        assert n.previous is not None and n.previous.month == "2026-04"
        assert n.remarks[0].startswith("Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 98,9%, tăng 0,5 điểm")
        with session_for(world) as s, pytest.raises(InvalidInput):
            svc.build_notice_data(s, world.office, locality_code=CODE, month="2026-Q2", quality=_quality)

    def test_public_overview_holds_aggregates_only(self, world: World) -> None:
        with session_for(world) as s:
            o = svc.public_overview(s, locality_code=CODE, today=TODAY, quality=_quality)
        text = json.dumps(o.to_json(), ensure_ascii=False)
        assert sum(a["total"] for a in o.to_json()["areas"]) == 29
        for private in ("Kết quả nhiệm vụ số", "donvi", "thuongtruc", "Thiếu công chức", "submitted"):
            assert private not in text
        assert [m.month for m in o.monthly] == [f"2026-0{i}" for i in range(1, 7)]


def test_cli_report_writes_the_docx_and_keeps_a_version(world: World, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.cli import app

    monkeypatch.setenv("CCHC_DATA", str(world.data_dir))
    monkeypatch.setenv("CCHC_DATABASE_URL", world.url)
    out = tmp_path / "bc.docx"
    result = CliRunner().invoke(app, ["report", "--locality", str(CODE), "--period", "2026-Q2", "-o", str(out),
                                      "--xlsx", str(tmp_path / "pl.xlsx"), "--no-charts"])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "pl.xlsx").exists()
    assert "Phiên bản" in result.output
    listed = CliRunner().invoke(app, ["report-versions", "--locality", str(CODE), "--period", "2026-Q2"])
    assert listed.exit_code == 0 and listed.output.count("\tv") == 0 and "v1\t" in listed.output


def test_cli_report_without_locality_says_what_is_missing() -> None:
    from cchc.cli import app

    result = CliRunner().invoke(app, ["report", "-o", "x.docx"])
    assert result.exit_code == 2
    assert "Cần --locality và --period" in result.output


class TestDossierFigures:
    def test_report_takes_ii06a_766_and_months_from_the_dossier_store(self, world: World) -> None:
        with session_for(world) as s:
            data = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                         data_dir=world.data_dir)
        assert data.service_rows and data.service_rows[-1].label == "Tổng cộng"
        for row in data.service_rows:
            assert row.resolved_total + row.pending_total == row.received_total, row.label
        total = data.service_rows[-1]
        assert total.received_total == sum(r.received_total for r in data.service_rows[:-1])
        assert [m.month for m in data.monthly] == ["2026-04", "2026-05", "2026-06"]
        assert sum(m.received for m in data.monthly) == total.received_online + total.received_direct
        assert [g.max_points for g in data.index_766] == [18, 20, 12, 10, 22, 18]
        # entered indicators are not there yet: the score is provisional and names what is missing
        assert data.index_766_note.startswith("Điểm tạm tính")
        assert "Công bố, công khai TTHC đúng hạn" in data.index_766_note
        assert data.service_summary[0].text.startswith("Trong kỳ, tiếp nhận")

    def test_notice_reads_the_month_from_the_dossier_store(self, world: World) -> None:
        with session_for(world) as s:
            n = svc.build_notice_data(s, world.office, locality_code=CODE, month="2026-05", data_dir=world.data_dir)
        assert n.current is not None and n.current.month == "2026-05" and n.current.received > 0
        assert n.previous is not None and n.previous.month == "2026-04"
        assert [m.month for m in n.history] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
        assert n.service_rows[-1].label == "Tổng cộng"

    def test_a_commune_without_dossiers_gets_no_figures_and_no_error(self, world: World, tmp_path: Path) -> None:
        with session_for(world) as s:
            data = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                         data_dir=tmp_path)
        assert data.service_rows == [] and data.monthly == [] and data.index_766 == []


def test_half_year_report_keeps_the_results_of_both_quarters(world: World) -> None:
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope
    from cchc.services import progress
    from cchc.services.tasks import get_task

    with session_scope(world.url) as s:
        task = get_task(s, world.office, task_id=world.task_ids[1]).task
        unit = Actor(user_id=None, username="donvi", role=Role.UNIT_OFFICER, locality_code=CODE,
                     unit_id=task.lead[0].unit_id)
        progress.submit_progress(s, unit, task_id=task.id, period="2026-Q1", status=TaskStatus.IN_PROGRESS,
                                 percent=20, results="Quý I: đã xây dựng dự thảo")
    with session_for(world) as s:
        half = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", kind="half",
                                     today=TODAY, quality=_quality)
        quarter = svc.build_report_data(s, world.office, locality_code=CODE, period="2026-Q2", today=TODAY,
                                        quality=_quality)
    assert half.period_code == "2026-H1" and half.period_label == "6 tháng đầu năm 2026"
    texts = [i.text for i in half.direction.items] + [i.text for a in half.areas for i in a.items]
    # both quarters' words in the one sentence of that task
    both = [t for t in texts if "quý I: đã xây dựng dự thảo" in t]
    assert len(both) == 1 and "kết quả nhiệm vụ số 1: đã thực hiện xong phần việc của quý" in both[0]
    q_texts = [i.text for i in quarter.direction.items] + [i.text for a in quarter.areas for i in a.items]
    assert not any("quý I: đã xây dựng dự thảo" in t for t in q_texts)


def test_a_bare_predicate_gets_the_unit_as_its_subject() -> None:
    assert svc.with_subject("Đã tổ chức 02 hội nghị", "Phòng Kinh tế") == "Phòng Kinh tế đã tổ chức 02 hội nghị"
    assert svc.with_subject("UBND xã đã ban hành kế hoạch", "Văn phòng") == "UBND xã đã ban hành kế hoạch"
    assert svc.with_subject("  tiếp nhận   120 hồ sơ", None) == "Tiếp nhận 120 hồ sơ"
