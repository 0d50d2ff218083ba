"""The province's report template in the web app: the page, the upload (errors beside the file field),
who may change it, the audit log, and a commune's report laid out with it."""

from __future__ import annotations

import io

from docx import Document

from cchc.reports import docx_layout as L
from cchc.reports.docx_template import default_template_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _edited(anchor: str, text: str) -> bytes:
    doc = Document(io.BytesIO(default_template_bytes()))
    new = L.add_body(doc, text)
    next(p for p in doc.paragraphs if p.text == anchor)._p.addnext(new._p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _upload(client, token, content: bytes, *, api: bool = True, name: str = "mau-tinh.docx", **data):  # type: ignore[no-untyped-def]
    url = "/api/reports/templates" if api else "/reports/templates"
    return client.post(url, files={"file": (name, content, DOCX)}, data={"csrf_token": token, **data},
                       headers={"X-CSRF-Token": token}, follow_redirects=False)


def test_the_city_reviewer_sees_the_default_template_and_the_placeholders_offered(client, login_as):
    login_as("city_reviewer")
    page = client.get("/reports/templates")
    assert page.status_code == 200, page.text
    assert "Mẫu mặc định theo Nghị định 30/2020/NĐ-CP" in page.text and "appendix_services" in page.text
    assert "figures.on_time_rate" in page.text
    en = client.get("/reports/templates?lang=en")
    assert "The template&#39;s placeholders" in en.text or "The template's placeholders" in en.text
    default = client.get("/reports/templates/default.docx")
    assert default.status_code == 200 and default.content == default_template_bytes()


def test_an_unknown_placeholder_comes_back_beside_the_file_field_naming_it(client, login_as):
    token = login_as("city_reviewer")
    bad = _edited("III. ĐÁNH GIÁ CHUNG", "Kính gửi {{ giam_doc_so }}.")
    r = _upload(client, token, bad, api=False)
    assert r.status_code == 422, r.text[:500]
    assert 'id="template-form-file-error"' in r.text and "«giam_doc_so»" in r.text
    api = _upload(client, token, bad)
    assert api.status_code in (400, 422) and "giam_doc_so" in api.text
    assert client.get("/api/reports/templates").json()["current"]["id"] is None  # still the default


def test_an_upload_is_used_for_the_province_audit_logged_and_can_be_undone(client, login_as, world):
    from sqlalchemy import select

    from cchc.store.models import AuditEvent

    token = login_as("city_reviewer")
    good = _edited("III. ĐÁNH GIÁ CHUNG", "Nội dung theo hướng dẫn của Sở Nội vụ tỉnh.")
    r = _upload(client, token, good)
    assert r.status_code == 201, r.text
    got = r.json()["template"]
    assert got["filename"] == "mau-tinh.docx" and got["active"] and "results" in got["placeholders"]
    state = client.get("/api/reports/templates").json()
    assert state["current"]["id"] == got["id"] and [t["id"] for t in state["history"]] == [got["id"]]
    assert client.get("/reports/templates/current.docx").content == good
    with client.app.state.sessionmaker() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "report_template")).all()
    assert [(e.action, e.entity_id) for e in events][-1] == ("upload", got["id"])
    back = client.post("/api/reports/templates/reset", data={"csrf_token": token}, headers={"X-CSRF-Token": token})
    assert back.status_code == 200, back.text
    assert client.get("/api/reports/templates").json()["current"]["id"] is None


def test_the_commune_report_is_laid_out_with_its_province_template(client, login_as, world):
    token = login_as("city_reviewer")
    marker = "Báo cáo lập theo mẫu của tỉnh, áp dụng cho các xã, phường."
    assert _upload(client, token, _edited("III. ĐÁNH GIÁ CHUNG", marker)).status_code == 201
    token = login_as("standing_office")
    made = client.post("/api/reports/generate", data={"locality": str(world.locality_code), "period": world.period},
                       headers={"X-CSRF-Token": token})
    assert made.status_code in (200, 201), made.text
    version = made.json()["version"]["version"]
    doc = client.get(f"/reports/{world.locality_code}/{world.period}/v{version}.docx")
    texts = [p.text for p in Document(io.BytesIO(doc.content)).paragraphs]
    assert marker in texts and texts.index("III. ĐÁNH GIÁ CHUNG") < texts.index(marker)


def test_a_commune_officer_and_another_province_cannot_change_the_template(client, login_as, world):
    token = login_as("standing_office")
    assert _upload(client, token, default_template_bytes()).status_code == 403
    token = login_as("city_reviewer")
    province = client.get("/api/reports/templates").json()["province_code"]
    token = login_as("other_city_reviewer")
    r = _upload(client, token, default_template_bytes(), province_code=str(province))
    assert r.status_code == 403, r.text


def test_an_administrator_picks_the_province_and_uploads_for_it(client, login_as):
    token = login_as("city_reviewer")
    province = client.get("/api/reports/templates").json()["province_code"]
    token = login_as("admin")
    page = client.get("/reports/templates")
    assert page.status_code == 200 and 'name="province_code"' in page.text
    r = _upload(client, token, _edited("III. ĐÁNH GIÁ CHUNG", "Mẫu do quản trị tải lên."), province_code=str(province))
    assert r.status_code == 201, r.text
    state = client.get(f"/api/reports/templates?province_code={province}").json()
    assert state["current"]["id"] == r.json()["template"]["id"] and state["current"]["uploaded_by"] == "t-admin"
    assert client.post("/api/reports/templates/reset", data={"province_code": str(province)},
                       headers={"X-CSRF-Token": token}).status_code == 200
