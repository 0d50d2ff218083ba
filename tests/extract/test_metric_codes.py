"""Metric codes from indicator names."""

from __future__ import annotations

import pytest

from cchc.extract.metric_codes import metric_for


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính", "satisfaction_rate"),
        ("Muc do hai long cta ngudi dan va doanh nghiép vé giai quyét TTHC", "satisfaction_rate"),
        ("hồ sơ TTHC được giải quyết đúng hạn và trước hạn", "on_time_rate"),
        ("Tỷ lệ hồ sơ tiếp nhận và giải quyết trực tuyến", "online_rate"),
        ("hồ sơ TTHC được xử lý hoàn toàn trực tuyến", "full_online_rate"),
        ("Tỷ lệ thanh toán trực tuyến", "online_payment_rate"),
        ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "digitization_rate"),
        ("két qua giai quyét TTHC duogc sé hoa theo quy dinh", "digitization_rate"),
        ("Tỉ lệ cấp kết quả giải quyết thủ tục hành chính điện tử", "e_result_rate"),
        ("Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa", "data_reuse_rate"),
        ("thủ tục hành chính được thực hiện không phụ thuộc vào địa giới hành chính", "location_free_rate"),
        ("hồ sơ giải quyết TTHC được đồng bộ đầy đủ trên Cổng Dịch vụ công quốc gia", "portal_sync_rate"),
        ("phản ánh, kiến nghị của người dân được xử lý kịp thời", "feedback_on_time_rate"),
        ("Thời gian giải quyết trong trường hợp nộp trực tuyến giảm so với nộp trực tiếp", "online_time_reduction"),
        ("Hoàn thành nhiệm vụ cải cách hành chính năm 2026 của xã", "task_completion_rate"),
        ("đơn vị được kiểm tra cải cách hành chính", "inspection_coverage"),
    ],
)
def test_an_indicator_name_maps_to_its_metric(name: str, code: str) -> None:
    m = metric_for(name)
    assert m is not None and m.value == code


@pytest.mark.parametrize(
    "name",
    [
        "Hoàn thành nhiệm vụ được UBND thành phố giao đảm bảo tiến độ",
        "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính",
        "thủ tục hành chính có yêu cầu nghĩa vụ tài chính, được triển khai thanh toán trực tuyến",
        "Mức độ hài lòng của người dân về cung cấp dịch vụ công, nhất là y tế, giáo dục công lập",
        "hoạt động kiểm tra được thực hiện thông qua môi trường số",
        "Tỷ lệ giao dịch không dùng tiền mặt",
        "cán bộ phường có trình độ cao đẳng trở lên",
        "",
    ],
)
def test_a_name_no_metric_measures_gets_none(name: str) -> None:
    assert metric_for(name) is None


def test_ocr_digits_inside_words_do_not_hide_the_metric() -> None:
    assert metric_for("Tỷ le khai thác, sử dung 1ại thong tin, dữ liệu da duoc số hóa") == metric_for(
        "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa")
    assert metric_for("Tỷ le khai thác, sử dung 1ại thong tin, dữ liệu da duoc số hóa") is not None
