"""The organisation section → per-unit lead areas."""

from __future__ import annotations

from cchc.extract.layout import paragraphs, sections
from cchc.extract.responsibilities import find_responsibilities, lead_areas_in


def _resp(text: str):
    return [(r.unit.unit.value, [a.value for a in r.areas]) for r in find_responsibilities(sections(paragraphs(text)))]


def test_each_unit_heading_gets_the_areas_its_chu_tri_sentences_name() -> None:
    text = """IV. TỔ CHỨC THỰC HIỆN
2. Trách nhiệm cụ thể
2.1. Phòng Văn hóa - Xã hội
Là cơ quan thường trực của Ủy ban nhân dân xã về cải cách hành chính, có trách nhiệm:
- Chủ trì, phối hợp tham mưu các nội dung về cải cách tổ chức bộ máy hành chính nhà nước; cải cách chế độ công vụ.
- Hướng dẫn, đôn đốc các cơ quan thực hiện Kế hoạch.
2.2. Văn phòng HĐND và UBND xã
- Chủ trì tham mưu thực hiện các nhiệm vụ về cải cách thể chế.
- Phối hợp với Phòng Văn hóa - Xã hội về cải cách tài chính công.
2.3. Đề nghị Mặt trận Tổ quốc và các đoàn thể xã: Phối hợp tuyên truyền, giám sát.
"""
    assert _resp(text) == [
        ("phong_vhxh", ["direction", "organization", "civil_service"]),
        ("van_phong", ["institutions"]),
        ("mttq", []),
    ]


def test_ocr_text_without_diacritics_still_gives_the_areas() -> None:
    text = """IV. TO CHUC THUC HIEN
2. Phan cong trach nhiem cu the:
a) Phong Van hoa — Xa hoi Xa:
- Chu tri, phdi hop véi cac co quan, don vi c6 lién quan to chtrc thuc hién cac ndi dung vé chi dao, diéu hanh; cai cach t6 chirc bd may hanh chinh nha nudc; cai cach ché do cong vu.
b) Phong Kinh té x&:
- Chu tri, phéi hop vdi cac co quan, don vi ¢6 lién quan t6 chic tham muu, thuc hién céc ndi dung vé cai céach tai chinh cong.
"""
    assert _resp(text) == [
        ("phong_vhxh", ["direction", "organization", "civil_service"]),
        ("phong_kinh_te", ["public_finance"]),
    ]


def test_a_sentence_without_chu_tri_leads_nothing() -> None:
    assert lead_areas_in("Phối hợp thực hiện cải cách thủ tục hành chính.") == []
    assert [a.value for a in lead_areas_in("Chủ trì công tác cải cách TTHC, kiểm soát TTHC.")] == ["procedures"]


def test_a_plan_without_an_organisation_section_has_no_responsibilities() -> None:
    assert _resp("I. MỤC TIÊU\n- Một\n") == []


def test_duties_worded_as_dau_moi_or_tham_muu_trien_khai_also_assign_areas() -> None:
    text = """III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội là cơ quan đầu mối, tham mưu Ủy ban nhân dân xã chỉ đạo, điều hành công tác cải cách hành chính; tham mưu triển khai nội dung cải cách tổ chức bộ máy.
2. Văn phòng HĐND và UBND xã tham mưu triển khai nội dung cải cách thể chế và xây dựng chính quyền số.
3. Phòng Kinh tế tham mưu Ủy ban nhân dân xã tổng kết việc thực hiện Kế hoạch.
"""
    assert _resp(text) == [
        ("phong_vhxh", ["direction", "organization"]),
        ("van_phong", ["institutions", "digital_government"]),
        ("phong_kinh_te", []),
    ]


def test_leading_an_inspection_of_an_area_is_direction_not_that_area() -> None:
    assert [a.value for a in lead_areas_in(
        "Chủ trì kiểm tra công tác cải cách hành chính, cải cách TTHC; tham mưu bố trí công chức.")] == ["direction"]


def test_giao_x_chu_tri_names_x_alone_and_its_partners_lead_nothing() -> None:
    text = ("IV. TỔ CHỨC THỰC HIỆN\n"
            "1. Giao Văn phòng HĐND và UBND xã chủ trì, phối hợp với Phòng Văn hóa - Xã hội tham mưu thực hiện "
            "nội dung cải cách thể chế.\n"
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã tăng cường giám sát việc thực hiện cải cách hành chính.\n")
    resp = find_responsibilities(sections(paragraphs(text)))
    assert [(r.unit.raw, [a.value for a in r.areas]) for r in resp] == [
        ("Văn phòng HĐND và UBND xã", ["institutions"]), ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", [])]


def test_a_scanned_item_number_read_as_a_short_word_before_giao_still_names_the_unit() -> None:
    text = ("IV. TỔ CHỨC THỰC HIỆN\n\ndự Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với các cơ quan, đơn vị liên "
            "quan tham mưu thực hiện nội dung cải cách chế độ công vụ.\n")
    resp = find_responsibilities(sections(paragraphs(text)))
    assert [(r.unit.raw, [a.value for a in r.areas]) for r in resp] == [("Phòng Văn hóa - Xã hội", ["civil_service"])]
