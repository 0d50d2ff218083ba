"""National and city reference targets for the service indicators, with their legal source.

The city view checks each commune's figures against these. Every target says where it comes from
and whether it is an ASSUMPTION (a figure commonly written into provincial PAR plans, or a value
chosen here because no gazetted text was at hand): check and replace those before relying on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cchc.domain.metrics import MetricCode

__all__ = [
    "NATIONAL_TARGETS", "ReferenceTarget", "city_targets", "resolved_targets", "targets_by_province", "targets_for",
]


@dataclass(frozen=True)
class ReferenceTarget:
    metric: str  # a MetricCode value, or "index_766" / "completeness"
    label_vi: str
    comparator: str  # ">=" only for now
    target: float  # percent (0–100), or points for index_766
    level: str  # "national" | "city"
    source: str  # the legal text (or the reason for the assumption)
    assumption: bool  # True when the figure is not taken from a gazetted text
    document: str | None = None  # the imported plan the figure comes from, when it does
    clause: str | None = None  # the indicator's number in that plan

    def holds(self, value: float | None) -> bool | None:
        """True/False against the target; None when there is no value."""
        if value is None:
            return None
        return value >= self.target

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label_vi": self.label_vi,
            "comparator": self.comparator,
            "target": self.target,
            "level": self.level,
            "source": self.source,
            "assumption": self.assumption,
            "document": self.document,
            "clause": self.clause,
        }


_NQ76 = "Nghị quyết 76/NQ-CP ngày 15/7/2021 (Chương trình tổng thể CCHC nhà nước 2021–2030), mục tiêu đến 2030"

NATIONAL_TARGETS: tuple[ReferenceTarget, ...] = (
    ReferenceTarget(MetricCode.SATISFACTION_RATE.value, "Mức độ hài lòng của người dân, doanh nghiệp", ">=", 95.0,
                    "national", _NQ76, False),
    ReferenceTarget(MetricCode.ON_TIME_RATE.value, "Hồ sơ giải quyết đúng hạn", ">=", 98.0, "national",
                    "Giả định: mức thường ghi trong kế hoạch CCHC 2026–2030 của các tỉnh (chưa đối chiếu văn bản gốc)",
                    True),
    ReferenceTarget(MetricCode.ONLINE_RATE.value, "Hồ sơ giải quyết trực tuyến / tổng số hồ sơ", ">=", 80.0,
                    "national", _NQ76, False),
    ReferenceTarget(MetricCode.ONLINE_PAYMENT_RATE.value, "Thanh toán trực tuyến (hồ sơ có phí)", ">=", 80.0,
                    "national",
                    "Giả định: theo định hướng Quyết định 06/QĐ-TTg ngày 06/01/2022 và các kế hoạch CCHC 2026–2030 "
                    "(chưa đối chiếu văn bản gốc)", True),
    ReferenceTarget(MetricCode.DIGITIZATION_RATE.value, "Số hóa hồ sơ, kết quả giải quyết TTHC", ">=", 100.0,
                    "national",
                    "Nghị định 45/2020/NĐ-CP và Quyết định 06/QĐ-TTg (số hóa 100% hồ sơ, kết quả); mức 100% theo "
                    "kế hoạch 2026–2030 là giả định", True),
    ReferenceTarget(MetricCode.E_RESULT_RATE.value, "Cấp kết quả điện tử", ">=", 100.0, "national",
                    "Giả định: Nghị định 45/2020/NĐ-CP (kết quả điện tử có giá trị như bản giấy); mức 100% chọn ở đây",
                    True),
    ReferenceTarget("index_766", "Chỉ số phục vụ (Quyết định 766/QĐ-TTg), điểm", ">=", 80.0, "national",
                    "Giả định: mức \"Tốt\" theo thang 90/80/70/50 thấy trên một cổng DVC (không có thang chính thức)",
                    True),
)

# City (province) targets by province code. Each is an ASSUMPTION until a province's own plan is
# entered here; the default is the national target, stricter on timeliness.
_CITY: dict[int, tuple[ReferenceTarget, ...]] = {}
_CITY_DEFAULT_SOURCE = "Giả định: chưa nhập kế hoạch CCHC của thành phố; lấy mức quốc gia, riêng đúng hạn 99%"


def city_targets(province_code: int | None) -> tuple[ReferenceTarget, ...]:
    """The city's targets (its own when known, else the national ones marked as assumptions)."""
    if province_code in _CITY:
        return _CITY[province_code]  # type: ignore[index]
    out = []
    for t in NATIONAL_TARGETS:
        target = 99.0 if t.metric == MetricCode.ON_TIME_RATE.value else t.target
        out.append(ReferenceTarget(t.metric, t.label_vi, t.comparator, target, "city", _CITY_DEFAULT_SOURCE, True))
    return tuple(out)


def targets_for(province_code: int | None) -> list[ReferenceTarget]:
    """National then city targets."""
    return [*NATIONAL_TARGETS, *city_targets(province_code)]


def resolved_targets(session: Any, province_code: int | None, *, year: int | None = None) -> list[ReferenceTarget]:
    """National then city targets, taken from the imported parent plans when present (the newest national
    plan and the newest plan of the province that set a figure for the metric), each naming its document
    and clause; the constants above fill in what no imported plan sets. `year` picks a multi-year figure.
    """
    codes = [] if province_code is None else [province_code]
    return targets_by_province(session, codes, year=year, none_too=province_code is None)[province_code]


def targets_by_province(
    session: Any, province_codes: Iterable[int], *, year: int | None = None, none_too: bool = False
) -> dict[int | None, list[ReferenceTarget]]:
    """`resolved_targets` for several provinces from one query (the national view's communes span many)."""
    from sqlalchemy import or_, select

    from cchc.domain.conformance import document_label, target_for_year, targets_from_json
    from cchc.store.models_conformance import ParentPlan

    codes = sorted(set(province_codes))
    cond = ParentPlan.level == "national"
    if codes:
        cond = or_(cond, ParentPlan.province_code.in_(codes))
    rows = session.scalars(select(ParentPlan).where(cond)
                           .order_by(ParentPlan.issued_on.desc().nulls_last(), ParentPlan.id.desc()))
    found: dict[tuple[str, str, int | None], ReferenceTarget] = {}
    for row in rows:  # newest first: the first figure for a metric wins
        level = "national" if row.level == "national" else "city"
        owner = None if level == "national" else row.province_code
        doc = row.document or {}
        label = document_label(doc.get("plan"))
        for t in targets_from_json(doc, ""):
            if not t.metric or (t.metric, level, owner) in found:
                continue
            comparator, figure, _ = target_for_year(t, year)
            if comparator not in (">=", ">", "="):
                continue
            clause = f", mục {t.clause}" if t.clause else ""
            found[(t.metric, level, owner)] = ReferenceTarget(t.metric, t.name, ">=", figure, level,
                                                              f"{label}{clause}", False, label, t.clause)
    known = {t.metric for t in NATIONAL_TARGETS}
    national = [found.get((t.metric, "national", None), t) for t in NATIONAL_TARGETS]
    out: dict[int | None, list[ReferenceTarget]] = {}
    for code in [*codes, *([None] if none_too else [])]:
        city = [found.get((t.metric, "city", code), t) for t in city_targets(code)]
        extra = [t for (m, _, owner), t in found.items() if m not in known and owner in (None, code)]
        out[code] = [*national, *city, *extra]
    return out
