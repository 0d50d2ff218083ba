"""Unit-name normalisation: typos, OCR, several units per cell, collective references."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.units import UnitKind
from cchc.extract.units import classify_unit, parse_units, split_lead_support


def kinds(text: str) -> list[str]:
    return [u.unit.value for u in parse_units(text)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Văn phòng HĐND & UBND a phường", ["van_phong"]),
        ("Văn phòng HĐND và UBND xã", ["van_phong"]),
        ("Van phong HDND & UBND xa", ["van_phong"]),
        ("Phòng Kinh tế, Hạ tầng và Đô thị", ["phong_kinh_te"]),
        ("Phong Kinh té x&", ["phong_kinh_te"]),
        ("Phong Van hoa — Xa hoi Xa", ["phong_vhxh"]),
        ("Phòng Văn hoá – Xã hội", ["phong_vhxh"]),
        ("Trung tâm Phục vụ hành chính công xã", ["tt_phvhcc"]),
        ("Trung tâm sự nghiệp công", ["tt_dvsnc"]),
        ("Các phòng, đơn vị thuộc phường", ["all_units"]),
        ("Các cơ quan chuyên môn, đơn vị thuộc xã", ["all_units"]),
        ("Các cơ quan, đơn vị liên quan", ["related_units"]),
        ("Các cơ quan chuyên môn, đơn vị có liên quan", ["related_units"]),
        ("Mặt trận Tổ quốc và các đoàn thể xã", ["mttq"]),
        ("cac doan thé chinh trj - x4 hoi", ["mttq"]),
        ("Sở Nội vụ", ["other"]),
        ("UBND thành phố", ["other"]),
        ("UBND xã", ["ubnd"]),
        ("Trung tâm Văn hóa, Thể thao và Truyền thông xã", ["other"]),
    ],
)
def test_a_unit_name_variant_maps_to_its_code(raw: str, expected: list[str]) -> None:
    assert kinds(raw) == expected


def test_a_cell_naming_several_units_gives_several_references() -> None:
    refs = parse_units("Phòng Kinh tế, Hạ tầng và Đô thị; Trung tâm Phục vụ hành chính công, VNPT Hải Phòng")
    assert [u.unit.value for u in refs] == ["phong_kinh_te", "tt_phvhcc", "other"]
    assert refs[0].raw == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert refs[2].raw == "VNPT Hải Phòng"
    assert not any(u.inferred for u in refs)


def test_an_empty_or_dash_cell_names_no_unit() -> None:
    assert parse_units("") == []
    assert parse_units("  -  ") == []
    assert classify_unit("") is None


def test_markers_and_html_are_not_part_of_the_raw_words() -> None:
    refs = parse_units("- <b>Chủ trì: Phòng Văn hóa - Xã hội</b>")
    assert [(u.unit, u.raw) for u in refs] == [(UnitKind.PHONG_VHXH, "Phòng Văn hóa - Xã hội")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parsing_any_text_never_crashes(text: str) -> None:
    for ref in parse_units(text):
        assert isinstance(ref.unit, UnitKind)
        assert ref.raw


_NAMES = {
    "van_phong": "Văn phòng HĐND và UBND xã",
    "phong_vhxh": "Phòng Văn hóa - Xã hội",
    "phong_kinh_te": "Phòng Kinh tế",
    "tt_phvhcc": "Trung tâm Phục vụ hành chính công",
    "tt_dvsnc": "Trung tâm Dịch vụ sự nghiệp công",
    "all_units": "Các phòng, đơn vị thuộc xã",
    "related_units": "Các cơ quan, đơn vị liên quan",
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(_NAMES)), min_size=1, max_size=4, unique=True),
       st.sampled_from(["; ", "\n", ", "]))
def test_a_list_of_unit_names_round_trips(codes: list[str], sep: str) -> None:
    text = sep.join(_NAMES[c] for c in codes)
    assert kinds(text) == codes


def test_names_glued_by_a_lost_line_break_are_split() -> None:
    assert kinds("Phòng Văn hóa - Xã hội Ủy ban MTTQ Việt Nam phường") == ["phong_vhxh", "mttq"]
    assert kinds("Văn phòng HĐND và UBND phường Trung tâm Phục vụ hành chính công phường") == ["van_phong", "tt_phvhcc"]
    assert kinds("Văn phòng HĐND và UBND phường") == ["van_phong"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Phòng VH-XH", "phong_vhxh"), ("Trung tâm PVHCC xã", "tt_phvhcc"), ("TT PVHCC", "tt_phvhcc"),
     ("Phòng KT-HT&ĐT", "phong_kinh_te"), ("TT DVSNC", "tt_dvsnc"), ("VP HĐND-UBND", "van_phong")],
)
def test_short_forms_of_unit_names_keep_their_words_as_raw(raw: str, code: str) -> None:
    refs = parse_units(raw)
    assert [(u.unit.value, u.raw) for u in refs] == [(code, raw)]


@pytest.mark.parametrize(
    ("cell", "lead", "support"),
    [
        ("Phòng Văn hóa - Xã hội; phối hợp: các phòng, đơn vị thuộc UBND phường",
         "Phòng Văn hóa - Xã hội", "các phòng, đơn vị thuộc UBND phường"),
        ("Công an phường, phối hợp: Tổ dân phố, Trung tâm Phục vụ hành chính công phường",
         "Công an phường", "Tổ dân phố, Trung tâm Phục vụ hành chính công phường"),
        ("Phòng Văn hóa - Xã hội (phối hợp: Văn phòng HĐND và UBND phường)",
         "Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND phường"),
        ("Phòng Kinh tế chủ trì; Văn phòng HĐND và UBND xã phối hợp", "Phòng Kinh tế", "Văn phòng HĐND và UBND xã"),
        ("Văn phòng HĐND và UBND phường", "Văn phòng HĐND và UBND phường", ""),
        ("Chủ trì: Công an phường Phối hợp: Văn phòng HĐND và UBND phường",
         "Chủ trì: Công an phường", "Văn phòng HĐND và UBND phường"),
        ("Van phòng HĐND va UBND phường; phoi hợp: các phong, don vi thuoc UBND phuờng",
         "Van phòng HĐND va UBND phường", "các phong, don vi thuoc UBND phuờng"),
    ],
)
def test_a_single_unit_column_is_split_into_lead_and_partners(cell: str, lead: str, support: str) -> None:
    assert split_lead_support(cell) == (lead, support)
