"""The monthly notice from the data: the units with late dossiers and overdue tasks named in its demands
and among its recipients, the provisional score with what is missing, no rating label."""

from __future__ import annotations

from cchc import reporting as svc
from cchc.domain.periods import Period
from cchc.dossiers import DossierStore, statistics_table
from cchc.reports.notice import build_notice_docx

from .conftest import CODE, World, session_for


def _notice(world: World):  # type: ignore[no-untyped-def]
    with session_for(world) as s:
        return svc.build_notice_data(s, world.office, locality_code=CODE, month="2026-05", data_dir=world.data_dir)


def test_each_unit_with_late_dossiers_in_the_month_is_named_with_its_counts(world: World) -> None:
    with DossierStore(world.data_dir / "dossiers") as store:
        rows = statistics_table(store, localities=[CODE], period=Period.parse("2026-05"), by="unit")
    late = {r.group: (r.late, r.overdue) for r in rows
            if r.group and r.late + r.overdue}
    assert late, "the synthetic dossiers have late ones"
    n = _notice(world)
    for unit, (resolved_late, pending_overdue) in late.items():
        demand = next(d for d in n.requests if d.startswith(f"{unit}: trong tháng có"))
        if resolved_late:
            assert f"{resolved_late:02d} hồ sơ giải quyết quá hạn" in demand or f"{resolved_late} hồ sơ" in demand
        if pending_overdue:
            assert "đang giải quyết đã quá hạn" in demand
        assert f"{unit} (để thực hiện);" in n.recipients


def test_units_leading_tasks_overdue_at_the_end_of_the_month_are_named_with_the_tasks(world: World) -> None:
    n = _notice(world)
    task_demands = [d for d in n.requests if "nhiệm vụ cải cách hành chính đã quá hạn" in d]
    assert task_demands
    for d in task_demands:
        unit = d.split(":")[0]
        assert f"{unit} (để thực hiện);" in n.recipients
        assert "(nhiệm vụ " in d and "trước ngày 15/06/2026" in d


def test_the_notice_names_the_recipients_the_rules_name_with_the_archive_last(world: World) -> None:
    n = _notice(world)
    assert n.recipients[0] == "Văn phòng UBND tỉnh Vĩnh Long (để b/c);"
    assert "Sở Nội vụ (để b/c);" in n.recipients
    assert "Thường trực Đảng ủy, Thường trực HĐND xã Hòa Bình (để b/c);" in n.recipients
    assert "Cổng thông tin điện tử (để đăng tải);" in n.recipients
    assert n.recipients[-1] == "Lưu: VT, TTPVHCC."
    doc = build_notice_docx(n, with_charts=False)
    cell = next(c for t in doc.tables for c in t._cells if c.paragraphs[0].text == "Nơi nhận:")
    lines = [p.text for p in cell.paragraphs[1:] if p.text.strip()]
    assert lines == [f"- {r}" for r in n.recipients]


def test_a_score_from_incomplete_inputs_reads_provisional_names_what_is_missing_and_has_no_rating(world) -> None:
    n = _notice(world)
    assert n.index_766_provisional and n.index_766_missing
    doc = build_notice_docx(n, with_charts=False)
    text = "\n".join(p.text for p in doc.paragraphs)
    first = next(p.text for p in doc.paragraphs if p.text.startswith("Trong tháng,"))
    assert "điểm tạm tính, chưa dùng để xếp loại" in first
    assert f"chưa có số liệu của {len(n.index_766_missing):02d} chỉ số" in first
    assert all(m in first for m in n.index_766_missing)
    for label in ("xếp loại Yếu", "xếp loại Tốt", "xếp loại Khá", "Xuất sắc", "Trung bình"):
        assert label not in text
