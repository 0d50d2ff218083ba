"""The monthly notice's rules: demands naming the units the figures blame, the recipients, the score clause."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.notice_rules import (
    ONE_STOP_CENTRE,
    LateUnit,
    OverdueUnit,
    named_units,
    notice_demands,
    notice_recipients,
    score_sentence,
)

DEADLINE = date(2026, 6, 15)
UNITS = st.sampled_from(["Phòng Kinh tế", "Phòng Văn hóa - Xã hội", ONE_STOP_CENTRE, "Văn phòng HĐND và UBND",
                         "Công an xã", "Phòng Tư pháp - Hộ tịch", "Ban Chỉ huy Quân sự", "Trạm Y tế"])
LATE = st.lists(st.builds(LateUnit, UNITS, st.integers(0, 30), st.integers(0, 30)), max_size=10,
                unique_by=lambda r: r.unit)
OVERDUE = st.lists(st.builds(OverdueUnit, UNITS, st.lists(st.sampled_from(["I.1", "II.2.a", "VI.3"]), min_size=1,
                                                            max_size=3, unique=True).map(tuple)),
                   max_size=5, unique_by=lambda o: o.unit)


def test_a_unit_with_late_and_pending_overdue_dossiers_is_named_with_both_counts_and_a_deadline() -> None:
    demands = notice_demands([LateUnit("Phòng Kinh tế", 7, 4), LateUnit("Trạm Y tế", 0, 0)], [], deadline=DEADLINE)
    assert demands == [
        "Phòng Kinh tế: trong tháng có 07 hồ sơ giải quyết quá hạn và 04 hồ sơ đang giải quyết đã quá hạn; "
        "giải quyết dứt điểm các hồ sơ đang quá hạn, gửi văn bản xin lỗi người dân, doanh nghiệp theo mẫu 04 "
        "Thông tư số 03/2025/TT-VPCP đối với từng hồ sơ trễ hạn và báo cáo nguyên nhân trước ngày 15/06/2026."]


def test_units_leading_overdue_tasks_are_named_with_the_task_references() -> None:
    demands = notice_demands([], [OverdueUnit("Phòng Văn hóa - Xã hội", ("I.1", "II.4.b"))], deadline=DEADLINE)
    assert demands == ["Phòng Văn hóa - Xã hội: hoàn thành 02 nhiệm vụ cải cách hành chính đã quá hạn (nhiệm vụ "
                       "I.1, II.4.b) và báo cáo kết quả về Ủy ban nhân dân trước ngày 15/06/2026."]


def test_with_nobody_to_blame_one_general_demand_remains_and_the_units_get_the_notice_together() -> None:
    assert len(notice_demands([], [], deadline=DEADLINE)) == 1
    recipients = notice_recipients(province="tỉnh Vĩnh Long", locality_name="xã Hòa Bình", units=[])
    assert "Các phòng, đơn vị thuộc UBND;" in recipients
    assert recipients[0] == "Văn phòng UBND tỉnh Vĩnh Long (để b/c);" and recipients[-1] == "Lưu: VT, TTPVHCC."


@given(LATE, OVERDUE)
def test_every_unit_a_demand_names_receives_the_notice_once_and_the_archive_comes_last(late, overdue) -> None:
    demands = notice_demands(late, overdue, deadline=DEADLINE)
    units = named_units(late, overdue)
    recipients = notice_recipients(province="tỉnh Vĩnh Long", locality_name="xã Hòa Bình", units=units)
    for unit in units:
        assert sum(r == f"{unit} (để thực hiện);" for r in recipients) == 1
        assert any(d.startswith(unit) or unit in d for d in demands)
    assert recipients[-1].startswith("Lưu: VT")
    assert sum(r.startswith(ONE_STOP_CENTRE) for r in recipients) == 1
    blamed = {r.unit for r in late if r.resolved_late + r.pending_overdue > 0} | {o.unit for o in overdue}
    assert set(units) == blamed


@given(LATE)
def test_the_units_with_the_most_late_dossiers_come_first(late) -> None:
    demands = [d for d in notice_demands(late, [], deadline=DEADLINE) if "hồ sơ" in d and ":" in d[:40]]
    order = [d.split(":")[0] for d in demands]
    counts = {r.unit: r.resolved_late + r.pending_overdue for r in late}
    assert [counts[u] for u in order] == sorted((counts[u] for u in order), reverse=True)


def test_a_provisional_score_names_what_is_missing_and_carries_no_rating() -> None:
    text = score_sentence(46.66, provisional=True, missing=["Công bố, công khai TTHC đúng hạn", "Mức độ hài lòng"])
    assert text == ("Chỉ số phục vụ người dân, doanh nghiệp đạt 46,66/100 điểm (điểm tạm tính, chưa dùng để xếp "
                    "loại: chưa có số liệu của 02 chỉ số: Công bố, công khai TTHC đúng hạn; Mức độ hài lòng)")


@given(st.floats(0, 100, allow_nan=False), st.booleans(),
       st.lists(st.sampled_from(["A", "B", "C"]), max_size=3, unique=True))
def test_no_score_clause_ever_carries_a_rating_label(total, provisional, missing) -> None:
    text = score_sentence(total, provisional=provisional, missing=missing)
    for label in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"):
        assert label not in text
    assert ("tạm tính" in text) == (provisional or bool(missing))
    for m in missing:
        assert m in text
