"""Amendments: imported against the plan they name, reviewed as a diff, applied as a new version; the
versions are kept and each task's history shows the amendment."""

from __future__ import annotations

import copy
import json

import pytest

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.statuses import TaskStatus
from cchc.services import amendments, plans
from tests.conformance_docs import good_commune_plan
from tests.services.conftest import HOA_BINH


def _json(data: dict) -> bytes:  # type: ignore[type-arg]
    return json.dumps(data, ensure_ascii=False).encode()


def _amending(doc: dict) -> dict:  # type: ignore[type-arg]
    out = copy.deepcopy(doc)
    out["plan"].update(title="Kế hoạch sửa đổi, bổ sung Kế hoạch số 15/KH-UBND ngày 01/02/2026",
                       number="40/KH-UBND", issued_on="2026-06-01")
    out["tasks"][0]["timeline"] = {"kind": "deadline", "raw": "Trước 31/5/2026", "from": None, "to": None,
                                   "due": "2026-05-31", "every": None, "offset_days": None}
    out["tasks"].pop(2)
    out["tasks"].append({**out["tasks"][1], "ref": "4", "task": "Tổ chức đối thoại với người dân về thủ tục"})
    out["indicators"][1]["target"] = 70
    return out


def _published(session, world):  # type: ignore[no-untyped-def]
    office = world.actor("office")
    plan = plans.import_plan(session, office, content=_json(good_commune_plan()), filename="kh-15.json",
                             locality_code=HOA_BINH, data_dir=world.files)
    return plans.publish_plan(session, office, plan_id=plan.id, version=plan.version)


def test_the_plan_an_amendment_names_is_preselected(session, world) -> None:
    plan = _published(session, world)
    text = _amending(good_commune_plan())["plan"]["title"]
    choices = amendments.suggest_amended_plans(session, world.actor("office"), locality_code=HOA_BINH, text=text)
    assert choices[0] == {"id": plan.id, "number": "15/KH-UBND", "title": plan.title, "status": "published",
                          "selected": True}
    assert not any(c["selected"] for c in choices[1:])


def test_an_amendment_shows_what_changes_before_it_is_applied(session, world) -> None:
    plan = _published(session, world)
    pending = amendments.import_amendment(session, world.actor("office"), plan_id=plan.id,
                                          content=_json(_amending(good_commune_plan())), filename="kh-40.json",
                                          data_dir=world.files)
    diff = pending["diff"]
    assert pending["status"] == "pending" and pending["number"] == "40/KH-UBND"
    assert [(t["ref"], sorted(t["fields"])) for t in diff["changed_tasks"]] == [("1", ["timeline"])]
    assert [t["ref"] for t in diff["removed_tasks"]] == ["3"]
    assert [t["ref"] for t in diff["added_tasks"]] == ["4"]
    assert diff["changed_indicators"] == [{"ref": "2", "text": "Tỷ lệ hồ sơ trực tuyến",
                                           "fields": {"target": [60, 70]}}]
    assert [t.task for t in plans.get_plan(session, world.actor("office"), plan_id=plan.id).tasks] == [
        t.task for t in plan.tasks]  # nothing applied yet


def test_applying_an_amendment_makes_a_new_version_and_keeps_each_task_history(session, world) -> None:
    office = world.actor("office")
    plan = _published(session, world)
    pending = amendments.import_amendment(session, office, plan_id=plan.id,
                                          content=_json(_amending(good_commune_plan())), filename="kh-40.json",
                                          data_dir=world.files)
    applied = amendments.apply_amendment(session, office, amendment_id=pending["id"])
    assert (applied["status"], applied["version"]) == ("applied", 2)
    after = plans.get_plan(session, office, plan_id=plan.id)
    by_ref = {t.ref: t for t in after.tasks}
    assert by_ref["1"].id == plan.tasks[0].id and by_ref["1"].due_on.isoformat() == "2026-05-31"
    assert by_ref["3"].reported_status is TaskStatus.CANCELLED and "40/KH-UBND" in by_ref["3"].status_reason
    assert "4" in by_ref
    assert [i.target for i in after.indicators][1] == 70
    versions = amendments.plan_versions(session, office, plan_id=plan.id)
    assert [(v["seq"], v["amendment_id"], v["task_count"]) for v in versions] == [(1, None, 3),
                                                                                 (2, pending["id"], 3)]
    history = amendments.task_history(session, office, task_id=by_ref["1"].id)
    assert [e.action for e in history] == ["create", "amend"]
    assert history[-1].after["amendment_id"] == pending["id"]
    assert amendments.plan_content(session, office, plan_id=plan.id).to_json()["tasks"] == \
        versions[-1]["content"]["tasks"]
    with pytest.raises(InvalidInput):
        amendments.apply_amendment(session, office, amendment_id=pending["id"])


def test_a_partial_amendment_keeps_the_tasks_it_does_not_name(session, world) -> None:
    office = world.actor("office")
    plan = _published(session, world)
    doc = good_commune_plan()
    doc["tasks"] = [{**doc["tasks"][1], "output": "Kho dữ liệu hồ sơ số"}]
    doc["indicators"] = []
    pending = amendments.import_amendment(session, office, plan_id=plan.id, content=_json(doc),
                                          filename="kh-41.json", mode="partial", data_dir=world.files)
    assert pending["diff"]["removed_tasks"] == [] and pending["diff"]["added_tasks"] == []
    assert [(t["ref"], t["fields"]) for t in pending["diff"]["changed_tasks"]] == [
        ("2", {"output": [None, "Kho dữ liệu hồ sơ số"]})]


def test_a_rejected_amendment_changes_nothing_and_others_cannot_amend(session, world) -> None:
    office = world.actor("office")
    plan = _published(session, world)
    with pytest.raises(PermissionDenied):
        amendments.import_amendment(session, world.actor("other_office"), plan_id=plan.id,
                                    content=_json(good_commune_plan()), filename="x.json", data_dir=world.files)
    pending = amendments.import_amendment(session, office, plan_id=plan.id,
                                          content=_json(_amending(good_commune_plan())), filename="kh-40.json",
                                          data_dir=world.files)
    assert amendments.reject_amendment(session, office, amendment_id=pending["id"])["status"] == "rejected"
    assert amendments.plan_versions(session, office, plan_id=plan.id) == []
    assert [t.due_on for t in plans.get_plan(session, office, plan_id=plan.id).tasks] == [
        t.due_on for t in plan.tasks]
