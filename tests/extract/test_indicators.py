"""Indicators from body text, indicator tables and task tables."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.areas import Area
from cchc.domain.plan import Indicator, Responsibility, Span, UnitRef
from cchc.domain.units import UnitKind
from cchc.extract.header import parse_plan_info
from cchc.extract.indicators import find_indicators, targets_in_text

Y2026 = Span(date(2026, 1, 1), date(2026, 12, 31))
Y2026_30 = Span(date(2026, 1, 1), date(2030, 12, 31))

RESP = [
    Responsibility(UnitRef(UnitKind.PHONG_VHXH, "Phòng Văn hóa - Xã hội"), [Area.DIRECTION, Area.CIVIL_SERVICE]),
    Responsibility(UnitRef(UnitKind.VAN_PHONG, "Văn phòng HĐND và UBND xã"), [Area.INSTITUTIONS]),
    Responsibility(UnitRef(UnitKind.TT_PHVHCC, "Trung tâm Phục vụ hành chính công"), [Area.PROCEDURES]),
    Responsibility(UnitRef(UnitKind.PHONG_KINH_TE, "Phòng Kinh tế"), [Area.PUBLIC_FINANCE]),
]


def find(text: str, period: Span | None = Y2026, resp: list[Responsibility] | None = None) -> list[Indicator]:
    return find_indicators(text, plan_period=period, responsibilities=RESP if resp is None else resp)


def by_target(inds: list[Indicator]) -> dict[float, Indicator]:
    return {i.target: i for i in inds}


class TestBodyTargets:
    def test_numbered_targets_in_a_targets_section_become_indicators(self) -> None:
        text = (
            "II. MỘT SỐ CHỈ TIÊU CHỦ YẾU\n"
            "(1). Hoàn thành 100% nhiệm vụ cải cách hành chính năm 2026 của xã.\n"
            "(2). Thực hiện kiểm tra tối thiểu 30% các phòng, đơn vị thuộc Ủy ban nhân dân xã.\n"
            "(3). Mức độ hài lòng của người dân về giải quyết thủ tục hành chính đạt 90% trở lên.\n"
            "III. NHIỆM VỤ, GIẢI PHÁP\n"
        )
        inds = find(text)
        assert [(i.ref, i.comparator.value, i.target) for i in inds] == [
            ("(1)", "=", 100.0),
            ("(2)", ">=", 30.0),
            ("(3)", ">=", 90.0),
        ]
        assert inds[1].name == "Thực hiện kiểm tra các phòng, đơn vị thuộc Ủy ban nhân dân xã"
        assert inds[2].name == "Mức độ hài lòng của người dân về giải quyết thủ tục hành chính"
        assert all(i.unit == "%" and i.period == Y2026 for i in inds)
        assert [i.metric.value if i.metric else None for i in inds] == [
            "task_completion_rate", "inspection_coverage", "satisfaction_rate",
        ]

    def test_responsible_units_are_inferred_from_the_area_of_the_target(self) -> None:
        text = (
            "II. CHỈ TIÊU\n"
            "1. Hoàn thành 100% chỉ tiêu thu ngân sách năm 2026.\n"
            "2. Mức độ hài lòng của người dân về giải quyết TTHC đạt 95%.\n"
            "3. 100% cán bộ, công chức xã chấp hành tốt kỷ luật, kỷ cương hành chính.\n"
            "4. Hoàn thành 100% nhiệm vụ được UBND thành phố giao đảm bảo tiến độ.\n"
        )
        got = {i.ref: [(u.unit.value, u.inferred) for u in i.responsible] for i in find(text)}
        assert got == {
            "1": [("phong_kinh_te", True)],
            "2": [("tt_phvhcc", True)],
            "3": [("phong_vhxh", True)],
            "4": [("van_phong", True)],
        }

    def test_one_sentence_with_two_targets_gives_two_indicators(self) -> None:
        text = (
            "I. CHỈ TIÊU\n"
            "6. 100% hồ sơ thủ tục hành chính được theo dõi trạng thái xử lý trên Cổng Dịch vụ công quốc gia. "
            "Hạn chế tối đa hồ sơ quá hạn; 100% kết quả giải quyết TTHC được số hóa theo quy định.\n"
        )
        inds = find(text)
        assert [i.name for i in inds] == [
            "hồ sơ thủ tục hành chính được theo dõi trạng thái xử lý trên Cổng Dịch vụ công quốc gia",
            "kết quả giải quyết TTHC được số hóa theo quy định",
        ]
        assert [i.ref for i in inds] == ["6", "6"]
        assert [i.metric.value if i.metric else None for i in inds] == ["portal_sync_rate", "digitization_rate"]

    def test_a_period_sub_heading_applies_to_the_targets_under_it(self) -> None:
        text = (
            "I. MỤC TIÊU, CHỈ TIÊU\n2. Một số chỉ tiêu cụ thể\n- Giai đoạn 2026 - 2027:\n"
            "+ Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt 100%.\n"
            "- Giai đoạn 2028 - 2030:\n"
            "+ Mức độ hài lòng trong giải quyết thủ tục hành chính đạt tối thiểu 95%, trong đó, mức độ hài lòng "
            "về giải quyết thủ tục lĩnh vực đất đai đạt tối thiểu 90%.\n"
        )
        inds = find(text, Y2026_30)
        assert [(i.target, i.period.start.year, i.period.end.year) for i in inds if i.period] == [
            (100.0, 2026, 2027),
            (95.0, 2028, 2030),
            (90.0, 2028, 2030),
        ]
        assert inds[2].name.startswith("mức độ hài lòng về giải quyết")

    def test_a_year_named_in_the_target_sets_its_period(self) -> None:
        text = "II. CHỈ TIÊU\n1. Hoàn thành 100% chỉ tiêu thu ngân sách năm 2025 được thành phố giao.\n"
        half = Span(date(2025, 7, 1), date(2025, 12, 31))
        (ind,) = find(text, half)
        assert ind.period == Span(date(2025, 1, 1), date(2025, 12, 31))

    def test_a_reduction_keeps_its_verb_and_takes_the_minimum(self) -> None:
        text = (
            "II. CHỈ TIÊU\n(2) Thời gian giải quyết trong trường hợp nộp trực tuyến giảm tối thiểu 30% "
            "so với hình thức nộp trực tiếp.\n"
        )
        (ind,) = find(text)
        assert (ind.comparator.value, ind.target) == (">=", 30.0)
        assert ind.name == "Thời gian giải quyết trong trường hợp nộp trực tuyến giảm so với hình thức nộp trực tiếp"
        assert ind.metric is not None and ind.metric.value == "online_time_reduction"

    def test_objectives_without_a_number_and_legal_references_are_not_indicators(self) -> None:
        text = (
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Quyết định số 1478/QĐ-UBND;\n"
            "I. MỤC TIÊU, CHỈ TIÊU\n"
            "- Hoàn thành việc sắp xếp các đơn vị sự nghiệp theo hướng dẫn của thành phố.\n"
            "- Phấn đấu vượt chỉ tiêu thu ngân sách năm 2026 được giao.\n"
        )
        assert find(text) == []

    def test_an_activity_applied_to_a_share_is_not_a_target_outside_a_targets_section(self) -> None:
        text = (
            "II. NHIỆM VỤ, GIẢI PHÁP\n1. Cải cách thủ tục hành chính\n"
            "- Tiếp tục rà soát, đánh giá 100% thủ tục hành chính theo lĩnh vực phụ trách.\n"
            "- Cắt giảm 50% thời gian giải quyết thủ tục hành chính so với năm 2025; "
            "100% chế độ báo cáo của doanh nghiệp được thực hiện điện tử.\n"
        )
        inds = find(text, Y2026_30)
        assert [(i.target, i.ref) for i in inds] == [(50.0, None), (100.0, None)]
        assert all(i.period == Y2026_30 for i in inds)  # "so với năm 2025" is a baseline
        assert all([u.unit for u in i.responsible] == [UnitKind.TT_PHVHCC] for i in inds)

    def test_a_count_target_keeps_its_measure_word_and_gets_no_rate_metric(self) -> None:
        text = "II. CHỈ TIÊU\n- Tổ chức tối thiểu 02 cuộc kiểm tra công tác cải cách hành chính tại các đơn vị.\n"
        (ind,) = find(text)
        assert (ind.comparator.value, ind.target, ind.unit, ind.metric) == (">=", 2.0, "cuộc", None)

    def test_figures_of_last_years_review_and_of_the_organisation_section_are_not_targets(self) -> None:
        text = (
            "I. KẾT QUẢ THỰC HIỆN NĂM 2025\nNăm 2025, tỷ lệ hồ sơ đúng hạn đạt 98,5%; 100% TTHC được công khai.\n"
            "II. MỤC TIÊU, CHỈ TIÊU\n- Tỷ lệ hồ sơ giải quyết trực tuyến đạt trên 60%.\n"
            "IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội: tổng hợp, báo cáo đạt 100% đúng hạn.\n"
        )
        assert [(i.comparator.value, i.target) for i in find(text)] == [(">", 60.0)]

    def test_labelled_and_completion_targets_count_in_the_tasks_section(self) -> None:
        text = (
            "III. NHIỆM VỤ\n1. Cải cách thủ tục hành chính\n- Chỉ tiêu: 100% hồ sơ được số hóa.\n"
            "- Hoàn thành 100% nhiệm vụ cải cách hành chính năm 2026.\n- Rà soát 100% vị trí việc làm.\n"
        )
        assert [i.name for i in find(text)] == [
            "hồ sơ được số hóa",
            "Hoàn thành nhiệm vụ cải cách hành chính năm 2026",
        ]

    def test_hard_line_breaks_and_lost_diacritics_are_read(self) -> None:
        text = (
            "II. MOT SO CHI TIEU CHU YEU\n\n"
            "1. Hoan thanh 100% nhiém vu dugc UBND thanh phé giao dam bao tién\n"
            "do, chat luong.\n\n"
            "2. Muc do hai long cta ngudi dan va doanh nghiép vé giai quyét TTHC dat\n"
            "90% tro 1én.\n"
        )
        inds = find(text)
        assert [(i.comparator.value, i.target) for i in inds] == [("=", 100.0), (">=", 90.0)]
        assert inds[0].name.endswith("tién do, chat luong")
        assert [u.unit for u in inds[0].responsible] == [UnitKind.VAN_PHONG]


INDICATOR_TABLE = (
    "Phụ lục I\nDANH MỤC CHỈ TIÊU\n\n"
    "Stt\tChỉ tiêu\tĐơn vị tính\tKết quả\tCơ quan chịu trách nhiệm theo dõi, đánh giá\n"
    "I\tGiai đoạn 2026 - 2027\t\t\t\n"
    "1\tTỷ lệ hồ sơ tiếp nhận và giải quyết trực tuyến\t%\t80\tTrung tâm Phục vụ hành chính công xã\n"
    "2\tTỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử\t%\t100\tTrung tâm Phục vụ hành chính công xã\n"
    "II\tGiai đoạn 2028 - 2030\t\t\t\n"
    "1\tTỷ lệ hồ sơ tiếp nhận và giải quyết trực tuyến\t%\t≥ 90\tTrung tâm Phục vụ hành chính công xã\n"
    "2\tRà soát, cắt giảm, đơn giản hóa TTHC được quy định tại quy chuẩn kỹ thuật, tiêu\t%\t100\tVăn phòng HĐND và UBND xã\n"
    "\tchuẩn bắt buộc áp dụng\t\t\t\n"
)


class TestIndicatorTables:
    def test_each_row_and_period_section_gives_one_indicator(self) -> None:
        inds = find(INDICATOR_TABLE, Y2026_30)
        assert [(i.ref, i.comparator.value, i.target, i.period.start.year) for i in inds if i.period] == [
            ("I.1", "=", 80.0, 2026),
            ("I.2", "=", 100.0, 2026),
            ("II.1", ">=", 90.0, 2028),
            ("II.2", "=", 100.0, 2028),
        ]
        assert inds[3].name.endswith("tiêu chuẩn bắt buộc áp dụng")
        assert [(u.unit, u.inferred) for u in inds[3].responsible] == [(UnitKind.VAN_PHONG, False)]

    def test_period_columns_give_one_indicator_per_period(self) -> None:
        text = (
            "TT\tChỉ tiêu\tĐVT\tGiai đoạn 2026-2027\tGiai đoạn 2028-2030\n"
            "1\tTỷ lệ thanh toán trực tuyến\t%\t50\t≥ 80\n"
        )
        inds = find(text, Y2026_30)
        assert [(i.target, i.comparator.value, i.period) for i in inds] == [
            (50.0, "=", Span(date(2026, 1, 1), date(2027, 12, 31))),
            (80.0, ">=", Span(date(2028, 1, 1), date(2030, 12, 31))),
        ]
        assert all(i.metric is not None and i.metric.value == "online_payment_rate" for i in inds)

    def test_baseline_and_coordination_columns_are_not_read_as_targets(self) -> None:
        text = (
            "STT\tNội dung chỉ tiêu\tĐVT\tKết quả thực hiện năm 2025\tChỉ tiêu năm 2026\tCơ quan chủ trì\tCơ quan phối hợp\n"
            "1\tTỷ lệ hồ sơ giải quyết đúng hạn\t%\t97\t≥ 98\tTrung tâm PVHCC\tCác phòng, đơn vị thuộc xã\n"
        )
        (ind,) = find(text, Y2026)
        assert (ind.target, ind.comparator.value, ind.period) == (98.0, ">=", Y2026)
        assert [(u.unit, u.inferred) for u in ind.responsible] == [(UnitKind.TT_PHVHCC, False)]

    def test_a_target_in_the_body_and_in_the_table_is_one_indicator_with_the_table_wording(self) -> None:
        body = (
            "I. MỤC TIÊU, CHỈ TIÊU\n- Giai đoạn 2026 - 2027:\n"
            "+ Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt 100%.\n"
            "+ 95% người dân đánh giá hài lòng khi sử dụng dịch vụ công trực tuyến.\n"
        )
        note = "(Các cơ quan, đơn vị đầu mối chịu trách nhiệm theo dõi, đánh giá các chỉ tiêu tại Phụ lục I)\n"
        inds = find(body + note + "II. NHIỆM VỤ\n" + INDICATOR_TABLE, Y2026_30)
        refs = [i.ref for i in inds]
        assert refs.count("I.2") == 1 and len(inds) == 5
        assert refs[:4] == ["I.1", "I.2", "II.1", "II.2"]  # table rows first
        extra = next(i for i in inds if i.target == 95.0)
        # the body says the monitoring units are those of the appendix, which does not list this one
        assert extra.responsible == []
        without_note = find(body + "II. NHIỆM VỤ\n" + INDICATOR_TABLE, Y2026_30)
        extra = next(i for i in without_note if i.target == 95.0)
        assert [u.unit for u in extra.responsible] == [UnitKind.TT_PHVHCC]


TASK_TABLE = (
    "STT\t1-Mục tiêu\t2-Nhiệm vụ\t3-Hoạt động\t4-Kết quả/ Sản phẩm\t5-Chủ trì\t6-Phối hợp\t7-Thời gian\n"
    "II\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH\t\t\t\t\t\t\n"
    "1\tTỷ lệ giải quyết hồ sơ đúng hạn đạt tối thiểu 98%\tNâng cao năng lực giải quyết hồ sơ\t"
    "Cập nhật, công khai 100% TTHC trên Cổng dịch vụ công\tKế hoạch\tTrung tâm Phục vụ hành chính công\t"
    "Các phòng, đơn vị thuộc phường\tThường xuyên\n"
    "\t\t\tTiếp nhận, giải quyết phản ánh, kiến nghị\t100% phản ánh kiến nghị được xử lý đúng hạn\t"
    "Văn phòng HĐND & UBND phường\tPhòng Văn hóa - Xã hội\tThường xuyên\n"
)


class TestTaskTables:
    def test_targets_in_the_objective_and_output_columns_become_indicators(self) -> None:
        inds = find(TASK_TABLE, Y2026, resp=[])
        got = [(i.ref, i.target, i.comparator.value, [u.unit.value for u in i.responsible]) for i in inds]
        assert got == [
            ("II.1", 98.0, ">=", ["tt_phvhcc"]),
            ("II.1", 100.0, "=", ["van_phong"]),
        ]
        assert all(u.inferred for i in inds for u in i.responsible)


def test_names_of_a_paragraph_split_at_each_target() -> None:
    found = targets_in_text("100% cán bộ có trình độ cao đẳng trở lên, 100% công chức có trình độ đại học trở lên")
    assert [(f.name, f.target.comparator.value) for f in found] == [
        ("cán bộ có trình độ cao đẳng trở lên", "="),
        ("công chức có trình độ đại học trở lên", "="),
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1%9.,;:\n\t-()IVXđạtối thiểu")), max_size=300))
def test_any_text_gives_well_formed_indicators(text: str) -> None:
    for ind in find(text):
        assert ind.name and ind.unit == "%"
        json.dumps(ind.to_json())


def _score(shared_dir: Path, out: Path) -> dict:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        gold = json.loads((shared_dir / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
        info = parse_plan_info(text)
        resp = [Responsibility.from_json(r) for r in gold["responsibilities"]]
        inds = find_indicators(text, plan_period=info.period, responsibilities=resp)
        doc = {"plan": info.to_json(), "indicators": [i.to_json() for i in inds], "tasks": [], "responsibilities": []}
        (out / f"{seed.stem}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    tool = shared_dir / "tools" / "score_extraction.py"
    res = subprocess.run(
        [sys.executable, str(tool), "--gold-dir", str(shared_dir / "gold"), "--pred-dir", str(out), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(res.stdout)


@pytest.mark.slow
def test_every_seed_scores_near_perfect_on_indicators_and_plan(shared_dir: Path, tmp_path: Path) -> None:
    report = _score(shared_dir, tmp_path)
    for name, doc in report["documents"].items():
        ind = doc["indicators"]
        assert ind["f1"] >= 0.95, name
        assert min(ind["fields"].values()) >= 0.9, (name, ind["fields"])
        assert all(v == 1.0 for v in doc["plan"].values()), (name, doc["plan"])


def test_a_by_year_column_runs_from_the_plans_start_to_that_year() -> None:
    text = ("I. MỤC TIÊU\n2. Mục tiêu cụ thể\n\nTT\tChỉ tiêu\tĐến năm 2027\tĐến năm 2030\tĐơn vị theo dõi\n"
            "1\tTỷ lệ hồ sơ được giải quyết đúng hạn\t98%\t100%\tTrung tâm Phục vụ hành chính công xã\n")
    found = find_indicators(text, plan_period=Y2026_30, responsibilities=[])
    assert [(i.target, i.period) for i in found] == [
        (98, Span(date(2026, 1, 1), date(2027, 12, 31))), (100, Y2026_30)]


def test_a_rate_followed_by_its_base_is_named_by_its_subject() -> None:
    found = targets_in_text("Thanh toán trực tuyến phí, lệ phí đạt trên 50% số hồ sơ có phát sinh phí, lệ phí.")
    assert [(f.name, f.target.value) for f in found] == [("Thanh toán trực tuyến phí, lệ phí", 50.0)]


def test_the_organisation_section_names_who_follows_which_numbered_target() -> None:
    text = ("I. CHỈ TIÊU\n1. Tỷ lệ thanh toán trực tuyến phí, lệ phí đạt trên 50%.\n"
            "2. Hoàn thành 100% nhiệm vụ tại Kế hoạch này đúng thời hạn.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội: chủ trì cải cách chế độ công vụ; theo dõi chỉ tiêu 2.\n"
            "2. Trung tâm Phục vụ hành chính công xã: chủ trì cải cách thủ tục hành chính; theo dõi chỉ tiêu 1.\n")
    found = find_indicators(text, plan_period=Y2026, responsibilities=[])
    assert [(i.target, [u.unit for u in i.responsible]) for i in found] == [
        (50, [UnitKind.TT_PHVHCC]), (100, [UnitKind.PHONG_VHXH])]


def test_a_second_figure_for_a_later_year_keeps_the_measure_and_ranks_are_count_targets() -> None:
    found = targets_in_text("Mức độ hài lòng đạt tối thiểu 90% năm 2026 và 95% năm 2027.")
    assert [(f.name, f.target.value) for f in found] == [("Mức độ hài lòng", 90.0), ("Mức độ hài lòng", 95.0)]
    found = targets_in_text("Chỉ số cải cách hành chính của xã tăng ít nhất 02 bậc so với năm 2025.")
    assert [(f.target.value, f.target.unit) for f in found] == [(2.0, "bậc")]
    found = targets_in_text("Có trên 70% người dân trưởng thành sử dụng dịch vụ công trực tuyến.")
    assert found[0].name == "người dân trưởng thành sử dụng dịch vụ công trực tuyến"
