"""Bulk export and import of tasks and indicators, with a preview and row-level errors."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.services import bulk, plans
from cchc.store.audit import AuditRepository


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _to_csv(rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _new_task_row() -> list[object]:
    """A CSV row for a new task (no code): position 6, a deadline task of the commune office."""
    row: list[object] = [""] * 19
    row[1], row[2], row[4] = "6", "procedures", "Nhiệm vụ mới"
    row[8], row[10], row[14] = "Văn phòng HĐND và UBND", "deadline", "15/10/2026"
    return row


def test_export_tasks_to_xlsx_has_vietnamese_headers_and_every_task(session, world):
    data = bulk.export_tasks(session, world.actor("office"), plan_id=world.plan_id, fmt="xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("Mã", "Số thứ tự", "Lĩnh vực", "Mục tiêu", "Nhiệm vụ")
    assert len(rows) == 6
    assert rows[1][8] == "Phòng Kinh tế, Hạ tầng và Đô thị"  # a ward's economic division
    assert rows[1][14] == "30/04/2026"


def test_exported_csv_imported_back_unchanged_changes_nothing(session, world):
    office = world.actor("office")
    data = bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv")
    preview = bulk.preview_import(
        session, office, plan_id=world.plan_id, what="tasks", content=data, filename="nv.csv"
    )
    assert preview.errors == []
    assert {c.action for c in preview.changes} == {"unchanged"}


def test_preview_shows_changes_and_row_errors_and_changes_nothing(session, world):
    office = world.actor("office")
    rows = _csv_rows(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv"))
    rows[1][4] = "Rà soát thủ tục hành chính (sửa)"
    rows[2][14] = "31/02/2026"
    rows[3][8] = "Phòng Không Tồn Tại"
    rows.append(_new_task_row())
    events = AuditRepository(session).count()
    preview = bulk.preview_import(
        session, office, plan_id=world.plan_id, what="tasks", content=_to_csv(rows), filename="nv.csv"
    )
    errors = {(e.row, e.column): e.message for e in preview.errors}
    assert (
        errors[(3, "due_on")]
        == 'Ngày không hợp lệ: 31/02/2026 ở trường "Hạn hoàn thành" (định dạng dd/mm/yyyy).'
    )
    assert "Phòng Không Tồn Tại" in errors[(4, "lead_units")]
    actions = {c.row: c.action for c in preview.changes}
    assert actions[2] == "update" and actions[7] == "add"
    assert preview.changes[0].fields["task"][1] == "Rà soát thủ tục hành chính (sửa)"
    assert AuditRepository(session).count() == events
    assert plans.get_plan(session, office, plan_id=world.plan_id).tasks[0].task.endswith("hành chính")


def test_apply_with_any_error_applies_nothing(session, world):
    office = world.actor("office")
    rows = _csv_rows(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv"))
    rows[1][4] = "Sửa được"
    rows[2][2] = "lĩnh vực lạ"
    with pytest.raises(InvalidInput, match="dòng 3 \\(area\\)"):
        bulk.apply_import(
            session, office, plan_id=world.plan_id, what="tasks", content=_to_csv(rows), filename="nv.csv"
        )
    assert plans.get_plan(session, office, plan_id=world.plan_id).tasks[0].task != "Sửa được"


def test_apply_updates_and_adds_through_the_services_with_audit(session, world):
    office = world.actor("office")
    rows = _csv_rows(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv"))
    rows[1][4] = "Sửa qua Excel"
    rows.append(_new_task_row())
    preview = bulk.apply_import(
        session, office, plan_id=world.plan_id, what="tasks", content=_to_csv(rows), filename="nv.csv"
    )
    assert preview.applied
    plan = plans.get_plan(session, office, plan_id=world.plan_id)
    assert plan.tasks[0].task == "Sửa qua Excel"
    assert plan.tasks[-1].task == "Nhiệm vụ mới" and plan.tasks[-1].lead[0].name == "Văn phòng HĐND và UBND"
    assert [e.action for e in AuditRepository(session).history("task", world.tasks["1"])][-1] == "update"


def test_a_row_from_a_stale_export_is_refused(session, world):
    office = world.actor("office")
    rows = _csv_rows(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv"))
    task = plans.get_plan(session, office, plan_id=world.plan_id).tasks[0]
    plans.update_task(session, office, task_id=task.id, version=task.version, changes={"output": "Khác"})
    rows[1][4] = "Ghi đè"
    preview = bulk.preview_import(
        session, office, plan_id=world.plan_id, what="tasks", content=_to_csv(rows), filename="nv.csv"
    )
    assert [(e.row, e.column) for e in preview.errors] == [(2, "version")]


def test_indicators_round_trip_through_xlsx_with_a_changed_target(session, world):
    office = world.actor("office")
    data = bulk.export_indicators(session, office, plan_id=world.plan_id, fmt="xlsx")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    ws.cell(row=2, column=6).value = 85
    out = io.BytesIO()
    wb.save(out)
    preview = bulk.apply_import(
        session, office, plan_id=world.plan_id, what="indicators", content=out.getvalue(), filename="ct.xlsx"
    )
    assert [(c.action, c.fields) for c in preview.changes if c.action != "unchanged"] == [
        ("update", {"target": (80, 85)})
    ]
    assert plans.get_plan(session, office, plan_id=world.plan_id).indicators[0].target == 85


def test_a_file_without_the_main_column_is_refused_with_its_name(session, world):
    wb = Workbook()
    wb.active.append(["Mã", "Lĩnh vực"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(InvalidInput, match='Thiếu cột "Nhiệm vụ"'):
        bulk.preview_import(
            session,
            world.actor("office"),
            plan_id=world.plan_id,
            what="tasks",
            content=out.getvalue(),
            filename="x.xlsx",
        )


def test_unit_officers_cannot_bulk_import(session, world):
    data = bulk.export_tasks(session, world.actor("lead_officer"), plan_id=world.plan_id, fmt="csv")
    with pytest.raises(PermissionDenied):
        bulk.preview_import(
            session,
            world.actor("lead_officer"),
            plan_id=world.plan_id,
            what="tasks",
            content=data,
            filename="nv.csv",
        )


def test_task_text_that_looks_like_a_formula_is_exported_as_text_in_xlsx_and_csv(session, world):
    office = world.actor("office")
    task_id = plans.get_plan(session, office, plan_id=world.plan_id).tasks[0].id
    task = next(t for t in plans.get_plan(session, office, plan_id=world.plan_id).tasks if t.id == task_id)
    plans.update_task(session, office, task_id=task_id, version=task.version,
                      changes={"task": '=HYPERLINK("http://x.example","bấm")'})
    ws = load_workbook(io.BytesIO(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="xlsx"))).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    rows = _csv_rows(bulk.export_tasks(session, office, plan_id=world.plan_id, fmt="csv"))
    assert any(v == "'" + '=HYPERLINK("http://x.example","bấm")' for row in rows for v in row)
