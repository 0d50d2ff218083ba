"""Plans issued above the commune: the level, the full issuer and its locality code (documents composed here)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.plan import Plan, PlanInfo, PlanLevel, Signer
from cchc.extract.assemble import parse_plan_text
from cchc.extract.header import parse_plan_info
from cchc.extract.issuers import issuer_from_block, level_from_symbol
from cchc.extract.pipeline import plan_to_json, validate_plan_json

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"


def header(left1: str, left2: str, number: str, place_date: str) -> str:
    return f"{left1}\t{MOTTO}\n{left2}\t{MOTTO2}\nSố: {number}\t{place_date}\n\n"


PROVINCE_PLAN = header("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "15/KH-UBND", "Lào Cai, ngày 08 tháng 01 năm 2026") + """KẾ HOẠCH
Cải cách hành chính nhà nước tỉnh Lào Cai năm 2026

Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao chất lượng phục vụ của các sở, ngành và Ủy ban nhân dân các xã, phường.
II. CHỈ TIÊU
1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98%.
III. NHIỆM VỤ
1. Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính.
IV. TỔ CHỨC THỰC HIỆN
Sở Nội vụ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch; thí điểm tại UBND phường Cốc Lếu.

Nơi nhận:\tTM. ỦY BAN NHÂN DÂN
- Bộ Nội vụ;\tKT. CHỦ TỊCH
- Lưu: VT.\tPHÓ CHỦ TỊCH
\t(Đã ký)
\tHoàng Minh Tuấn
"""


def test_a_province_plan_names_the_province_its_level_and_its_code() -> None:
    plan = parse_plan_text(PROVINCE_PLAN)
    info = plan.info
    assert info.issuer == "UBND tỉnh Lào Cai"
    assert info.level is PlanLevel.PROVINCE
    assert info.locality_code == 15
    assert (info.number, info.issued_on) == ("15/KH-UBND", date(2026, 1, 8))
    assert info.signer == Signer("Hoàng Minh Tuấn", "Phó Chủ tịch")
    assert [t.task for t in plan.tasks] == ["Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính."]
    assert [(i.name, i.target) for i in plan.indicators] == [("Tỷ lệ hồ sơ giải quyết đúng hạn", 98.0)]


def test_a_centrally_run_city_is_a_province_and_a_city_under_a_province_is_a_district() -> None:
    city = parse_plan_info(header("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "48/KH-UBND", "Hải Phòng, ngày 10 tháng 02 năm 2026")
                           + "KẾ HOẠCH\nCải cách hành chính năm 2026\n")
    assert (city.issuer, city.level, city.locality_code) == ("UBND thành phố Hải Phòng", PlanLevel.PROVINCE, 31)
    town = parse_plan_info(header("ỦY BAN NHÂN DÂN", "THÀNH PHỐ SÔNG MÂY", "09/KH-UBND", "Sông Mây, ngày 04 tháng 01 năm 2024")
                           + "KẾ HOẠCH\nCải cách hành chính năm 2024\n")
    assert (town.issuer, town.level, town.locality_code) == ("UBND thành phố Sông Mây", PlanLevel.DISTRICT, None)


def test_a_district_plan_is_not_taken_for_a_commune_it_mentions() -> None:
    text = header("ỦY BAN NHÂN DÂN", "HUYỆN BẢO HÒA", "07/KH-UBND", "Bảo Hòa, ngày 05 tháng 01 năm 2021") + (
        "KẾ HOẠCH\nCải cách hành chính huyện Bảo Hòa giai đoạn 2021-2025\n"
        "Căn cứ Kế hoạch của UBND tỉnh, UBND huyện ban hành Kế hoạch; UBND xã Phú Nhuận thực hiện thí điểm.\n"
    )
    info = parse_plan_info(text)
    assert (info.issuer, info.level, info.locality_code) == ("UBND huyện Bảo Hòa", PlanLevel.DISTRICT, None)
    assert info.period is not None and (info.period.start, info.period.end) == (date(2021, 1, 1), date(2025, 12, 31))


def test_a_ministry_plan_is_issued_by_the_ministry() -> None:
    text = f"BỘ NỘI VỤ\t{MOTTO}\n\t{MOTTO2}\nSố: 2045/KH-BNV\tHà Nội, ngày 25 tháng 12 năm 2026\n\nKẾ HOẠCH\n" \
           "Cải cách hành chính của Bộ Nội vụ năm 2027\n\nI. MỤC ĐÍCH, YÊU CẦU\n"
    info = parse_plan_info(text)
    assert (info.issuer, info.level, info.locality_code) == ("Bộ Nội vụ", PlanLevel.MINISTRY, None)
    assert info.number == "2045/KH-BNV"


def test_a_ministry_with_a_long_name_keeps_its_own_capitals() -> None:
    found = issuer_from_block(["BỘ THÔNG TIN VÀ TRUYỀN THÔNG"])
    assert found is not None and (found.name, found.level) == ("Bộ Thông tin và Truyền thông", PlanLevel.MINISTRY)


def test_a_prime_minister_plan_is_national() -> None:
    text = f"THỦ TƯỚNG CHÍNH PHỦ\t{MOTTO}\n\t{MOTTO2}\nSố: 88/KH-TTg\tHà Nội, ngày 02 tháng 3 năm 2026\n\n" \
           "KẾ HOẠCH\nTriển khai cải cách hành chính nhà nước năm 2026\n"
    info = parse_plan_info(text)
    assert (info.issuer, info.level, info.locality_code) == ("Thủ tướng Chính phủ", PlanLevel.NATIONAL, None)
    assert info.number == "88/KH-TTg"


def test_a_steering_committee_of_a_province_is_named_with_its_province() -> None:
    text = f"UBND TỈNH LÀO CAI\t{MOTTO}\nBAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH\t{MOTTO2}\n" \
           "Số: 12/KH-BCĐ\tLào Cai, ngày 09 tháng 01 năm 2026\n\nKẾ HOẠCH\nKiểm tra cải cách hành chính năm 2026\n"
    info = parse_plan_info(text)
    assert info.issuer == "Ban Chỉ đạo cải cách hành chính tỉnh Lào Cai"
    assert (info.level, info.locality_code, info.number) == (PlanLevel.PROVINCE, 15, "12/KH-BCĐ")


def test_a_department_of_a_province_is_named_with_its_province() -> None:
    found = issuer_from_block(["UBND TỈNH LÀO CAI", "SỞ NỘI VỤ"])
    assert found is not None and (found.name, found.level, found.locality_code) == (
        "Sở Nội vụ tỉnh Lào Cai", PlanLevel.PROVINCE, 15)


def test_a_province_merged_away_in_2025_keeps_its_name_and_has_no_code() -> None:
    found = issuer_from_block(["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"])
    assert found is not None and (found.name, found.level, found.locality_code) == (
        "UBND tỉnh Quảng Nam", PlanLevel.PROVINCE, None)


def test_a_commune_gets_its_code_when_the_province_it_speaks_of_makes_the_name_unique() -> None:
    # "Tân An" is the name of several communes; the text names the city, which has one.
    text = "KẾ HOẠCH\nCải cách hành chính xã Tân An năm 2026\n\nCăn cứ Kế hoạch của UBND thành phố Hải Phòng;\n"
    info = parse_plan_info(text)
    assert (info.issuer, info.level, info.locality_code) == ("UBND xã Tân An", PlanLevel.COMMUNE, 11167)
    alone = parse_plan_info("KẾ HOẠCH\nCải cách hành chính xã Tân An năm 2026\n")
    assert (alone.level, alone.locality_code) == (PlanLevel.COMMUNE, None)


def test_an_invented_commune_is_a_commune_without_a_code() -> None:
    info = parse_plan_info(header("ỦY BAN NHÂN DÂN", "XÃ SUỐI NGỌC LAM", "21/KH-UBND", "Suối Ngọc Lam, ngày 02 tháng 02 năm 2026")
                           + "KẾ HOẠCH\nCải cách hành chính năm 2026\n")
    assert (info.issuer, info.level, info.locality_code) == ("UBND xã Suối Ngọc Lam", PlanLevel.COMMUNE, None)


@pytest.mark.parametrize(
    ("number", "level"),
    [("112/QĐ-TTg", PlanLevel.NATIONAL), ("05/NQ-CP", PlanLevel.NATIONAL), ("30/KH-BNV", PlanLevel.MINISTRY),
     ("12/KH-BCĐ", None), ("15/KH-UBND", None), (None, None)],
)
def test_the_symbol_alone_tells_the_national_and_ministry_levels(number: str | None, level: PlanLevel | None) -> None:
    assert level_from_symbol(number) is level


def test_the_new_fields_round_trip_and_validate_and_old_files_stay_valid() -> None:
    plan = parse_plan_text(PROVINCE_PLAN, source_name="lao-cai.txt")
    data = plan_to_json(plan)
    assert data["plan"]["level"] == "province" and data["plan"]["locality_code"] == 15
    assert data["plan"]["signer"] == {"name": "Hoàng Minh Tuấn", "title": "Phó Chủ tịch"}
    assert Plan.from_json(data).to_json() == data
    old = dict(data, plan={k: data["plan"][k] for k in ("title", "issuer", "number", "issued_on", "period")})
    validate_plan_json(old)
    assert Plan.from_json(old).info == PlanInfo(
        title=plan.info.title, issuer=plan.info.issuer, number=plan.info.number,
        issued_on=plan.info.issued_on, period=plan.info.period)
