"""The PAR-index self-assessment: pre-fill from the commune's data, corrections, evidence, appraisal, ranking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc import parindex as pi
from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.dossiers import DossierStore
from cchc.services import progress
from cchc.store.audit import AuditRepository
from tests.dossiers.conftest import make_dossier, table_of

from .conftest import HOA_BINH

YEAR = 2026
AS_OF = date(2026, 12, 31)


def _dossiers(data_dir: Path) -> None:
    """Ten dossiers of 2026, counted by hand: 9 resolved on time and 1 late; 7 online; 4 with a fee, 3 paid online."""
    rows = []
    for i in range(10):
        late = i == 9
        rows.append(make_dossier(
            f"HB-{i}", locality_code=HOA_BINH, received_at="2026-03-02", due_at="2026-03-10 17:00",
            resolved_at="2026-03-12 10:00" if late else "2026-03-09 10:00", status="resolved",
            channel="online" if i < 7 else "direct", fee_required=i < 4, paid_online=i < 3))
    with DossierStore(data_dir / "dossiers") as store:
        store.import_table(table_of(rows))


def _finish_task_1(session, world, *, evidence: str | None = "25/BC-KT"):  # type: ignore[no-untyped-def]
    """Task 1 (procedures, due 30/4/2026) done on 20/4 by its lead unit, with a document as evidence; accepted."""
    report = progress.submit_progress(session, world.actor("lead_officer"), task_id=world.tasks["1"], period="2026-Q2",
                                      status="done", percent=100, done_on=date(2026, 4, 20),
                                      results="Đã rà soát 12 thủ tục.", evidence_number=evidence,
                                      evidence_date=date(2026, 4, 20))
    progress.review_progress(session, world.actor("office"), report_id=report.id, version=report.version,
                             decision="accepted")
    return report


def _rows(view):  # type: ignore[no-untyped-def]
    return {r.code: r for r in view.rows}


def _score_the_rest(session, actor, view, score=0):  # type: ignore[no-untyped-def]
    for r in view.leaves:
        if r.self_max > 0 and r.self_score is None:
            pi.correct_score(session, actor, score_id=r.score_id, score=score, reason="Chưa đạt", version=r.version)


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    _dossiers(d)
    return d


class TestPrefill:
    def test_prefill_proposes_scores_from_dossiers_tasks_plan_and_reports_with_the_figures(self, session, world,
                                                                                          data_dir):
        _finish_task_1(session, world)
        view = pi.prefill(session, world.actor("office"), locality_code=HOA_BINH, year=YEAR, as_of=AS_OF,
                          data_dir=data_dir)
        rows = _rows(view)
        assert view.sample_set and view.total_max == 100 and view.status.value == "draft"
        # 9/10 on time = 90% → "từ 90% đến dưới 95%: 2"
        assert (rows["3.2.1"].proposed, rows["3.2.1"].figure) == (2, "9/10 hồ sơ năm 2026 (90%)")
        # 7/10 online = 70% → "từ 60% đến dưới 80%: 3"; 3/4 paid online = 75% → "từ 70% đến dưới 90%: 3"
        assert (rows["7.1.1"].proposed, rows["7.1.1"].figure) == (3, "7/10 hồ sơ năm 2026 (70%)")
        assert (rows["7.1.3"].proposed, rows["7.1.3"].figure) == (3, "3/4 hồ sơ năm 2026 (75%)")
        # Tasks due in 2026: 1 (done on time) and 5 (June, not reported): 1/2 done → below 80%: 0
        assert (rows["1.1.2"].proposed, rows["1.1.2"].figure) == (0, "1/2 nhiệm vụ đến hạn đã hoàn thành (50%)")
        # The procedures area has task 1 only: 1/1 → 2
        assert (rows["3.1.1"].proposed, rows["3.1.1"].figure) == (2, "1/1 nhiệm vụ đến hạn đã hoàn thành (100%)")
        # Plan 12/KH-UBND issued on 10/01/2026, before 31/01 → 1
        assert rows["1.1.1"].proposed == 1 and "12/KH-UBND" in rows["1.1.1"].figure
        # No periodic report approved: 0 of the 4 reports due by 31/12 → 0
        assert rows["1.2"].proposed == 0 and rows["1.2"].figure.startswith("0/4 báo cáo")
        # No task of the plan matches "kế hoạch kiểm tra": nothing proposed, the reason shown
        assert rows["1.3.1"].proposed is None and "không có nhiệm vụ tương ứng" in rows["1.3.1"].figure
        assert rows["3.2.1"].self_score == 2 and rows["3.2.1"].source == "dossiers.on_time_rate"
        assert rows["3.2"].self_points == sum(rows[c].self_points for c in ("3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.5"))

    def test_matching_task_evidence_proposes_yes_and_is_linked_by_id(self, session, world, data_dir):
        report = _finish_task_1(session, world)
        cset = pi.sample_set(YEAR).to_dict()
        leaf = cset["areas"][0]["children"][2]["children"][0]
        assert leaf["code"] == "1.3.1"
        leaf["source"] = "tasks.evidence[rà soát, đơn giản hóa]"
        from cchc.domain.parindex import CriteriaSet
        from cchc.parindex.sets import store_set

        own = store_set(session, world.actor("admin"), CriteriaSet.from_dict(cset).with_meta(
            province_code=31, sample=False, name="Bộ tiêu chí của thành phố (thử nghiệm)"))
        view = pi.prefill(session, world.actor("office"), locality_code=HOA_BINH, year=YEAR, as_of=AS_OF,
                          data_dir=data_dir)
        row = _rows(view)["1.3.1"]
        assert view.set_id == own.id and not view.sample_set
        assert row.proposed == 0.5 and "25/BC-KT" in row.figure
        assert [(e.progress_report_id, e.task_id, e.automatic) for e in row.evidence] == [
            (report.id, world.tasks["1"], True)]
        again = pi.prefill(session, world.actor("office"), locality_code=HOA_BINH, year=YEAR, as_of=AS_OF,
                           data_dir=data_dir)
        assert len(_rows(again)["1.3.1"].evidence) == 1  # linked once, not on every refresh


class TestCorrections:
    def test_a_correction_needs_a_reason_is_audited_and_survives_a_new_prefill(self, session, world, data_dir):
        office = world.actor("office")
        view = pi.prefill(session, office, locality_code=HOA_BINH, year=YEAR, as_of=AS_OF, data_dir=data_dir)
        row = _rows(view)["3.2.1"]
        with pytest.raises(InvalidInput) as exc:
            pi.correct_score(session, office, score_id=row.score_id, score=3, reason=" ", version=row.version)
        assert exc.value.where == "reason"
        with pytest.raises(InvalidInput):
            pi.correct_score(session, office, score_id=row.score_id, score=4.5, reason="x", version=row.version)
        fixed = pi.correct_score(session, office, score_id=row.score_id, score="3,5",
                                 reason="Hồ sơ trễ hạn do lỗi hệ thống", version=row.version)
        assert (fixed.self_score, fixed.proposed, fixed.self_reason) == (3.5, 2, "Hồ sơ trễ hạn do lỗi hệ thống")
        events = [e for e in AuditRepository(session).history("parindex_score", row.score_id) if e.action == "correct"]
        assert len(events) == 1
        e = events[0]
        assert e.username == office.username and e.locality_code == HOA_BINH and e.at is not None
        assert (e.before["self_score"], e.after["self_score"], e.after["self_reason"]) == (
            2, 3.5, "Hồ sơ trễ hạn do lỗi hệ thống")
        again = pi.prefill(session, office, locality_code=HOA_BINH, year=YEAR, as_of=AS_OF, data_dir=data_dir)
        assert _rows(again)["3.2.1"].self_score == 3.5
        history = pi.history(session, office, assessment_id=view.id)
        assert {h.action for h in history} >= {"create", "prefill", "correct"}

    def test_evidence_of_another_communes_task_is_refused_and_an_upload_is_kept(self, session, world, data_dir,
                                                                               tmp_path):
        office = world.actor("office")
        view = pi.prefill(session, office, locality_code=HOA_BINH, year=YEAR, as_of=AS_OF, data_dir=data_dir)
        row = _rows(view)["4.1"]
        report = _finish_task_1(session, world)
        linked = pi.add_evidence(session, office, score_id=row.score_id, progress_report_id=report.id)
        assert linked.kind == "task" and linked.task_id == world.tasks["1"] and "25/BC-KT" in linked.description
        upload = pi.add_evidence(session, office, score_id=row.score_id, file=("qd-bo-may.pdf", b"%PDF-1.4 demo"),
                                 description="Quyết định sắp xếp bộ máy", data_dir=tmp_path)
        session.commit()  # the upload is in place once it commits
        path, name = pi.evidence_file(session, office, evidence_id=upload.id)
        assert path.read_bytes() == b"%PDF-1.4 demo" and name == "qd-bo-may.pdf"
        with pytest.raises(PermissionDenied):
            pi.evidence_file(session, world.actor("other_office"), evidence_id=upload.id)
        other = pi.prefill(session, world.actor("other_office"), locality_code=world.other_locality, year=YEAR,
                           as_of=AS_OF, data_dir=tmp_path)
        with pytest.raises(PermissionDenied):
            pi.add_evidence(session, world.actor("other_office"), score_id=_rows(other)["4.1"].score_id,
                            progress_report_id=report.id)


class TestAppraisal:
    def test_submit_return_resubmit_appraise_survey_and_rank_the_province(self, session, world, data_dir, tmp_path):
        office, reviewer = world.actor("office"), world.actor("reviewer")
        view = pi.prefill(session, office, locality_code=HOA_BINH, year=YEAR, as_of=AS_OF, data_dir=data_dir)
        with pytest.raises(InvalidInput) as exc:
            pi.submit(session, office, assessment_id=view.id)
        assert "chưa tự chấm" in exc.value.message and "II.1.1" in exc.value.message
        row = _rows(view)["4.1"]
        pi.correct_score(session, office, score_id=row.score_id, score=3, reason="Đã sắp xếp", version=row.version)
        _score_the_rest(session, office, pi.get_assessment(session, office, assessment_id=view.id))
        with pytest.raises(InvalidInput) as exc:
            pi.submit(session, office, assessment_id=view.id)
        assert exc.value.where == "evidence" and "IV.1" in exc.value.message  # 3 points, no evidence
        pi.add_evidence(session, office, score_id=row.score_id, file=("qd.pdf", b"%PDF-1.4"), data_dir=tmp_path)
        submitted = pi.submit(session, office, assessment_id=view.id)
        assert submitted.status.value == "submitted"
        with pytest.raises(InvalidInput):  # closed to the commune while it is appraised
            pi.correct_score(session, office, score_id=row.score_id, score=2, reason="x")

        r41 = _rows(submitted)["4.1"]
        pi.appraise_criterion(session, reviewer, score_id=r41.score_id, decision="needs_evidence",
                              comment="Bổ sung quyết định phê duyệt", version=r41.version)
        with pytest.raises(InvalidInput):
            pi.accept_assessment(session, reviewer, assessment_id=view.id)
        returned = pi.return_assessment(session, reviewer, assessment_id=view.id, comment="Bổ sung minh chứng")
        assert returned.status.value == "returned" and [r.code for r in returned.needs_evidence] == ["4.1"]
        pi.add_evidence(session, office, score_id=r41.score_id, file=("qd-2.pdf", b"%PDF-1.5"), data_dir=tmp_path)
        again = pi.submit(session, office, assessment_id=view.id)
        self_index = again.self_index

        r41 = _rows(again)["4.1"]
        pi.appraise_criterion(session, reviewer, score_id=r41.score_id, decision="accepted", score=2,
                              comment="Còn thiếu quy chế phối hợp", version=r41.version)
        pi.enter_survey(session, reviewer, assessment_id=view.id, points={"3.4.2": 4, "7.6": "3,5"})
        with pytest.raises(InvalidInput):
            pi.enter_survey(session, reviewer, assessment_id=view.id, points={"3.4.2": 6})
        done = pi.accept_assessment(session, reviewer, assessment_id=view.id)
        # The set totals 100: the index moves by the appraisal's change (2 - 3) and the survey points (4 + 3.5).
        assert done.final_index == pytest.approx(self_index - 1 + 7.5)
        assert done.status.value == "appraised" and done.classification is not None
        assert done.survey_points == 7.5 and done.survey_max == 11.5

        other = pi.prefill(session, world.actor("other_office"), locality_code=world.other_locality, year=YEAR,
                           as_of=AS_OF, data_dir=tmp_path)
        _score_the_rest(session, world.actor("other_office"), other)
        pi.submit(session, world.actor("other_office"), assessment_id=other.id)
        pi.accept_assessment(session, reviewer, assessment_id=other.id)
        table = pi.ranking(session, reviewer, year=YEAR)
        assert [(r.locality_code, r.rank) for r in table.rows] == [(HOA_BINH, 1), (world.other_locality, 2)]
        assert table.rows[0].final_index == done.final_index
        mine = pi.get_assessment(session, office, assessment_id=view.id)
        assert (mine.rank, mine.ranked_of) == (1, 2)
        actions = [h.action for h in pi.history(session, reviewer, assessment_id=view.id)]
        assert {"appraise", "survey", "return", "submit"} <= set(actions)

    def test_only_the_provinces_reviewer_appraises_and_communes_see_only_their_own(self, session, world, data_dir):
        office = world.actor("office")
        view = pi.prefill(session, office, locality_code=HOA_BINH, year=YEAR, as_of=AS_OF, data_dir=data_dir)
        _score_the_rest(session, office, view)
        submitted = pi.submit(session, office, assessment_id=view.id)
        row = _rows(submitted)["3.2.1"]
        for key in ("lead_officer", "leader", "office"):
            with pytest.raises(PermissionDenied):
                pi.appraise_criterion(session, world.actor(key), score_id=row.score_id, decision="accepted")
        with pytest.raises(PermissionDenied):
            pi.appraise_criterion(session, world.actor("other_reviewer"), score_id=row.score_id, decision="accepted")
        with pytest.raises(PermissionDenied):
            pi.accept_assessment(session, world.actor("lead_officer"), assessment_id=view.id)
        with pytest.raises(PermissionDenied):
            pi.get_assessment(session, world.actor("other_office"), assessment_id=view.id)
        with pytest.raises(PermissionDenied):
            pi.ranking(session, world.actor("office"), province_code=31, year=YEAR)
        with pytest.raises(PermissionDenied):
            pi.prefill(session, world.actor("lead_officer"), locality_code=HOA_BINH, year=YEAR, data_dir=data_dir)
        assert pi.get_assessment(session, world.actor("lead_officer"), assessment_id=view.id).id == view.id


class TestFiles:
    def test_the_sample_set_goes_through_xlsx_and_back_as_the_same_criteria(self, session, world):
        admin = world.actor("admin")
        sample = pi.ensure_sample_set(session, admin, year=YEAR)
        content = pi.export_set_xlsx(session, admin, set_id=sample.id)
        imported = pi.import_set_xlsx(session, world.actor("reviewer"), content=content, province_code=31)
        assert imported.province_code == 31 and imported.criteria == 50 and imported.total_max == 100
        got = pi.get_set(session, world.actor("reviewer"), set_id=imported.id)
        assert got.areas == pi.sample_set(YEAR).areas and got.bands == pi.sample_set(YEAR).bands
        same = pi.import_set_xlsx(session, world.actor("reviewer"), content=content, province_code=31)
        assert same.id == imported.id
        with pytest.raises(PermissionDenied):
            pi.import_set_xlsx(session, world.actor("other_reviewer"), content=content, province_code=31)
        with pytest.raises(PermissionDenied):
            pi.import_set_xlsx(session, world.actor("office"), content=content, province_code=31)

    def test_the_assessment_exports_to_xlsx_in_the_sets_layout_and_to_a_docx_report(self, session, world, data_dir):
        from io import BytesIO

        from docx import Document
        from openpyxl import load_workbook

        view = pi.prefill(session, world.actor("office"), locality_code=HOA_BINH, year=YEAR, as_of=AS_OF,
                          data_dir=data_dir)
        sheet = load_workbook(BytesIO(pi.export_xlsx(session, world.actor("office"), assessment_id=view.id))).active
        header = [c.value for c in sheet[3]]
        assert header[:5] == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Cách chấm",
                              "Tài liệu kiểm chứng"]
        row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] == "Tỷ lệ hồ sơ giải quyết đúng hạn")
        assert row[header.index("Điểm tự chấm")] == 2 and row[header.index("Số liệu")] == "9/10 hồ sơ năm 2026 (90%)"
        doc = Document(BytesIO(pi.export_docx(session, world.actor("office"), assessment_id=view.id)))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "Chỉ số cải cách hành chính năm 2026" in text and "mẫu tham khảo" in text
        assert len(doc.tables) >= 2


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from cchc.demo import seed_demo
    from cchc.store.testing import SqliteTemplate

    root = tmp_path_factory.mktemp("parindex-demo")
    result = {}

    def prepare(session):  # type: ignore[no-untyped-def]
        result["r"] = seed_demo(session, data_dir=root, today=date(2026, 11, 25))

    return SqliteTemplate(root, prepare), result["r"]


def test_the_demo_commune_has_a_2026_assessment_prefilled_from_its_data_and_appraised(demo, tmp_path):
    from cchc.demo import DEMO_LOCALITY
    from cchc.kernel.actor import Actor

    template, _ = demo
    with template.session(tmp_path) as s:
        view = pi.find_assessment(s, Actor.system(), locality_code=DEMO_LOCALITY, year=2026)
        assert view is not None and view.status.value == "appraised" and view.rank == 1
        rows = _rows(view)
        assert rows["3.2.1"].figure.endswith("hồ sơ năm 2026 (" + rows["3.2.1"].figure.split("(")[1])
        assert rows["3.2.1"].proposed is not None and rows["7.1.1"].proposed is not None
        assert rows["1.1.1"].proposed == 1  # the sample plan is dated 12/01/2026
        assert rows["1.4.2"].appraised == 0.5 and view.survey_points > 0
        actions = {h.action for h in pi.history(s, Actor.system(), assessment_id=view.id)}
        assert {"prefill", "correct", "submit", "appraise", "survey"} <= actions


def test_the_results_report_passes_every_decree30_check(session, world, data_dir, tmp_path, shared_dir):
    import subprocess
    import sys

    view = pi.prefill(session, world.actor("office"), locality_code=HOA_BINH, year=YEAR, as_of=AS_OF,
                      data_dir=data_dir)
    path = tmp_path / "ket-qua.docx"
    path.write_bytes(pi.export_docx(session, world.actor("office"), assessment_id=view.id,
                                    report_date=date(2026, 12, 20)))
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout
