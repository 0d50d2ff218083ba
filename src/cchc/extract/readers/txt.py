"""Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258, legacy TCVN3/VNI."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from cchc.extract.document import SourceDocument
from cchc.extract.readers.errors import invalid
from cchc.extract.readers.legacy import fix_legacy

__all__ = ["decode_text", "read_txt", "normalize_layout"]

# Bytes that never occur in text (NUL and the C0 controls other than TAB, LF, FF, CR, ESC).
_BINARY_BYTES = frozenset(range(0, 9)) | {11} | frozenset(range(14, 27)) | frozenset(range(28, 32))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    bad = sum(1 for b in sample if b in _BINARY_BYTES)
    return bad > max(2, len(sample) // 200)


def decode_text(data: bytes, path: Path | str = "") -> tuple[str, list[str]]:
    """Decode the bytes of a text file to NFC text; returns (text, warnings)."""
    warnings: list[str] = []
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = data.decode("utf-16", errors="replace")
    else:
        if _looks_binary(data):
            raise invalid(path, "không phải tệp văn bản", "not a text file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    legacy: str | None = None
    if text is None:
        # Not UTF-8: an 8-bit code page. TCVN3/VNI files read as Windows-1252 are recognised and
        # converted; otherwise Windows-1258, which writes tone marks as combining characters after
        # the vowel (NFC in normalize_layout composes them).
        text, legacy = fix_legacy(data.decode("cp1252", errors="replace"))
        if not legacy:
            text = data.decode("cp1258", errors="replace")
            warnings.append("mã hóa Windows-1258 (decoded as Windows-1258)")
    else:
        text, legacy = fix_legacy(text)
    if legacy:
        warnings.append(f"đã chuyển mã {legacy} sang Unicode (converted {legacy} to Unicode)")
    if "\ufffd" in text:
        warnings.append("có ký tự không giải mã được (undecodable characters replaced)")
    return text, warnings


def normalize_layout(text: str) -> str:
    """NFC, "\\n" line ends, no trailing spaces; keeps TABs and "\\f"."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def read_txt(path: Path, data: bytes) -> SourceDocument:
    """Read a .txt file's bytes into a SourceDocument."""
    text, warnings = decode_text(data, path)
    text = normalize_layout(text)
    pages = text.count("\f") + 1 if "\f" in text else None
    return SourceDocument(text=text, kind="txt", path=path, pages=pages, warnings=warnings)
