"""Percentages and comparators in Vietnamese target phrases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.plan import Comparator
from cchc.extract.numbers import find_targets, fold_keep, parse_number, parse_target_cell


def only(text: str) -> tuple[str, float]:
    found = find_targets(text)
    assert len(found) == 1, found
    return found[0].comparator.value, found[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỷ lệ hồ sơ đúng hạn đạt 95%.", ("=", 95.0)),
        ("đạt 95 %", ("=", 95.0)),
        ("đạt 98,5%", ("=", 98.5)),
        ("đạt 100 % hồ sơ", ("=", 100.0)),
        ("đạt tối thiểu 95%", (">=", 95.0)),
        ("đạt 90% trở lên", (">=", 90.0)),
        ("đạt từ 80% trở lên", (">=", 80.0)),
        ("phấn đấu đạt 85% trở lên", (">=", 85.0)),
        ("≥ 90%", (">=", 90.0)),
        ("tối đa 5% hồ sơ trễ hạn", ("<=", 5.0)),
        ("không quá 3%", ("<=", 3.0)),
        ("vượt 10% chỉ tiêu", (">", 10.0)),
        ("giảm tối thiểu 30% thời gian", (">=", 30.0)),
        ("một trăm phần trăm hồ sơ", ("=", 100.0)),
        ("Thyc hién tu kiém tra t4i thiéu 30% co quan", (">=", 30.0)),
        ("dat\n90% tro 1én.", (">=", 90.0)),
    ],
)
def test_a_target_phrase_gives_its_comparator_and_value(text: str, expected: tuple[str, float]) -> None:
    assert only(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
        "Quyết định số 1478/QĐ-UBND ngày 14/4/2026",
        "mô hình chính quyền địa phương 02 cấp giai đoạn 2026 - 2030",
        "Hoàn thành việc sắp xếp các đơn vị sự nghiệp",
    ],
)
def test_dates_document_numbers_and_plain_numbers_are_not_targets(text: str) -> None:
    assert find_targets(text) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("95", (Comparator.EQ, 95.0, None)),
        ("≥ 95", (Comparator.GE, 95.0, None)),
        ("100%", (Comparator.EQ, 100.0, "%")),
        ("Tối thiểu 90%", (Comparator.GE, 90.0, "%")),
        ("<b>80</b>", (Comparator.EQ, 80.0, None)),
    ],
)
def test_a_table_cell_gives_its_target(cell: str, expected: tuple) -> None:
    assert parse_target_cell(cell) == expected


def test_a_cell_without_a_number_gives_no_target() -> None:
    assert parse_target_cell("Trung tâm Phục vụ hành chính công") is None
    assert parse_target_cell("") is None


def test_numbers_read_with_comma_or_point_decimals() -> None:
    assert parse_number("98,5") == 98.5
    assert parse_number("98.5") == 98.5
    assert parse_number("abc") is None


def test_folding_keeps_every_position() -> None:
    text = "Đạt TỐI THIỂU 95% — Ủy ban"
    assert len(fold_keep(text)) == len(text)
    assert fold_keep(text).startswith("dat toi thieu 95%")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_finding_targets_in_any_text_never_crashes(text: str) -> None:
    for t in find_targets(text):
        assert 0 <= t.start <= t.num_start < t.end <= len(text)
        assert isinstance(t.comparator, Comparator)
    parse_target_cell(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=9))
def test_a_generated_minimum_target_round_trips(whole: int, tenth: int) -> None:
    value = whole + tenth / 10
    written = f"{whole},{tenth}" if tenth else f"{whole}"
    assert only(f"Tỷ lệ hồ sơ đạt tối thiểu {written}%") == (">=", value)
    assert only(f"tối thiểu {written}% hồ sơ") == (">=", value)


@pytest.mark.parametrize("cell", ["90 - 95", "Từ 90% đến 95%", "90-95%"])
def test_a_range_in_a_target_cell_is_its_floor(cell: str) -> None:
    parsed = parse_target_cell(cell)
    assert parsed is not None and parsed[:2] == (Comparator.GE, 90.0)
