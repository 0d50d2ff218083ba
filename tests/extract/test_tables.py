"""Task-table reconstruction: headers, area rows, page-break continuations, shifted and merged cells."""

from __future__ import annotations

from cchc.extract.layout import paragraphs
from cchc.extract.tables import header_columns, table_tasks

HEADER9 = "STT\t1-Mục tiêu\t2-Nhiệm vụ\t3-Hoạt động\t4-Kết quả/ Sản phẩm\t5-Chủ trì\t6-Phối hợp\t7-Thời gian\t8-Kinh phí"
HEADER6 = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tDự kiến kết quả\tThời gian"


def rows(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_a_header_is_recognised_by_its_column_names() -> None:
    cols = header_columns(HEADER9.split("\t"))
    assert cols == {"ref": 0, "objective": 1, "task": 2, "activity": 3, "output": 4, "lead": 5,
                    "support": 6, "timeline": 7, "funding": 8}
    assert header_columns(["Stt", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Cơ quan chịu trách nhiệm"]) is None


def test_an_area_row_gives_the_area_and_the_ref_prefix() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER6,
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\t",
        "1\tRà soát văn bản quy phạm pháp luật\tVăn phòng HĐND và UBND xã\tCác cơ quan, đơn vị liên quan\tKế hoạch\tThường xuyên",
        "II\t<b>CẢI CÁCH THỦ TỤC HÀNH CHÍNH</b>\t\t\t\t",
        "1\tCông khai thủ tục hành chính\tTrung tâm Phục vụ hành chính công\t\tDanh mục\tQuý I/2026",
    )))
    assert [(t.ref, t.area.value, t.origin) for t in tasks] == [("I.1", "institutions", "table"),
                                                               ("II.1", "procedures", "table")]
    t = tasks[0]
    assert [u.unit.value for u in t.lead] == ["van_phong"]
    assert [u.unit.value for u in t.support] == ["related_units"]
    assert t.output == "Kế hoạch" and t.timeline.kind.value == "continuous"
    assert tasks[1].timeline.due is not None and tasks[1].timeline.due.isoformat() == "2026-03-31"


def test_a_row_broken_by_a_page_with_the_header_repeated_is_one_task() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\t\t\t\t",
        "1\tMục tiêu A\tNhiệm vụ A\tTăng cường sự\tBáo cáo\tVăn phòng\tCác phòng,\tThường\tNguồn ngân sách",
        "",
        HEADER9,
        "\t\t\ttham gia của người dân\t\tHĐND & UBND phường\tđơn vị thuộc phường\txuyên\t",
    )))
    assert len(tasks) == 1
    t = tasks[0]
    assert t.activity == "Tăng cường sự tham gia của người dân"
    assert [u.unit.value for u in t.lead] == ["van_phong"] and [u.unit.value for u in t.support] == ["all_units"]
    assert t.timeline.kind.value == "continuous" and t.timeline.raw == "Thường xuyên"


def test_merged_objective_task_and_funding_carry_down_within_a_section() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\t\t\t\t",
        "1\tMục tiêu A\tNhiệm vụ A\tHoạt động 1\tQuyết định\tVăn phòng HĐND & UBND phường\tCác phòng, đơn vị thuộc phường\tThường xuyên\tNgân sách phường",
        "\t\t\tHoạt động 2\tBáo cáo\tCác phòng, đơn vị thuộc phường\tVăn phòng HĐND & UBND phường\tHàng năm\t",
        "II\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t\t\t\t\t",
        "1\tMục tiêu B\tNhiệm vụ B\tHoạt động 3\tKế hoạch\tTrung tâm Phục vụ hành chính công\t\tThường xuyên\t",
    )))
    assert [(t.ref, t.objective, t.task, t.activity, t.funding) for t in tasks] == [
        ("I.1", "Mục tiêu A", "Nhiệm vụ A", "Hoạt động 1", "Ngân sách phường"),
        ("I.1", "Mục tiêu A", "Nhiệm vụ A", "Hoạt động 2", "Ngân sách phường"),
        ("II.1", "Mục tiêu B", "Nhiệm vụ B", "Hoạt động 3", None),
    ]
    assert tasks[1].timeline.every == "year"


def test_a_row_shifted_left_by_a_missing_blank_cell_keeps_each_value_in_its_field() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        "I\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t\t\t\t\t",
        "1\tMục tiêu A\tNhiệm vụ A\tHoạt động 1\tKế hoạch\tTrung tâm Phục vụ hành chính công\tCác phòng, đơn vị thuộc phường\tThường xuyên\t",
        "\tCông khai tiến độ giải quyết hồ sơ\t\tThông tin được công khai\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường\tThường xuyên\t\t",
    )))
    t = tasks[1]
    assert (t.task, t.activity, t.output) == ("Nhiệm vụ A", "Công khai tiến độ giải quyết hồ sơ",
                                              "Thông tin được công khai")
    assert [u.unit.value for u in t.lead] == ["phong_vhxh"]
    assert t.timeline.kind.value == "continuous"


def test_merged_lead_and_timeline_carry_down_in_a_flat_table() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER6,
        "I\tCẢI CÁCH TỔ CHỨC BỘ MÁY\t\t\t\t",
        "1.\tRà soát chức năng, nhiệm vụ\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc xã\tQuyết định\tNăm 2026",
        "2.\tQuản lý biên chế\t\tCác phòng, đơn vị thuộc xã\tBáo cáo\t",
    )))
    assert [u.unit.value for u in tasks[1].lead] == ["phong_vhxh"]
    assert tasks[1].timeline.raw == "Năm 2026"


def test_a_row_without_a_number_in_a_flat_table_has_no_ref() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER6,
        "II\tCẢI CÁCH THỂ CHẾ\t\t\t\t",
        "1\tNhiệm vụ một\tVăn phòng HĐND và UBND xã\tCác cơ quan, đơn vị liên quan\tVăn bản\tThường xuyên",
        "\tTham gia đầy đủ các lớp tập huấn\tVăn phòng HĐND và UBND xã\tCác cơ quan, đơn vị liên quan\tTham dự\tThường xuyên",
    )))
    assert [t.ref for t in tasks] == ["II.1", None]


def test_an_indicator_table_gives_no_tasks() -> None:
    text = rows("Stt\tChỉ tiêu\tĐơn vị tính\tKết quả", "1\tMức độ hài lòng\t%\t95")
    assert table_tasks(paragraphs(text)) == []


def test_a_two_row_header_with_lead_and_partner_sub_columns_is_read() -> None:
    tasks = table_tasks(paragraphs(rows(
        "STT\tNội dung công việc\tĐơn vị thực hiện\t\tThời gian hoàn thành\tSản phẩm",
        "\t\tChủ trì\tPhối hợp\t\t",
        "1\tRà soát thủ tục hành chính\tTrung tâm Phục vụ hành chính công\tVăn phòng HĐND và UBND xã\tQuý II/2026\tBáo cáo",
    )))
    t = tasks[0]
    assert t.task == "Rà soát thủ tục hành chính" and t.output == "Báo cáo"
    assert [u.unit.value for u in t.lead] == ["tt_phvhcc"] and [u.unit.value for u in t.support] == ["van_phong"]
    assert t.timeline.due is not None and t.timeline.due.isoformat() == "2026-06-30"


def test_an_area_row_merged_into_one_cell_and_an_area_column_both_give_the_area() -> None:
    tasks = table_tasks(paragraphs(rows(
        "STT\tNhiệm vụ\tLĩnh vực\tChủ trì\tThời gian",
        "II. CẢI CÁCH THỂ CHẾ",
        "1\tRà soát văn bản quy phạm pháp luật\t\tVăn phòng HĐND và UBND xã\tThường xuyên",
        "2\tSố hóa hồ sơ\tChuyển đổi số\tPhòng Văn hóa - Xã hội\tThường xuyên",
    )))
    assert [(t.ref, t.area.value) for t in tasks] == [("II.1", "institutions"), ("II.2", "digital_government")]


def test_a_row_holding_only_more_units_adds_them_to_the_row_above() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER6,
        "I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\t\t\t\t",
        "5\tTuyên truyền cải cách hành chính\tTrung tâm Dịch vụ sự nghiệp công\tPhòng Văn hóa - Xã hội\tTin, bài\tHằng tháng",
        "\t\t\tỦy ban MTTQ Việt Nam phường\t\t",
    )))
    assert len(tasks) == 1
    assert [u.unit.value for u in tasks[0].support] == ["phong_vhxh", "mttq"]
