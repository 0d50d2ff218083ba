"""PDF with a text layer (pdfplumber): text in reading order, ruled tables in the TAB layout, "\\f" between pages.

Pages with (almost) no text but an image are scans: they are rendered and OCR'd (see ocr.py).
"""

from __future__ import annotations

import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc.extract.document import PAGE_BREAK, TABLE_CELL_SEP, SourceDocument
from cchc.extract.readers.errors import invalid
from cchc.extract.readers.grid import GridCell, combine_two_level_header
from cchc.extract.readers.legacy import fix_legacy
from cchc.extract.readers.ocr import OCR_DPI, ocr_page, require_tesseract

__all__ = ["read_pdf", "MIN_CHARS_PER_PAGE", "BULLET_AT_START"]

# A page with fewer visible characters than this (and an image on it) is treated as a scan.
MIN_CHARS_PER_PAGE = 25
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "intersection_tolerance": 3}
_EPS = 2.0
# Scanned pages are rendered a few at a time and OCR'd in parallel (tesseract runs single-threaded).
_OCR_WORKERS = max(1, min(4, os.cpu_count() or 1))
# A list label printed flush against its text ("I.MỤC ĐÍCH" when the tab after the label is narrow).
# Bullet glyphs (Symbol/Wingdings private-use code points as Word prints them, and Unicode bullets) at the start
# of a line: the list label "-" of the layout.
BULLET_AT_START = re.compile(r"^[\uf0a7\uf0b7\uf0d8\uf0e8\uf076\uf0fc\uf0a8\uf06c\uf06e\uf071\u2022\u25cf\u25aa\u25a0"
                             r"\u25e6\u2023\u2043\u2219\u27a2\u25ba\u00b7\u2013\u2014](?:\s+|(?=\w))")
_GLUED_LABEL = re.compile(r"^((?:[IVXL]{1,5}|\d{1,3}|[a-zđ])[.)])(?=[^\W\d_])")


@dataclass
class _Block:
    top: float
    lines: list[str]
    table: bool


def _check_encryption(path: Path) -> None:
    """Raise InvalidInput for a PDF that needs a password to open; owner-only protection is fine."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, PdfReadError, ValueError, KeyError):
                ok = 0
            if not ok:
                raise invalid(path, "tệp PDF được bảo vệ bằng mật khẩu, hãy gỡ mật khẩu rồi tải lại",
                              "password-protected/encrypted PDF")
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        return  # pdfplumber has the last word on whether the file is readable


def _clean_cell(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).replace("\t", " ").split())


def _table_lines(table: Any) -> list[str]:
    """Rows of a pdfplumber table as TAB lines: a vertically merged cell's continuation empty, a
    horizontally merged cell once; a two-level header is combined into one row."""
    texts = table.extract()
    cells = [tuple(c) for c in table.cells]
    # column edges from the cells' own left/right edges (Table.columns is skewed by cells spanning columns)
    lefts = sorted({round(c[0], 1) for c in cells})
    rights = sorted({round(c[2], 1) for c in cells})
    columns = [(x0, next((x for x in rights if x > x0 + _EPS), x0 + 1)) for x0 in lefts]
    grid_rows: list[list[GridCell]] = []
    for row, row_texts in zip(table.rows, texts, strict=False):
        _x0, top, _x1, bottom = row.bbox
        mid_y = (top + bottom) / 2
        out: list[GridCell] = []
        for j, (cell, text) in enumerate(zip(row.cells, row_texts, strict=False)):
            if cell is not None:
                out.append(GridCell(_clean_cell(text), j, 1, False))
                continue
            if j >= len(columns):
                continue
            col_x0, col_x1 = columns[j]
            mid_x = (col_x0 + col_x1) / 2
            covering = next(
                (c for c in cells if c[0] - _EPS <= mid_x <= c[2] + _EPS and c[1] - _EPS <= mid_y <= c[3] + _EPS),
                None,
            )
            if covering is None or covering[1] >= top - _EPS or covering[0] < col_x0 - _EPS:
                # a horizontal span (in this row, or the right-hand part of a block merged both ways):
                # the cell was written once already
                if out:
                    out[-1].span += 1
                continue
            out.append(GridCell("", j, 1, True))  # a vertically merged cell's continuation
        grid_rows.append(out)
    return [TABLE_CELL_SEP.join(c.text for c in r) for r in combine_two_level_header(grid_rows)
            if any(c.text for c in r)]


def _page_blocks(page: Any) -> tuple[list[_Block], int]:
    """The page's text lines outside tables and its tables, each with its top, in reading order."""
    tables = page.find_tables(_TABLE_SETTINGS)
    tables = [t for t in tables if len(t.rows) >= 1 and len(t.columns) >= 2]
    blocks: list[_Block] = []
    boxes = [t.bbox for t in tables]
    for t in tables:
        lines = _table_lines(t)
        if lines:
            blocks.append(_Block(t.bbox[1], lines, True))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for line in rest.extract_text_lines(strip=True, return_chars=False, x_tolerance=1.5, y_tolerance=3):
        text = " ".join(unicodedata.normalize("NFC", line["text"]).replace("\t", " ").split())
        text = BULLET_AT_START.sub("- ", _GLUED_LABEL.sub(r"\1 ", text))
        if text:
            blocks.append(_Block(line["top"], [text], False))
    blocks.sort(key=lambda b: b.top)
    visible = sum(1 for c in page.chars if not c.get("text", " ").isspace())
    return blocks, visible


def _render_blocks(blocks: list[_Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.table:
            if out and out[-1] != "":
                out.append("")
            out.extend(b.lines)
            out.append("")
        else:
            out.extend(b.lines)
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out)


def _ocr_pending(pending: list[tuple[int, Any]], page_texts: list[str], path: Path) -> None:
    """OCR the rendered pages waiting in `pending`, one tesseract per core, into `page_texts`; empties it."""
    if not pending:
        return
    with ThreadPoolExecutor(max_workers=_OCR_WORKERS) as pool:
        texts = list(pool.map(lambda item: ocr_page(item[1], source=path), pending))
    for (index, _image), text in zip(pending, texts, strict=True):
        page_texts[index] = text
    pending.clear()


def read_pdf(path: Path, *, ocr: bool | None = None) -> SourceDocument:
    """Read a PDF: the text layer where there is one, OCR for scanned pages (`ocr=False` never OCRs,
    `ocr=True` OCRs every page)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    _check_encryption(path)
    page_texts: list[str] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            n_pages = len(pdf.pages)
            if n_pages == 0:
                raise invalid(path, "tệp PDF không có trang nào", "PDF has no pages")
            pending: list[tuple[int, Any]] = []  # (index in page_texts, rendered page) waiting for OCR
            for number, page in enumerate(pdf.pages, start=1):
                blocks, visible = _page_blocks(page) if ocr is not True else ([], 0)
                scanned = ocr is True or (ocr is None and visible < MIN_CHARS_PER_PAGE and bool(page.images))
                if scanned:
                    require_tesseract()
                    pending.append((len(page_texts), page.to_image(resolution=OCR_DPI).original))
                    page_texts.append("")
                    ocr_pages.append(number)
                    if len(pending) >= _OCR_WORKERS:
                        _ocr_pending(pending, page_texts, path)
                else:
                    page_texts.append(_render_blocks(blocks))
                page.close()
            _ocr_pending(pending, page_texts, path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise invalid(path, "tệp PDF được bảo vệ bằng mật khẩu", "password-protected/encrypted PDF") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError, ZeroDivisionError, OverflowError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise invalid(path, "không tìm thấy tệp", "file not found") from None
        raise invalid(path, "tệp PDF bị hỏng hoặc không đọc được", f"corrupt PDF: {type(exc).__name__}") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises bare Exceptions on some broken files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise invalid(path, "tệp PDF bị hỏng hoặc không đọc được", f"corrupt PDF: {type(exc).__name__}") from None
        raise
    from cchc.extract.readers.txt import normalize_layout

    text = normalize_layout(f"\n{PAGE_BREAK}\n".join(page_texts))
    # a document typed in a TCVN3/VNI font keeps its legacy codes in the PDF's text layer
    text, legacy = fix_legacy(text)
    if legacy:
        warnings.append(f"đã chuyển mã {legacy} sang Unicode (converted {legacy} to Unicode)")
    if ocr_pages:
        which = "mọi trang" if len(ocr_pages) == n_pages else "trang " + ", ".join(map(str, ocr_pages))
        warnings.append(f"{which} được nhận dạng từ ảnh quét (OCR), cần kiểm tra lại (OCR used, check the text)")
    if not text.strip():
        warnings.append("tệp PDF không có chữ (the PDF has no text)")
    return SourceDocument(text=text, kind="ocr" if ocr_pages and len(ocr_pages) == n_pages else "pdf",
                          path=path, pages=n_pages, ocr=bool(ocr_pages), warnings=warnings)
