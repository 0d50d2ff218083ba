"""Normalised text and its similarity, for matching tasks and indicators written in different words."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

__all__ = ["normalise", "similarity", "strip_marks"]

_PUNCT = re.compile(r"[^\w%]+")


def strip_marks(text: str) -> str:
    """Vietnamese without tone marks (đ → d), for comparing texts typed with or without them."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str | None) -> str:
    """Lower case, NFC, no tone marks, punctuation as spaces, single spaces."""
    value = strip_marks(unicodedata.normalize("NFC", text or "")).lower()
    return " ".join(_PUNCT.sub(" ", value).split())


def similarity(a: str | None, b: str | None) -> float:
    """0..1: the mean of the word overlap (Dice) and the character ratio of the normalised texts."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 1.0 if na == nb else 0.0
    if na == nb:
        return 1.0
    wa, wb = set(na.split()), set(nb.split())
    dice = 2 * len(wa & wb) / (len(wa) + len(wb))
    return (dice + SequenceMatcher(None, na, nb, autojunk=False).ratio()) / 2
