"""Vietnamese text helpers: NFC, diacritic folding, whitespace, fuzzy matching."""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["fold", "nfc", "squash", "similarity", "fuzzy_contains"]

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC, the one normal form cchc stores."""
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC with every run of whitespace folded to one space, trimmed."""
    return _WS.sub(" ", nfc(text)).strip()


def fold(text: str | None) -> str:
    """Lower case, no diacritics (đ→d), punctuation to spaces: `Tiếp tục` and `Tiép tyc` both start `tiep t`."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def similarity(a: str | None, b: str | None) -> float:
    """Similarity 0..1 of two texts after folding."""
    fa, fb = fold(a), fold(b)
    if not fa and not fb:
        return 1.0
    if not fa or not fb:
        return 0.0
    return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def fuzzy_contains(haystack: str, needle: str, threshold: float = 0.8) -> bool:
    """Whether folded `needle` occurs in folded `haystack`, allowing OCR-like damage."""
    h, n = fold(haystack), fold(needle)
    if not n:
        return False
    if n in h:
        return True
    words, k = h.split(), len(n.split())
    for i in range(max(1, len(words) - k + 1)):
        window = " ".join(words[i : i + k])
        if difflib.SequenceMatcher(None, window, n, autojunk=False).ratio() >= threshold:
            return True
    return False
