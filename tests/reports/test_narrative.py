"""The report's text composed from a snapshot: sentences follow the facts, nothing repeated, every figure
quoted is the snapshot's."""

from __future__ import annotations

import re
from datetime import date

from cchc.domain.achievement import Verdict
from cchc.domain.areas import Area
from cchc.domain.report_checks import duplicated_words
from cchc.domain.statuses import TaskStatus
from cchc.reports import narrative as N
from cchc.reports.snapshot import (
    DossierFigures,
    IndicatorFigure,
    PlanReference,
    Ratio,
    ReportSnapshot,
    ServiceFigure,
    TaskFigure,
    TaskFigures,
    UnitReport,
    late_share,
    worst_of,
)

CUTOFF = date(2026, 9, 30)


def _task(ref: str, task: str, status: TaskStatus, *, area: Area = Area.PROCEDURES, due: date | None = None,
          lead: str = "Phòng Kinh tế") -> TaskFigure:
    return TaskFigure(ref, task, area, lead, (lead,), N.fmt_date(due), due, status, None)


def _report(t: TaskFigure, unit: str, results: str, *, period: str = "2026-Q3", difficulties: str = "",
            proposals: str = "", number: str = "", percent: int = 50) -> UnitReport:
    return UnitReport(t.ref, t.area, t.task, unit, period, t.status, t.status, percent, results, difficulties,
                      proposals, number, date(2026, 9, 10) if number else None)


def _snap(tasks, reports=(), *, dossiers=None, indicators=(), missing=(), plan=None) -> ReportSnapshot:
    return ReportSnapshot(11533, "phường", "phường Hoà Bình", "2026-Q3", "quý III năm 2026", "quarter", CUTOFF,
                          CUTOFF, TaskFigures.of(CUTOFF, tasks), tuple(indicators), dossiers, None,
                          period_start=date(2026, 7, 1), plan=plan, reports=tuple(reports),
                          missing_units=tuple(missing))


DONE = _task("II.1", "Rà soát thủ tục hành chính lĩnh vực hộ tịch", TaskStatus.DONE, due=date(2026, 8, 30))
GOING = _task("II.2", "Hướng dẫn người dân nộp hồ sơ trực tuyến", TaskStatus.IN_PROGRESS)
LATE = _task("II.3", "Số hóa hồ sơ đất đai", TaskStatus.OVERDUE, due=date(2026, 6, 30), lead="Trung tâm PVHCC")


def _rows() -> tuple[ServiceFigure, ...]:
    land = ServiceFigure("Đất đai", 5, 100, 100, 50, 80, 40, 10, 20)
    civil = ServiceFigure("Hộ tịch", 0, 300, 200, 200, 280, 5, 10, 5)
    total = ServiceFigure("Tổng cộng", 5, 400, 300, 250, 360, 45, 20, 25)
    return land, civil, total


def _dossiers() -> DossierFigures:
    prev = ServiceFigure("Tổng cộng", 0, 350, 250, 250, 320, 30, 20, 10)
    land = _rows()[0]
    procs = (ServiceFigure("1.001 – Đăng ký biến động đất đai", 0, 60, 40, 20, 40, 30, 5, 15),
             ServiceFigure("1.002 – Cấp đổi giấy chứng nhận", 5, 40, 60, 30, 40, 10, 5, 5))
    return DossierFigures(_rows(), previous_period="2026-Q2", previous=prev, worst_sector=land.label,
                          procedures=procs, returned=3, withdrawn=2)


def test_each_task_is_told_once_with_a_sentence_that_follows_its_status_and_cites_the_document():
    reports = [
        _report(DONE, "Phòng Kinh tế", "Rà soát 45 thủ tục, kiến nghị đơn giản hóa 6 thủ tục", number="12/BC-KT"),
        _report(DONE, "Phòng Kinh tế", "Rà soát 45 thủ tục, kiến nghị đơn giản hóa 6 thủ tục.", number="12/BC-KT"),
        _report(GOING, "Trung tâm PVHCC", "Đã tập huấn cho 80 lượt công chức", percent=60),
        _report(LATE, "Trung tâm PVHCC", "Đã số hóa 120/400 hồ sơ", difficulties="Thiếu máy quét", percent=30),
    ]
    items = N.area_results(_snap([DONE, GOING, LATE], reports), Area.PROCEDURES)
    texts = [i.text for i in items]
    assert len(texts) == 3
    done, going, late = texts
    assert done.startswith("Phòng Kinh tế đã hoàn thành rà soát thủ tục") and "12/BC-KT ngày 10/09/2026" in done
    assert done.count("45 thủ tục") == 1  # the same words of two reports appear once
    assert "đạt 60% khối lượng" in going and going.startswith("Trung tâm PVHCC")
    assert "quá thời hạn 30/06/2026" in late and "nguyên nhân: thiếu máy quét" in late
    assert all(not i.refs for i in items)  # the references are in the appendix
    assert len({t.split(" ", 3)[2] for t in texts}) > 1  # the verbs differ


def test_no_word_is_repeated_when_a_task_title_begins_with_the_verb_of_the_sentence():
    t = _task("II.4", "Triển khai hệ thống một cửa điện tử", TaskStatus.IN_PROGRESS)
    for n in range(3):
        others = [_task(f"II.{9 + k}", f"Nhiệm vụ phụ {k}", TaskStatus.IN_PROGRESS) for k in range(n)]
        reps = [_report(o, "Văn phòng", "Đã làm một phần") for o in others] + [_report(t, "Văn phòng", "Đã cài đặt")]
        for item in N.area_results(_snap([*others, t], reps), Area.PROCEDURES):
            assert duplicated_words(item.text) == [], item.text


def test_the_opening_cites_the_upper_plan_and_states_the_window_and_cut_off():
    upper = N.upper_plan_citation(
        "Căn cứ Kế hoạch số 318/KH-UBND ngày 22/12/2025 của Ủy ban nhân dân thành phố Hải Phòng về cải cách "
        "hành chính nhà nước năm 2026; căn cứ tình hình thực tế của địa phương, …")
    assert upper == ("Kế hoạch số 318/KH-UBND ngày 22/12/2025 của Ủy ban nhân dân thành phố Hải Phòng về cải cách "
                     "hành chính nhà nước năm 2026")
    plan = PlanReference("15/KH-UBND", date(2026, 1, 12), "cải cách hành chính năm 2026", "Ủy ban nhân dân phường "
                         "Hoà Bình", upper)
    first, window = N.opening(_snap([DONE], plan=plan), issuer="Ủy ban nhân dân phường Hoà Bình")
    assert first.startswith("Thực hiện Kế hoạch số 318/KH-UBND") and "Kế hoạch số 15/KH-UBND ngày 12/01/2026" in first
    assert window == "Kỳ báo cáo: từ ngày 01/07/2026 đến ngày 30/09/2026; số liệu tính đến ngày 30/09/2026."
    alone = N.opening(_snap([DONE], plan=PlanReference("15/KH-UBND", None, "cải cách", "UBND")), issuer="UBND")[0]
    assert alone.startswith("Thực hiện Kế hoạch số 15/KH-UBND của UBND về cải cách")
    assert N.upper_plan_citation("Kế hoạch cải cách hành chính năm 2026 của xã.") == ""


def test_the_worst_sector_is_the_one_with_the_largest_late_share_and_needs_enough_dossiers():
    land, civil, _ = _rows()
    assert worst_of([land, civil]) is land
    tiny = ServiceFigure("Khác", 0, 2, 0, 0, 0, 2, 0, 0)  # 2/2 late, too few dossiers to name
    assert worst_of([tiny, civil]) is civil
    assert worst_of([ServiceFigure("A", 0, 10, 0, 5, 5)]) is None


def test_every_figure_of_the_service_analysis_is_the_snapshots():
    d = _dossiers()
    texts = [i.text for i in N.service_analysis(_snap([DONE], dossiers=d))]
    compare, worst, split = texts
    t, p = d.total, d.previous
    assert f"({p.received} → {t.received} hồ sơ)" in compare and f"tăng {t.received - p.received} hồ sơ" in compare
    assert f"({N.pct(N.on_time(p))} → {N.pct(N.on_time(t))})" in compare
    share = late_share(d.sector("Đất đai"))
    assert f"{int(share.numerator)}/{int(share.denominator)} hồ sơ ({N.pct(share)})" in worst
    assert "“Đăng ký biến động đất đai” (45 hồ sơ)" in worst
    assert f"{t.pending_within} hồ sơ còn trong hạn, {t.pending_overdue} hồ sơ đã quá hạn" in split
    assert "3 hồ sơ trả lại người nộp" in split and "2 hồ sơ do người nộp rút" in split


def test_the_consistency_check_catches_a_comparison_figure_that_is_not_the_snapshots():
    from cchc.domain.report_checks import Paragraph
    from cchc.reports.consistency import _service_analysis_findings

    snap = _snap([DONE], dossiers=_dossiers())
    good = [Paragraph("mục II.8", i.text) for i in N.service_analysis(snap)]
    assert _service_analysis_findings(good, snap) == []
    bad = [Paragraph("mục II.8", good[0].text.replace(" → 700 hồ sơ", " → 701 hồ sơ"))]
    assert bad[0].text != good[0].text
    assert any("số hồ sơ tiếp nhận" in f.detail for f in _service_analysis_findings(bad, snap))
    share = N.pct(late_share(_rows()[0]))
    worse = [Paragraph("mục II.8", good[1].text.replace(f"({share})", "(12%)"))]
    assert worse[0].text != good[1].text
    assert any("tỷ lệ trễ hạn" in f.detail for f in _service_analysis_findings(worse, snap))


def _indicator(name: str, actual: float, target: float) -> IndicatorFigure:
    v = Verdict.BELOW if actual < target else Verdict.EXCEEDED if actual > target else Verdict.MET
    return IndicatorFigure(None, name, target, ">=", "%", actual, Ratio(actual, 100), "dossiers", v)


def test_the_assessment_names_overdue_units_weak_indicators_the_worst_sector_silent_units_and_causes():
    reports = [_report(GOING, "Văn phòng", "Đã làm", difficulties="Thiếu nhân lực chuyên trách."),
               _report(LATE, "Trung tâm PVHCC", "Đã làm", difficulties="Thiếu nhân lực chuyên trách")]
    snap = _snap([DONE, GOING, LATE], reports, dossiers=_dossiers(), missing=("Phòng Văn hóa - Xã hội",),
                 indicators=[_indicator("Tỷ lệ hồ sơ đúng hạn", 93.5, 98), _indicator("Tỷ lệ hài lòng", 97, 95)])
    strengths, shortcomings, causes = N.assessment(snap)
    assert "đã hoàn thành 01/03 nhiệm vụ" in strengths[0].text
    assert "tỷ lệ hài lòng đạt 97%" in strengths[1].text
    text = " ".join(i.text for i in shortcomings)
    assert "Trung tâm PVHCC" in text and "93,5%, chỉ tiêu ≥ 98%" in text and "Đất đai" in text
    assert "Phòng Văn hóa - Xã hội" in text
    assert causes[0].text == "Thiếu nhân lực chuyên trách (nêu trong báo cáo của Trung tâm PVHCC và Văn phòng)."
    assert "tăng từ 10 lên 25 hồ sơ" in causes[1].text  # the backlog grew


def test_the_next_period_has_six_to_eight_points_each_with_a_deadline():
    tasks = [LATE, _task("II.5", "Công khai thủ tục", TaskStatus.IN_PROGRESS, due=date(2026, 11, 30))]
    tasks += [_task(f"III.{k}", f"Nhiệm vụ thường xuyên {k}", TaskStatus.IN_PROGRESS) for k in range(5)]
    snap = _snap(tasks, dossiers=_dossiers(), missing=("Văn phòng",),
                 indicators=[_indicator("Tỷ lệ hồ sơ đúng hạn", 93.5, 98)])
    points = N.next_points(snap)
    assert 6 <= len(points) <= 8
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", p.due) for p in points)
    assert points[0].text.startswith("Hoàn thành dứt điểm 01 nhiệm vụ đã quá hạn") and points[0].due == "30/10/2026"
    assert any(p.text == "Công khai thủ tục" and p.due == "30/11/2026" for p in points)
    assert any("20 hồ sơ đang quá hạn của lĩnh vực Đất đai" in p.text for p in points)


def test_proposals_are_the_units_own_once_else_drafted_from_the_figures():
    reports = [_report(GOING, "Văn phòng", "x", proposals="Bổ sung 01 công chức."),
               _report(LATE, "Trung tâm PVHCC", "y", proposals="Bổ sung 01 công chức")]
    own = N.proposals(_snap([GOING, LATE], reports))
    assert [p.text for p in own] == ["Bổ sung 01 công chức (đề xuất của Trung tâm PVHCC và Văn phòng)."]
    drafted = [p.text for p in N.proposals(_snap([GOING], dossiers=_dossiers()))]
    assert any("bổ sung biên chế" in t and "tăng từ 10 lên 25" in t for t in drafted)
    assert any("lĩnh vực Đất đai" in t and N.pct(late_share(_rows()[0])) in t for t in drafted)
    assert N.proposals(_snap([GOING])) == []


def test_the_snapshot_keeps_the_new_figures_through_json():
    snap = _snap([DONE, LATE], [_report(DONE, "Văn phòng", "Đã làm", number="1/BC-VP")], dossiers=_dossiers(),
                 plan=PlanReference("15/KH-UBND", date(2026, 1, 12), "t", "UBND", "Kế hoạch số 1"), missing=("A",))
    assert ReportSnapshot.from_json(snap.to_json()) == snap
