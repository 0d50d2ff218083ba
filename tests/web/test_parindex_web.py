"""The PAR-index pages and their /api twins: pre-fill, correct, evidence, submit, appraise, rank, exports."""

from __future__ import annotations

import pytest

YEAR = 2026


def _post(client, url, token, **kw):  # type: ignore[no-untyped-def]
    return client.post(url, headers={"X-CSRF-Token": token}, **kw)


@pytest.fixture()
def started(client, login_as, world):  # type: ignore[no-untyped-def]
    token = login_as("standing_office")
    r = _post(client, "/api/parindex/prefill", token, data={"year": YEAR})
    assert r.status_code == 201, r.text
    return token, r.json()["assessment"]


def _leaf(assessment, code):  # type: ignore[no-untyped-def]
    return next(c for c in assessment["criteria"] if c["code"] == code)


def _fill(client, token, assessment):  # type: ignore[no-untyped-def]
    for c in assessment["criteria"]:
        if c["is_leaf"] and c["self_max"] > 0 and c["self_score"] is None:
            r = _post(client, f"/api/parindex/scores/{c['score_id']}/correct", token,
                      data={"score": "0", "reason": "Chưa thực hiện", "version": c["version"]})
            assert r.status_code == 200, r.text


def test_the_office_prefills_and_the_page_shows_the_sample_set_in_both_languages(client, started, world):
    token, a = started
    assert a["locality_code"] == world.locality_code and a["sample_set"] and a["total_max"] == 100
    assert _leaf(a, "1.1.2")["figure"] and _leaf(a, "1.1.2")["source"] == "tasks.completion_rate"
    page = client.get(f"/parindex/assessments/{a['id']}")
    assert page.status_code == 200 and "mẫu tham khảo" in page.text and "Tính lại điểm đề xuất" in page.text
    en = client.get(f"/parindex/assessments/{a['id']}?lang=en")
    assert "PAR index" in en.text and "Recompute the proposed scores" in en.text
    assert client.get("/parindex").status_code == 200


def test_a_correction_is_saved_with_its_reason_and_shows_in_the_history(client, started):
    token, a = started
    leaf = _leaf(a, "4.1")
    r = _post(client, f"/api/parindex/scores/{leaf['score_id']}/correct", token,
              data={"score": "2,5", "reason": "Đã ban hành quyết định", "version": leaf["version"]})
    assert r.status_code == 200 and r.json()["criterion"]["self_score"] == 2.5
    bad = _post(client, f"/api/parindex/scores/{leaf['score_id']}/correct", token, data={"score": "9", "reason": "x"})
    assert bad.status_code == 422
    events = client.get(f"/api/parindex/assessments/{a['id']}/history").json()["events"]
    correct = [e for e in events if e["action"] == "correct"]
    assert correct and correct[-1]["after"]["self_reason"] == "Đã ban hành quyết định"
    assert correct[-1]["before"]["self_score"] is None and correct[-1]["username"] == "t-standing-office"


def test_submit_then_only_the_city_reviewer_appraises_and_the_ranking_lists_the_commune(client, started, login_as,
                                                                                     world):
    token, a = started
    leaf = _leaf(a, "4.1")
    _post(client, f"/api/parindex/scores/{leaf['score_id']}/correct", token,
          data={"score": "3", "reason": "Đã sắp xếp", "version": leaf["version"]})
    up = _post(client, f"/api/parindex/scores/{leaf['score_id']}/evidence", token,
               data={"description": "Quyết định"}, files={"file": ("qd.pdf", b"%PDF-1.4 x", "application/pdf")})
    assert up.status_code == 201, up.text
    fresh = client.get(f"/api/parindex/assessments/{a['id']}").json()["assessment"]
    _fill(client, token, fresh)
    r = _post(client, f"/api/parindex/assessments/{a['id']}/submit", token)
    assert r.status_code == 200, r.text
    submitted = r.json()["assessment"]
    leaf = _leaf(submitted, "4.1")

    officer = login_as("unit_officer")
    denied = _post(client, f"/api/parindex/scores/{leaf['score_id']}/appraise", officer,
                   data={"decision": "accepted", "score": "1"})
    assert denied.status_code == 403
    assert _post(client, f"/api/parindex/assessments/{a['id']}/accept", officer).status_code == 403

    reviewer = login_as("city_reviewer")
    r = _post(client, f"/api/parindex/scores/{leaf['score_id']}/appraise", reviewer,
              data={"decision": "accepted", "score": "2", "comment": "Thiếu quy chế", "version": leaf["version"]})
    assert r.status_code == 200, r.text
    r = _post(client, f"/api/parindex/assessments/{a['id']}/survey", reviewer, data={"survey_3.4.2": "4"})
    assert r.status_code == 200, r.text
    done = _post(client, f"/api/parindex/assessments/{a['id']}/accept", reviewer).json()["assessment"]
    assert done["status"] == "appraised"
    assert done["final_index"] == pytest.approx(submitted["self_index"] - 1 + 4)
    table = client.get(f"/api/parindex/ranking?year={YEAR}").json()["ranking"]
    assert [(r["locality_code"], r["rank"]) for r in table["rows"]] == [(world.locality_code, 1)]
    assert "Bảng xếp hạng" in client.get(f"/parindex/ranking?year={YEAR}").text
    x = client.get(f"/parindex/assessments/{a['id']}/export.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    d = client.get(f"/parindex/assessments/{a['id']}/export.docx")
    assert d.status_code == 200 and d.headers["content-type"].endswith("wordprocessingml.document")

    login_as("other_city_reviewer")
    assert client.get(f"/api/parindex/assessments/{a['id']}").status_code == 403


def test_a_commune_cannot_see_another_communes_assessment(client, started, login_as):
    _, a = started
    login_as("other_standing_office")
    assert client.get(f"/api/parindex/assessments/{a['id']}").status_code == 403
    assert client.get(f"/parindex/assessments/{a['id']}/export.xlsx").status_code == 403


def test_the_city_reviewer_imports_a_criteria_set_from_its_xlsx(client, login_as, started):
    reviewer = login_as("city_reviewer")
    sets = client.get("/api/parindex/sets").json()["sets"]
    sample = next(s for s in sets if s["sample"])
    content = client.get(f"/parindex/sets/{sample['id']}.xlsx").content
    r = _post(client, "/api/parindex/sets/import", reviewer, data={"name": "Bộ tiêu chí của thành phố"},
              files={"file": ("tieu-chi.xlsx", content, "application/octet-stream")})
    assert r.status_code == 201, r.text
    got = r.json()["set"]
    assert got["criteria"] == sample["criteria"] and got["total_max"] == 100 and got["province_code"] is not None
    officer = login_as("unit_officer")
    assert _post(client, "/api/parindex/sets/import", officer,
                 files={"file": ("tieu-chi.xlsx", content, "application/octet-stream")}).status_code == 403
