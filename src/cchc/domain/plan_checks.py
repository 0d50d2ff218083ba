"""Rules that keep a commune's plans unambiguous: duplicates on import, one published plan, review warnings.

Pure functions over plain records: the services load the rows and call them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

__all__ = [
    "PlanRecord", "Warning", "find_duplicates", "publish_conflicts", "normalise_number", "review_warnings",
    "LOW_CONFIDENCE",
]

# Kinds that add to a plan instead of standing alone: several may be published beside it.
ADDITIVE_KINDS = frozenset({"appendix", "amendment"})
LOW_CONFIDENCE = 0.6
_STATUS_VI = {"draft": "dự thảo", "published": "đã ban hành", "closed": "đã đóng"}


@dataclass(frozen=True)
class PlanRecord:
    """What the rules need of a plan."""

    id: int
    locality_code: int
    status: str
    kind: str = "general"
    number: str | None = None
    sha256: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    issued_on: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Warning:  # noqa: A001 - a review warning, not the builtin category
    code: str
    message: str


def normalise_number(number: str | None) -> str:
    """A document number/symbol compared loosely: «15/KH-UBND» = «15 / kh - ubnd»."""
    if not number:
        return ""
    s = unicodedata.normalize("NFC", number).upper()
    return re.sub(r"[\s.]+", "", s).replace("–", "-").replace("Đ", "D")


def find_duplicates(candidate: PlanRecord, existing: list[PlanRecord]) -> list[PlanRecord]:
    """Plans of the same commune with the same content hash or the same number/symbol (closed ones too)."""
    number = normalise_number(candidate.number)
    out = []
    for plan in existing:
        if plan.id == candidate.id or plan.locality_code != candidate.locality_code:
            continue
        same_hash = bool(candidate.sha256) and plan.sha256 == candidate.sha256
        same_number = bool(number) and normalise_number(plan.number) == number
        if same_hash or same_number:
            out.append(plan)
    return out


def _years(plan: PlanRecord) -> set[int]:
    if plan.period_start and plan.period_end and plan.period_start <= plan.period_end:
        return set(range(plan.period_start.year, plan.period_end.year + 1))
    day = plan.period_start or plan.period_end or plan.issued_on
    return {day.year} if day else set()


def publish_conflicts(candidate: PlanRecord, existing: list[PlanRecord]) -> list[PlanRecord]:
    """Published plans the candidate would stand beside: same commune, same kind, an overlapping year.

    Appendices and amendments add to a plan and never conflict; a plan with no known period conflicts
    with every published plan of its kind in the commune (which one counts cannot be told).
    """
    if candidate.kind in ADDITIVE_KINDS:
        return []
    years = _years(candidate)
    out = []
    for plan in existing:
        if plan.id == candidate.id or plan.locality_code != candidate.locality_code:
            continue
        if plan.status != "published" or plan.kind != candidate.kind:
            continue
        other = _years(plan)
        if not years or not other or years & other:
            out.append(plan)
    return out


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFD", text.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")
    return re.sub(r"\s+", " ", s).strip()


_COMMUNE = re.compile(r"\b(?:xa|phuong|thi tran|dac khu)\s+([a-z0-9][a-z0-9 ]{1,40}?)(?=$|[,.;:\n]| - )")


def review_warnings(*, commune_name: str, issuer: str | None, refs: list[str | None],
                    confidence: float | None = None, duplicates: list[PlanRecord] | None = None) -> list[Warning]:
    """What the standing office should look at before publishing an imported plan."""
    out: list[Warning] = []
    for plan in duplicates or []:
        label = plan.number or plan.title or f"#{plan.id}"
        status = _STATUS_VI.get(plan.status, plan.status)
        out.append(Warning("duplicate", f"Trùng với kế hoạch đã có «{label}» (#{plan.id}, {status}): "
                                        "cùng số, ký hiệu hoặc cùng nội dung tệp."))
    if issuer:
        ours = _fold(commune_name)
        ours = re.sub(r"^(xa|phuong|thi tran|dac khu)\s+", "", ours)
        named = [m.strip() for m in _COMMUNE.findall(_fold(issuer))]
        if named and ours and all(n != ours and not n.startswith(ours + " ") for n in named):
            out.append(Warning("locality", f"Cơ quan ban hành «{issuer}» không phải {commune_name}: "
                                           "kiểm tra lại xã/phường của kế hoạch."))
    if confidence is not None and confidence < LOW_CONFIDENCE:
        out.append(Warning("confidence", f"Chất lượng nhận dạng văn bản thấp ({confidence:.0%}): "
                                         "đối chiếu kỹ với văn bản gốc trước khi ban hành."))
    blank = sum(1 for r in refs if not (r or "").strip())
    if blank:
        out.append(Warning("blank_ref", f"{blank} nhiệm vụ chưa có số thứ tự."))
    counts = Counter((r or "").strip() for r in refs if (r or "").strip())
    dup = sorted(r for r, n in counts.items() if n > 1)
    if dup:
        out.append(Warning("duplicate_ref", "Số thứ tự trùng nhau: " + ", ".join(dup[:10]) + "."))
    return out
