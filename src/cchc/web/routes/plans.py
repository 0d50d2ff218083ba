"""Plans: import a document, review the extraction beside its source, edit, re-extract, publish."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.areas import Area
from cchc.domain.errors import InvalidInput, NotFound, ToolMissing
from cchc.domain.plan import Comparator, TimelineKind
from cchc.domain.statuses import PlanStatus
from cchc.web.deps import AppSettings, CurrentUser, Db, FormFields
from cchc.web.forms import (
    clean_text,
    drop_kept_upload,
    form_page,
    kept_upload,
    parse_date,
    parse_float,
    parse_ids,
    parse_int,
)
from cchc.web.rendering import is_htmx, render, respond, twin_route, wants_json
from cchc.web.uploads import PLAN_TYPES, read_upload

router = APIRouter(tags=["plans"])

Version = Annotated[int, Form(ge=0, description="the version the user read (optimistic concurrency)")]

PLAN_KIND_LABELS = {
    "general": "Kế hoạch CCHC",
    "tthc": "Kế hoạch cải cách TTHC",
    "appendix": "Phụ lục",
    "amendment": "Sửa đổi, bổ sung",
}
TIMELINE_LABELS = {
    "continuous": "Thường xuyên",
    "recurring": "Định kỳ",
    "deadline": "Hạn chót",
    "window": "Trong khoảng",
    "conditional": "Khi có điều kiện",
    "relative": "Sau sự kiện",
    "scheduled": "Theo lịch",
    "unspecified": "Chưa rõ",
}


def _plans() -> Any:
    from cchc.services import plans

    return plans


def _units_of(db: Any, user: Any, locality_code: int | None) -> list[Any]:
    if locality_code is None:
        return []
    from cchc.kernel import localities

    return localities.list_units(db, user, locality_code=locality_code)


def _choices() -> dict[str, Any]:
    return {
        "areas": [a.value for a in Area],
        "timeline_kinds": TIMELINE_LABELS,
        "comparators": [c.value for c in Comparator],
        "plan_kinds": PLAN_KIND_LABELS,
    }


# ---- list and import -------------------------------------------------------------------


def plans_data(db: Any, user: Any, status: str | None) -> dict[str, Any]:
    st = PlanStatus(status) if status else None
    return {"plans": _plans().list_plans(db, user, locality_code=None, status=st), "status": status}


@twin_route(router, "/plans")
def list_plans(request: Request, db: Db, user: CurrentUser, status: PlanStatus | None = None) -> Response:
    data = plans_data(db, user, status.value if status else None)
    if not request.url.path.startswith("/api/"):
        data.update(_choices())
    return render(request, "plans/list.html", data)


@form_page("import_plan", form_id="import-form",
           fields={"file": "Văn bản kế hoạch", "kind": "Loại kế hoạch", "locality_code": "Mã xã/phường"},
           files={"file": (PLAN_TYPES, "Văn bản kế hoạch")})
def _plans_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    data = plans_data(db, user, None)
    data.update(_choices())
    data["duplicate_plans"] = getattr(request.state, "duplicate_plans", [])
    return "plans/list.html", data


@twin_route(router, "/plans/import", methods=["POST"])
def import_plan(
    request: Request,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    file: Annotated[UploadFile | None, File(description=".docx, .pdf, .txt or a scan (.png/.jpg/.tif)")] = None,
    kind: Annotated[str, Form()] = "general",
    locality_code: Annotated[int | None, Form()] = None,
    file_kept: Annotated[str | None, Form(max_length=64)] = None,
    as_new_version: Annotated[str | None, Form(max_length=5)] = None,
) -> Response:
    import hashlib

    from cchc.services.plans import PlanKind
    from cchc.services.plans.checks import import_duplicates

    if (file is None or not file.filename) and file_kept:
        name, content = kept_upload(settings.data_dir, file_kept, user_id=user.user_id,  # type: ignore[misc]
                                    label="Văn bản kế hoạch")
    else:
        name, content = read_upload(  # type: ignore[misc]
            file, max_bytes=settings.max_upload_bytes, allowed=PLAN_TYPES, label="Văn bản kế hoạch"
        )
    try:
        plan_kind = PlanKind(kind)
    except ValueError:
        raise InvalidInput(f"Loại kế hoạch «{kind}» không hợp lệ.", where="kind") from None
    code = locality_code if locality_code is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chưa chọn xã/phường cho kế hoạch.", where="locality_code")
    if not wants_json(request) and as_new_version != "1":
        same = import_duplicates(db, user, locality_code=code, sha256=hashlib.sha256(content).hexdigest())
        if same:
            names = "; ".join(f"«{p.number or p.title or p.id}» (#{p.id})" for p in same)
            request.state.duplicate_plans = same
            raise InvalidInput(
                f"Văn bản này đã được nhập cho xã/phường: {names}. Mở kế hoạch đó, hoặc chọn «Nhập như phiên bản mới».",
                where="file")
    plan = _plans().import_plan(
        db, user, content=content, filename=name, locality_code=code, kind=plan_kind, data_dir=settings.data_dir
    )
    drop_kept_upload(settings.data_dir, file_kept)
    return respond(
        request, {"plan": plan}, redirect_to=f"/plans/{plan.id}", flash="Đã nhập kế hoạch; hãy rà soát.",
        status_code=201,
    )


# ---- the workspace ---------------------------------------------------------------------


def plan_workspace(db: Any, user: Any, plan_id: int, *, with_source: bool) -> dict[str, Any]:
    """The plan with its tasks and indicators, the commune's units, and (for review) its source text."""
    plans = _plans()
    plan = plans.get_plan(db, user, plan_id=plan_id)
    data: dict[str, Any] = {"plan": plan, "units": _units_of(db, user, plan.locality_code)}
    if with_source:
        try:
            data["source_text"] = plans.plan_source_text(db, user, plan_id=plan_id)
        except (NotFound, ToolMissing) as exc:
            data["source_text"] = None
            data["source_error"] = exc.message
    return data


@twin_route(router, "/plans/{plan_id}")
def plan_detail(request: Request, db: Db, user: CurrentUser, plan_id: int, source: bool = True) -> Response:
    is_api = request.url.path.startswith("/api/")
    data = plan_workspace(db, user, plan_id, with_source=source and not is_api)
    if not is_api:
        data.update(_review_extras(db, user, data["plan"]))
    return render(request, "plans/detail.html", data)


def _review_extras(db: Any, user: Any, plan: Any) -> dict[str, Any]:
    """What the HTML review page adds: choices, warnings, the plans a publication would replace."""
    from cchc.services.plans.checks import plan_conflicts, plan_warnings

    extras: dict[str, Any] = dict(_choices())
    extras["can_edit"] = str(user.role) in ("standing_office", "admin")
    status = str(getattr(plan.status, "value", plan.status))
    extras["warnings"] = plan_warnings(db, user, plan_id=plan.id) if extras["can_edit"] and status == "draft" else []
    extras["conflicts"] = plan_conflicts(db, user, plan_id=plan.id) if extras["can_edit"] and status == "draft" else []
    live = [t for t in plan.tasks if str(getattr(t.status, "value", t.status)) != "cancelled"]
    extras["live_tasks"] = len(live)
    extras["lead_units"] = len({u.unit_id for t in live for u in t.lead})
    return extras


def _plan_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    """The review page behind a refused form of it."""
    data = plan_workspace(db, user, int(request.path_params["plan_id"]), with_source=True)
    data.update(_review_extras(db, user, data["plan"]))
    return "plans/detail.html", data


PLAN_FIELDS = {"number": "Số hiệu", "title": "Trích yếu", "issued_on": "Ngày ban hành", "period_start": "Từ ngày",
               "period_end": "Đến ngày", "kind": "Loại kế hoạch"}
form_page("update_plan", form_id="plan-form", fields=PLAN_FIELDS)(_plan_again)
form_page("publish_plan", form_id="publish-form", fields={"replace": "Thay thế"})(_plan_again)
form_page("close_plan", form_id="close-form", fields={})(_plan_again)


@twin_route(router, "/plans/{plan_id}/source")
def plan_source(request: Request, db: Db, user: CurrentUser, plan_id: int) -> Response:
    data = plan_workspace(db, user, plan_id, with_source=True)
    return render(request, "plans/source.html", {"plan_id": plan_id, "source_text": data["source_text"]})


@twin_route(router, "/plans/{plan_id}", methods=["POST"], name="update_plan")
def update_plan(request: Request, form: FormFields, db: Db, user: CurrentUser, plan_id: int, version: Version) -> Response:
    changes: dict[str, Any] = {}
    for key, label in (("number", "Số hiệu"), ("title", "Trích yếu")):
        if key in form:
            changes[key] = clean_text(str(form[key]), label, max_length=2000)
    for key, label in (("issued_on", "Ngày ban hành"), ("period_start", "Từ ngày"), ("period_end", "Đến ngày")):
        if key in form:
            changes[key] = parse_date(str(form[key]), label)
    if "kind" in form:
        if str(form["kind"]) not in PLAN_KIND_LABELS:
            raise InvalidInput(f"Loại kế hoạch «{form['kind']}» không hợp lệ.", where="kind")
        changes["kind"] = str(form["kind"])
    plan = _plans().update_plan(db, user, plan_id=plan_id, version=version, changes=changes)
    return respond(request, {"plan": plan}, redirect_to=f"/plans/{plan_id}", flash="Đã lưu.")


@twin_route(router, "/plans/{plan_id}/publish", methods=["POST"])
def publish_plan(request: Request, db: Db, user: CurrentUser, plan_id: int, version: Version,
                 replace: Annotated[str | None, Form(max_length=5)] = None) -> Response:
    # Pages apply the one-published-plan rule (a replacement is confirmed by a tick); the API when asked.
    rule = (replace == "1") if (replace is not None or not wants_json(request)) else None
    plan = _plans().publish_plan(db, user, plan_id=plan_id, version=version, replace=rule)
    return respond(request, {"plan": plan}, redirect_to=f"/plans/{plan_id}", flash="Đã ban hành kế hoạch.")


@twin_route(router, "/plans/{plan_id}/close", methods=["POST"])
def close_plan(request: Request, db: Db, user: CurrentUser, plan_id: int, version: Version) -> Response:
    plan = _plans().close_plan(db, user, plan_id=plan_id, version=version)
    return respond(request, {"plan": plan}, redirect_to=f"/plans/{plan_id}", flash="Đã đóng kế hoạch.")


@twin_route(router, "/plans/{plan_id}/reextract")
def reextract_preview(request: Request, db: Db, user: CurrentUser, plan_id: int) -> Response:
    diff = _plans().reextract_plan(db, user, plan_id=plan_id, apply=False)
    return render(request, "plans/diff.html", {"plan_id": plan_id, "diff": diff})


@twin_route(router, "/plans/{plan_id}/reextract", methods=["POST"], name="reextract_apply")
def reextract_apply(request: Request, db: Db, user: CurrentUser, plan_id: int) -> Response:
    diff = _plans().reextract_plan(db, user, plan_id=plan_id, apply=True)
    return respond(request, {"diff": diff}, redirect_to=f"/plans/{plan_id}", flash="Đã áp dụng kết quả trích xuất lại.")


# ---- tasks of a draft ------------------------------------------------------------------

_TASK_TEXT = {
    "ref": ("Số thứ tự", 50),
    "objective": ("Mục tiêu", 5000),
    "task": ("Nhiệm vụ", 5000),
    "activity": ("Hoạt động", 5000),
    "output": ("Sản phẩm", 2000),
    "funding": ("Kinh phí", 2000),
    "timeline_raw": ("Thời gian (nguyên văn)", 500),
    "every": ("Chu kỳ", 20),
}
_TASK_DATES = {"start_on": "Từ ngày", "end_on": "Đến ngày", "due_on": "Thời hạn"}


def task_changes(form: Any) -> dict[str, Any]:
    """The task fields present in a submitted form, checked and converted."""
    changes: dict[str, Any] = {}
    for key, (label, length) in _TASK_TEXT.items():
        if key in form:
            changes[key] = clean_text(str(form[key]), label, max_length=length, required=key == "task")
    for key, label in _TASK_DATES.items():
        if key in form:
            changes[key] = parse_date(str(form[key]), label)
    if "area" in form:
        try:
            changes["area"] = Area(str(form["area"]))
        except ValueError:
            raise InvalidInput(f"Lĩnh vực «{form['area']}» không hợp lệ.", where="area") from None
    if "timeline_kind" in form:
        try:
            changes["timeline_kind"] = TimelineKind(str(form["timeline_kind"]))
        except ValueError:
            raise InvalidInput(f"Loại thời hạn «{form['timeline_kind']}» không hợp lệ.", where="timeline_kind") from None
    if "offset_days" in form:
        changes["offset_days"] = parse_int(str(form["offset_days"]), "Số ngày sau sự kiện", low=0, high=3650)
    if "parent_id" in form:
        changes["parent_id"] = parse_int(str(form["parent_id"]), "Nhiệm vụ cha", low=1)
    for key, label in (("lead_unit_ids", "Đơn vị chủ trì"), ("support_unit_ids", "Đơn vị phối hợp")):
        if key in form or f"{key}_present" in form:
            changes[key] = parse_ids([str(v) for v in form.getlist(key)], label)
    return changes


def refuse_ignored_due(changes: dict[str, Any], current_kind: Any = None) -> None:
    """A due date means nothing for a recurring or continuous task: refused instead of silently dropped."""
    kind = changes.get("timeline_kind", current_kind)
    kind = str(getattr(kind, "value", kind) or "")
    if changes.get("due_on") is not None and kind in ("recurring", "continuous"):
        label = TIMELINE_LABELS[kind]
        raise InvalidInput(
            f"Nhiệm vụ «{label}» không có một thời hạn cố định: xóa «Thời hạn», hoặc đổi loại thời hạn "
            "thành «Hạn chót».", where="due_on")


def _version(form: Any) -> int:
    v = parse_int(str(form.get("version", "")), "Phiên bản", required=True, low=0)
    assert v is not None
    return v


@twin_route(router, "/plans/{plan_id}/tasks", methods=["POST"], name="add_task")
def add_task(request: Request, form: FormFields, db: Db, user: CurrentUser, plan_id: int) -> Response:
    fields = task_changes(form)
    refuse_ignored_due(fields)
    if not fields.get("task"):
        raise InvalidInput("Trường «Nhiệm vụ» không được để trống.", where="task")
    task = _plans().add_task(db, user, plan_id=plan_id, fields=fields)
    return respond(request, {"task": task}, redirect_to=f"/plans/{plan_id}#task-{task.id}", flash="Đã thêm nhiệm vụ.",
                   status_code=201)


def task_row_data(db: Any, user: Any, task_id: int) -> dict[str, Any]:
    from cchc.services import tasks

    detail = tasks.get_task(db, user, task_id=task_id)
    return {"t": detail.task}


@router.get("/plans/tasks/{task_id}/row", include_in_schema=False)
def task_row(request: Request, db: Db, user: CurrentUser, task_id: int) -> Response:
    data = task_row_data(db, user, task_id)
    data["can_edit"] = True
    return render(request, "plans/_task_row.html", data)


@router.get("/plans/tasks/{task_id}/edit", include_in_schema=False)
def task_edit_form(request: Request, db: Db, user: CurrentUser, task_id: int) -> Response:
    data = task_row_data(db, user, task_id)
    plan = _plans().get_plan(db, user, plan_id=data["t"].plan_id)
    data.update(_choices())
    data["units"] = _units_of(db, user, plan.locality_code)
    return render(request, "plans/_task_edit.html", data)


TASK_FIELDS_LABELS = {
    **{k: v[0] for k, v in _TASK_TEXT.items()}, **_TASK_DATES, "area": "Lĩnh vực", "timeline_kind": "Loại thời hạn",
    "lead_unit_ids": "Đơn vị chủ trì", "support_unit_ids": "Đơn vị phối hợp", "offset_days": "Số ngày sau sự kiện",
}


@form_page("update_task", form_id="task-{task_id}", fields=TASK_FIELDS_LABELS)
def _task_edit_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    """The inline edit row again (inside a page of its own when the browser runs no script)."""
    task_id = int(request.path_params["task_id"])
    data = task_row_data(db, user, task_id)
    plan = _plans().get_plan(db, user, plan_id=data["t"].plan_id)
    data.update(_choices())
    data["units"] = _units_of(db, user, plan.locality_code)
    data["plan"] = plan
    return ("plans/_task_edit.html" if is_htmx(request) else "plans/task_edit_page.html"), data


form_page("add_task", form_id="add-task-form", fields=TASK_FIELDS_LABELS)(_plan_again)


@twin_route(router, "/plans/tasks/{task_id}", methods=["POST"], name="update_task")
def update_task(request: Request, form: FormFields, db: Db, user: CurrentUser, task_id: int) -> Response:
    changes = task_changes(form)
    if changes.get("due_on") is not None:
        refuse_ignored_due(changes, task_row_data(db, user, task_id)["t"].timeline_kind)
    task = _plans().update_task(db, user, task_id=task_id, version=_version(form), changes=changes)
    return respond(request, {"task": task, "t": task, "can_edit": True}, redirect_to=f"/plans/{task.plan_id}#task-{task.id}",
                   flash="Đã lưu.", fragment="plans/_task_row.html")


@twin_route(router, "/plans/tasks/{task_id}/delete", methods=["POST"], name="delete_task")
def delete_task(request: Request, db: Db, user: CurrentUser, task_id: int, version: Version,
                plan_id: Annotated[int, Form()]) -> Response:
    _plans().delete_task(db, user, task_id=task_id, version=version)
    if request.headers.get("hx-request") == "true" and not request.url.path.startswith("/api/"):
        return Response(status_code=200, content="")
    return respond(request, {"deleted": task_id}, redirect_to=f"/plans/{plan_id}", flash="Đã xóa nhiệm vụ.")


@twin_route(router, "/plans/{plan_id}/merge", methods=["POST"], name="merge_tasks")
def merge_tasks(request: Request, form: FormFields, db: Db, user: CurrentUser, plan_id: int) -> Response:
    ids = parse_ids([str(v) for v in form.getlist("task_ids")], "Nhiệm vụ cần gộp")
    if len(ids) < 2:
        raise InvalidInput("Chọn ít nhất hai nhiệm vụ để gộp.", where="task_ids")
    task = _plans().merge_tasks(db, user, task_ids=ids)
    return respond(request, {"task": task}, redirect_to=f"/plans/{plan_id}#task-{task.id}", flash="Đã gộp nhiệm vụ.")


@twin_route(router, "/plans/tasks/{task_id}/split", methods=["POST"], name="split_task")
def split_task(request: Request, db: Db, user: CurrentUser, task_id: int, version: Version,
               parts: Annotated[str, Form(description="one part per line", max_length=20000)]) -> Response:
    pieces = [p.strip() for p in parts.splitlines() if p.strip()]
    if len(pieces) < 2:
        raise InvalidInput("Nhập ít nhất hai phần, mỗi phần một dòng, để tách nhiệm vụ.", where="parts")
    tasks = _plans().split_task(db, user, task_id=task_id, version=version, parts=pieces)
    plan_id = tasks[0].plan_id if tasks else 0
    return respond(request, {"tasks": tasks}, redirect_to=f"/plans/{plan_id}", flash="Đã tách nhiệm vụ.")


# ---- indicators of a draft -------------------------------------------------------------


def indicator_changes(form: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, label, length in (("ref", "Số thứ tự", 50), ("name", "Tên chỉ tiêu", 2000), ("unit", "Đơn vị tính", 50),
                               ("metric", "Mã chỉ số", 100)):
        if key in form:
            changes[key] = clean_text(str(form[key]), label, max_length=length, required=key == "name")
    if "comparator" in form:
        if str(form["comparator"]) not in {c.value for c in Comparator}:
            raise InvalidInput(f"Phép so sánh «{form['comparator']}» không hợp lệ.", where="comparator")
        changes["comparator"] = Comparator(str(form["comparator"]))
    if "target" in form:
        changes["target"] = parse_float(str(form["target"]), "Mục tiêu", required=True)
    for key, label in (("period_start", "Từ ngày"), ("period_end", "Đến ngày")):
        if key in form:
            changes[key] = parse_date(str(form[key]), label)
    if "responsible_unit_ids" in form or "responsible_unit_ids_present" in form:
        changes["responsible_unit_ids"] = parse_ids([str(v) for v in form.getlist("responsible_unit_ids")],
                                                    "Đơn vị chịu trách nhiệm")
    return changes


@twin_route(router, "/plans/{plan_id}/indicators", methods=["POST"], name="add_indicator")
def add_indicator(request: Request, form: FormFields, db: Db, user: CurrentUser, plan_id: int) -> Response:
    fields = indicator_changes(form)
    if not fields.get("name"):
        raise InvalidInput("Trường «Tên chỉ tiêu» không được để trống.", where="name")
    if fields.get("target") is None:
        raise InvalidInput("Trường «Mục tiêu» không được để trống.", where="target")
    ind = _plans().add_indicator(db, user, plan_id=plan_id, fields=fields)
    return respond(request, {"indicator": ind}, redirect_to=f"/plans/{plan_id}#indicators", flash="Đã thêm chỉ tiêu.",
                   status_code=201)


@twin_route(router, "/plans/indicators/{indicator_id}", methods=["POST"], name="update_indicator")
def update_indicator(request: Request, form: FormFields, db: Db, user: CurrentUser, indicator_id: int) -> Response:
    ind = _plans().update_indicator(db, user, indicator_id=indicator_id, version=_version(form),
                                    changes=indicator_changes(form))
    return respond(request, {"indicator": ind}, redirect_to=f"/plans/{ind.plan_id}#indicators", flash="Đã lưu.")


@twin_route(router, "/plans/indicators/{indicator_id}/delete", methods=["POST"], name="delete_indicator")
def delete_indicator(request: Request, db: Db, user: CurrentUser, indicator_id: int, version: Version,
                     plan_id: Annotated[int, Form()]) -> Response:
    _plans().delete_indicator(db, user, indicator_id=indicator_id, version=version)
    return respond(request, {"deleted": indicator_id}, redirect_to=f"/plans/{plan_id}#indicators",
                   flash="Đã xóa chỉ tiêu.")
