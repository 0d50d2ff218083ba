"""Header blocks as they arrive: flattened, joined with `|`, broken inside words, after a metadata block,
inside web-page chrome; numbers in every official form; the period distinct from the date of issue."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.plan import PlanLevel, Signer, Span
from cchc.extract.assemble import parse_plan_text
from cchc.extract.docrefs import parse_doc_number, parse_issue_date
from cchc.extract.header import parse_plan_info, period_from_text

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"
EXPECTED = ("UBND tỉnh Lào Cai", "15/KH-UBND", date(2026, 1, 8), "Cải cách hành chính nhà nước năm 2026")


def _key(text: str) -> tuple:
    info = parse_plan_info(text)
    return info.issuer, info.number, info.issued_on, info.title


def test_a_two_column_header_flattened_row_by_row_into_one_line() -> None:
    text = (f"ỦY BAN NHÂN DÂN {MOTTO} TỈNH LÀO CAI {MOTTO2} Số: 15/KH-UBND Lào Cai, ngày 08 tháng 01 năm 2026 "
            "KẾ HOẠCH Cải cách hành chính nhà nước năm 2026\nCăn cứ Nghị quyết số 76/NQ-CP của Chính phủ;\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n")
    assert _key(text) == EXPECTED


def test_a_two_column_header_flattened_column_by_column() -> None:
    text = (f"ỦY BAN NHÂN DÂN TỈNH LÀO CAI Số: 15/KH-UBND {MOTTO} {MOTTO2} Lào Cai, ngày 08 tháng 01 năm 2026\n"
            "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n")
    assert _key(text) == EXPECTED


def test_a_header_joined_with_bars() -> None:
    text = (f"ỦY BAN NHÂN DÂN | {MOTTO}\nTỈNH LÀO CAI | {MOTTO2}\nSố: 15/KH-UBND | Lào Cai, ngày 08 tháng 01 năm 2026\n"
            "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2026\n|. MỤC ĐÍCH\n")
    assert _key(text) == EXPECTED


def test_the_title_run_on_into_the_preamble_stops_where_the_preamble_starts() -> None:
    text = ("Số: 15/KH-UBND\tLào Cai, ngày 08 tháng 01 năm 2026\n"
            "KẾ HOẠCH Cải cách hành chính nhà nước năm 2026 Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ;\n")
    assert parse_plan_info(text).title == "Cải cách hành chính nhà nước năm 2026"


def test_hard_line_breaks_inside_words_names_the_number_and_the_date() -> None:
    text = (f"ỦY BAN NHÂN DÂN\t{MOTTO}\nTỈNH LÀO C\nAI\t{MOTTO2}\nSố: 15/KH-\nUBND\tLào Cai, ngày 08 tháng 01\nnăm 2026\n"
            "KẾ HOẠCH\nCải cách hành chính tỉnh Lào\nCai năm 2026\nI. MỤC TIÊU\n")
    info = parse_plan_info(text)
    assert (info.issuer, info.number, info.issued_on) == EXPECTED[:3]
    assert info.title == "Cải cách hành chính tỉnh Lào Cai năm 2026"
    assert info.locality_code == 15


def test_a_prime_minister_header_broken_inside_its_words_and_its_symbol() -> None:
    text = (f"THỦ TƯỚNG CHÍNH PH\nỦ\t{MOTTO}\n\t{MOTTO2}\nSố: 112/QĐ-T\nTg\tHà Nội, ngày 20 tháng 01 năm 2026\n\n"
            "KẾ HOẠCH\nCải cách hành chính nhà nước giai đoạn 2021 - 2030\n")
    info = parse_plan_info(text)
    assert (info.issuer, info.level, info.number) == ("Thủ tướng Chính phủ", PlanLevel.NATIONAL, "112/QĐ-TTg")
    assert info.period == Span(date(2021, 1, 1), date(2030, 12, 31))


METADATA_ONLY = """Số hiệu\t2045/KH-UBND
Loại văn bản\tKế hoạch
Cơ quan ban hành\tỦy ban nhân dân tỉnh Lào Cai
Ngày ban hành\t28/12/2026
Người ký\tHoàng Minh Tuấn

I. MỤC ĐÍCH, YÊU CẦU
- Triển khai các nhiệm vụ cải cách hành chính năm 2027.
"""


def test_a_metadata_block_gives_what_the_text_lacks() -> None:
    info = parse_plan_info(METADATA_ONLY)
    assert (info.number, info.issued_on) == ("2045/KH-UBND", date(2026, 12, 28))
    assert (info.issuer, info.level, info.locality_code) == ("UBND tỉnh Lào Cai", PlanLevel.PROVINCE, 15)
    assert info.signer == Signer("Hoàng Minh Tuấn", None)
    assert info.period == Span(date(2027, 1, 1), date(2027, 12, 31))


def test_the_metadata_labels_on_their_own_lines_are_read_too() -> None:
    text = "Số hiệu:\n30/KH-UBND\nNgày ban hành:\n05/01/2026\n\nI. MỤC ĐÍCH\n- Cải cách hành chính năm 2026.\n"
    info = parse_plan_info(text)
    assert (info.number, info.issued_on) == ("30/KH-UBND", date(2026, 1, 5))


WEB_PAGE = f"""Trang chủ | Giới thiệu | Tin tức | Văn bản
Trang chủ » Văn bản pháp luật » Kế hoạch
Kế hoạch 20/KH-UBND năm 2025 về cải cách hành chính tỉnh Yên Bình
Ngày đăng: 12/01/2026 | Lượt xem: 1.245
Số hiệu: 12/KH-BCĐ
Loại văn bản: Kế hoạch
Người ký: Hoàng Minh Tuấn

UBND TỈNH LÀO CAI\t{MOTTO}
BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH\t{MOTTO2}
Số: 12/KH-BCĐ\tLào Cai, ngày 09 tháng 01 năm 2026

KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2026

I. MỤC ĐÍCH, YÊU CẦU
- Đánh giá kết quả thực hiện cải cách hành chính tại các sở, ngành.
II. NỘI DUNG
1. Kiểm tra việc giải quyết thủ tục hành chính tại các sở, ngành.

TRƯỞNG BAN
Hoàng Minh Tuấn

Lượt xem: 1.245
Bình luận (0)
Văn bản liên quan
Kế hoạch 30/KH-UBND cải cách hành chính tỉnh Yên Bình năm 2025
- Quyết định 99/QĐ-UBND ban hành Kế hoạch tuyên truyền cải cách hành chính, đạt 100% số xã năm 2025
© Cổng thông tin điện tử tỉnh
"""


def test_web_page_chrome_is_never_read_as_issuer_title_or_content() -> None:
    plan = parse_plan_text(WEB_PAGE)
    info = plan.info
    assert info.title == "Kiểm tra công tác cải cách hành chính năm 2026"
    assert info.issuer == "Ban Chỉ đạo cải cách hành chính tỉnh Lào Cai"
    assert (info.number, info.issued_on) == ("12/KH-BCĐ", date(2026, 1, 9))
    assert info.period == Span(date(2026, 1, 1), date(2026, 12, 31))
    assert info.signer == Signer("Hoàng Minh Tuấn", "Trưởng ban")
    words = " ".join([t.task for t in plan.tasks] + [i.name for i in plan.indicators])
    assert "Yên Bình" not in words and "tuyên truyền" not in words and "Lượt xem" not in words
    assert [t.task for t in plan.tasks] == ["Kiểm tra việc giải quyết thủ tục hành chính tại các sở, ngành."]


def test_a_site_banner_with_menus_is_not_the_header() -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH YÊN BÌNH - CỔNG THÔNG TIN ĐIỆN TỬ\nTrang chủ | Tin tức | Liên hệ\nTìm kiếm\n"
            f"ỦY BAN NHÂN DÂN\t{MOTTO}\nTỈNH LÀO CAI\t{MOTTO2}\nSố: 15/KH-UBND\tLào Cai, ngày 08 tháng 01 năm 2026\n"
            "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2026\n")
    assert _key(text) == EXPECTED


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 15/KH-UBND", "15/KH-UBND"),
        ("Số: 112/QĐ-TTg", "112/QĐ-TTg"),
        ("Số:2045/KH-UBND", "2045/KH-UBND"),
        ("Số 12/KH-BCĐ", "12/KH-BCĐ"),
        ("SỐ: 15 / KH - UBND", "15/KH-UBND"),
        ("Số: 112/QĐ-\nTTg", "112/QĐ-TTg"),
        ("Số: 112/QĐ-TT\ng", "112/QĐ-TTg"),
        ("Số: 112 /QĐ-TT g", "112/QĐ-TTg"),
        ("Số: 20\n45/KH-UBND", "2045/KH-UBND"),
        ("Số: 25/2026/QĐ-UBND", "25/2026/QĐ-UBND"),
        ("Số: 07/KH-UBND\nLào Cai, ngày 5 tháng 1 năm 2026", "07/KH-UBND"),
        ("Số: 07/KH-UBND\nTP. Hải Phòng, ngày 5 tháng 1 năm 2026", "07/KH-UBND"),
        ("Số: 30/KH-BNV Hà Nội", "30/KH-BNV"),
        ("Số: /KH-UBND", None),
    ],
)
def test_a_number_in_every_official_form_is_read_whole(line: str, number: str | None) -> None:
    assert parse_doc_number(line) == (True, number)


def test_a_symbol_broken_at_the_end_of_the_header_line_is_joined_with_the_next_line() -> None:
    text = f"THỦ TƯỚNG CHÍNH PHỦ\t{MOTTO}\nSố: 112/QĐ-\nTTg\tHà Nội, ngày 20 tháng 01 năm 2026\nKẾ HOẠCH\nCải cách năm 2026\n"
    assert parse_plan_info(text).number == "112/QĐ-TTg"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Lào Cai, ngày 08 tháng 01 năm 2026", date(2026, 1, 8)),
        ("Hà Nội, ngày 5 tháng 12\nnăm 2026", date(2026, 12, 5)),
        ("ngay 31 thang 7 nam 2025", date(2025, 7, 31)),
        ("ngày 10/01/2026", date(2026, 1, 10)),
        ("ngày 10-01-2026", date(2026, 1, 10)),
        ("ngày 31 tháng 02 năm 2026", None),
        ("ngày tháng 3 năm 2026", None),
    ],
)
def test_a_date_of_issue_in_words_or_digits(text: str, day: date | None) -> None:
    assert parse_issue_date(text) == day


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("Cải cách hành chính giai đoạn 2021–2030", date(2021, 1, 1), date(2030, 12, 31)),
        ("Kế hoạch cải cách hành chính 2016-2020", date(2016, 1, 1), date(2020, 12, 31)),
        ("từ năm 2021 đến năm 2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("giai đoạn 2026 đến 2030", date(2026, 1, 1), date(2030, 12, 31)),
        ("cải cách hành chính 6 tháng đầu năm 2026", date(2026, 1, 1), date(2026, 6, 30)),
        ("cải cách hành chính năm 2027", date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_a_period_in_every_form(phrase: str, start: date, end: date) -> None:
    assert period_from_text(phrase) == Span(start, end)


def test_a_plan_for_next_year_issued_in_december_covers_next_year() -> None:
    text = (f"ỦY BAN NHÂN DÂN\t{MOTTO}\nXÃ SUỐI NGỌC LAM\t{MOTTO2}\n"
            "Số: 96/KH-UBND\tSuối Ngọc Lam, ngày 22 tháng 12 năm 2026\n\nKẾ HOẠCH\nCải cách hành chính năm 2027\n\n"
            "I. KẾT QUẢ NĂM 2026\n- Năm 2026 xã hoàn thành các chỉ tiêu; năm 2026 tỷ lệ hồ sơ đúng hạn đạt 99%.\n")
    info = parse_plan_info(text)
    assert info.issued_on == date(2026, 12, 22)
    assert info.period == Span(date(2027, 1, 1), date(2027, 12, 31))


def test_a_half_year_plan_has_half_a_year() -> None:
    text = ("Số: 40/KH-UBND\tAn Bình, ngày 30 tháng 6 năm 2026\n\nKẾ HOẠCH\n"
            "Cải cách hành chính 6 tháng cuối năm 2026 của xã An Bình\n")
    info = parse_plan_info(text)
    assert info.period == Span(date(2026, 7, 1), date(2026, 12, 31))
    assert info.issued_on == date(2026, 6, 30)
