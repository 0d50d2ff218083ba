"""Reading export files: encoding detection, transcoding to UTF-8, XLSX to Arrow."""

from __future__ import annotations

import codecs
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa

from cchc.domain.errors import InvalidInput

__all__ = ["detect_encoding", "normalize_newlines", "read_xlsx", "transcode_to_utf8"]

_SAMPLE = 4 * 1024 * 1024


def detect_encoding(path: Path) -> str:
    """`utf-8`, `utf-8-sig`, `utf-16` (by BOM or NUL pattern) or `cp1258` (not valid UTF-8)."""
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1:200:2].count(0) > 0.8 * len(head[1:200:2]):
        return "utf-16-le"
    if len(head) >= 4 and head[0:200:2].count(0) > 0.8 * len(head[0:200:2]):
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SAMPLE)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1258"


def transcode_to_utf8(src: Path, dst: Path, encoding: str) -> None:
    """Stream `src` in `encoding` to UTF-8 NFC (Windows-1258 text arrives as base letters + tone marks)."""
    with open(src, encoding=encoding, newline="") as fin, open(dst, "w", encoding="utf-8", newline="") as fout:
        buf = ""
        while True:
            more = fin.read(1 << 20)
            if not more:
                fout.write(unicodedata.normalize("NFC", buf))
                return
            buf += more
            # Cut before the last base character so that it stays with its combining marks.
            cut = len(buf) - 1
            while cut > 0 and unicodedata.combining(buf[cut]):
                cut -= 1
            fout.write(unicodedata.normalize("NFC", buf[:cut]))
            buf = buf[cut:]


def normalize_newlines(src: Path, dst: Path) -> None:
    """Stream a UTF-8 file to `dst` with every line ending (CRLF, CR, LF) written as LF."""
    with open(src, encoding="utf-8-sig", newline=None) as fin, open(dst, "w", encoding="utf-8", newline="\n") as fout:
        while more := fin.read(1 << 22):
            fout.write(more)


def _cell(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return unicodedata.normalize("NFC", s) if s else None


def read_xlsx(path: Path) -> tuple[list[str], pa.Table]:
    """The first sheet's header row and data rows as text, plus `_row` (the sheet's row number)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(f"Không đọc được tệp Excel {path.name}: {exc}") from exc
    try:
        ws = wb.worksheets[0]
        headers: list[str] | None = None
        cols: list[list[str | None]] = []
        rows: list[int] = []
        for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if headers is None:
                if any(c is not None and str(c).strip() for c in row):
                    headers = [_cell(c) or f"_col{j}" for j, c in enumerate(row)]
                    cols = [[] for _ in headers]
                continue
            if not any(c is not None and str(c).strip() for c in row):
                continue
            vals = list(row) + [None] * (len(headers) - len(row))
            for j in range(len(headers)):
                cols[j].append(_cell(vals[j]))
            rows.append(i)
    finally:
        wb.close()
    if headers is None:
        raise InvalidInput(f"Tệp Excel {path.name} không có dòng tiêu đề (empty sheet)")
    data = {f"c{j}": pa.array(c, pa.string()) for j, c in enumerate(cols)}
    data["_row"] = pa.array(rows, pa.int64())
    return headers, pa.table(data)
