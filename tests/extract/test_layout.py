"""Lines → paragraphs, list markers, sections (clean Word text and OCR text without diacritics)."""

from __future__ import annotations

import pytest

from cchc.extract.layout import paragraphs, section_kind, sections, split_marker, strip_html


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("II. CẢI CÁCH THỂ CHẾ", ("roman", "II", "CẢI CÁCH THỂ CHẾ")),
        ("|. MUC PiCH, YEU CAU", ("roman", "I", "MUC PiCH, YEU CAU")),
        ("I11. KINH PHI:", ("roman", "III", "KINH PHI:")),
        ("2.1. Phòng Văn hóa - Xã hội", ("arabic", "2.1", "Phòng Văn hóa - Xã hội")),
        ("3.2 Đổi mới việc thực hiện", ("arabic", "3.2", "Đổi mới việc thực hiện")),
        ("a) Công tác chỉ đạo, điều hành", ("letter", "a", "Công tác chỉ đạo, điều hành")),
        ("¢) Thuc hién tinh gian bién ché", ("letter", "c", "Thuc hién tinh gian bién ché")),
        ("đ) Cải cách chế độ công vụ", ("letter", "đ", "Cải cách chế độ công vụ")),
        ("(3). Hoàn thành 100% nhiệm vụ", ("paren", "3", "Hoàn thành 100% nhiệm vụ")),
        ("- Tiếp tục triển khai", ("bullet", "-", "Tiếp tục triển khai")),
        ("100% hồ sơ được số hóa", ("plain", None, "100% hồ sơ được số hóa")),
        ("2026 là năm bản lề", ("plain", None, "2026 là năm bản lề")),
    ],
)
def test_a_line_splits_into_its_marker_and_text(line: str, expected: tuple) -> None:
    assert split_marker(line) == expected


def test_hard_wrapped_lines_are_joined_back_into_their_paragraph() -> None:
    text = "\n".join([
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "a) Cải cách thể chế",
        "- Nâng cao chất lượng công tác xây dựng văn bản quy phạm pháp luật, thực hiện",
        "",
        "hiệu quả việc đánh giá tác động của văn bản quy phạm pháp luật.",
        "- Chủ động rà soát, kiểm tra văn bản quy phạm pháp luật theo quy định; trình",
        "Hội đồng nhân dân phường công bố kịp thời các văn bản hết hiệu lực thi hành.",
    ] * 3)
    paras = [p for p in paragraphs(text) if p.kind == "bullet"]
    assert paras[0].text.endswith("đánh giá tác động của văn bản quy phạm pháp luật.")
    assert paras[1].text.startswith("Chủ động rà soát") and "Hội đồng nhân dân phường" in paras[1].text


def test_table_rows_stay_rows_with_html_stripped_from_cells() -> None:
    paras = paragraphs("STT\tNhiệm vụ\tChủ trì\n<b>I</b>\t<b>CẢI CÁCH THỂ CHẾ</b>\t\n")
    assert [p.kind for p in paras] == ["row", "row"]
    assert paras[1].cells == ["I", "CẢI CÁCH THỂ CHẾ", ""]
    assert strip_html("<p>Rà soát</p> <ul><li>- văn bản</li></ul>") == "Rà soát - văn bản"


def test_a_page_break_marks_the_next_paragraph() -> None:
    paras = paragraphs("Dòng một.\n\f\nSTT\tNhiệm vụ\n")
    assert paras[-1].after_page_break


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("MỤC TIÊU, CHỈ TIÊU, YÊU CẦU", "objectives"),
        ("MUC PiCH, YEU CAU", "objectives"),
        ("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "tasks"),
        ("NHIEM VU, GIAI PHAP CHU YEU", "tasks"),
        ("CHỈ TIÊU, NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "tasks"),
        ("TỔ CHỨC THỰC HIỆN", "organization"),
        ("TO CHUC THUC HIEN", "organization"),
        ("KINH PHÍ", "funding"),
    ],
)
def test_a_top_level_heading_names_its_section(heading: str, kind: str) -> None:
    assert section_kind(heading) == kind


def test_sections_split_at_roman_headings() -> None:
    secs = sections(paragraphs("KẾ HOẠCH\nI. MỤC ĐÍCH\n- Một\nII. NHIỆM VỤ\n- Hai\nIII. TỔ CHỨC THỰC HIỆN\n"))
    assert [(s.kind, s.label) for s in secs] == [(None, None), ("objectives", "I"), ("tasks", "II"),
                                                 ("organization", "III")]
    assert secs[2].paras[0].text == "Hai"


def test_paragraphs_of_empty_or_odd_text_do_not_crash() -> None:
    assert paragraphs("") == []
    assert paragraphs("\f\n\t\t\n   \n") == []


def test_ocr_text_keeps_blank_line_separated_paragraphs_apart() -> None:
    wrapped = [
        "Tăng cường công tác kiểm soát thủ tục hành chính, rà soát, đề xuất bãi bỏ các",
        "thủ tục không cần thiết, không hợp pháp và không hợp lý trên địa bàn xã.",
        "",
        "Tiếp tục rà soát, công khai đầy đủ thủ tục hành chính, quy trình nội bộ",
        "giải quyết thủ tục hành chính của các cơ quan, đơn vị thuộc xã.",
        "",
    ]
    paras = paragraphs("\n".join(["1. Nhiệm vụ", ""] + wrapped * 3))
    texts = [p.text for p in paras if p.kind == "plain"]
    assert len(texts) == 6 and texts[1].startswith("Tiếp tục rà soát")


@pytest.mark.parametrize(
    ("line", "kind", "rest"),
    [
        (". NHIỆM VỤ, CHỈ TIÊU, NỘI DUNG HOẠT ĐỘNG", "roman", "NHIỆM VỤ, CHỈ TIÊU, NỘI DUNG HOẠT ĐỘNG"),
        (". Nhiệm vụ", "arabic", "Nhiệm vụ"),
        ("se . Đẩy mạnh số hóa hồ sơ", "bullet", "Đẩy mạnh số hóa hồ sơ"),
        ("« . Khuyến khích người dân", "bullet", "Khuyến khích người dân"),
        ("\uf0b7 Đẩy mạnh triển khai", "bullet", "Đẩy mạnh triển khai"),
    ],
)
def test_markers_damaged_by_ocr_or_pdf_fonts_are_still_markers(line: str, kind: str, rest: str) -> None:
    got = split_marker(line)
    assert (got[0], got[2]) == (kind, rest)


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [("LMỤC ĐÍCH, YÊU CẦU", "I", "MỤC ĐÍCH, YÊU CẦU"), ("IH. TỔ CHỨC THỰC HIỆN", "III", "TỔ CHỨC THỰC HIỆN"),
     ("II NHIỆM VỤ TRỌNG TÂM", "II", "NHIỆM VỤ TRỌNG TÂM")],
)
def test_roman_headings_damaged_by_ocr_are_still_headings(line: str, label: str, rest: str) -> None:
    assert split_marker(line) == ("roman", label, rest)


def test_a_word_starting_with_l_is_not_a_roman_heading() -> None:
    assert split_marker("LỜI NÓI ĐẦU")[0] == "plain"
    assert split_marker("Lãnh đạo UBND xã")[0] == "plain"


def test_labels_a_scan_read_as_lines_of_their_own_go_back_before_their_headings() -> None:
    text = ("Các chỉ tiêu nêu trên được đánh giá định kỳ.\n\nIL\n\n1.\n\nNHIỆM VỤ, GIẢI PHÁP\n\nNhiệm vụ chung\n\n"
            "Tập trung cải cách thủ tục hành chính.\n\nSà\n\n2:1,\n\nNhiệm vụ cụ thể\n\n"
            "Công tác chỉ đạo, điều hành\n\n- Ban hành kế hoạch cải cách hành chính.\n\n3\n\nTrang sau\n")
    paras = paragraphs(text)
    assert [(p.kind, p.label, p.text) for p in paras][1:6] == [
        ("roman", "II", "NHIỆM VỤ, GIẢI PHÁP"), ("arabic", "1", "Nhiệm vụ chung"),
        ("plain", None, "Tập trung cải cách thủ tục hành chính."), ("arabic", "2", "Nhiệm vụ cụ thể"),
        ("arabic", "2.1", "Công tác chỉ đạo, điều hành")]
    assert paras[-1].text == "Trang sau"  # a bare page number is no label


def test_a_mixed_case_line_after_an_upper_case_heading_starts_a_paragraph_and_stray_marks_are_bullets() -> None:
    text = ("IV. TỔ CHỨC THỰC HIỆN\n\ndự Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với các cơ quan liên quan.\n\n"
            "¬ Thường xuyên rà soát, kiểm tra văn bản quy phạm pháp luật do xã ban hành.\n")
    paras = paragraphs(text)
    assert [(p.kind, p.text[:20]) for p in paras] == [
        ("roman", "TỔ CHỨC THỰC HIỆN"), ("plain", "dự Giao Phòng Văn hó"), ("bullet", "Thường xuyên rà soát")]
