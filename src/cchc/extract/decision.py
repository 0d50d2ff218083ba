"""A Decision that issues a plan: `QUYẾT ĐỊNH Về việc ban hành Kế hoạch …`, `Điều 1. Ban hành kèm theo
Quyết định này Kế hoạch …`, its articles and signature, then the plan itself (`KẾ HOẠCH …
(Ban hành kèm theo Quyết định số … )`). The text is split where the attached plan begins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.extract.frontmatter import HEAD_LINES
from cchc.extract.issuers import _MOTTO
from cchc.extract.numbers import fold_keep
from cchc.extract.numbers import fold_words as fold

__all__ = ["DecisionParts", "split_decision", "decision_title"]


@dataclass(frozen=True)
class DecisionParts:
    decision: str  # the Decision: header, title, preamble, articles, signature
    plan: str  # the attached plan ('' when the text holds the Decision only)


_ISSUES_PLAN = re.compile(r"^(?:ve viec\s+)?(?:ban hanh|phe duyet)\s+(?:kem theo\s+)?ke hoach\b")
_ARTICLE_ONE = re.compile(r"^dieu 1\b.{0,40}\bban hanh kem theo quyet dinh nay\b.{0,20}\bke hoach\b")
_TITLE_STOP = re.compile(r"^(?:can cu|theo de nghi|xet de nghi|quyet dinh$|dieu \d|(?:pho\s+)?(?:chu tich|thu tuong|bo truong)\b)")
_HEADERISH = re.compile(
    r"^(?:uy ban nhan dan|ubnd|thu tuong|chinh phu|bo [a-z]|ban chi dao|so\s*\d*\s+[a-z]|"
    r"(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\s+[a-z])"
)


def decision_title(lines: list[str], label: int) -> str | None:
    """The title under the `QUYẾT ĐỊNH` label (`Về việc ban hành Kế hoạch …`)."""
    parts: list[str] = []
    for line in lines[label + 1 : label + 8]:
        f = fold(line)
        if not f:
            if parts:
                break
            continue
        if _TITLE_STOP.match(f):
            break
        parts.append(line.strip())
    return " ".join(" ".join(parts).split()) or None


def _label(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:HEAD_LINES]):
        if fold(line) == "quyet dinh" and line.strip().isupper():
            return i
    return None


def _plan_start(lines: list[str], after: int) -> int | None:
    for k in range(after + 1, len(lines)):
        line = lines[k].strip()
        f = fold(line)
        if (f == "ke hoach" or f.startswith("ke hoach ") and line.isupper()) and line[:1].isupper():
            start = k
            j = k - 1
            while j > after:
                g = fold(lines[j])
                if not g:
                    j -= 1
                    continue
                folded = fold_keep(lines[j])
                if _MOTTO.search(folded) or _HEADERISH.match(g) and (lines[j].isupper() or g.startswith("so ")) or (
                    re.search(r",\s*ngay\b", folded)
                ):
                    start = j
                    j -= 1
                    continue
                break
            return start
    return None


def split_decision(text: str) -> DecisionParts | None:
    """The Decision and the plan it issues, when `text` opens with such a Decision; else None.

    >>> split_decision("QUYẾT ĐỊNH\\nVề việc ban hành Kế hoạch cải cách hành chính năm 2026\\n"
    ...                "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2026.\\n"
    ...                "KẾ HOẠCH\\nCải cách hành chính năm 2026\\n").plan.split("\\n")[0]
    'KẾ HOẠCH'
    """
    lines = text.split("\n")
    label = _label(lines)
    if label is None:
        return None
    title = fold(decision_title(lines, label) or "")
    article = next((i for i, ln in enumerate(lines) if _ARTICLE_ONE.match(fold(ln))), None)
    if not _ISSUES_PLAN.match(title) and article is None:
        return None
    start = _plan_start(lines, article if article is not None else label + 1)
    if start is None:
        return DecisionParts(text, "")
    return DecisionParts("\n".join(lines[:start]), "\n".join(lines[start:]))
