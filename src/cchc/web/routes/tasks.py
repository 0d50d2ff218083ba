"""Tasks: my tasks this period, the task page with its history, progress reports, contributions, triggers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.domain.statuses import TaskStatus
from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.forms import (
    FormCheck,
    clean_text,
    drop_kept_upload,
    form_page,
    kept_upload,
    parse_date,
    parse_int,
    parse_period,
    parse_period_field,
)
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import EVIDENCE_TYPES, read_upload

router = APIRouter(tags=["tasks"])

REPORTABLE = [s for s in TaskStatus if not s.is_computed]


def my_tasks_data(db: Any, user: Any, period: str | None, unit_id: int | None) -> dict[str, Any]:
    from cchc.services import tasks

    code = parse_period(period)
    items = tasks.my_tasks(db, user, unit_id=unit_id, period=code)
    due = [m for m in items if m.report_due]
    return {"period": code, "items": items, "due_count": len(due)}


@twin_route(router, "/tasks/mine")
def my_tasks(request: Request, db: Db, user: CurrentUser, period: str | None = None,
             unit_id: int | None = None, locality_code: int | None = None) -> Response:
    if unit_id is None and user.unit_id is None and not request.url.path.startswith("/api/"):
        from cchc.kernel import localities
        from cchc.web.choosers import locality_chooser, needs_locality

        if needs_locality(request, user, locality_code):
            return locality_chooser(request, db, user, title="Nhiệm vụ theo đơn vị", path="/tasks/mine",
                                    param="locality_code", extra={"period": period or ""})
        code = locality_code if locality_code is not None else user.locality_code
        units = localities.list_units(db, user, locality_code=code)
        return render(request, "tasks/choose_unit.html", {"units": units, "period": parse_period(period)})
    data = my_tasks_data(db, user, period, unit_id)
    data["unit_id"] = unit_id
    return render(request, "tasks/mine.html", data)


def task_page_data(db: Any, user: Any, task_id: int) -> dict[str, Any]:
    from cchc.kernel import audit
    from cchc.services import tasks

    detail = tasks.get_task(db, user, task_id=task_id)
    history = audit.audit_history(db, user, entity="task", entity_id=task_id)
    return {"detail": detail, "history": history}


def _task_page_html(db: Any, user: Any, task_id: int, period: str | None) -> dict[str, Any]:
    data = task_page_data(db, user, task_id)
    try:
        data["period"] = parse_period(period)
    except InvalidInput:
        data["period"] = parse_period(None)
    data["statuses"] = REPORTABLE
    data["unit_ids"] = {u.unit_id for u in data["detail"].task.lead} | {u.unit_id for u in data["detail"].task.support}
    data["is_lead"] = user.unit_id in {u.unit_id for u in data["detail"].task.lead}
    data["is_support"] = user.unit_id in {u.unit_id for u in data["detail"].task.support}
    return data


@twin_route(router, "/tasks/{task_id}")
def task_page(request: Request, db: Db, user: CurrentUser, task_id: int, period: str | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return render(request, "tasks/detail.html", task_page_data(db, user, task_id))
    return render(request, "tasks/detail.html", _task_page_html(db, user, task_id, period))


def _task_page_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    """The task page behind a refused form of it (the period the user had open)."""
    return "tasks/detail.html", _task_page_html(db, user, int(request.path_params["task_id"]),
                                                request.query_params.get("period"))


REPORT_FIELDS = {
    "period": "Kỳ báo cáo", "status": "Trạng thái", "percent": "Tiến độ (%)", "results": "Kết quả",
    "difficulties": "Khó khăn, vướng mắc", "proposals": "Đề xuất, kiến nghị", "done_on": "Ngày hoàn thành",
    "evidence_number": "Số văn bản minh chứng", "evidence_date": "Ngày văn bản", "evidence_file": "Tệp minh chứng",
    "unit_id": "Đơn vị", "version": "Phiên bản",
}
form_page("submit_progress", form_id="report-form", fields=REPORT_FIELDS,
          files={"evidence_file": (EVIDENCE_TYPES, "Tệp minh chứng")})(_task_page_again)
form_page("add_contribution", form_id="contribution-form",
          fields={"text": "Nội dung đóng góp", "evidence_number": "Số văn bản minh chứng",
                  "evidence_date": "Ngày văn bản", "period": "Kỳ báo cáo"})(_task_page_again)
form_page("set_task_status", form_id="status-form",
          fields={"status": "Trạng thái", "reason": "Lý do", "version": "Phiên bản"})(_task_page_again)
form_page("record_trigger", form_id="trigger-form",
          fields={"occurred_on": "Ngày xảy ra", "description": "Sự kiện", "due_on": "Thời hạn"})(_task_page_again)
form_page("request_extension", form_id="extension-form",
          fields={"new_due_on": "Hạn mới", "reason": "Lý do"})(_task_page_again)


@twin_route(router, "/tasks/{task_id}/report", methods=["POST"], name="submit_progress")
def submit_progress(
    request: Request,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    task_id: int,
    period: Annotated[str, Form(max_length=20)],
    status: Annotated[str, Form(max_length=30)],
    percent: Annotated[str, Form(max_length=10)],
    results: Annotated[str, Form(max_length=20000)],
    difficulties: Annotated[str | None, Form(max_length=20000)] = None,
    proposals: Annotated[str | None, Form(max_length=20000)] = None,
    done_on: Annotated[str | None, Form(max_length=20)] = None,
    evidence_number: Annotated[str | None, Form(max_length=200)] = None,
    evidence_date: Annotated[str | None, Form(max_length=20)] = None,
    unit_id: Annotated[int | None, Form()] = None,
    version: Annotated[int | None, Form(ge=0)] = None,
    evidence_file: Annotated[UploadFile | None, File()] = None,
    evidence_file_kept: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    from cchc.services import progress

    check = FormCheck()
    task_status = None
    try:
        task_status = TaskStatus(status)
        if task_status.is_computed:
            check.add(InvalidInput("Trạng thái «quá hạn»/«hoàn thành muộn» do hệ thống tự tính, không chọn được.",
                                   where="status"))
    except ValueError:
        check.add(InvalidInput(f"Trạng thái «{status}» không hợp lệ.", where="status"))
    upload = check.check(read_upload, evidence_file, max_bytes=settings.max_upload_bytes, allowed=EVIDENCE_TYPES,
                         label="Tệp minh chứng", required=False, field="evidence_file")
    if upload is None and evidence_file_kept and not (evidence_file and evidence_file.filename):
        upload = check.check(kept_upload, settings.data_dir, evidence_file_kept, user_id=user.user_id,
                             label="Tệp minh chứng", field="evidence_file")
    code = check.check(parse_period_field, period, "Kỳ báo cáo", field="period")
    pct = check.check(parse_int, percent, "Tiến độ (%)", required=True, low=0, high=100, field="percent")
    text = check.check(clean_text, results, "Kết quả", required=True, field="results")
    diff = check.check(clean_text, difficulties, "Khó khăn, vướng mắc", field="difficulties")
    prop = check.check(clean_text, proposals, "Đề xuất, kiến nghị", field="proposals")
    done = check.check(parse_date, done_on, "Ngày hoàn thành", field="done_on")
    number = check.check(clean_text, evidence_number, "Số văn bản minh chứng", max_length=200, field="evidence_number")
    ev_date = check.check(parse_date, evidence_date, "Ngày văn bản", field="evidence_date")
    check.done()
    report = progress.submit_progress(
        db, user,
        task_id=task_id,
        period=code,
        status=task_status,
        percent=pct,
        results=text,
        unit_id=unit_id,
        difficulties=diff,
        proposals=prop,
        done_on=done,
        evidence_number=number,
        evidence_date=ev_date,
        evidence_file=upload,
        version=version,
        data_dir=settings.data_dir,
    )
    drop_kept_upload(settings.data_dir, evidence_file_kept)
    return respond(request, {"report": report}, redirect_to=f"/tasks/{task_id}", flash="Đã gửi báo cáo tiến độ.",
                   status_code=201)


@twin_route(router, "/tasks/{task_id}/contributions", methods=["POST"], name="add_contribution")
def add_contribution(
    request: Request,
    db: Db,
    user: CurrentUser,
    task_id: int,
    period: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=20000)],
    unit_id: Annotated[int | None, Form()] = None,
    evidence_number: Annotated[str | None, Form(max_length=200)] = None,
    evidence_date: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    from cchc.services import progress

    contribution = progress.add_contribution(
        db, user, task_id=task_id, period=parse_period(period), text=clean_text(text, "Nội dung đóng góp", required=True),
        unit_id=unit_id, evidence_number=clean_text(evidence_number, "Số văn bản minh chứng", max_length=200),
        evidence_date=parse_date(evidence_date, "Ngày văn bản"),
    )
    return respond(request, {"contribution": contribution}, redirect_to=f"/tasks/{task_id}",
                   flash="Đã thêm đóng góp.", status_code=201)


@twin_route(router, "/tasks/{task_id}/status", methods=["POST"], name="set_task_status")
def set_task_status(
    request: Request, db: Db, user: CurrentUser, task_id: int,
    version: Annotated[int, Form(ge=0)],
    status: Annotated[str, Form(max_length=30)],
    reason: Annotated[str | None, Form(max_length=5000)] = None,
) -> Response:
    from cchc.services import tasks

    try:
        st = TaskStatus(status)
    except ValueError:
        raise InvalidInput(f"Trạng thái «{status}» không hợp lệ.", where="status") from None
    task = tasks.set_task_status(db, user, task_id=task_id, version=version, status=st,
                                 reason=clean_text(reason, "Lý do"))
    return respond(request, {"task": task}, redirect_to=f"/tasks/{task_id}", flash="Đã cập nhật trạng thái.")


@twin_route(router, "/tasks/{task_id}/trigger", methods=["POST"], name="record_trigger")
def record_trigger(
    request: Request, db: Db, user: CurrentUser, task_id: int,
    occurred_on: Annotated[str, Form(max_length=20)],
    description: Annotated[str, Form(max_length=5000)],
    due_on: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    from cchc.services import tasks

    task = tasks.record_trigger(
        db, user, task_id=task_id, occurred_on=parse_date(occurred_on, "Ngày xảy ra", required=True),
        description=clean_text(description, "Sự kiện", required=True), due_on=parse_date(due_on, "Thời hạn"),
    )
    return respond(request, {"task": task}, redirect_to=f"/tasks/{task_id}", flash="Đã ghi nhận sự kiện.")


@twin_route(router, "/tasks/{task_id}/extensions", methods=["POST"], name="request_extension")
def request_extension(
    request: Request, db: Db, user: CurrentUser, task_id: int,
    new_due_on: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=5000)],
) -> Response:
    from cchc.services import extensions

    ext = extensions.request_extension(
        db, user, task_id=task_id, new_due_on=parse_date(new_due_on, "Hạn mới", required=True),
        reason=clean_text(reason, "Lý do", required=True),
    )
    return respond(request, {"extension": ext}, redirect_to=f"/tasks/{task_id}", flash="Đã gửi đề nghị gia hạn.",
                   status_code=201)
