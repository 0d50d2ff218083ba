"""The conformance pages and their JSON twins: the city publishes its plan, the commune links its plan,
sees its checks on its plan page before publishing, confirms a match; an amendment is reviewed and applied."""

from __future__ import annotations

import copy
import json

from tests.conformance_docs import city_plan, good_commune_plan, weak_commune_plan
from tests.web.conftest import login


def _upload(doc: dict, name: str) -> dict:  # type: ignore[type-arg]
    return {"file": (name, json.dumps(doc, ensure_ascii=False).encode(), "application/json")}


def _city_and_plan(client, world, settings, doc):  # type: ignore[no-untyped-def]
    token = login(client, *world.users["city_reviewer"])
    city = city_plan()
    city["plan"]["locality_code"] = None  # the reviewer's own province
    r = client.post("/api/parent-plans/import", files=_upload(city, "kh-tp.json"),
                    data={"level": "province"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    parent = r.json()["parent"]
    client.post("/api/logout", headers={"X-CSRF-Token": token})
    token = login(client, *world.users["standing_office"])
    from cchc.auth import users
    from cchc.kernel.db import session_scope
    from cchc.services import plans

    with session_scope(settings.database_url) as s:  # the web upload takes documents, not cchc.plan/1 JSON
        so = users.authenticate(s, username=world.users["standing_office"][0], password=world.users[
            "standing_office"][1], ip="test")
        view = plans.import_plan(s, so, content=json.dumps(doc).encode(), filename="kh-xa.json",
                                 locality_code=world.locality_code, data_dir=settings.data_dir)
        plan = {"id": view.id}
    r = client.post(f"/api/plans/{plan['id']}/links", data={"parent_plan_id": parent["id"]},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return parent, plan, token


def test_the_conformance_api_lists_each_check_with_the_city_document_and_clause(client, world, settings) -> None:
    parent, plan, _ = _city_and_plan(client, world, settings, weak_commune_plan())
    data = client.get(f"/api/plans/{plan['id']}/conformance").json()["conformance"]
    assert (data["passed"], data["failed"], data["pending"]) == (0, 7, 1)
    assert [p["id"] for p in data["linked"]] == [parent["id"]]
    weak = [c for c in data["checks"] if c["kind"] == "target_level"]
    assert [(c["clause"], c["ok"]) for c in weak] == [("II.1", False), ("II.2", False)]
    assert "30/KH-UBND" in weak[0]["document"]


def test_the_plan_page_shows_its_conformance_before_publishing_and_a_match_can_be_confirmed(client, world, settings) -> None:
    _, plan, token = _city_and_plan(client, world, settings, good_commune_plan())
    page = client.get(f"/plans/{plan['id']}")
    assert f"/plans/{plan['id']}/conformance?fragment=true" in page.text
    fragment = client.get(f"/plans/{plan['id']}/conformance?fragment=true").text
    assert "<b>4</b>/7" in fragment and "Chờ xác nhận" in fragment
    check = next(c for c in client.get(f"/api/plans/{plan['id']}/conformance").json()["conformance"]["checks"] if c["ok"] is None)
    r = client.post(f"/plans/{plan['id']}/matches", headers={"X-CSRF-Token": token}, follow_redirects=False,
                    data={"parent_key": check["parent_key"], "task_id": check["commune_key"][1:], "confirmed": "true"})
    assert r.status_code == 303
    data = client.get(f"/api/plans/{plan['id']}/conformance").json()["conformance"]
    assert (data["passed"], data["pending"]) == (6, 2)
    en = client.get(f"/plans/{plan['id']}/conformance?lang=en").text
    assert "Conformance with the plans above" in en


def test_another_commune_cannot_see_the_conformance_of_a_plan(client, world, settings) -> None:
    _, plan, token = _city_and_plan(client, world, settings, good_commune_plan())
    client.post("/api/logout", headers={"X-CSRF-Token": token})
    login(client, *world.users["other_standing_office"])
    assert client.get(f"/api/plans/{plan['id']}/conformance").status_code == 403


def test_an_amendment_is_reviewed_as_a_diff_then_applied_as_a_new_version(client, world, settings) -> None:
    _, plan, token = _city_and_plan(client, world, settings, good_commune_plan())
    amended = copy.deepcopy(good_commune_plan())
    amended["indicators"][0]["target"] = 100
    r = client.post(f"/api/plans/{plan['id']}/amendments", files=_upload(amended, "kh-sua-doi.json"),
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    amendment = r.json()["amendment"]
    page = client.get(f"/amendments/{amendment['id']}")
    assert "Chỉ tiêu sửa đổi" in page.text and "<ins>100</ins>" in page.text
    r = client.post(f"/api/amendments/{amendment['id']}/apply", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["amendment"]["version"] == 2
    versions = client.get(f"/api/plans/{plan['id']}/versions").json()["versions"]
    assert [v["seq"] for v in versions] == [1, 2]
    task_id = client.get(f"/api/plans/{plan['id']}").json()["plan"]["tasks"][0]["id"]
    assert client.get(f"/tasks/{task_id}/history").status_code == 200
