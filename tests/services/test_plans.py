"""Plans: import a document, review, re-extract with a diff, merge/split, publish; input validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.domain.errors import InvalidInput, NotFound
from cchc.domain.statuses import PlanStatus
from cchc.services import plans
from cchc.store.models import Plan

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _import_file(session, world, content, filename):
    """The standing office imports a file for its commune."""
    return plans.import_plan(
        session,
        world.actor("office"),
        content=content,
        filename=filename,
        locality_code=world.locality,
        data_dir=world.files,
    )


def _import(session, world, data, name="kh.json"):
    return _import_file(session, world, json.dumps(data).encode(), name)


def test_import_keeps_the_file_its_sha256_and_the_extraction(session, world, plan_json):
    plan = _import(session, world, plan_json())
    row = session.get(Plan, plan.id)
    assert plan.status is PlanStatus.DRAFT
    assert not Path(row.source_path).exists()  # staged while the import's transaction runs
    session.commit()
    assert Path(row.source_path).read_bytes() == json.dumps(plan_json()).encode()
    assert len(plan.source_sha256) == 64 and row.source_path.endswith(f"{plan.source_sha256}/kh.json")
    assert row.extraction["schema"] == "cchc.plan/1"
    assert (plan.number, str(plan.issued_on)) == ("12/KH-UBND", "2026-01-10")


def test_import_resolves_unit_references_to_the_communes_units(session, world, plan_json):
    plan = _import(session, world, plan_json())
    t1, t5 = plan.tasks[0], plan.tasks[4]
    assert [u.unit_id for u in t1.lead] == [world.units["phong_kinh_te"]]
    assert [u.unit_id for u in t1.support] == [world.units["van_phong"]]
    assert t1.lead_raw == "Phòng Kinh tế"
    # "all units" expands to every unit except the lead
    assert {u.unit_id for u in t5.support} == set(world.units.values()) - {world.units["phong_kinh_te"]}


@pytest.mark.skipif(
    not (SAMPLES / "ke-hoach-cchc-2026-xa-hoa-binh.docx").exists(), reason="sample not written yet"
)
def test_the_teams_sample_docx_imports_through_the_reader(session, world):
    path = SAMPLES / "ke-hoach-cchc-2026-xa-hoa-binh.docx"
    plan = _import_file(session, world, path.read_bytes(), path.name)
    session.commit()  # the source is in place once the import commits
    assert plan.number == "15/KH-UBND"
    assert len(plan.tasks) >= 20 and len(plan.indicators) >= 5
    assert plans.plan_source_text(session, world.actor("office"), plan_id=plan.id).startswith(
        "ỦY BAN NHÂN DÂN"
    )


def test_an_unknown_file_type_is_refused_before_anything_is_stored(session, world):
    with pytest.raises(InvalidInput, match="chỉ nhận"):
        _import_file(session, world, b"MZ", "virus.exe")


def test_a_broken_extraction_json_names_the_file(session, world):
    with pytest.raises(InvalidInput, match="hong.json"):
        _import_file(session, world, b"{", "hong.json")


def test_an_unknown_locality_is_not_found(session, world):
    with pytest.raises(NotFound):
        plans.import_plan(
            session,
            world.actor("admin"),
            content=b"{}",
            filename="a.json",
            locality_code=1,
            data_dir=world.files,
        )


def test_reextract_reports_nothing_when_the_document_is_unchanged(session, world):
    diff = plans.reextract_plan(session, world.actor("office"), plan_id=world.draft_id)
    assert diff.empty, diff.to_json()


def test_reextract_shows_what_the_draft_changed_and_apply_restores_the_document(session, world):
    office = world.actor("office")
    draft = plans.get_plan(session, office, plan_id=world.draft_id)
    t = draft.tasks[0]
    plans.update_task(session, office, task_id=t.id, version=t.version, changes={"task": "Đã sửa tay"})
    plans.delete_task(session, office, task_id=draft.tasks[1].id, version=draft.tasks[1].version)
    plans.update_plan(
        session, office, plan_id=draft.id, version=draft.version, changes={"number": "99/KH-UBND"}
    )
    diff = plans.reextract_plan(session, office, plan_id=draft.id)
    assert diff.plan_changes == {"number": ("99/KH-UBND", "12/KH-UBND")}
    assert [a["ref"] for a in diff.added_tasks] == ["2"]
    assert [(c["ref"], c["fields"]) for c in diff.changed_tasks] == [("1", {"task": ["Đã sửa tay", t.task]})]
    applied = plans.reextract_plan(session, office, plan_id=draft.id, apply=True)
    assert applied.applied
    again = plans.get_plan(session, office, plan_id=draft.id)
    assert again.number == "12/KH-UBND" and len(again.tasks) == 5 and again.tasks[0].task == t.task


def test_reextract_is_refused_on_a_published_plan(session, world):
    with pytest.raises(InvalidInput, match="nháp"):
        plans.reextract_plan(session, world.actor("office"), plan_id=world.plan_id)


def test_merge_joins_texts_and_units_and_removes_the_others(session, world):
    office = world.actor("office")
    draft = plans.get_plan(session, office, plan_id=world.draft_id)
    merged = plans.merge_tasks(session, office, task_ids=[draft.tasks[0].id, draft.tasks[1].id])
    assert merged.task == f"{draft.tasks[0].task}; {draft.tasks[1].task}"
    assert {u.unit_id for u in merged.lead} == {world.units["phong_kinh_te"], world.units["tt_phvhcc"]}
    assert len(plans.get_plan(session, office, plan_id=draft.id).tasks) == 4


def test_split_makes_tasks_with_the_same_units_and_timeline(session, world):
    office = world.actor("office")
    t = plans.get_plan(session, office, plan_id=world.draft_id).tasks[0]
    parts = plans.split_task(
        session, office, task_id=t.id, version=t.version, parts=["Rà soát thủ tục", "Đơn giản hóa thủ tục"]
    )
    assert [p.task for p in parts] == ["Rà soát thủ tục", "Đơn giản hóa thủ tục"]
    assert parts[1].lead == parts[0].lead and parts[1].due_on == parts[0].due_on


def test_publish_refuses_tasks_without_a_lead_unit_and_names_them(session, world, plan_json):
    office = world.actor("office")
    data = plan_json()
    data["tasks"][1]["lead"] = [{"unit": "related_units", "raw": "Các đơn vị liên quan", "inferred": False}]
    plan = _import(session, world, data)
    with pytest.raises(InvalidInput, match="1 nhiệm vụ chưa có đơn vị chủ trì: 2. Vận hành"):
        plans.publish_plan(session, office, plan_id=plan.id, version=plan.version)
    t = plan.tasks[1]
    plans.update_task(
        session,
        office,
        task_id=t.id,
        version=t.version,
        changes={"lead_unit_ids": [world.units["tt_phvhcc"]]},
    )
    plan = plans.get_plan(session, office, plan_id=plan.id)
    assert (
        plans.publish_plan(session, office, plan_id=plan.id, version=plan.version).status
        is PlanStatus.PUBLISHED
    )


def test_structural_edits_are_refused_once_published(session, world):
    t = plans.get_plan(session, world.actor("office"), plan_id=world.plan_id).tasks[0]
    with pytest.raises(InvalidInput, match="nháp"):
        plans.delete_task(session, world.actor("office"), task_id=t.id, version=t.version)


class TestValidation:
    def _update(self, session, world, **changes):
        t = plans.get_plan(session, world.actor("office"), plan_id=world.draft_id).tasks[0]
        return plans.update_task(
            session, world.actor("office"), task_id=t.id, version=t.version, changes=changes
        )

    def test_an_impossible_date_says_what_and_where(self, session, world):
        p = plans.get_plan(session, world.actor("office"), plan_id=world.draft_id)
        with pytest.raises(InvalidInput) as caught:
            plans.update_plan(
                session,
                world.actor("office"),
                plan_id=p.id,
                version=p.version,
                changes={"issued_on": "31/02/2026"},
            )
        assert (
            caught.value.message
            == 'Ngày không hợp lệ: 31/02/2026 ở trường "Ngày văn bản" (định dạng dd/mm/yyyy).'
        )
        assert caught.value.where == "issued_on"

    def test_an_empty_task_text_is_refused(self, session, world):
        with pytest.raises(InvalidInput, match='"Nhiệm vụ" không được để trống'):
            self._update(session, world, task="   ")

    def test_an_unknown_area_lists_the_valid_ones(self, session, world):
        with pytest.raises(InvalidInput, match="procedures"):
            self._update(session, world, area="cai cach")

    def test_a_unit_of_another_commune_is_refused(self, session, world):
        with pytest.raises(InvalidInput, match="không thuộc xã/phường"):
            self._update(session, world, lead_unit_ids=[world.other_unit])

    def test_start_after_end_is_refused(self, session, world):
        with pytest.raises(InvalidInput, match="Ngày bắt đầu"):
            self._update(session, world, start_on="01/06/2026", end_on="01/05/2026")

    def test_html_is_stored_as_plain_text_in_nfc(self, session, world):
        text = "<script>alert(1)</script> Hoa\u0300 Bi\u0300nh"
        view = self._update(session, world, output=text)
        assert view.output == "<script>alert(1)</script> Hoà Bình"

    def test_an_unknown_field_is_refused(self, session, world):
        with pytest.raises(InvalidInput, match="Không sửa được trường: status"):
            self._update(session, world, status="done")

    def test_a_version_is_required(self, session, world):
        t = plans.get_plan(session, world.actor("office"), plan_id=world.draft_id).tasks[0]
        with pytest.raises(InvalidInput, match="version"):
            plans.update_task(
                session, world.actor("office"), task_id=t.id, version=None, changes={"output": "x"}
            )
