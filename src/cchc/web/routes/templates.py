"""Report templates: the province's own .docx template for its communes' periodic reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.forms import drop_kept_upload, form_page, kept_upload
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import read_upload

router = APIRouter(tags=["reports"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILE_LABEL = "Tệp mẫu báo cáo"
TEMPLATE_TYPES = {".docx"}


def _province_code(user: Any, province_code: int | None) -> int | None:
    return province_code if province_code is not None else user.province_code


def templates_data(db: Any, user: Any, province_code: int | None) -> dict[str, Any]:
    """The template in use, the province's uploads, the placeholders offered (and, for an admin, the provinces)."""
    from cchc.reporting import templates as svc
    from cchc.reports.docx_template import FIGURES, PLACEHOLDERS
    from cchc.store.localities import LocalityRepository

    code = _province_code(user, province_code)
    data: dict[str, Any] = {"province_code": code, "current": None, "history": [],
                            "placeholders": PLACEHOLDERS, "figures": FIGURES, "provinces": []}
    if user.is_admin:
        data["provinces"] = [{"code": p.code, "name": p.name} for p in LocalityRepository(db).provinces()]
    if code is not None:
        data["current"] = svc.province_template(db, user, province_code=code)[0]
        data["history"] = svc.template_history(db, user, province_code=code)
    return data


@twin_route(router, "/reports/templates")
def report_templates(request: Request, db: Db, user: CurrentUser, province_code: int | None = None) -> Response:
    data = templates_data(db, user, province_code)
    if request.url.path.startswith("/api/"):
        data = {k: v for k, v in data.items() if k not in ("placeholders", "figures")} | {
            "placeholders": [p.__dict__ for p in data["placeholders"]],
            "figures": [{"name": k, "description": d} for k, d in data["figures"]]}
    return render(request, "reports/templates.html", data)


@form_page("upload_report_template", form_id="template-form",
           fields={"file": FILE_LABEL, "province_code": "Mã tỉnh/thành phố"},
           files={"file": (TEMPLATE_TYPES, FILE_LABEL)})
def _templates_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    code = request.query_params.get("province_code")
    return "reports/templates.html", templates_data(db, user, int(code) if code and code.isdigit() else None)


@twin_route(router, "/reports/templates", methods=["POST"], name="upload_report_template")
def upload_report_template(
    request: Request,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    file: Annotated[UploadFile | None, File(description="the province's report template (.docx)")] = None,
    province_code: Annotated[int | None, Form()] = None,
    file_kept: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    from cchc.reporting import templates as svc

    if (file is None or not file.filename) and file_kept:
        name, content = kept_upload(settings.data_dir, file_kept, user_id=user.user_id,  # type: ignore[misc]
                                    label=FILE_LABEL)
    else:
        name, content = read_upload(file, max_bytes=settings.max_upload_bytes,  # type: ignore[misc]
                                    allowed=TEMPLATE_TYPES, label=FILE_LABEL)
    code = _province_code(user, province_code)
    got = svc.upload_template(db, user, province_code=code, filename=name, content=content)
    drop_kept_upload(settings.data_dir, file_kept)
    return respond(request, {"template": got.to_json()}, redirect_to=f"/reports/templates?province_code={code}",
                   status_code=201, flash=f"Đã dùng mẫu «{got.filename}» cho báo cáo của các xã/phường.")


@twin_route(router, "/reports/templates/reset", methods=["POST"])
def reset_report_template(request: Request, db: Db, user: CurrentUser,
                          province_code: Annotated[int | None, Form()] = None) -> Response:
    from cchc.reporting import templates as svc

    code = _province_code(user, province_code)
    got = svc.reset_template(db, user, province_code=code)
    return respond(request, {"template": got.to_json()}, redirect_to=f"/reports/templates?province_code={code}",
                   flash="Đã trở lại mẫu mặc định theo Nghị định 30/2020/NĐ-CP.")


@router.get("/reports/templates/default.docx", name="report_template_default", include_in_schema=False)
@router.get("/api/reports/templates/default.docx", name="api_report_template_default")
def report_template_default(user: CurrentUser) -> Response:
    from cchc.reports.docx_template import default_template_bytes

    return Response(default_template_bytes(), media_type=DOCX,
                    headers={"Content-Disposition": 'attachment; filename="mau-bao-cao-nghi-dinh-30.docx"'})


@router.get("/reports/templates/current.docx", name="report_template_current", include_in_schema=False)
@router.get("/api/reports/templates/current.docx", name="api_report_template_current")
def report_template_current(db: Db, user: CurrentUser, province_code: int | None = None) -> Response:
    from cchc.reporting import templates as svc

    view, content = svc.province_template(db, user, province_code=_province_code(user, province_code))
    name = "mau-bao-cao-nghi-dinh-30.docx" if view.is_default else f"mau-bao-cao-{view.province_code}-{view.id}.docx"
    return Response(content, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
