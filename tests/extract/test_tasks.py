"""Narrative tasks: items of the tasks-and-solutions section when the plan has no task table."""

from __future__ import annotations

from cchc.domain.areas import Area
from cchc.extract.layout import paragraphs, sections
from cchc.extract.responsibilities import find_responsibilities
from cchc.extract.tasks import leading_timeline, narrative_tasks, support_in_text

PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng cải cách hành chính.
II. CHỈ TIÊU, NHIỆM VỤ, GIẢI PHÁP
1. Một số chỉ tiêu chủ yếu:
(1). 100% hồ sơ được số hóa.
2. Nhiệm vụ, giải pháp chủ yếu
a) Công tác chỉ đạo, điều hành
- Thường xuyên kiểm tra, đôn đốc việc thực hiện nhiệm vụ cải cách hành chính.
- Tiếp tục phối hợp chặt chẽ với Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên tạo điều kiện để người dân giám sát.
b) Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật hết hiệu lực.
c) Xây dựng và phát triển chính quyền điện tử, chính quyền số
Hoàn thiện môi trường pháp lý:
- Duy trì hệ thống quản lý văn bản và hồ sơ công việc.
III. KINH PHÍ
Kinh phí bố trí trong dự toán.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội:
- Chủ trì, phối hợp với các phòng tổ chức thực hiện các nội dung về chỉ đạo, điều hành; chuyển đổi số.
2. Văn phòng HĐND và UBND xã:
- Chủ trì tham mưu các nội dung về cải cách thể chế.
"""


def _tasks():
    secs = sections(paragraphs(PLAN))
    resp = find_responsibilities(secs)
    return narrative_tasks(secs, resp), resp


def test_each_leaf_item_of_the_tasks_section_is_one_task_and_targets_are_not() -> None:
    tasks, _ = _tasks()
    assert [t.task[:20] for t in tasks] == ["Thường xuyên kiểm tr", "Tiếp tục phối hợp ch", "Rà soát văn bản quy ",
                                            "Duy trì hệ thống quả"]
    assert all(t.origin == "narrative" for t in tasks)


def test_a_task_takes_its_area_ref_and_objective_from_its_headings() -> None:
    tasks, _ = _tasks()
    assert [(t.ref, t.area) for t in tasks] == [("II.2.a", Area.DIRECTION), ("II.2.a", Area.DIRECTION),
                                                ("II.2.b", Area.INSTITUTIONS), ("II.2.c", Area.DIGITAL_GOVERNMENT)]
    assert tasks[0].objective is None


def test_a_narrative_task_gets_its_lead_from_the_responsibilities_section_as_inferred() -> None:
    tasks, _ = _tasks()
    lead = tasks[2].lead
    assert [(u.unit.value, u.inferred) for u in lead] == [("van_phong", True)]
    assert [(u.unit.value, u.inferred) for u in tasks[0].lead] == [("phong_vhxh", True)]


def test_a_task_naming_its_partners_gets_them_as_support() -> None:
    tasks, _ = _tasks()
    assert {u.unit.value for u in tasks[1].support} == {"mttq"}
    assert support_in_text("Rà soát văn bản.") == []


def test_a_task_opening_with_its_timing_gets_that_timeline() -> None:
    tasks, _ = _tasks()
    assert (tasks[0].timeline.kind.value, tasks[0].timeline.raw) == ("continuous", "Thường xuyên")
    assert leading_timeline("Định kỳ hằng tháng, quý công khai kết quả").every == "month"
    assert leading_timeline("Thudng xuyén ra soat").kind.value == "continuous"
    assert leading_timeline("Rà soát").raw is None


def test_a_plan_in_parts_with_area_sections_gives_tasks_under_each_area() -> None:
    text = """KẾ HOẠCH
A. MỤC ĐÍCH, YÊU CẦU
I. MỤC ĐÍCH
- Nâng cao chất lượng phục vụ người dân.
B. NHIỆM VỤ CỤ THỂ
I. CẢI CÁCH THỂ CHẾ
1. Rà soát văn bản quy phạm pháp luật hết hiệu lực của xã.
II. CẢI CÁCH TỔ CHỨC BỘ MÁY
1. Sắp xếp tổ chức bộ máy các cơ quan chuyên môn của xã.
C. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội: Chủ trì cải cách tổ chức bộ máy.
"""
    secs = sections(paragraphs(text))
    tasks = narrative_tasks(secs, find_responsibilities(secs))
    assert [(t.ref, t.area, [u.unit.value for u in t.lead]) for t in tasks] == [
        ("I.1", Area.INSTITUTIONS, []), ("II.1", Area.ORGANIZATION, ["phong_vhxh"])]


def test_a_timing_clause_inside_an_item_gives_its_timeline_but_a_cited_document_date_does_not() -> None:
    from cchc.extract.tasks import clause_timeline

    t = clause_timeline("Rà soát, sửa đổi Quy chế chi tiêu nội bộ của Ủy ban nhân dân xã; hoàn thành trước ngày 28/02/2026.")
    assert (t.kind.value, t.due.isoformat() if t.due else None) == ("deadline", "2026-02-28")
    t = clause_timeline("Công bố danh mục văn bản hết hiệu lực trong Quý I/2026.")
    assert t.due is not None and t.due.isoformat() == "2026-03-31"
    t = clause_timeline("Đổi mới hình thức tuyên truyền qua nhóm Zalo các thôn; định kỳ hằng quý có tin, bài.")
    assert (t.kind.value, t.every) == ("recurring", "quarter")
    assert clause_timeline("Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng.").raw is None
    assert clause_timeline("Theo dõi tình hình thi hành pháp luật hàng năm tại phường.").raw is None


def test_an_item_that_names_its_own_lead_keeps_it_over_the_area_lead() -> None:
    from cchc.extract.tasks import _own_lead

    refs = _own_lead("Công an xã chủ trì, phối hợp với Trung tâm Phục vụ hành chính công xã triển khai Đề án 06.")
    assert [(u.unit.value, u.raw, u.inferred) for u in refs] == [("other", "Công an xã", False)]
    assert _own_lead("Chủ trì, phối hợp với các phòng rà soát thủ tục.") == []


def test_a_bullet_ending_with_a_colon_over_plus_items_is_their_objective() -> None:
    text = """II. NHIỆM VỤ, GIẢI PHÁP
1. Cải cách thủ tục hành chính
- Nâng cao chất lượng giải quyết thủ tục hành chính:
+ Rà soát, công khai đầy đủ thủ tục hành chính của xã.
+ Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.
- Tăng cường kiểm tra việc giải quyết hồ sơ thủ tục hành chính.
"""
    tasks = narrative_tasks(sections(paragraphs(text)), [])
    assert [(t.objective, t.task[:14]) for t in tasks] == [
        ("Nâng cao chất lượng giải quyết thủ tục hành chính", "Rà soát, công "),
        ("Nâng cao chất lượng giải quyết thủ tục hành chính", "Số hóa hồ sơ, "),
        (None, "Tăng cường kiể"),
    ]


def test_a_closing_year_or_span_clause_gives_the_items_timeline_but_a_cited_programme_does_not() -> None:
    from cchc.extract.tasks import clause_timeline

    t = clause_timeline("Rà soát, đơn giản hóa thủ tục hành chính nội bộ; hoàn thành trong năm 2027.")
    assert (t.kind.value, t.due.isoformat() if t.due else None) == ("deadline", "2027-12-31")
    t = clause_timeline("Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức giai đoạn 2026 - 2028.")
    assert (t.kind.value, t.due.isoformat() if t.due else None) == ("window", "2028-12-31")
    assert clause_timeline("Thực hiện Chương trình tổng thể cải cách hành chính giai đoạn 2021 - 2030.").raw is None


_BY_AREA = """II. NHIỆM VỤ, GIẢI PHÁP
1. Nhiệm vụ chung
Tập trung cải cách thủ tục hành chính, chuyển đổi số và nâng cao chất lượng đội ngũ cán bộ, công chức.
2. Nhiệm vụ cụ thể
2.1. Công tác chỉ đạo, điều hành và thông tin, tuyên truyền
- Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh các thôn.
2.2. Cải cách thể chế
- Nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật của xã.
2.3. Xây dựng và phát triển chính quyền số
- Bảo đảm an toàn, an ninh mạng cho hệ thống thông tin của xã theo cấp độ.
III. TỔ CHỨC THỰC HIỆN
Các cơ quan triển khai thực hiện.
"""


def test_area_headings_side_by_side_are_areas_not_objectives_and_the_general_aim_is_no_task() -> None:
    paras = paragraphs(_BY_AREA)
    tasks = narrative_tasks(sections(paras), find_responsibilities(sections(paras)))
    assert [(t.ref, t.area, t.objective) for t in tasks] == [
        ("II.2.1", Area.DIRECTION, None), ("II.2.2", Area.INSTITUTIONS, None),
        ("II.2.3", Area.DIGITAL_GOVERNMENT, None)]


def test_an_item_numbered_1_1_under_area_1_is_ref_1_1_once() -> None:
    text = ("II. NHIỆM VỤ, GIẢI PHÁP\n1. Cải cách thể chế\n"
            "1.1. Nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật của xã.\n"
            "1.2. Rà soát, kiểm tra văn bản quy phạm pháp luật do xã ban hành.\n"
            "2. Cải cách tài chính công\n2.1. Thực hiện công khai tài chính, ngân sách theo quy định hiện hành.\n")
    paras = paragraphs(text)
    tasks = narrative_tasks(sections(paras), [])
    assert [(t.ref, t.area) for t in tasks] == [
        ("II.1.1", Area.INSTITUTIONS), ("II.1.2", Area.INSTITUTIONS), ("II.2.1", Area.PUBLIC_FINANCE)]


def test_fields_written_at_the_end_of_an_item_are_its_lead_partners_and_timeline() -> None:
    text = ("II. NHIỆM VỤ TRỌNG TÂM\n1. Cải cách thủ tục hành chính\n"
            "a) Rà soát, công khai thủ tục hành chính thuộc thẩm quyền của xã (Đơn vị chủ trì: Trung tâm Phục vụ "
            "hành chính công xã; thời gian: Quý II/2026).\n"
            "b) Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính. Chủ trì: Văn phòng HĐND và UBND xã; "
            "phối hợp: Công an xã. Thời gian thực hiện: Thường xuyên.\n"
            "2. Cải cách tài chính công\n"
            "- Xây dựng Quy chế chi tiêu nội bộ năm 2026 (Phòng Kinh tế chủ trì, hoàn thành trước ngày 31/3/2026).\n")
    paras = paragraphs(text)
    tasks = narrative_tasks(sections(paras), [])
    assert [(t.task, [u.raw for u in t.lead], [u.raw for u in t.support], t.timeline.kind.value) for t in tasks] == [
        ("Rà soát, công khai thủ tục hành chính thuộc thẩm quyền của xã.",
         ["Trung tâm Phục vụ hành chính công xã"], [], "deadline"),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính.", ["Văn phòng HĐND và UBND xã"],
         ["Công an xã"], "continuous"),
        ("Xây dựng Quy chế chi tiêu nội bộ năm 2026.", ["Phòng Kinh tế"], [], "deadline"),
    ]
