"""Spreadsheet cells: formula-like text is kept as text (the OWASP CSV-injection rule)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.cells import FORMULA_STARTS, csv_safe, csv_unescape, formula_like


def test_every_dangerous_start_is_escaped_in_csv():
    for start in FORMULA_STARTS:
        assert csv_safe(start + "HYPERLINK(1)") == "'" + start + "HYPERLINK(1)"


def test_ordinary_text_and_numbers_are_unchanged():
    assert csv_safe("Tổ chức hội nghị") == "Tổ chức hội nghị"
    assert csv_safe(-5) == -5
    assert not formula_like(12)


@given(st.text())
def test_a_csv_cell_reads_back_as_the_text_that_was_written(text):
    assert csv_unescape(csv_safe(text)) == text
    assert not formula_like(csv_safe(text))
