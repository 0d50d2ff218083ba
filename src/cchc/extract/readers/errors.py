"""Readers' error messages: Vietnamese first, English in parentheses, naming the file."""

from __future__ import annotations

from pathlib import Path

from cchc.domain.errors import InvalidInput, ToolMissing

__all__ = ["invalid", "tool_missing", "TESSERACT_HINT", "SOFFICE_HINT"]

TESSERACT_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
SOFFICE_HINT = "apt-get install libreoffice-writer-nogui"


def invalid(path: Path | str, vi: str, en: str) -> InvalidInput:
    """`InvalidInput` saying what is wrong with the file `path`, e.g. `tệp rỗng (empty file)`."""
    name = Path(path).name
    return InvalidInput(f"Tệp “{name}”: {vi} ({en})", where=None)


def tool_missing(vi: str, en: str, hint: str) -> ToolMissing:
    """`ToolMissing` with a one-line install hint."""
    return ToolMissing(f"{vi} ({en}); cài đặt (install): {hint}")
