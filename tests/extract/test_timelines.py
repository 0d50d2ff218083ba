"""Timeline cells → Timeline of every kind in cchc.plan/1."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.plan import TimelineKind
from cchc.extract.timelines import parse_timeline, quarter_span


@pytest.mark.parametrize(
    ("raw", "kind", "start", "end", "due", "every", "offset"),
    [
        ("Thường xuyên", "continuous", None, None, None, None, None),
        ("Thudng xuyén", "continuous", None, None, None, None, None),
        ("Hàng năm", "recurring", None, None, None, "year", None),
        ("Định kỳ hằng tháng, quý", "recurring", None, None, None, "month", None),
        ("Định kỳ trong năm", "recurring", None, None, None, None, None),
        ("Quý I/2026", "deadline", None, None, "2026-03-31", None, None),
        ("Quý III-IV/2026", "window", "2026-07-01", "2026-12-31", "2026-12-31", None, None),
        ("2026-2030", "window", "2026-01-01", "2030-12-31", "2030-12-31", None, None),
        ("Tiếp tục triển khai 2026 - 2030", "window", "2026-01-01", "2030-12-31", "2030-12-31", None, None),
        ("2027", "deadline", None, None, "2027-12-31", None, None),
        ("trước 30/6/2026", "deadline", None, None, "2026-06-30", None, None),
        ("Khi có quy định, hướng dẫn của Bộ ngành Trung ương, Tỉnh", "conditional", None, None, None, None, None),
        ("Sau khi thành phố triển khai, hướng dẫn", "conditional", None, None, None, None, None),
        ("Trong thời hạn 15 ngày kể từ ngày thành phố ban hành Kế hoạch", "relative", None, None, None, None, 15),
        ("Theo Chương trình công tác đã phê duyệt", "scheduled", None, None, None, None, None),
        ("Theo kế hoạch hàng năm hoặc đột xuất", "scheduled", None, None, None, None, None),
    ],
)
def test_a_timeline_cell_reads_as_its_kind_and_dates(raw, kind, start, end, due, every, offset) -> None:
    got = parse_timeline(raw).to_json()
    assert (got["kind"], got["from"], got["to"], got["due"], got["every"], got["offset_days"]) == (
        kind, start, end, due, every, offset)
    assert got["raw"] == raw


def test_an_empty_cell_is_unspecified_with_no_raw() -> None:
    assert parse_timeline("").to_json()["raw"] is None
    assert parse_timeline(None).kind is TimelineKind.UNSPECIFIED


def test_an_impossible_date_is_rejected_not_invented() -> None:
    t = parse_timeline("trước 31/02/2026")
    assert t.kind is TimelineKind.UNSPECIFIED and t.due is None and t.raw == "trước 31/02/2026"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_parsing_any_text_never_crashes(text: str) -> None:
    t = parse_timeline(text)
    assert isinstance(t.kind, TimelineKind)
    if t.start and t.end:
        assert t.start <= t.end


_ROMAN = ["I", "II", "III", "IV"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(2000, 2099), st.sampled_from(["Quý {q}/{y}", "Quý {q} năm {y}", "quý {q}/{y}"]))
def test_a_generated_quarter_parses_back_to_its_last_day(q: int, y: int, fmt: str) -> None:
    t = parse_timeline(fmt.format(q=_ROMAN[q - 1], y=y))
    assert t.kind is TimelineKind.DEADLINE
    assert t.due == quarter_span(q, y)[1]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(2000, 2099))
def test_a_generated_quarter_range_parses_back_to_its_window(q1: int, q2: int, y: int) -> None:
    q1, q2 = min(q1, q2), max(q1, q2)
    if q1 == q2:
        return
    t = parse_timeline(f"Quý {_ROMAN[q1 - 1]}-{_ROMAN[q2 - 1]}/{y}")
    assert (t.kind, t.start, t.end) == (TimelineKind.WINDOW, quarter_span(q1, y)[0], quarter_span(q2, y)[1])


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_a_generated_deadline_date_parses_back(day: date) -> None:
    t = parse_timeline(f"trước {day.day}/{day.month}/{day.year}")
    assert (t.kind, t.due) == (TimelineKind.DEADLINE, day)


@settings(max_examples=100, deadline=None)
@given(st.integers(2000, 2089), st.integers(1, 10))
def test_a_generated_year_range_parses_back(y: int, n: int) -> None:
    t = parse_timeline(f"{y} - {y + n}")
    assert (t.kind, t.start, t.end, t.due) == (
        TimelineKind.WINDOW, date(y, 1, 1), date(y + n, 12, 31), date(y + n, 12, 31))


@pytest.mark.parametrize(
    ("raw", "year", "kind", "start", "end", "every"),
    [
        ("6 tháng đầu năm", 2027, "window", "2027-01-01", "2027-06-30", None),
        ("6 tháng đầu năm", None, "unspecified", None, None, None),
        ("Từ tháng 3/2027 đến tháng 12/2027", None, "window", "2027-03-01", "2027-12-31", None),
        ("Từ tháng 02 đến hết tháng 5/2027", None, "window", "2027-02-01", "2027-05-31", None),
        ("Từ 01/4 đến 30/6/2027", None, "window", "2027-04-01", "2027-06-30", None),
        ("Quý II, Quý IV", 2027, "recurring", None, None, None),
        ("Trước ngày 15 của tháng cuối quý", None, "recurring", None, None, "quarter"),
        ("Định kỳ và đột xuất", None, "recurring", None, None, None),
        ("Hằng tuần", None, "recurring", None, None, None),
    ],
)
def test_ranges_halves_and_repeats_read_right(raw, year, kind, start, end, every) -> None:
    got = parse_timeline(raw, year).to_json()
    assert (got["kind"], got["from"], got["to"], got["every"]) == (kind, start, end, every)


@pytest.mark.parametrize(
    ("raw", "kind", "due"),
    [("Quý IV/20 26", "deadline", "2026-12-31"), ("Quý 1/202 6", "deadline", "2026-03-31"),
     ("Thườ ng xuyê n", "continuous", None), ("xuyê", "continuous", None), ("Thườ 7 ng. xuyê n", "continuous", None)],
)
def test_words_and_numbers_split_by_a_narrow_scanned_cell_still_read(raw: str, kind: str, due: str | None) -> None:
    got = parse_timeline(raw).to_json()
    assert (got["kind"], got["due"], got["raw"]) == (kind, due, raw)


@pytest.mark.parametrize(
    ("raw", "kind", "start", "due"),
    [
        ("Tháng 01-02/2026", "window", "2026-01-01", "2026-02-28"),
        ("Trước ngày 20 tháng 12 năm 2026", "deadline", None, "2026-12-20"),
        ("Trước 15/12", "deadline", None, "2026-12-15"),
        ("Thực hiện trong năm", "deadline", None, "2026-12-31"),
        ("Hằng năm (trước ngày 15/12)", "recurring", None, None),
        ("24/7", "unspecified", None, None),
    ],
)
def test_months_with_one_year_long_dates_and_dates_without_a_year(raw: str, kind: str, start: str | None,
                                                                  due: str | None) -> None:
    t = parse_timeline(raw, 2026)
    assert (t.kind.value, t.start.isoformat() if t.start else None, t.due.isoformat() if t.due else None) == (
        kind, start, due)
