"""Table rows with their grid positions, shared by the Word, PDF and OCR readers."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GridCell", "combine_two_level_header"]


@dataclass
class GridCell:
    """One cell of a row: its text, first grid column, number of columns it spans."""

    text: str
    col: int
    span: int
    continued: bool  # the continuation of a vertically merged cell


def combine_two_level_header(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """A header whose first row has a cell spanning sub-columns named in the second row
    ("Cơ quan thực hiện" over "Chủ trì | Phối hợp") becomes one row naming every column, so that the
    data rows line up with it: the sub-column names where there are some, the first row's elsewhere."""
    if len(rows) < 3:
        return rows
    top, sub = rows[0], rows[1]
    spanning = [c for c in top if c.span > 1 and c.text]
    if not spanning or len(top) < 3:
        return rows
    sub_at = {c.col: c for c in sub}
    for parent in spanning:
        inner = [sub_at.get(col) for col in range(parent.col, parent.col + parent.span)]
        if not all(c is not None and c.text and not c.continued for c in inner):
            return rows
    for c in sub:
        owner = next((p for p in top if p.col <= c.col < p.col + p.span), None)
        if owner is None:
            return rows
        if owner.span == 1 and c.text and not c.continued:
            return rows  # the second row has words under a plain column: it is data, not a header
    combined: list[GridCell] = []
    for parent in top:
        if parent.span > 1 and parent.text:
            combined.extend(sub_at[col] for col in range(parent.col, parent.col + parent.span))
        else:
            combined.append(parent)
    return [combined, *rows[2:]]
