"""Spreadsheet cells safe to open: text that a spreadsheet would run as a formula is kept as text.

The OWASP rule for CSV injection: a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
may be evaluated by the program that opens the file. CSV cells get a leading apostrophe; .xlsx cells keep
their text exactly and are written with the string type (see each writer).
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "csv_safe", "csv_unescape", "formula_like"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """True for a text value that a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """The value to write in a CSV cell: formula-like text gets a leading apostrophe, and so does text that
    already starts with one (so that reading it back never drops an apostrophe that was typed)."""
    if formula_like(value) or (isinstance(value, str) and value.startswith("'")):
        return "'" + value  # type: ignore[operator]
    return value


def csv_unescape(value: str) -> str:
    """The text of a CSV cell written by `csv_safe`: the apostrophe it added is dropped."""
    rest = value[1:]
    return rest if value.startswith("'") and (formula_like(rest) or rest.startswith("'")) else value
