"""The indicator entry, the report draft and the bulk import come back in place when refused: 422, the
form again, each message beside its field, everything typed (and an accepted file) kept."""

from __future__ import annotations

import html
import re

from tests.web.test_forms_in_place import _beside, _form, _token


def test_an_indicator_entry_with_a_word_for_a_number_keeps_the_other_values(client, world, login_as):
    login_as("standing_office")
    page = client.get(f"/indicators/{world.indicator_id}")
    assert 'id="measurement-form"' in page.text
    r = client.post(f"/indicators/{world.indicator_id}/measurements",
                    data={"csrf_token": _token(page.text), "period": "Quý 4/2026", "numerator": "mười",
                          "denominator": "40", "evidence": "Báo cáo số 7/BC-VP"})
    assert r.status_code == 422
    form = _form(r.text, "measurement-form")
    assert "không phải số" in _beside(form, "numerator")
    assert 'value="Quý 4/2026"' in form and 'value="40"' in form and 'value="Báo cáo số 7/BC-VP"' in form
    assert "numerator:" not in r.text and "Lỗi 422" not in r.text


def test_an_indicator_entry_with_a_bad_period_and_no_denominator_marks_both_fields(client, world, login_as):
    token = login_as("standing_office")
    r = client.post(f"/indicators/{world.indicator_id}/measurements",
                    data={"period": "Quý 9/2026", "numerator": "12"},
                    headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#measurement-form"
    form = _form(r.text, "measurement-form")
    assert "Quý 9/2026" in _beside(form, "period")
    assert 'value="12"' in form
    assert not client.get(f"/api/indicators/{world.indicator_id}").json()["measurements"]


def test_a_corrected_indicator_entry_is_recorded(client, world, login_as):
    login_as("standing_office")
    page = client.get(f"/indicators/{world.indicator_id}")
    r = client.post(f"/indicators/{world.indicator_id}/measurements",
                    data={"csrf_token": _token(page.text), "period": "Quý 4/2026", "numerator": "9",
                          "denominator": "10"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    got = client.get(f"/api/indicators/{world.indicator_id}").json()["measurements"]
    assert [(m["period"], m["numerator"], m["denominator"]) for m in got] == [("2026-Q4", 9, 10)]


def _draft_page(client) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    page = client.get("/reports")
    assert page.status_code == 200, page.text
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)" id="draft-form"', page.text)[1])
    return page.text, action


def test_a_report_draft_with_an_impossible_date_keeps_the_paragraphs_typed(client, world, login_as):
    login_as("standing_office")
    text, action = _draft_page(client)
    period = re.search(r'name="period" value="([^"]+)"', _form(text, "draft-form"))[1]
    r = client.post(action, data={"csrf_token": _token(text), "locality": str(world.locality_code), "period": period,
                                  "strengths": "Ưu điểm viết lại bởi văn phòng.", "report_date": "31/13/2026",
                                  "signer": "vice"})
    assert r.status_code == 422
    form = _form(r.text, "draft-form")
    assert "31/13/2026" in _beside(form, "report_date")
    assert "Ưu điểm viết lại bởi văn phòng." in form and 'value="31/13/2026"' in form
    assert re.search(r'<option value="vice" selected>', form)
    assert "report_date:" not in r.text and "?locality=" not in _beside(form, "report_date")
    api = client.get(f"/api/reports?locality={world.locality_code}&period={period}").json()
    assert "strengths" not in api["draft"]["edits"]


def test_a_report_draft_paragraph_over_the_limit_is_refused_beside_it(client, world, login_as):
    token = login_as("standing_office")
    text, action = _draft_page(client)
    r = client.post(action, data={"locality": str(world.locality_code), "causes": "x" * 20_001,
                                  "strengths": "Giữ lại đoạn này."},
                    headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#draft-form"
    form = _form(r.text, "draft-form")
    assert "quá dài" in _beside(form, "causes") and "Giữ lại đoạn này." in form


def test_the_signing_authority_is_chosen_from_a_list(client, world, login_as):
    login_as("standing_office")
    text, _action = _draft_page(client)
    form = _form(text, "draft-form")
    assert re.search(r'<select name="signer"[^>]*><option value="chairman"', form)
    assert "TM. UBND - Chủ tịch" in form and "chairman: " not in form


def test_a_bulk_import_of_the_wrong_file_type_is_refused_beside_the_file_and_keeps_the_kind(client, world,
                                                                                          login_as):
    login_as("standing_office")
    page = client.get(f"/bulk/{world.plan_id}")
    r = client.post(f"/bulk/{world.plan_id}/preview", data={"csrf_token": _token(page.text), "what": "indicators"},
                    files={"file": ("chi-tieu.txt", b"ten;muc tieu\n", "text/plain")})
    assert r.status_code == 422
    form = _form(r.text, "bulk-import-form")
    assert "không đúng loại" in _beside(form, "file")
    assert '<option value="indicators" selected>' in form
    assert "Lỗi 422" not in r.text


def test_a_bulk_import_keeps_an_accepted_file_when_the_kind_is_refused(client, world, login_as):
    login_as("standing_office")
    page = client.get(f"/bulk/{world.plan_id}")
    content = client.get(f"/bulk/{world.plan_id}/export/tasks.csv").content
    r = client.post(f"/bulk/{world.plan_id}/preview", data={"csrf_token": _token(page.text), "what": "everything"},
                    files={"file": ("nhiem-vu.csv", content, "text/csv")})
    assert r.status_code == 422
    form = _form(r.text, "bulk-import-form")
    assert _beside(form, "what") and "đã chọn: nhiem-vu.csv" in form
    kept = re.search(r'name="file_kept" value="([^"]+)"', form)[1]
    r = client.post(f"/bulk/{world.plan_id}/preview",
                    data={"csrf_token": _token(page.text), "what": "tasks", "file_kept": kept})
    assert r.status_code == 200, r.text
    assert 'name="token"' in r.text or "Không có dữ liệu." in r.text
