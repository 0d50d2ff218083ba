"""The Decision 766/QĐ-TTg service index scoring: 100 points in six groups, a pure rule.

Each indicator scores its maximum at its threshold rate and in proportion below it; a group never
exceeds its maximum; an indicator without a rate is `missing` and scores nothing. The inputs are plain
metric rates (from the dossier records) and entered values (from other registers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from cchc.domain.metrics import MetricCode

__all__ = [
    "GROUPS_766",
    "INDICATORS_766",
    "INPUT_INDICATORS",
    "Group766",
    "Index766",
    "Indicator766",
    "Indicator766Def",
    "MetricRate",
    "band_766",
    "score_766",
]


class MetricRate(Protocol):
    """What the scoring reads of a metric row: its locality, period, metric code, group and rate."""

    locality_code: int | None
    period: str
    metric: str
    group: str | None
    value: float | None


@dataclass(frozen=True)
class Indicator766Def:
    code: str
    group: str
    name_vi: str
    max_points: float
    threshold: float  # percent at which the indicator scores its maximum
    metric: MetricCode | None = None  # measured from dossiers when set; else an input


GROUPS_766: dict[str, tuple[str, float]] = {
    "transparency": ("Công khai, minh bạch", 18),
    "progress": ("Tiến độ giải quyết", 20),
    "online_service": ("Dịch vụ công trực tuyến", 12),
    "online_payment": ("Thanh toán trực tuyến", 10),
    "digitization": ("Số hóa hồ sơ", 22),
    "satisfaction": ("Mức độ hài lòng", 18),
}

INDICATORS_766: tuple[Indicator766Def, ...] = (
    Indicator766Def("published_on_time", "transparency", "Công bố, công khai TTHC đúng hạn", 6, 100),
    Indicator766Def("updated_on_time", "transparency", "Cập nhật, công khai TTHC đúng hạn", 4, 100),
    Indicator766Def("disclosed_complete", "transparency", "Công khai đầy đủ các bộ phận của TTHC", 2, 100),
    Indicator766Def("portal_sync", "transparency", "Đồng bộ hồ sơ lên Cổng DVC quốc gia theo thời gian thực", 6, 100,
                    MetricCode.PORTAL_SYNC_RATE),
    Indicator766Def("on_time", "progress", "Hồ sơ giải quyết đúng hạn", 20, 100, MetricCode.ON_TIME_RATE),
    Indicator766Def("online_procedures", "online_service", "TTHC cung cấp DVC trực tuyến (một phần, toàn trình)", 2, 80),
    Indicator766Def("online_services_used", "online_service", "DVC trực tuyến phát sinh hồ sơ", 4, 100),
    Indicator766Def("online_dossiers", "online_service", "Hồ sơ nộp trực tuyến (× tỷ lệ đồng bộ)", 6, 50,
                    MetricCode.ONLINE_RATE),
    Indicator766Def("paid_online", "online_payment", "Hồ sơ thanh toán trực tuyến / hồ sơ có phí (A)", 6, 100,
                    MetricCode.ONLINE_PAYMENT_RATE),
    Indicator766Def("fee_procedures_online_payment", "online_payment",
                    "TTHC có phí triển khai thanh toán trực tuyến (B)", 2, 80),
    Indicator766Def("fee_procedures_with_dossiers", "online_payment", "TTHC có phí phát sinh hồ sơ (C)", 2.5, 100),
    Indicator766Def("e_result", "digitization", "Cấp kết quả điện tử", 6, 100, MetricCode.E_RESULT_RATE),
    Indicator766Def("digitized", "digitization", "Số hóa thành phần hồ sơ", 4, 80, MetricCode.DIGITIZATION_RATE),
    Indicator766Def("e_certified_copy", "digitization", "Cung cấp bản sao điện tử chứng thực", 2, 100),
    Indicator766Def("data_reuse", "digitization", "Tái sử dụng dữ liệu đã số hóa", 2, 80, MetricCode.DATA_REUSE_RATE),
    Indicator766Def("citizen_store", "digitization", "Kết nối kho dữ liệu của công dân trên Cổng", 4, 100),
    Indicator766Def("population_db_dossiers", "digitization", "Hồ sơ sử dụng CSDL quốc gia về dân cư", 2, 100),
    Indicator766Def("population_db_procedures", "digitization", "TTHC kết nối CSDL quốc gia về dân cư", 2, 100),
    Indicator766Def("dossier_satisfaction", "satisfaction", "Hài lòng khi giải quyết hồ sơ", 6, 90,
                    MetricCode.SATISFACTION_RATE),
    Indicator766Def("pakn_on_time", "satisfaction", "Xử lý phản ánh, kiến nghị đúng hạn", 6, 100),
    Indicator766Def("pakn_satisfaction", "satisfaction", "Hài lòng về xử lý phản ánh, kiến nghị", 6, 100),
)

# Inputs from other registers (percent 0–100), plus `pakn_count` (number of PAKN in the period:
# 0 gives both PAKN indicators their 6 points).
INPUT_INDICATORS: tuple[str, ...] = tuple(d.code for d in INDICATORS_766 if d.metric is None) + ("pakn_count",)

_BANDS = ((90, "Xuất sắc"), (80, "Tốt"), (70, "Khá"), (50, "Trung bình"), (0, "Yếu"))


def band_766(total: float) -> str:
    """Rating band seen on one portal (no official bands were found): 90 Xuất sắc … < 50 Yếu."""
    return next(label for floor, label in _BANDS if total >= floor)


@dataclass
class Indicator766:
    code: str
    name_vi: str
    max_points: float
    threshold: float
    rate: float | None
    points: float | None
    source: str  # measured | entered | missing


@dataclass
class Group766:
    code: str
    name_vi: str
    max_points: float
    points: float
    indicators: list[Indicator766] = field(default_factory=list)


@dataclass
class Index766:
    locality_code: int
    period: str
    total: float  # missing indicators count 0
    measured_points: float
    entered_points: float
    missing: list[str]
    band: str
    groups: list[Group766] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["complete"] = self.complete
        return d


def _score(max_points: float, rate: float | None, threshold: float) -> float | None:
    if rate is None:
        return None
    return round(max_points * min(1.0, rate / threshold), 4) if threshold else max_points


def score_766(
    metric_rows: Sequence[MetricRate],
    inputs: Sequence[dict[str, Any]],
    *,
    localities: Sequence[int],
    periods: Sequence[str],
    digitization_threshold: float = 80.0,
    online_share_times_sync: bool = True,
) -> list[Index766]:
    """Score the 766 index from already computed metric rows (e.g. a whole month cube) and inputs."""
    rates: dict[tuple[int | None, str, str], float | None] = {
        (r.locality_code, r.period, r.metric): r.value for r in metric_rows if r.group is None
    }
    inp: dict[tuple[int, str, str], float | None] = {
        (r["locality_code"], r["period"], r["indicator"]): r["value"] for r in inputs
    }
    out = []
    for per in periods:
        for loc in localities:
            out.append(_score_one(loc, per, rates, inp, digitization_threshold, online_share_times_sync))
    return out


def _score_one(
    loc: int,
    per: str,
    rates: dict[tuple[int | None, str, str], float | None],
    inputs: dict[tuple[int, str, str], float | None],
    digitization_threshold: float,
    online_share_times_sync: bool,
) -> Index766:
    groups = {g: Group766(g, name, mx, 0.0) for g, (name, mx) in GROUPS_766.items()}
    missing: list[str] = []
    measured = entered = 0.0
    pakn_none = inputs.get((loc, per, "pakn_count")) == 0
    for d in INDICATORS_766:
        thr = digitization_threshold if d.code == "digitized" else d.threshold
        if d.metric is not None:
            rate = rates.get((loc, per, d.metric.value))
            if d.code == "online_dossiers" and rate is not None and online_share_times_sync:
                sync = rates.get((loc, per, MetricCode.PORTAL_SYNC_RATE.value))
                rate = None if sync is None else round(rate * sync / 100.0, 4)
            source = "measured" if rate is not None else "missing"
        elif d.code in ("pakn_on_time", "pakn_satisfaction") and pakn_none:
            rate, source = 100.0, "entered"
        else:
            rate = inputs.get((loc, per, d.code))
            source = "entered" if rate is not None else "missing"
        if d.code == "fee_procedures_with_dossiers" and rate is not None:
            pts: float | None = round(min(d.max_points, 2.5 * rate / 100.0), 4)
        else:
            pts = _score(d.max_points, rate, thr)
        if pts is None:
            missing.append(d.code)
        elif source == "measured":
            measured += pts
        else:
            entered += pts
        groups[d.group].indicators.append(Indicator766(d.code, d.name_vi, d.max_points, thr, rate, pts, source))
    for g in groups.values():
        g.points = round(min(g.max_points, sum(i.points or 0 for i in g.indicators)), 4)
    total = round(sum(g.points for g in groups.values()), 4)
    return Index766(loc, per, total, round(measured, 4), round(entered, 4), missing, band_766(total),
                    list(groups.values()))
