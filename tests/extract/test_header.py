"""The plan header: title, issuer, number, date of issue, period."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cchc.domain.plan import Span
from cchc.extract.header import parse_plan_info, period_from_text

HEADER = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ AN BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 57/KH-UBND\tAn Bình, ngày 12 tháng 3 năm 2026

KẾ HOẠCH
Cải cách hành chính nhà nước
xã An Bình năm 2026

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
"""


def test_a_full_header_gives_every_field() -> None:
    info = parse_plan_info(HEADER)
    assert info.title == "Cải cách hành chính nhà nước xã An Bình năm 2026"
    assert info.issuer == "UBND xã An Bình"
    assert info.number == "57/KH-UBND"
    assert info.issued_on == date(2026, 3, 12)
    assert info.period == Span(date(2026, 1, 1), date(2026, 12, 31))


def test_a_blank_number_and_an_incomplete_date_are_null() -> None:
    text = "Số: /KH-UBND\n\nHồng Châu, ngày tháng 3 năm 2026\n\nKẾ HOẠCH\n\nThực hiện công tác cải cách thủ tục hành chính năm 2026 trên địa bàn xã Hồng Châu\n"
    info = parse_plan_info(text)
    assert info.number is None
    assert info.issued_on is None
    assert info.issuer == "UBND xã Hồng Châu"
    assert info.title and not info.title.upper().startswith("KẾ HOẠCH")


def test_an_appendix_takes_number_and_date_from_its_kem_theo_line() -> None:
    text = (
        "PHỤ LỤC\nNHIỆM VỤ CẢI CÁCH HÀNH CHÍNH PHƯỜNG BÌNH PHƯỚC NĂM 2026\n"
        "(Kèm theo Kế hoạch số 104 /KH-UBND ngày 28 tháng 4 năm 2026 của UBND phường)\n"
    )
    info = parse_plan_info(text)
    assert info.title == "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH PHƯỜNG BÌNH PHƯỚC NĂM 2026"
    assert info.issuer == "UBND phường Bình Phước"
    assert info.number == "104/KH-UBND"
    assert info.issued_on == date(2026, 4, 28)


def test_the_title_stops_where_the_preamble_starts_even_without_a_blank_line() -> None:
    text = (
        "Số: /KH-UBND\nHồng Châu, ngày tháng 3 năm 2026\nKẾ HOẠCH\n"
        "Thực hiện công tác cải cách thủ tục hành chính năm 2026 trên địa bàn xã\nHồng Châu\n"
        "Thực hiện Kế hoạch số 93/KH-UBND ngày 27/11/2025 của Ủy ban nhân dân\nxã về thực hiện Chương trình\n"
    )
    info = parse_plan_info(text)
    assert info.title == "Thực hiện công tác cải cách thủ tục hành chính năm 2026 trên địa bàn xã Hồng Châu"
    assert info.period == Span(date(2026, 1, 1), date(2026, 12, 31))


def test_a_number_without_colon_and_a_dotted_place_still_read() -> None:
    text = "Số 21/KH-UBND\t……, ngày 02 tháng 02 năm 2026\nKẾ HOẠCH\nCải cách hành chính năm 2026\n"
    info = parse_plan_info(text)
    assert info.number == "21/KH-UBND"
    assert info.issued_on == date(2026, 2, 2)


def test_a_text_without_header_has_no_title_and_takes_the_year_it_speaks_of() -> None:
    text = "I. MỤC ĐÍCH\n- Triển khai Chương trình giai đoạn 2021 - 2030.\n(1). Trong năm 2025, phấn đấu.\n- Kế hoạch năm 2025 của phường.\n"
    info = parse_plan_info(text)
    assert info.title is None and info.issuer is None and info.number is None
    assert info.period == Span(date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("6 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("6 thang cudi nim 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("giai đoạn 2026 - 2030", date(2026, 1, 1), date(2030, 12, 31)),
        ("quý II năm 2026", date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_a_period_phrase_gives_its_span(phrase: str, start: date, end: date) -> None:
    assert period_from_text(phrase) == Span(start, end)


def test_odd_text_gives_an_empty_header() -> None:
    info = parse_plan_info("\x00\t\n%%%")
    assert info.title is None and info.number is None


def test_every_seed_header_matches_its_gold(shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        gold = json.loads((shared_dir / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))["plan"]
        got = parse_plan_info(seed.read_text(encoding="utf-8")).to_json()
        for key in ("number", "issued_on", "period"):
            assert got[key] == gold[key], (seed.name, key)
        assert (got["issuer"] is None) == (gold["issuer"] is None), seed.name


def test_a_pdf_header_that_breaks_the_date_and_the_name_still_gives_issuer_and_date() -> None:
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nXÃ EA KNỐP TÂY Độc lập - Tự do - Hạnh phúc\n"
            "Số: 48/KH-UBND Ea Knốp Tây, ngày 16 tháng 3 năm\n2026\nKẾ HOẠCH\nCải cách hành chính năm 2026\n"
            "Căn cứ tình hình thực tế, Ủy ban nhân dân xã Ea Knốp\nTây ban hành Kế hoạch như sau:\n")
    info = parse_plan_info(text)
    assert (info.issued_on, info.issuer, info.number) == (date(2026, 3, 16), "UBND xã Ea Knốp Tây", "48/KH-UBND")
