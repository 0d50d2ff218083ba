"""parse_plan_text: the whole plan, table or narrative, and every output valid cchc.plan/1."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extract.assemble import parse_plan_text
from cchc.extract.pipeline import extract_file, plan_to_json

TABLE_PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2026
I. NHIỆM VỤ, GIẢI PHÁP
- Thực hiện theo Phụ lục.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội: Chủ trì công tác chỉ đạo, điều hành cải cách hành chính.

PHỤ LỤC
TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tDự kiến kết quả\tThời gian
I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\t\t\t\t
1\tBan hành Kế hoạch kiểm tra cải cách hành chính\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc xã\tKế hoạch\tQuý I/2026
"""


def test_a_plan_with_a_task_table_takes_its_tasks_from_the_table_only() -> None:
    plan = parse_plan_text(TABLE_PLAN, source_name="kh.txt")
    assert [(t.origin, t.ref, t.area.value) for t in plan.tasks] == [("table", "I.1", "direction")]
    assert plan.source_file == "kh.txt"
    assert [(r.unit.unit.value, [a.value for a in r.areas]) for r in plan.responsibilities] == [
        ("phong_vhxh", ["direction"])]
    plan_to_json(plan)  # validates


def test_a_tthc_reform_plan_puts_its_unlabelled_tasks_under_procedures() -> None:
    text = """KẾ HOẠCH
Thực hiện công tác cải cách thủ tục hành chính năm 2026 trên địa bàn xã
I. NHIỆM VỤ
1. Nhiệm vụ
- Tiếp tục rà soát, công khai đầy đủ quy trình nội bộ của các cơ quan, đơn vị.
"""
    plan = parse_plan_text(text)
    assert [t.area.value for t in plan.tasks] == ["procedures"]


@pytest.mark.parametrize("text", ["", "\f", "KẾ HOẠCH", "\t\t\n\t", "I.\nII.\n- \n(1)\na)"])
def test_any_text_gives_a_valid_plan(text: str) -> None:
    plan_to_json(parse_plan_text(text))


def test_every_seed_parses_to_valid_json_quickly_enough_to_matter(shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        plan = extract_file(seed)
        data = plan_to_json(plan)
        assert data["tasks"], seed.name
        assert data["source"]["file"] == seed.name


def test_the_sample_word_file_with_real_tables_matches_its_expected_tasks(samples_dir: Path) -> None:
    import json

    docx = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.docx"
    expected = samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.json"
    if not docx.exists() or not expected.exists():
        pytest.skip("sample plan not present")
    got = plan_to_json(extract_file(docx))
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert [(t["ref"], t["area"], [u["unit"] for u in t["lead"]], t["timeline"]["kind"]) for t in got["tasks"]] == [
        (t["ref"], t["area"], [u["unit"] for u in t["lead"]], t["timeline"]["kind"]) for t in want["tasks"]]


_PIECES = [
    "I. MỤC TIÊU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN", "1. Cải cách thể chế", "a) ", "- ",
    "+ Đơn vị chủ trì: Phòng Văn hóa - Xã hội", "(1) 100% hồ sơ", "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian",
    "I\tCẢI CÁCH THỂ CHẾ\t\t\t", "1\tRà soát\tVăn phòng HĐND và UBND xã\t\tQuý I/2026", "\t\t\tUBND xã\t", "\f",
    "Chủ trì, phối hợp thực hiện cải cách tài chính công.", "Thudng xuyén", "31/02/2026", "", "\t", "|.", "¢)",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=40)), max_size=30))
def test_any_mix_of_plan_like_lines_parses_to_valid_json(lines: list[str]) -> None:
    plan_to_json(parse_plan_text("\n".join(lines)))
