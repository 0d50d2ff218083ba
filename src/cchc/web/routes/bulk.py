"""Bulk export (XLSX/CSV) of a plan's tasks and indicators, and import with a preview and row errors."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.forms import drop_kept_upload, form_page, kept_upload
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import TABLE_TYPES, read_upload

router = APIRouter(tags=["bulk"])

What = Literal["tasks", "indicators"]
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def bulk_page_data(db: Any, user: Any, plan_id: int) -> dict[str, Any]:
    from cchc.services import plans

    plan = plans.get_plan(db, user, plan_id=plan_id)
    return {"plan_id": plan_id, "plan_title": plan.title, "plan_status": plan.status,
            "exports": [f"/bulk/{plan_id}/export/{w}.{f}" for w in ("tasks", "indicators") for f in ("xlsx", "csv")]}


@twin_route(router, "/bulk/{plan_id}")
def bulk_page(request: Request, db: Db, user: CurrentUser, plan_id: int) -> Response:
    return render(request, "bulk/index.html", bulk_page_data(db, user, plan_id))


@form_page("preview_import", form_id="bulk-import-form", fields={"what": "Loại dữ liệu", "file": "Tệp dữ liệu"},
           files={"file": (TABLE_TYPES, "Tệp dữ liệu")})
def _bulk_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    return "bulk/index.html", bulk_page_data(db, user, int(request.path_params["plan_id"]))


@router.get("/bulk/{plan_id}/export/{what}.{fmt}", summary="Export tasks or indicators")
@router.get("/api/bulk/{plan_id}/export/{what}.{fmt}", include_in_schema=False)
def export(db: Db, user: CurrentUser, plan_id: int, what: What, fmt: Literal["xlsx", "csv"]) -> Response:
    from cchc.services import bulk

    fn = bulk.export_tasks if what == "tasks" else bulk.export_indicators
    content = fn(db, user, plan_id=plan_id, fmt=fmt)
    return Response(content, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}-{what}.{fmt}"'})


def _staging(settings: Any) -> Path:
    path = settings.data_dir / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@twin_route(router, "/bulk/{plan_id}/preview", methods=["POST"], name="preview_import")
def preview_import(
    request: Request, db: Db, user: CurrentUser, settings: AppSettings, plan_id: int,
    what: Annotated[What, Form()],
    file: Annotated[UploadFile | None, File(description=".xlsx or .csv")] = None,
    file_kept: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    from cchc.services import bulk

    got = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=TABLE_TYPES, label="Tệp dữ liệu",
                      required=False) if file is not None and file.filename else None
    if got is None:
        got = kept_upload(settings.data_dir, file_kept, user_id=user.user_id, label="Tệp dữ liệu")
    if got is None:
        raise InvalidInput("Chọn tệp dữ liệu (.xlsx hoặc .csv).", where="file")
    name, content = got
    preview = bulk.preview_import(db, user, plan_id=plan_id, what=what, content=content, filename=name)
    drop_kept_upload(settings.data_dir, file_kept)
    token = secrets.token_urlsafe(24)
    suffix = Path(name).suffix.lower()
    (_staging(settings) / f"{token}{suffix}").write_bytes(content)
    staged = dict(request.session.get("imports") or {})
    staged[token] = {"plan_id": plan_id, "what": what, "name": name, "uid": request.session.get("uid")}
    request.session["imports"] = dict(list(staged.items())[-5:])
    return render(request, "bulk/preview.html",
                  {"plan_id": plan_id, "what": what, "file": name, "token": token, "preview": preview})


@twin_route(router, "/bulk/{plan_id}/apply", methods=["POST"], name="apply_import")
def apply_import(
    request: Request, db: Db, user: CurrentUser, settings: AppSettings, plan_id: int,
    token: Annotated[str, Form(max_length=64)],
) -> Response:
    from cchc.services import bulk

    staged = dict(request.session.get("imports") or {})
    info = staged.get(token) if _TOKEN.fullmatch(token) else None
    if not info or info.get("plan_id") != plan_id:
        raise InvalidInput("Bản xem trước đã hết hạn hoặc không thuộc phiên làm việc này; hãy tải tệp lên lại.",
                           where="token")
    path = _staging(settings) / f"{token}{Path(info['name']).suffix.lower()}"
    if not path.is_file():
        raise InvalidInput("Bản xem trước đã hết hạn; hãy tải tệp lên lại.", where="token")
    result = bulk.apply_import(db, user, plan_id=plan_id, what=info["what"], content=path.read_bytes(),
                               filename=info["name"])
    path.unlink(missing_ok=True)
    staged.pop(token, None)
    request.session["imports"] = staged
    return respond(request, {"result": result}, redirect_to=f"/plans/{plan_id}", flash="Đã nhập dữ liệu.")
