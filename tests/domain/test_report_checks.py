"""The consistency rules of a report, the verdict against a target and the period rules, without a database."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.achievement import Verdict, verdict
from cchc.domain.areas import Area
from cchc.domain.period_figures import (
    Measure,
    ReportedProgress,
    carry_inputs,
    combine_measurements,
    reported_at,
)
from cchc.domain.periods import Period
from cchc.domain.report_checks import (
    Paragraph,
    check_text,
    duplicated_words,
    locality_spellings,
    placeholders,
    rate_values,
    respell_locality,
    status_sentences,
    statuses_without_line,
    totals_disagree,
    unclosed_brackets,
    values_disagree,
)
from cchc.domain.statuses import TaskStatus
from cchc.reports.snapshot import StatusCounts, TaskFigure, TaskFigures, status_phrase

# --------------------------------------------------------------------------- totals


@given(st.lists(st.sampled_from(list(TaskStatus)), max_size=60))
def test_counts_by_status_always_add_up_to_the_number_of_tasks(statuses):
    counts = StatusCounts.of(statuses)
    assert counts.total == len(statuses)
    assert sum(n for _, n in counts.items()) == len(statuses)
    assert not totals_disagree({"danh sách": len(statuses), "theo tình trạng": counts.total})


@given(st.lists(st.tuples(st.sampled_from(list(TaskStatus)), st.sampled_from(list(Area)),
                          st.lists(st.sampled_from(["Văn phòng", "Phòng VH-XH", "TT PVHCC"]), max_size=2, unique=True)),
                max_size=40))
def test_tasks_by_area_and_by_unit_add_up_to_the_same_total(rows):
    figures = TaskFigures.of(date(2026, 9, 30), [
        TaskFigure(f"{i}", f"Nhiệm vụ {i}", area, ", ".join(units), tuple(units), "", None, status, 0)
        for i, (status, area, units) in enumerate(rows)
    ])
    assert sum(g.counts.total for g in figures.by_area) == figures.total.total == len(rows)
    assert sum(g.counts.total for g in figures.by_unit) == sum(max(1, len(u)) for _, _, u in rows)


@given(st.lists(st.sampled_from(list(TaskStatus)), min_size=1, max_size=40))
def test_a_status_sentence_made_from_the_counts_passes_and_a_wrong_total_is_found(statuses):
    counts = StatusCounts.of(statuses)
    good = Paragraph("mục II", f"Kế hoạch có {counts.total} nhiệm vụ: {status_phrase(counts)}.")
    bad = Paragraph("mục II", f"Kế hoạch có {counts.total + 1} nhiệm vụ: {status_phrase(counts)}.")
    assert status_sentences([good]) == []
    assert status_sentences([bad])
    labels = {"chưa triển khai": counts.not_started, "quá hạn": counts.overdue}
    assert statuses_without_line(labels, good.text, place="mục II") == []


def test_the_signers_example_of_24_tasks_that_sum_to_23_is_found():
    p = Paragraph("mục II", "Kế hoạch có 24 nhiệm vụ: hoàn thành 04, đang thực hiện 17, quá hạn 02.")
    (finding,) = status_sentences([p])
    assert "24" in finding.message and "23" in finding.message


def test_a_status_left_out_of_the_sentence_is_named():
    text = "Kế hoạch có 29 nhiệm vụ: hoàn thành 05, đang thực hiện 17, quá hạn 02."
    (finding,) = statuses_without_line({"chưa triển khai": 5, "quá hạn": 2}, text, place="mục II")
    assert "chưa triển khai" in finding.message


def test_two_places_that_give_different_totals_are_both_named():
    (finding,) = totals_disagree({"mục II": 24, "mục III": 29})
    assert finding.message == "mục II và mục III không khớp: 24 so với 29."


# --------------------------------------------------------------------------- rates


def test_one_rate_quoted_with_two_values_is_found_with_both_places():
    paragraphs = [
        Paragraph("mục II.8", "tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn đạt 96,6%"),
        Paragraph("mục II.7", "tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn đạt 96,31%"),
    ]
    quoted = rate_values(paragraphs, "trước hạn, đúng hạn đạt")
    assert quoted == [("mục II.8", 96.6), ("mục II.7", 96.31)]
    (finding,) = values_disagree("bảng II.06a", 96.31, quoted, what="tỷ lệ đúng hạn")
    assert "mục II.8" in finding.message and "96,6" in finding.message


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_rate_quoted_as_computed_never_disagrees(num, den):
    num = min(num, den)
    value = round(100 * num / den, 2)
    text = f"trước hạn, đúng hạn đạt {value:.2f}%".replace(".", ",")
    quoted = rate_values([Paragraph("mục II", text)], "trước hạn, đúng hạn đạt")
    assert values_disagree("bảng", value, quoted, what="tỷ lệ") == []


# --------------------------------------------------------------------------- text


def test_a_bracketed_placeholder_and_an_ellipsis_are_placeholders_but_the_issue_blanks_are_not():
    assert placeholders("Đã tổ chức [bổ sung số liệu] hội nghị") == ["[bổ sung số liệu]"]
    assert placeholders("Các chỉ tiêu khác…") == ["…"]
    assert placeholders("Hoà Bình, ngày … tháng … năm 2026") == []
    assert placeholders("(Kèm theo Báo cáo số      /BC-UBND ngày … của Ủy ban nhân dân phường Hoà Bình)") == []


def test_a_word_repeated_next_to_itself_is_found_but_a_list_is_not():
    assert duplicated_words("Đã triển khai triển khai công tác") == ["triển khai"]
    assert duplicated_words("các các phòng") == ["các"]
    assert duplicated_words("hoàn thành 01, hoàn thành muộn 02") == []
    assert duplicated_words("Kế hoạch số 15, 15 nhiệm vụ") == []


def test_an_unclosed_bracket_is_found():
    assert unclosed_brackets("xử lý hoàn toàn trực tuyến (toàn trình")
    assert not unclosed_brackets("xử lý hoàn toàn trực tuyến (toàn trình)")


def test_the_locality_spelled_two_ways_is_found_and_respelled_one_way():
    text = "Ủy ban nhân dân phường Hoà Bình về cải cách hành chính của xã Hòa Bình"
    assert locality_spellings([text], "phường", "Hoà Bình") == {"phường Hoà Bình", "xã Hòa Bình"}
    (finding,) = check_text([Paragraph("phần mở đầu", text)], kind="phường", name="Hoà Bình")
    assert "xã Hòa Bình" in finding.message
    fixed = respell_locality(text, "phường", "Hoà Bình")
    assert fixed == "Ủy ban nhân dân phường Hoà Bình về cải cách hành chính của phường Hoà Bình"
    assert check_text([Paragraph("phần mở đầu", fixed)], kind="phường", name="Hoà Bình") == []
    assert respell_locality("PHƯỜNG HOÀ BÌNH", "phường", "Hoà Bình") == "PHƯỜNG HOÀ BÌNH"


# --------------------------------------------------------------------------- verdict


def test_the_verdict_is_the_comparison_never_a_fixed_label():
    assert verdict(actual=96.31, target=98, comparator=">=") is Verdict.BELOW
    assert verdict(actual=98, target=98, comparator=">=") is Verdict.MET
    assert verdict(actual=99.2, target=98, comparator=">=") is Verdict.EXCEEDED
    assert verdict(actual=100, target=100, comparator="=") is Verdict.MET
    assert verdict(actual=3, target=5, comparator="<=") is Verdict.EXCEEDED
    assert verdict(actual=None, target=5, comparator="<=") is Verdict.NO_DATA


@given(st.floats(0, 200, allow_nan=False), st.floats(0, 200, allow_nan=False), st.sampled_from([">=", "<=", "=", ">", "<"]))
def test_below_exactly_when_the_comparator_does_not_hold(actual, target, comp):
    from cchc.domain.plan import Comparator

    assert (verdict(actual=actual, target=target, comparator=comp) is Verdict.BELOW) is (
        not Comparator(comp).holds(actual, target))


# --------------------------------------------------------------------------- periods


def _r(unit, period, status, percent=50, done_on=None, returned=False, order=0):
    return ReportedProgress(unit, period, status, percent, done_on, returned, order)


def test_the_status_at_the_cut_off_ignores_reports_of_later_periods():
    reports = [_r(1, "2026-Q2", TaskStatus.IN_PROGRESS, 40), _r(1, "2026-Q3", TaskStatus.DONE, 100, date(2026, 8, 1))]
    assert reported_at(reports, [1], date(2026, 6, 30))[0] is TaskStatus.IN_PROGRESS
    assert reported_at(reports, [1], date(2026, 9, 30)) == (TaskStatus.DONE, date(2026, 8, 1), 100)
    assert reported_at(reports, [1], date(2026, 3, 31))[0] is TaskStatus.NOT_STARTED


def test_a_task_is_done_only_when_every_lead_unit_reported_done_and_returned_reports_do_not_count():
    reports = [_r(1, "2026-Q2", TaskStatus.DONE, 100, date(2026, 5, 1)), _r(2, "2026-Q2", TaskStatus.DONE, 100,
                                                                            date(2026, 5, 2), returned=True)]
    status, _, percent = reported_at(reports, [1, 2], date(2026, 6, 30))
    assert status is TaskStatus.IN_PROGRESS and percent < 100


def test_entered_766_parts_are_carried_from_the_period_they_were_entered_for():
    inputs = [{"locality_code": 1, "period": "2026-Q3", "indicator": "published_on_time", "value": 100.0}]
    rows, came = carry_inputs(inputs, locality_code=1, period=Period.parse("2026-08"))
    assert rows == [{"locality_code": 1, "period": "2026-08", "indicator": "published_on_time", "value": 100.0}]
    assert came == {"published_on_time": "2026-Q3"}
    assert carry_inputs(inputs, locality_code=1, period=Period.parse("2026-H1")) == ([], {})  # never backwards
    rows, came = carry_inputs(inputs, locality_code=1, period=Period.parse("2026"))
    assert came == {"published_on_time": "2026-Q3"} and rows[0]["period"] == "2026"


def test_the_value_entered_for_the_period_itself_wins_over_a_carried_one():
    inputs = [{"locality_code": 1, "period": "2026-Q3", "indicator": "x", "value": 50.0},
              {"locality_code": 1, "period": "2026-Q2", "indicator": "x", "value": 70.0},
              {"locality_code": 1, "period": "2026-H1", "indicator": "x", "value": 90.0}]
    rows, came = carry_inputs(inputs, locality_code=1, period=Period.parse("2026-H1"))
    assert came == {"x": "2026-H1"} and rows[0]["value"] == 90.0


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=1, max_size=4))
def test_a_half_year_ratio_adds_the_quarters_numerators_and_denominators(parts):
    quarters = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"][: len(parts)]
    ms = [Measure(q, round(100 * min(n, d) / d, 2), min(n, d), d) for q, (n, d) in zip(quarters, parts, strict=True)]
    got = combine_measurements(ms, Period.parse("2026"), unit="%")
    num = sum(min(n, d) for n, d in parts)
    den = sum(d for _, d in parts)
    assert got.numerator == num and got.denominator == den
    assert got.value == round(100 * num / den, 2)
    assert got.periods == tuple(quarters)
