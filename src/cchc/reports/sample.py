"""A realistic hand-made `ReportData` / `NoticeData` (xã An Bình, quý II/2026) for tests, demos and previews."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from cchc.domain.areas import Area
from cchc.domain.plan import Comparator
from cchc.domain.statuses import Achievement, TaskStatus
from cchc.reports.data import (
    AreaSection,
    DirectionFigures,
    Index766Group,
    IndicatorRow,
    MonthlyRates,
    NarrativeItem,
    NextTask,
    NoticeData,
    ReportData,
    ServiceRow,
    Signer,
    TaskStatusRow,
)

__all__ = ["make_notice_data", "make_report_data", "sample_index_766", "sample_monthly", "sample_service_rows"]

_N = NarrativeItem

RECIPIENTS = [
    "UBND thành phố (để b/c);",
    "Sở Nội vụ thành phố (để b/c);",
    "Thường trực Đảng ủy xã (để b/c);",
    "Thường trực HĐND xã;",
    "Chủ tịch, các Phó Chủ tịch UBND xã;",
    "Các phòng, đơn vị thuộc UBND xã;",
    "Lưu: VT, VHXH.",
]


def sample_service_rows() -> list[ServiceRow]:
    rows = [
        ServiceRow("Tư pháp - Hộ tịch", 12, 640, 210, 301, 512, 6, 28, 15),
        ServiceRow("Đất đai", 41, 88, 135, 40, 151, 9, 54, 10),
        ServiceRow("Bảo trợ xã hội", 3, 57, 22, 20, 55, 0, 7, 0),
        ServiceRow("Hộ kinh doanh", 5, 96, 18, 60, 54, 1, 4, 0),
    ]
    total = ServiceRow("Tổng cộng")
    for r in rows:
        for f in dataclasses.fields(ServiceRow):
            if f.name != "label":
                setattr(total, f.name, getattr(total, f.name) + getattr(r, f.name))
    return [*rows, total]


def sample_index_766() -> list[Index766Group]:
    return [
        Index766Group("Công khai, minh bạch", 18, 16.8, entered=12.0),
        Index766Group("Tiến độ giải quyết", 20, 19.02),
        Index766Group("Dịch vụ công trực tuyến", 12, 10.4, entered=6.0),
        Index766Group("Thanh toán trực tuyến", 10, 7.9),
        Index766Group("Số hóa hồ sơ", 22, 17.6, entered=6.0),
        Index766Group("Mức độ hài lòng", 18, 17.1, entered=12.0),
    ]


def sample_monthly() -> list[MonthlyRates]:
    values = [
        ("2026-01", 402, 96.5, 61.0, 58.2, 79.0, 95.0, 84.5),
        ("2026-02", 288, 96.1, 63.5, 60.1, 80.2, 94.8, 85.0),
        ("2026-03", 455, 97.0, 66.2, 63.7, 82.5, 96.1, 86.9),
        ("2026-04", 431, 98.4, 68.9, 66.0, 84.1, 96.5, 87.8),
        ("2026-05", 468, 98.9, 70.4, 68.3, 86.0, 97.2, 88.6),
        ("2026-06", 430, 98.7, 72.1, 70.9, 87.4, 97.0, 88.8),
    ]
    return [MonthlyRates(m, n, a, b, c, d, e, f) for m, n, a, b, c, d, e, f in values]


def _areas() -> list[AreaSection]:
    return [
        AreaSection(
            Area.INSTITUTIONS,
            [
                _N("Văn phòng HĐND và UBND xã đã tham mưu ban hành 04 văn bản quy phạm pháp luật thuộc thẩm quyền, "
                   "bảo đảm đúng trình tự, thủ tục theo Luật Ban hành văn bản quy phạm pháp luật năm 2025; "
                   "tổ chức rà soát 37 văn bản do HĐND, UBND cấp xã cũ ban hành trước sắp xếp, đề nghị bãi bỏ 09 văn bản "
                   "không còn phù hợp với mô hình chính quyền địa phương hai cấp.", ["II.1.a", "II.1.b"], "Văn phòng HĐND và UBND"),
                _N("Công tác phổ biến, giáo dục pháp luật được gắn với các hội nghị tiếp xúc cử tri và sinh hoạt khu dân cư; "
                   "trong quý đã tổ chức 06 buổi tuyên truyền với trên 850 lượt người tham dự.", ["II.1.c"], "Phòng Văn hóa - Xã hội"),
            ],
            tasks_total=5, tasks_done=3, tasks_in_progress=2,
        ),
        AreaSection(
            Area.PROCEDURES,
            [
                _N("Trung tâm Phục vụ hành chính công xã tiếp nhận 1.266 hồ sơ trong quý (trực tuyến 881 hồ sơ, đạt 69,6%); "
                   "đã giải quyết 1.209 hồ sơ, trong đó trước và đúng hạn 1.193 hồ sơ, đạt 98,7%; trễ hạn 16 hồ sơ, "
                   "tất cả đều có văn bản xin lỗi và đề nghị gia hạn theo mẫu 04 Thông tư số 03/2025/TT-VPCP.",
                   ["II.2.a", "II.2.d"], "Trung tâm Phục vụ hành chính công"),
                _N("Công bố, công khai đầy đủ 286 thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã tại Trung tâm "
                   "và trên Cổng thông tin điện tử của xã; tiếp nhận và xử lý đúng hạn 05/05 phản ánh, kiến nghị "
                   "về quy định hành chính.", ["II.2.b"], "Văn phòng HĐND và UBND"),
            ],
            tasks_total=8, tasks_done=5, tasks_in_progress=2, tasks_overdue=1,
        ),
        AreaSection(
            Area.ORGANIZATION,
            [
                _N("Hoàn thành việc kiện toàn chức năng, nhiệm vụ, quyền hạn của 03 phòng chuyên môn và 02 trung tâm "
                   "thuộc UBND xã theo hướng dẫn của Sở Nội vụ; ban hành quy chế làm việc của UBND xã nhiệm kỳ 2021 - 2026.",
                   ["II.3.a"], "Phòng Văn hóa - Xã hội"),
            ],
            tasks_total=3, tasks_done=2, tasks_in_progress=1,
        ),
        AreaSection(
            Area.CIVIL_SERVICE,
            [
                _N("Xây dựng và trình phê duyệt Đề án vị trí việc làm của UBND xã; cử 14 lượt cán bộ, công chức tham gia "
                   "các lớp bồi dưỡng về chuyển đổi số và kỹ năng giải quyết thủ tục hành chính; thực hiện kiểm tra đột xuất "
                   "việc chấp hành kỷ luật, kỷ cương hành chính tại 02 đơn vị, không phát hiện vi phạm.",
                   ["II.4.a", "II.4.c"], "Phòng Văn hóa - Xã hội"),
            ],
            tasks_total=4, tasks_done=2, tasks_in_progress=1, tasks_overdue=1,
        ),
        AreaSection(
            Area.PUBLIC_FINANCE,
            [
                _N("Thực hiện công khai dự toán ngân sách năm 2026 và tình hình thực hiện dự toán quý I, quý II theo quy định; "
                   "giao quyền tự chủ tài chính cho Trung tâm Dịch vụ sự nghiệp công; giải ngân vốn đầu tư công đạt 41,2% "
                   "kế hoạch vốn giao.", ["II.5.a", "II.5.b"], "Phòng Kinh tế"),
            ],
            tasks_total=3, tasks_done=1, tasks_in_progress=2,
        ),
        AreaSection(
            Area.DIGITAL_GOVERNMENT,
            [
                _N("100% văn bản đi của UBND xã (trừ văn bản mật) được ký số và gửi nhận trên hệ thống quản lý văn bản "
                   "và điều hành; tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt 85,9%; triển khai "
                   "thanh toán trực tuyến với tỷ lệ 68,4% hồ sơ có phí, lệ phí.", ["II.6.a", "II.6.c"],
                   "Trung tâm Phục vụ hành chính công"),
                _N("Tổ công nghệ số cộng đồng tại 12/12 thôn hoạt động thường xuyên, hướng dẫn người dân cài đặt, kích hoạt "
                   "tài khoản định danh điện tử mức độ 2 và sử dụng dịch vụ công trực tuyến.", ["II.6.d"], "Phòng Văn hóa - Xã hội"),
            ],
            tasks_total=6, tasks_done=3, tasks_in_progress=2, tasks_overdue=1,
        ),
    ]


def _task_rows() -> list[TaskStatusRow]:
    rows = [
        ("I.1", Area.DIRECTION, "Ban hành Kế hoạch cải cách hành chính năm 2026", "Phòng Văn hóa - Xã hội", "31/01/2026", TaskStatus.DONE, 100),
        ("I.2", Area.DIRECTION, "Kiểm tra công tác cải cách hành chính tại các đơn vị", "Phòng Văn hóa - Xã hội", "Quý II, III", TaskStatus.IN_PROGRESS, 50),
        ("II.1.a", Area.INSTITUTIONS, "Xây dựng, ban hành văn bản quy phạm pháp luật thuộc thẩm quyền", "Văn phòng HĐND và UBND", "Thường xuyên", TaskStatus.IN_PROGRESS, 60),
        ("II.1.b", Area.INSTITUTIONS, "Rà soát văn bản do cấp xã cũ ban hành trước sắp xếp", "Văn phòng HĐND và UBND", "30/6/2026", TaskStatus.DONE, 100),
        ("II.2.a", Area.PROCEDURES, "Giải quyết thủ tục hành chính đúng hạn, công khai tiến độ", "Trung tâm Phục vụ hành chính công", "Thường xuyên", TaskStatus.IN_PROGRESS, 75),
        ("II.2.c", Area.PROCEDURES, "Rà soát, đề xuất đơn giản hóa thủ tục hành chính", "Văn phòng HĐND và UBND", "31/5/2026", TaskStatus.OVERDUE, 40),
        ("II.3.a", Area.ORGANIZATION, "Kiện toàn chức năng, nhiệm vụ các phòng, trung tâm", "Phòng Văn hóa - Xã hội", "30/4/2026", TaskStatus.DONE, 100),
        ("II.4.a", Area.CIVIL_SERVICE, "Xây dựng Đề án vị trí việc làm", "Phòng Văn hóa - Xã hội", "30/6/2026", TaskStatus.DONE_LATE, 100),
        ("II.4.b", Area.CIVIL_SERVICE, "Đánh giá, xếp loại cán bộ, công chức theo kết quả công việc", "Phòng Văn hóa - Xã hội", "15/6/2026", TaskStatus.OVERDUE, 30),
        ("II.5.a", Area.PUBLIC_FINANCE, "Công khai dự toán, quyết toán ngân sách", "Phòng Kinh tế", "Hằng quý", TaskStatus.DONE, 100),
        ("II.6.a", Area.DIGITAL_GOVERNMENT, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Trung tâm Phục vụ hành chính công", "Thường xuyên", TaskStatus.IN_PROGRESS, 80),
        ("II.6.b", Area.DIGITAL_GOVERNMENT, "Nâng cấp Cổng thông tin điện tử của xã", "Văn phòng HĐND và UBND", "30/6/2026", TaskStatus.OVERDUE, 20),
    ]
    return [TaskStatusRow(ref, task, area, lead, due, st, pct) for ref, area, task, lead, due, st, pct in rows]


def make_report_data(**overrides: Any) -> ReportData:
    """A complete quarterly report of xã An Bình for Q2/2026; pass field=value to change any part."""
    data = ReportData(
        locality_code=10105,
        locality_name="xã An Bình",
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"],
        period_code="2026-Q2",
        period_label="quý II năm 2026",
        kind="quarter",
        number="",
        place="An Bình",
        report_date=date(2026, 6, 8),
        subject="Kết quả thực hiện công tác cải cách hành chính quý II năm 2026",
        basis=[
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND xã về cải cách hành chính năm 2026 và "
            "hướng dẫn của Sở Nội vụ về chế độ báo cáo định kỳ, Ủy ban nhân dân xã An Bình báo cáo kết quả thực hiện "
            "công tác cải cách hành chính quý II năm 2026 như sau:",
        ],
        direction=DirectionFigures(
            documents_issued=7, inspections=2, units_inspected=2, communication_items=18,
            items=[
                _N("UBND xã đã ban hành 07 văn bản chỉ đạo, điều hành công tác cải cách hành chính, trong đó có Kế hoạch "
                   "kiểm tra cải cách hành chính năm 2026 và Kế hoạch tuyên truyền cải cách hành chính năm 2026; "
                   "phân công cụ thể nhiệm vụ cho từng phòng, đơn vị, gắn với trách nhiệm người đứng đầu.",
                   ["I.1"], "Phòng Văn hóa - Xã hội"),
                _N("Tổ chức kiểm tra công tác cải cách hành chính tại 02 đơn vị (Trung tâm Phục vụ hành chính công và "
                   "Phòng Kinh tế); đăng 18 tin, bài về cải cách hành chính trên Cổng thông tin điện tử và hệ thống "
                   "truyền thanh của xã.", ["I.2", "I.3"], "Phòng Văn hóa - Xã hội"),
            ],
        ),
        areas=_areas(),
        indicators=[
            IndicatorRow("Tỷ lệ hồ sơ giải quyết trước và đúng hạn", 98, Comparator.GE, 98.7, Achievement.MET, source="dossiers"),
            IndicatorRow("Tỷ lệ hồ sơ tiếp nhận trực tuyến", 70, Comparator.GE, 69.6, Achievement.AT_RISK, source="dossiers"),
            IndicatorRow("Tỷ lệ thanh toán trực tuyến", 80, Comparator.GE, 68.4, Achievement.AT_RISK, source="dossiers"),
            IndicatorRow("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", 90, Comparator.GE, 85.9, Achievement.ON_TRACK, source="dossiers"),
            IndicatorRow("Mức độ hài lòng của người dân, doanh nghiệp", 95, Comparator.GE, 96.9, Achievement.MET, source="dossiers"),
            IndicatorRow("Tỷ lệ văn bản đi được ký số", 100, Comparator.EQ, 100, Achievement.MET),
            IndicatorRow("Tỷ lệ nhiệm vụ hoàn thành đúng hạn", 100, Comparator.GE, 55.2, Achievement.MISSED, source="tasks"),
            IndicatorRow("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", 100, Comparator.EQ, None, Achievement.NO_DATA),
        ],
        service_rows=sample_service_rows(),
        index_766=sample_index_766(),
        monthly=sample_monthly(),
        service_summary=[
            _N("Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg của xã trong quý đạt 88,82/100 điểm, "
               "tăng 1,9 điểm so với quý I; các nhóm tiến độ giải quyết và mức độ hài lòng đạt trên 95% số điểm tối đa, "
               "nhóm thanh toán trực tuyến và số hóa hồ sơ còn thấp."),
        ],
        strengths=[
            _N("Công tác cải cách hành chính được cấp ủy, chính quyền quan tâm chỉ đạo; Trung tâm Phục vụ hành chính "
               "công vận hành ổn định sau sắp xếp, tỷ lệ hồ sơ giải quyết đúng hạn và mức độ hài lòng đạt và vượt chỉ tiêu."),
        ],
        shortcomings=[
            _N("Tỷ lệ thanh toán trực tuyến (68,4%) và số hóa hồ sơ, kết quả (85,9%) chưa đạt chỉ tiêu kế hoạch; "
               "còn 16 hồ sơ lĩnh vực đất đai và hộ tịch giải quyết trễ hạn.", ["II.2.a", "II.6.a"]),
            _N("03 nhiệm vụ quá hạn chưa hoàn thành: rà soát, đơn giản hóa thủ tục hành chính; đánh giá, xếp loại "
               "cán bộ, công chức; nâng cấp Cổng thông tin điện tử.", ["II.2.c", "II.4.b", "II.6.b"]),
        ],
        causes=[
            _N("Hạ tầng mạng, thiết bị số hóa tại Trung tâm còn thiếu; một bộ phận người dân cao tuổi chưa quen sử dụng "
               "dịch vụ công trực tuyến và thanh toán điện tử.", ["II.6.a"], "Trung tâm Phục vụ hành chính công"),
            _N("Hồ sơ đất đai có nguồn gốc phức tạp, phải xác minh qua nhiều cơ quan; biên chế công chức địa chính "
               "chưa bảo đảm so với khối lượng công việc sau sắp xếp.", ["II.2.a"], "Phòng Kinh tế"),
        ],
        next_tasks=[
            NextTask("Hoàn thành rà soát, đề xuất đơn giản hóa thủ tục hành chính năm 2026", "Văn phòng HĐND và UBND", "31/7/2026", "II.2.c"),
            NextTask("Tổ chức đánh giá, xếp loại cán bộ, công chức 6 tháng đầu năm", "Phòng Văn hóa - Xã hội", "15/7/2026", "II.4.b"),
            NextTask("Nâng cấp Cổng thông tin điện tử, tích hợp chuyên mục công khai tiến độ giải quyết hồ sơ", "Văn phòng HĐND và UBND", "30/9/2026", "II.6.b"),
            NextTask("Kiểm tra công tác cải cách hành chính tại Trung tâm Dịch vụ sự nghiệp công và Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", "Quý III", "I.2"),
            NextTask("Đẩy mạnh số hóa hồ sơ, kết quả và thanh toán trực tuyến, phấn đấu đạt chỉ tiêu năm", "Trung tâm Phục vụ hành chính công", "Thường xuyên", "II.6.a"),
        ],
        proposals=[
            _N("Đề nghị UBND thành phố quan tâm bổ sung thiết bị số hóa (máy quét tốc độ cao) cho Trung tâm Phục vụ "
               "hành chính công xã.", [], "Trung tâm Phục vụ hành chính công"),
            _N("Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cải cách hành chính và đánh giá Chỉ số cải cách hành chính "
               "cho công chức làm công tác cải cách hành chính cấp xã.", [], "Phòng Văn hóa - Xã hội"),
        ],
        task_rows=_task_rows(),
        recipients=list(RECIPIENTS),
        signer=Signer.chairman("Nguyễn Văn Minh"),
        data_as_of=datetime(2026, 6, 5, 17, 0),
    )
    return dataclasses.replace(data, **overrides)


def make_notice_data(**overrides: Any) -> NoticeData:
    """A monthly service-quality notice of xã An Bình for May 2026."""
    monthly = sample_monthly()
    data = NoticeData(
        locality_code=10105,
        locality_name="xã An Bình",
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"],
        month="2026-05",
        place="An Bình",
        notice_date=date(2026, 6, 3),
        current=monthly[4],
        previous=monthly[3],
        service_rows=sample_service_rows(),
        index_766=sample_index_766(),
        history=monthly[:5],
        remarks=[
            "Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 98,9%, tăng 0,5 điểm phần trăm so với tháng trước.",
            "Tỷ lệ thanh toán trực tuyến (68,3%) và số hóa hồ sơ (86%) chưa đạt chỉ tiêu kế hoạch năm.",
        ],
        requests=[
            "Trung tâm Phục vụ hành chính công đẩy mạnh hướng dẫn người dân nộp hồ sơ và thanh toán trực tuyến.",
            "Các phòng chuyên môn giải quyết hồ sơ đúng hạn; hồ sơ có nguy cơ trễ hạn phải có văn bản xin lỗi "
            "và đề nghị gia hạn theo mẫu 04 Thông tư số 03/2025/TT-VPCP.",
        ],
        recipients=[
            "Sở Nội vụ thành phố (để b/c);",
            "Chủ tịch, các Phó Chủ tịch UBND xã;",
            "Các phòng, đơn vị thuộc UBND xã;",
            "Cổng thông tin điện tử xã;",
            "Lưu: VT, TTPVHCC.",
        ],
        signer=Signer.vice_chairman("Trần Thị Hoa"),
        data_as_of=datetime(2026, 6, 1, 7, 0),
    )
    return dataclasses.replace(data, **overrides)
