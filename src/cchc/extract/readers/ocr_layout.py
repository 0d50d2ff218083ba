"""Layout of a scanned page: ruled tables found from their lines, words placed by tesseract's boxes.

One tesseract run per page (TSV output: words with boxes). Ruling lines are found with numpy on the
binarised image and erased before OCR; the cells they make (merged cells too: a missing line segment
joins two grid cells) receive the words whose centres fall in them. Rows come out in the TAB layout,
text outside the table as lines in tesseract's reading order, the table where it stands on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cchc.extract.readers.grid import GridCell, combine_two_level_header

__all__ = ["Grid", "find_grid", "erase_lines", "layout_from_tsv", "parse_tsv"]

_SEP_COVER = 0.6
_GLUED_NUMBER = re.compile(r"^(\d{1,2}[.,])\s*(?=[^\W\d_])")  # share of a segment that must be dark for a ruling line to be there


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]

    @property
    def cx(self) -> float:
        return self.left + self.width / 2

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


@dataclass
class Grid:
    """A ruled table: line positions and which grid cells are joined into one (merged) cell."""

    xs: list[int]
    ys: list[int]
    owner: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (row, col) → top-left

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        col = max(i for i, v in enumerate(self.xs[:-1]) if v <= x)
        row = max(i for i, v in enumerate(self.ys[:-1]) if v <= y)
        return self.owner.get((row, col), (row, col))


def _runs(mask_1d: Any) -> list[tuple[int, int]]:
    """Start/end (exclusive) of the True runs of a 1-D boolean array."""
    import numpy as np

    padded = np.concatenate(([False], mask_1d, [False])).astype(np.int8)
    diff = np.diff(padded)
    return list(zip(np.flatnonzero(diff == 1).tolist(), np.flatnonzero(diff == -1).tolist(), strict=True))


def _line_mask(dark: Any, axis: int, length: int) -> Any:
    """Pixels that belong to a straight dark run of at least `length` along `axis` (1: horizontal)."""
    import numpy as np

    a = dark if axis == 1 else dark.T
    c = np.cumsum(a, axis=1, dtype=np.int32)
    c = np.pad(c, ((0, 0), (1, 0)))
    full = (c[:, length:] - c[:, :-length]) == length  # window starting at x is all dark
    # spread each full window back over its `length` pixels
    starts = np.pad(full, ((0, 0), (0, length - 1)))
    cs = np.cumsum(starts, axis=1, dtype=np.int32)
    cs = np.pad(cs, ((0, 0), (length, 0)))[:, : a.shape[1] + length]
    mask = (cs[:, length:] - cs[:, : a.shape[1]]) > 0
    return mask if axis == 1 else mask.T


def _positions(mask: Any, axis: int, min_len: int) -> list[int]:
    """Centres of the lines of a line mask whose total length reaches `min_len`."""
    import numpy as np

    counts = mask.sum(axis=axis)  # axis=1: per row (horizontal lines)
    hits = counts >= min_len
    return [int((s + e - 1) // 2) for s, e in _runs(np.asarray(hits))]


def find_grid(dark: Any) -> tuple[Grid | None, Any, Any]:
    """The ruled table of a page (at most one), with the horizontal and vertical line masks."""
    h, w = dark.shape
    length = max(25, min(h, w) // 50)
    hmask = _line_mask(dark, 1, length)
    vmask = _line_mask(dark, 0, length)
    ys = _positions(hmask, 1, max(length * 3, w // 8))
    xs = _positions(vmask, 0, max(length * 2, h // 20))
    if len(ys) < 2 or len(xs) < 3:
        return None, hmask, vmask
    # keep the lines inside the frame the outer lines make
    x0, x1 = xs[0], xs[-1]
    # (a line under a group header such as "Cơ quan thực hiện" covers only the columns it groups)
    ys = [y for y in ys if hmask[max(0, y - 2) : y + 3, x0:x1].any(axis=0).mean() > 0.12]
    if len(ys) < 2:
        return None, hmask, vmask
    grid = Grid(xs=xs, ys=ys)
    _merge_cells(grid, hmask, vmask)
    return grid, hmask, vmask


def _covered(mask: Any, fixed: int, lo: int, hi: int, *, vertical: bool) -> bool:
    pad = 3
    margin = max(2, (hi - lo) // 6)
    lo, hi = lo + margin, hi - margin
    if hi <= lo:
        return True
    band = mask[lo:hi, max(0, fixed - pad) : fixed + pad + 1] if vertical else mask[
        max(0, fixed - pad) : fixed + pad + 1, lo:hi]
    cover = band.any(axis=1 if vertical else 0).mean()
    return bool(cover >= _SEP_COVER)


def _merge_cells(grid: Grid, hmask: Any, vmask: Any) -> None:
    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(a: tuple[int, int]) -> tuple[int, int]:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        for c in range(cols - 1):  # a vertical line between c and c+1 in row band r?
            if not _covered(vmask, grid.xs[c + 1], grid.ys[r], grid.ys[r + 1], vertical=True):
                union((r, c), (r, c + 1))
    for r in range(rows - 1):
        for c in range(cols):  # a horizontal line between r and r+1 in column band c?
            if not _covered(hmask, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1], vertical=False):
                union((r, c), (r + 1, c))
    for key in parent:
        grid.owner[key] = find(key)


def erase_lines(gray: Any, hmask: Any, vmask: Any, grid: Grid | None = None) -> Any:
    """The page with its ruling lines painted white (tesseract reads lines as "|" and "_"); with a grid,
    only the mask near the grid's lines (a letter's long stroke elsewhere stays)."""
    import numpy as np

    out = gray.copy()
    if grid is None:
        out[hmask | vmask] = 255
        return out
    near = np.zeros_like(hmask)
    pad = 6
    for y in grid.ys:
        near[max(0, y - pad) : y + pad + 1, :] |= hmask[max(0, y - pad) : y + pad + 1, :]
    for x in grid.xs:
        near[:, max(0, x - pad) : x + pad + 1] |= vmask[:, max(0, x - pad) : x + pad + 1]
    out[near] = 255
    return out


def parse_tsv(tsv: str) -> list[Word]:
    """Words from tesseract's TSV output."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(v) for v in parts[6:10])
            key = (int(parts[2]), int(parts[3]), int(parts[4]))
        except ValueError:
            continue
        words.append(Word(text, left, top, width, height, key))
    return words


def _cell_text(words: list[Word]) -> str:
    """Words of one cell in reading order: tesseract's lines top to bottom, each left to right (its line
    ids keep a dash or a comma on its own line, which a box-centre rule would move)."""
    if not words:
        return ""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: (min(w.top for w in ws), min(w.left for w in ws)))
    return " ".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in ordered)


# fill(box, numbering): the text of one cell read alone; `numbering` for a cell of a narrow first column
# (STT: "1.", "II"), read with a character whitelist
Filler = Callable[[tuple[int, int, int, int], bool], str]


def _cell_box(grid: Grid, owner: tuple[int, int]) -> tuple[int, int, int, int]:
    keys = [k for k, v in grid.owner.items() if v == owner] or [owner]
    r0, r1 = min(k[0] for k in keys), max(k[0] for k in keys)
    c0, c1 = min(k[1] for k in keys), max(k[1] for k in keys)
    return grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1]


def _table_lines(grid: Grid, words: list[Word], fill: Filler | None = None) -> list[str]:
    cells: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        at = grid.cell_at(w.cx, w.cy)
        if at is not None:
            cells.setdefault(at, []).append(w)
    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    narrow_first = cols > 2 and (grid.xs[1] - grid.xs[0]) < 0.2 * (grid.xs[-1] - grid.xs[0])
    grid_rows: list[list[GridCell]] = []
    for r in range(rows):
        out: list[GridCell] = []
        for c in range(cols):
            owner = grid.owner.get((r, c), (r, c))
            if owner == (r, c):
                text = _cell_text(cells.get(owner, []))
                if fill is not None and c == 0 and narrow_first and r > 0 and len(text) <= 5:
                    # numbers in a narrow STT column are misread or dropped ("s;" for "2.", "IH" for
                    # "III"): read the cell alone, numerals only
                    text = fill(_cell_box(grid, owner), True) or text
                elif not text and fill is not None:
                    # page segmentation drops short words in narrow cells: read the cell alone
                    text = fill(_cell_box(grid, owner), False)
                out.append(GridCell(text, c, 1, False))
            elif owner[1] == c and owner[0] < r:
                out.append(GridCell("", c, 1, True))  # a vertically merged cell's continuation
            elif out:
                out[-1].span += 1  # covered by a cell to the left (horizontal merge): written once
        if narrow_first and len(out) > 1 and out[0].col == 0 and out[1].col == 1 and out[0].span == 1:
            # the STT number read together with the next cell's first word ("1.Xây dựng"): give it back
            m = _GLUED_NUMBER.match(out[1].text)
            if m and len(out[0].text) <= 3:
                out[0].text, out[1].text = m.group(1).replace(",", "."), out[1].text[m.end() :]
        grid_rows.append(out)
    return ["\t".join(c.text for c in row) for row in combine_two_level_header(grid_rows) if any(c.text for c in row)]


def layout_from_tsv(words: list[Word], grid: Grid | None, fill: Filler | None = None) -> str:
    """The page text: lines outside the table in tesseract's order, the table's rows where it stands."""
    inside: list[Word] = []
    outside: list[Word] = []
    for w in words:
        (inside if grid is not None and grid.cell_at(w.cx, w.cy) is not None else outside).append(w)
    # lines of the text outside, in tesseract's order, a blank line between paragraphs
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in outside:
        groups.setdefault(w.line, []).append(w)
    text_lines: list[tuple[int, tuple[int, int], str]] = []
    for key, ws in groups.items():
        ws.sort(key=lambda w: w.left)
        text_lines.append((min(w.top for w in ws), key[:2], " ".join(w.text for w in ws)))
    out: list[str] = []
    table_done = grid is None

    def emit_table() -> None:
        assert grid is not None
        rows = _table_lines(grid, inside, fill)
        if rows:
            if out and out[-1] != "":
                out.append("")
            out.extend(rows)
            out.append("")

    prev_par: tuple[int, int] | None = None
    for top, par, text in text_lines:
        if not table_done and grid is not None and top > grid.bbox[1]:
            emit_table()
            table_done = True
            prev_par = None
        if prev_par is not None and par != prev_par and out and out[-1] != "":
            out.append("")
        out.append(text)
        prev_par = par
    if not table_done:
        emit_table()
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
