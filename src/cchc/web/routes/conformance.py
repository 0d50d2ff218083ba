"""Conformance with the plans above the commune, parent plans, amendments and task history.

    GET  /plans/{id}/conformance                  the plan's checks (JSON twin: /api/plans/{id}/conformance)
    POST /plans/{id}/links                        link to a parent plan (parent_plan_id)
    POST /plans/{id}/links/{parent_id}/delete     remove the link
    POST /plans/{id}/matches                      confirm or reject a suggested match (parent_key, task_id, confirmed)
    GET  /parent-plans                            the plans above the user's commune
    POST /parent-plans/import                     the city (or an administrator) publishes a plan (file, level)
    POST /plans/{id}/amendments                   import an amending document (file, mode)
    GET  /amendments/{id}                         the amendment and its diff
    POST /amendments/{id}/apply | /reject
    GET  /plans/{id}/versions                     the plan's versions
    GET  /tasks/{id}/history                      every change of a task
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import PLAN_TYPES, read_upload

__all__ = ["router"]

router = APIRouter(tags=["conformance"])

_TYPES = PLAN_TYPES | {".json"}


@twin_route(router, "/plans/{plan_id}/conformance")
def plan_conformance(request: Request, db: Db, user: CurrentUser, plan_id: int, fragment: bool = False) -> Response:
    from cchc.services import conformance

    view = conformance.plan_conformance(db, user, plan_id=plan_id)
    can_edit = str(user.role) in ("standing_office", "admin")
    template = "conformance/_checks.html" if fragment else "conformance/plan.html"
    return render(request, template, {"conformance": view, "can_edit": can_edit})


@twin_route(router, "/plans/{plan_id}/links", methods=["POST"])
def link_plan(request: Request, db: Db, user: CurrentUser, plan_id: int,
              parent_plan_id: Annotated[int, Form()]) -> Response:
    from cchc.services import conformance

    parent = conformance.link_plan(db, user, plan_id=plan_id, parent_plan_id=parent_plan_id)
    return respond(request, {"parent": parent}, redirect_to=f"/plans/{plan_id}/conformance",
                   flash="Đã liên kết với kế hoạch cấp trên.")


@twin_route(router, "/plans/{plan_id}/links/{parent_plan_id}/delete", methods=["POST"])
def unlink_plan(request: Request, db: Db, user: CurrentUser, plan_id: int, parent_plan_id: int) -> Response:
    from cchc.services import conformance

    conformance.unlink_plan(db, user, plan_id=plan_id, parent_plan_id=parent_plan_id)
    return respond(request, {"ok": True}, redirect_to=f"/plans/{plan_id}/conformance",
                   flash="Đã bỏ liên kết.")


@twin_route(router, "/plans/{plan_id}/matches", methods=["POST"])
def decide_match(request: Request, db: Db, user: CurrentUser, plan_id: int, parent_key: Annotated[str, Form()],
                 task_id: Annotated[int, Form()], confirmed: Annotated[bool, Form()]) -> Response:
    from cchc.services import conformance

    decision = conformance.decide_task_match(db, user, plan_id=plan_id, parent_key=parent_key, task_id=task_id,
                                             confirmed=confirmed)
    return respond(request, {"decision": decision}, redirect_to=f"/plans/{plan_id}/conformance",
                   flash="Đã xác nhận." if confirmed else "Đã từ chối đề xuất.")


@twin_route(router, "/parent-plans")
def parent_plans(request: Request, db: Db, user: CurrentUser, province_code: int | None = None) -> Response:
    from cchc.services import conformance

    items = conformance.list_parent_plans(db, user, province_code=province_code)
    return render(request, "conformance/parents.html", {"parent_plans": items})


@twin_route(router, "/parent-plans/import", methods=["POST"])
def import_parent_plan(request: Request, db: Db, user: CurrentUser, settings: AppSettings,
                       file: Annotated[UploadFile, File()], level: Annotated[str | None, Form()] = None,
                       province_code: Annotated[int | None, Form()] = None) -> Response:
    from cchc.services import conformance

    name, content = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=_TYPES,  # type: ignore[misc]
                                label="Kế hoạch cấp trên")
    view = conformance.import_parent_plan(db, user, content=content, filename=name, level=level or None,
                                          province_code=province_code, data_dir=settings.data_dir)
    return respond(request, {"parent": view}, redirect_to="/parent-plans", flash="Đã đăng kế hoạch cấp trên.",
                   status_code=201)


@twin_route(router, "/plans/{plan_id}/amendments", methods=["POST"])
def import_amendment(request: Request, db: Db, user: CurrentUser, settings: AppSettings, plan_id: int,
                     file: Annotated[UploadFile, File()], mode: Annotated[str, Form()] = "consolidated") -> Response:
    from cchc.services import amendments

    name, content = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=_TYPES,  # type: ignore[misc]
                                label="Văn bản sửa đổi")
    view = amendments.import_amendment(db, user, plan_id=plan_id, content=content, filename=name, mode=mode,
                                       data_dir=settings.data_dir)
    return respond(request, {"amendment": view}, redirect_to=f"/amendments/{view['id']}",
                   flash="Đã đọc văn bản sửa đổi; hãy rà soát thay đổi.", status_code=201)


@twin_route(router, "/amendments/{amendment_id}")
def amendment_detail(request: Request, db: Db, user: CurrentUser, amendment_id: int) -> Response:
    from cchc.services import amendments

    view = amendments.amendment_view(db, user, amendment_id=amendment_id)
    can_edit = str(user.role) in ("standing_office", "admin")
    return render(request, "conformance/amendment.html", {"amendment": view, "can_edit": can_edit})


@twin_route(router, "/amendments/{amendment_id}/apply", methods=["POST"])
def apply_amendment(request: Request, db: Db, user: CurrentUser, amendment_id: int) -> Response:
    from cchc.services import amendments

    view = amendments.apply_amendment(db, user, amendment_id=amendment_id)
    return respond(request, {"amendment": view}, redirect_to=f"/plans/{view['plan_id']}",
                   flash=f"Đã áp dụng văn bản sửa đổi: phiên bản {view['version']}.")


@twin_route(router, "/amendments/{amendment_id}/reject", methods=["POST"])
def reject_amendment(request: Request, db: Db, user: CurrentUser, amendment_id: int) -> Response:
    from cchc.services import amendments

    view = amendments.reject_amendment(db, user, amendment_id=amendment_id)
    return respond(request, {"amendment": view}, redirect_to=f"/plans/{view['plan_id']}",
                   flash="Đã từ chối văn bản sửa đổi.")


@twin_route(router, "/plans/{plan_id}/versions")
def plan_versions(request: Request, db: Db, user: CurrentUser, plan_id: int) -> Response:
    from cchc.services import amendments

    items = amendments.plan_versions(db, user, plan_id=plan_id)
    return render(request, "conformance/versions.html", {"plan_id": plan_id, "versions": items,
                                                          "amendments": amendments.list_amendments(
                                                              db, user, plan_id=plan_id)})


@twin_route(router, "/tasks/{task_id}/history")
def task_history(request: Request, db: Db, user: CurrentUser, task_id: int) -> Response:
    from cchc.services import amendments

    events = amendments.task_history(db, user, task_id=task_id)
    return render(request, "conformance/task_history.html", {"task_id": task_id, "events": events})
