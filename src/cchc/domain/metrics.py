"""Metric codes that measure a plan's indicators (see the cchc.plan/1 spec)."""

from __future__ import annotations

from enum import StrEnum


class MetricCode(StrEnum):
    SATISFACTION_RATE = "satisfaction_rate"
    ON_TIME_RATE = "on_time_rate"
    ONLINE_RATE = "online_rate"
    FULL_ONLINE_RATE = "full_online_rate"
    ONLINE_PAYMENT_RATE = "online_payment_rate"
    DIGITIZATION_RATE = "digitization_rate"
    E_RESULT_RATE = "e_result_rate"
    DATA_REUSE_RATE = "data_reuse_rate"
    LOCATION_FREE_RATE = "location_free_rate"
    PORTAL_SYNC_RATE = "portal_sync_rate"
    FEEDBACK_ON_TIME_RATE = "feedback_on_time_rate"
    ONLINE_TIME_REDUCTION = "online_time_reduction"
    TASK_COMPLETION_RATE = "task_completion_rate"
    INSPECTION_COVERAGE = "inspection_coverage"


# Metrics that dossier records of the one-stop centre can measure.
DOSSIER_METRICS: frozenset[MetricCode] = frozenset(
    {
        MetricCode.SATISFACTION_RATE,
        MetricCode.ON_TIME_RATE,
        MetricCode.ONLINE_RATE,
        MetricCode.FULL_ONLINE_RATE,
        MetricCode.ONLINE_PAYMENT_RATE,
        MetricCode.DIGITIZATION_RATE,
        MetricCode.E_RESULT_RATE,
        MetricCode.DATA_REUSE_RATE,
        MetricCode.LOCATION_FREE_RATE,
        MetricCode.PORTAL_SYNC_RATE,
        MetricCode.ONLINE_TIME_REDUCTION,
    }
)

METRIC_LABELS: dict[MetricCode, tuple[str, str]] = {
    MetricCode.SATISFACTION_RATE: ("Tỷ lệ hài lòng", "Satisfaction rate"),
    MetricCode.ON_TIME_RATE: ("Tỷ lệ hồ sơ giải quyết đúng hạn", "On-time rate"),
    MetricCode.ONLINE_RATE: ("Tỷ lệ hồ sơ trực tuyến", "Online rate"),
    MetricCode.FULL_ONLINE_RATE: ("Tỷ lệ hồ sơ trực tuyến toàn trình", "Full-online rate"),
    MetricCode.ONLINE_PAYMENT_RATE: ("Tỷ lệ thanh toán trực tuyến", "Online payment rate"),
    MetricCode.DIGITIZATION_RATE: ("Tỷ lệ số hóa hồ sơ, kết quả", "Digitisation rate"),
    MetricCode.E_RESULT_RATE: ("Tỷ lệ cấp kết quả điện tử", "Electronic result rate"),
    MetricCode.DATA_REUSE_RATE: ("Tỷ lệ tái sử dụng dữ liệu", "Data reuse rate"),
    MetricCode.LOCATION_FREE_RATE: ("Tỷ lệ hồ sơ phi địa giới", "Location-free rate"),
    MetricCode.PORTAL_SYNC_RATE: ("Tỷ lệ đồng bộ Cổng DVC quốc gia", "National portal sync rate"),
    MetricCode.FEEDBACK_ON_TIME_RATE: ("Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn", "Feedback handled on time"),
    MetricCode.ONLINE_TIME_REDUCTION: ("Mức giảm thời gian giải quyết trực tuyến", "Online time reduction"),
    MetricCode.TASK_COMPLETION_RATE: ("Tỷ lệ hoàn thành nhiệm vụ", "Task completion rate"),
    MetricCode.INSPECTION_COVERAGE: ("Tỷ lệ đơn vị được kiểm tra", "Inspection coverage"),
}
