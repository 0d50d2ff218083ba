"""Task tables whose rows come out of order: rows stacked in one row's cells, text flowing across a page
break, the tail of a cut cell, and lead/timeline cells merged down next to a "Hoạt động" column."""

from __future__ import annotations

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.layout import paragraphs
from cchc.extract.pipeline import extract_file
from cchc.extract.tables import table_tasks

HEADER9 = "STT\t1-Mục tiêu\t2-Nhiệm vụ\t3-Hoạt động\t4-Kết quả/ Sản phẩm\t5-Chủ trì\t6-Phối hợp\t7-Thời gian\t8-Kinh phí"
AREA = "I\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t\t\t\t\t"


def rows(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def units(refs) -> list[str]:
    return [u.unit.value for u in refs]


def test_two_rows_stacked_in_one_row_s_cells_become_two_activities() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        AREA,
        "1\tMục tiêu thanh toán\tHoàn thiện các kênh thanh toán"
        "\tKết nối thanh toán trên Cổng dịch vụ công  Mở rộng thanh toán trên ứng dụng di động"
        "\tThanh toán thuận tiện  Các kênh thanh toán"
        "\tTrung tâm Phục vụ hành chính công  Phòng Văn hóa - Xã hội"
        "\tPhòng Văn hóa - Xã hội  Các phòng, đơn vị thuộc phường"
        "\tThường xuyên  Quý II/2026\t",
    )), year=2026)
    assert [(t.ref, t.task, t.activity, t.output) for t in tasks] == [
        ("I.1", "Hoàn thiện các kênh thanh toán", "Kết nối thanh toán trên Cổng dịch vụ công", "Thanh toán thuận tiện"),
        ("I.1", "Hoàn thiện các kênh thanh toán", "Mở rộng thanh toán trên ứng dụng di động", "Các kênh thanh toán"),
    ]
    assert units(tasks[0].lead) == ["tt_phvhcc"] and units(tasks[1].lead) == ["phong_vhxh"]
    assert units(tasks[0].support) == ["phong_vhxh"] and units(tasks[1].support) == ["all_units"]
    assert tasks[0].timeline.kind.value == "continuous"
    assert tasks[1].timeline.due is not None and tasks[1].timeline.due.isoformat() == "2026-06-30"


def test_double_spaces_in_a_single_text_cell_do_not_split_the_row() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        AREA,
        "1\tMục tiêu\tNhiệm vụ\tRà soát quy trình  Công khai kết quả\tBáo cáo\tPhòng Văn hóa - Xã hội"
        "\tCác phòng, đơn vị thuộc phường\tThường xuyên\t",
    )))
    assert [t.activity for t in tasks] == ["Rà soát quy trình Công khai kết quả"]


def test_a_stacked_row_opening_a_page_continues_the_row_above_and_starts_the_next() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        AREA,
        "1\tMục tiêu số hóa\tPhát triển hệ thống điều hành\tXây dựng hệ thống quản lý tài liệu"
        "\tHệ thống kho lưu trữ điện\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường\tThường xuyên\t",
        "",
        HEADER9,
        # the page's first row: the tails of the row above on top, the next row below, and one text
        # that flowed through the activity cells of this row and of the next
        "\t\t\tđiện tử trên nền tảng số. Kết nối hệ thống báo cáo của phường với Hệ thống báo cáo quốc gia"
        " Đẩy mạnh sử dụng chữ ký số trong xử lý văn bản"
        "\ttử  Hệ thống thông tin báo cáo\t  Phòng Văn hóa - Xã hội\tphường  Các phòng, đơn vị thuộc phường"
        "\t  Thường xuyên\t",
        "\t\t\t\t100% văn bản điện tử được ký số\tCác phòng, đơn vị thuộc phường\tPhòng Văn hóa - Xã hội\tThường xuyên\t",
    )))
    assert [(t.activity, t.output) for t in tasks] == [
        ("Xây dựng hệ thống quản lý tài liệu điện tử trên nền tảng số.", "Hệ thống kho lưu trữ điện tử"),
        ("Kết nối hệ thống báo cáo của phường với Hệ thống báo cáo quốc gia", "Hệ thống thông tin báo cáo"),
        ("Đẩy mạnh sử dụng chữ ký số trong xử lý văn bản", "100% văn bản điện tử được ký số"),
    ]
    assert all(t.task == "Phát triển hệ thống điều hành" for t in tasks)
    assert [units(t.lead) for t in tasks] == [["phong_vhxh"], ["phong_vhxh"], ["all_units"]]
    assert [units(t.support) for t in tasks] == [["all_units"], ["all_units"], ["phong_vhxh"]]
    assert all(t.timeline.kind.value == "continuous" for t in tasks)


def test_the_tail_of_a_cut_cell_after_the_repeated_header_is_not_a_task() -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        AREA,
        "1\tMục tiêu\tNâng cao năng lực công chức\tTriển khai Đề án bồi dưỡng công chức giai đoạn 2022 -"
        "\tLớp tập huấn\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường\tQuý III/2026\t",
        "",
        HEADER9,
        "\t\t\t2030”\t\t\t\t\t",
        "2\tMục tiêu khác\tĐánh giá chỉ số\tTự đánh giá chỉ số cải cách hành chính\tBáo cáo"
        "\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường\tQuý IV/2026\t",
    )))
    assert len(tasks) == 2
    assert tasks[0].activity == "Triển khai Đề án bồi dưỡng công chức giai đoạn 2022 - 2030”"


def _hierarchical_docx(path) -> None:
    """A Word plan whose lead, partner and timeline cells are merged down over three activities."""
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN PHƯỜNG THỬ NGHIỆM")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2026")
    d.add_paragraph("II. NHIỆM VỤ")
    header = ["STT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/ Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian"]
    body = [
        ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", "", "", ""],
        ["1", "Giải quyết hồ sơ đúng hạn", "Số hóa hồ sơ", "Số hóa hồ sơ tiếp nhận", "Hồ sơ điện tử",
         "Trung tâm Phục vụ hành chính công", "Các phòng, đơn vị thuộc phường", "Thường xuyên"],
        ["", "", "", "Ký số kết quả giải quyết", "Kết quả điện tử", "", "", ""],
        ["", "", "", "Lưu trữ hồ sơ điện tử", "Kho lưu trữ", "", "", ""],
        ["2", "Công khai thủ tục", "Niêm yết thủ tục", "Cập nhật danh mục thủ tục", "Danh mục",
         "Văn phòng HĐND và UBND phường", "Phòng Văn hóa - Xã hội", "Quý I/2026"],
    ]
    t = d.add_table(rows=len(body) + 1, cols=len(header))
    for c, text in enumerate(header):
        t.cell(0, c).text = text
    for r, values in enumerate(body, start=1):
        for c, text in enumerate(values):
            t.cell(r, c).text = text
    t.cell(1, 1).merge(t.cell(1, 7)).text = "I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    for col in (1, 2, 5, 6, 7):  # objective, task, lead, partners, timeline: one cell over rows 2-4
        text = body[1][col]
        merged = t.cell(2, col).merge(t.cell(4, col))
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        merged.paragraphs[0].text = text
    d.save(path)


def test_lead_and_timeline_cells_merged_down_beside_activities_carry_to_each_activity(tmp_path) -> None:
    path = tmp_path / "ke-hoach-gop-o.docx"
    _hierarchical_docx(path)
    plan = extract_file(path)
    got = [(t.ref, t.task, t.activity, units(t.lead), units(t.support), t.timeline.kind.value) for t in plan.tasks]
    assert got == [
        ("I.1", "Số hóa hồ sơ", "Số hóa hồ sơ tiếp nhận", ["tt_phvhcc"], ["all_units"], "continuous"),
        ("I.1", "Số hóa hồ sơ", "Ký số kết quả giải quyết", ["tt_phvhcc"], ["all_units"], "continuous"),
        ("I.1", "Số hóa hồ sơ", "Lưu trữ hồ sơ điện tử", ["tt_phvhcc"], ["all_units"], "continuous"),
        ("I.2", "Niêm yết thủ tục", "Cập nhật danh mục thủ tục", ["van_phong"], ["phong_vhxh"], "deadline"),
    ]
    assert [t.output for t in plan.tasks] == ["Hồ sơ điện tử", "Kết quả điện tử", "Kho lưu trữ", "Danh mục"]


def test_a_merged_lead_does_not_carry_into_the_next_area(tmp_path) -> None:
    tasks = table_tasks(paragraphs(rows(
        HEADER9,
        AREA,
        "1\tMục tiêu\tNhiệm vụ\tHoạt động một\tBáo cáo\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường"
        "\tThường xuyên\t",
        "II\tCẢI CÁCH TỔ CHỨC BỘ MÁY\t\t\t\t\t\t\t",
        "1\tMục tiêu hai\tNhiệm vụ hai\tHoạt động hai\tQuyết định\t\t\t\t",
    )))
    assert [units(t.lead) for t in tasks] == [["phong_vhxh"], []]


def test_a_word_table_split_by_a_page_break_with_the_header_repeated_continues_its_last_row(tmp_path) -> None:
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2026")
    header = ["STT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/ Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian"]
    pages = [
        [["1", "Mục tiêu A", "Nhiệm vụ A", "Tăng cường sự", "Báo cáo", "Văn phòng", "Các phòng,", "Thường"],],
        [["", "", "", "tham gia của người dân", "", "HĐND và UBND phường", "đơn vị thuộc phường", "xuyên"],
         ["2", "Mục tiêu B", "Nhiệm vụ B", "Công khai thủ tục", "Danh mục", "Phòng Văn hóa - Xã hội",
          "Các phòng, đơn vị thuộc phường", "Quý I/2026"]],
    ]
    for n, body in enumerate(pages):
        if n:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        t = d.add_table(rows=len(body) + 1, cols=len(header))
        for c, text in enumerate(header):
            t.cell(0, c).text = text
        for r, values in enumerate(body, start=1):
            for c, text in enumerate(values):
                t.cell(r, c).text = text
    path = tmp_path / "ke-hoach-ngat-trang.docx"
    d.save(path)
    tasks = extract_file(path).tasks
    assert [t.activity for t in tasks] == ["Tăng cường sự tham gia của người dân", "Công khai thủ tục"]
    assert units(tasks[0].lead) == ["van_phong"] and units(tasks[0].support) == ["all_units"]
    assert tasks[0].timeline.raw == "Thường xuyên"


_ACTIVITIES = ["Rà soát quy trình nội bộ", "Công khai kết quả giải quyết", "Kết nối dữ liệu dân cư",
               "Tổ chức đối thoại với người dân", "Số hóa hồ sơ lưu trữ", "Tập huấn cán bộ một cửa"]
_OUTPUTS = ["Báo cáo", "Danh mục thủ tục", "Hệ thống được kết nối", "Biên bản đối thoại", "Kho dữ liệu"]
_LEADS = [("Phòng Văn hóa - Xã hội", "phong_vhxh"), ("Trung tâm Phục vụ hành chính công", "tt_phvhcc"),
          ("Văn phòng HĐND và UBND phường", "van_phong")]
_TIMES = ["Thường xuyên", "Quý II/2026", "Hàng năm", "Trước 30/6/2026"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ACTIVITIES), st.sampled_from(_OUTPUTS), st.sampled_from(_LEADS),
                          st.sampled_from(_TIMES)), min_size=2, max_size=4))
def test_any_number_of_rows_stacked_in_one_row_come_back_as_those_rows(stack) -> None:
    def cell(i: int) -> str:
        return "  ".join(row[i] if i != 2 else row[2][0] for row in stack)

    line = "\t".join(["1", "Mục tiêu chung", "Nhiệm vụ chung", cell(0), cell(1), cell(2),
                      "Các phòng, đơn vị thuộc phường", cell(3), ""])
    tasks = table_tasks(paragraphs(rows(HEADER9, AREA, line)), year=2026)
    assert [(t.activity, t.output, units(t.lead), t.timeline.raw) for t in tasks] == [
        (a, o, [code], tl) for a, o, (_, code), tl in stack
    ]
    assert all(t.task == "Nhiệm vụ chung" and t.ref == "I.1" for t in tasks)
    assert units(tasks[0].support) == ["all_units"]
