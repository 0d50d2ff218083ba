"""OCR damage to "≥" in target values ("295%", "2 95%", "> 100%", "tối thiểu > 90%") repaired where the
words make the target a floor, and left alone everywhere else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.indicators import find_indicators
from cchc.extract.numbers import find_targets, fold_keep, parse_target_cell, restore_at_least

VERBS = st.sampled_from(["đạt", "đạt tỷ lệ", "là", "phấn đấu đạt", "Chỉ tiêu:"])
SUBJECTS = st.sampled_from(["Tỷ lệ hồ sơ giải quyết đúng hạn", "Mức độ hài lòng của người dân",
                            "Tỷ lệ thủ tục cung cấp trực tuyến toàn trình"])


def damaged(value: int, form: str) -> str:
    return {"glued": f"2{value}%", "apart": f"2 {value}%", "gt": f"> {value}% trở lên", "ge": f">= {value}%"}[form]


def found(text: str) -> list[tuple[str, float]]:
    return [(t.comparator.value, t.value) for t in find_targets(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 298%", [(">=", 98.0)]),
    ("Mức độ hài lòng đạt 2 95% trở lên", [(">=", 95.0)]),
    ("Tỷ lệ số hóa kết quả đạt tối thiểu > 90%", [(">=", 90.0)]),
    ("Tỷ lệ hồ sơ trực tuyến > 100%", [(">=", 100.0)]),
    ("Tỷ lệ thanh toán trực tuyến đạt 2100%", [(">=", 100.0)]),
])
def test_an_ocr_damaged_at_least_sign_reads_as_at_least(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Doanh thu dịch vụ tăng 250% so với năm 2020", [("=", 250.0)]),  # growth may exceed 100%
    ("Tỷ lệ hồ sơ trên 95%", [(">", 95.0)]),  # a plain "more than" stays
    ("Số hồ sơ > 95% tổng số", [(">", 95.0)]),  # ">" with no floor words around it stays
    ("Năm 2025 đạt 95%", [("=", 95.0)]),
    ("2 95% hồ sơ được số hóa", [("=", 95.0)]),  # a lone "2" in running text without a verb: left
])
def test_text_without_that_damage_keeps_its_comparator(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("2 95%", (">=", 95.0, "%")),
    ("295%", (">=", 95.0, "%")),
    ("> 100%", (">=", 100.0, "%")),
    ("≥ 95%", (">=", 95.0, "%")),
    ("95%", ("=", 95.0, "%")),
])
def test_a_target_cell_read_by_ocr_gives_its_floor(cell: str, expected: tuple) -> None:
    comparator, value, unit = parse_target_cell(cell) or (None, None, None)
    assert (getattr(comparator, "value", None), value, unit) == expected


def test_an_indicator_from_a_scanned_plan_gets_an_at_least_target() -> None:
    text = "II. CHỈ TIÊU\n1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 298%.\n2. Mức độ hài lòng của người dân đạt 2 90%.\n"
    got = [(i.comparator.value, i.target) for i in find_indicators(text, plan_period=None, responsibilities=[])]
    assert got == [(">=", 98.0), (">=", 90.0)]


@given(st.text(max_size=200), st.booleans())
def test_the_repair_keeps_every_position_and_is_idempotent(text: str, cell: bool) -> None:
    folded = fold_keep(text)
    once = restore_at_least(folded, cell=cell)
    assert len(once) == len(folded)
    assert restore_at_least(once, cell=cell) == once
    assert all(a == b or b in "≥ " for a, b in zip(folded, once, strict=True))


@given(st.text(alphabet=st.characters(blacklist_characters="2>"), max_size=200), st.booleans())
def test_text_with_no_two_and_no_greater_than_sign_is_unchanged(text: str, cell: bool) -> None:
    folded = fold_keep(text)
    assert restore_at_least(folded, cell=cell) == folded


@settings(max_examples=200)
@given(SUBJECTS, VERBS, st.integers(min_value=10, max_value=100), st.sampled_from(["glued", "apart", "gt", "ge"]))
def test_every_damaged_form_of_an_at_least_target_reads_like_the_clean_one(
    subject: str, verb: str, value: int, form: str
) -> None:
    clean = found(f"{subject} {verb} ≥ {value}%")
    assert clean == [(">=", float(value))]
    assert found(f"{subject} {verb} {damaged(value, form)}") == clean


@given(SUBJECTS, VERBS, st.integers(min_value=0, max_value=100))
def test_a_clean_exact_target_is_never_turned_into_a_floor(subject: str, verb: str, value: int) -> None:
    assert found(f"{subject} {verb} {value}%") == [("=", float(value))]
