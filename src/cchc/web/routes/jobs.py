"""Background jobs on the web: a job's progress (htmx fragment polled every second, JSON twin), retry,
and the report page's "Tạo báo cáo" as a job.

    GET  /jobs/{id}            the job: a fragment for htmx, a page otherwise; /api/jobs/{id} as JSON
    POST /jobs/{id}/retry      queue a failed job again
    POST /reports/jobs         queue a new version of a report (locality, period, key)
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.web.deps import CurrentUser, Db
from cchc.web.rendering import is_htmx, render, respond, twin_route

router = APIRouter(tags=["jobs"])

STATUS_LABELS = {
    "queued": "Đang chờ",
    "running": "Đang chạy",
    "succeeded": "Hoàn thành",
    "failed": "Thất bại",
}
_FORMATS = (("docx", "Word"), ("xlsx", "Excel"), ("pdf", "PDF"))


def new_key() -> str:
    """A fresh idempotency key for a form: submitting that form twice makes one job."""
    return secrets.token_urlsafe(12)


def report_form(locality_code: int, period: str, *, disabled: bool) -> dict[str, Any]:
    return {"locality_code": locality_code, "period": period, "key": new_key(), "disabled": disabled}


def _can_submit(db: Any, user: Any, job: Any) -> bool:
    from cchc.domain.errors import CchcError
    from cchc.jobs import queue as jobs

    try:
        jobs.kind_of(job.kind).authorize(db, user, dict(job.args))
    except CchcError:
        return False
    return True


def job_view(db: Any, user: Any, job: Any, *, polled: bool = False) -> dict[str, Any]:
    """What the job fragment shows besides the job: labels, result links, whether to offer a retry."""
    from cchc.jobs import queue as jobs
    from cchc.reporting.job_kinds import REPORT_GENERATE

    kind = jobs.load_kinds().get(job.kind)
    links: list[dict[str, str]] = []
    form = None
    if job.kind == REPORT_GENERATE:
        result = job.result or {}
        if job.status.value == "succeeded" and result.get("version"):
            base = f"/reports/{result['locality_code']}/{result['period']}/v{result['version']}"
            links = [{"href": f"{base}.{fmt}", "label": label} for fmt, label in _FORMATS
                     if fmt in result.get("files", {}) or fmt == "pdf"]
        if polled and not job.active:
            # The finished job gives the report page its button back (with a key for the next version).
            form = report_form(int(job.args["locality_code"]), str(job.args["period"]), disabled=False)
    return {
        "kind_label": kind.label if kind else job.kind,
        "status_label": STATUS_LABELS.get(job.status.value, job.status.value),
        "links": links,
        "can_retry": job.status.value == "failed" and _can_submit(db, user, job),
        "oob_form": form,
    }


def recent_jobs(db: Any, user: Any, locality_code: int, limit: int = 5) -> list[dict[str, Any]]:
    """The commune's latest jobs (any kind), newest first, for the list on its pages."""
    from cchc.jobs import queue as jobs

    kinds = jobs.load_kinds()
    return [{"job": j, "kind_label": kinds[j.kind].label if j.kind in kinds else j.kind,
             "status_label": STATUS_LABELS.get(j.status.value, j.status.value)}
            for j in jobs.list_jobs(db, user, locality_code=locality_code, limit=limit)]


def report_job_data(db: Any, user: Any, locality_code: int, period: str) -> dict[str, Any]:
    """The report page's part: the generate form, the report's latest job when running or failed, recent jobs."""
    from cchc.jobs.queue import list_jobs
    from cchc.reporting.job_kinds import REPORT_GENERATE

    latest = next((j for j in list_jobs(db, user, locality_code=locality_code, kind=REPORT_GENERATE, limit=20)
                   if j.args.get("period") == period), None)
    shown = latest if latest is not None and latest.status.value != "succeeded" else None
    return {
        "report_form": report_form(locality_code, period, disabled=bool(shown and shown.active)),
        "report_job": {"job": shown, "view": job_view(db, user, shown)} if shown else None,
        "recent_jobs": recent_jobs(db, user, locality_code),
    }


@twin_route(router, "/jobs/{job_id}", name="job_status")
def job_status(request: Request, db: Db, user: CurrentUser, job_id: int) -> Response:
    """Tình trạng một công việc nền: tiến độ, kết quả hoặc lỗi."""
    from cchc.jobs import queue as jobs

    job = jobs.get_job(db, user, job_id=job_id)
    data = {"job": job, "view": job_view(db, user, job, polled=is_htmx(request))}
    return render(request, "jobs/_job.html" if is_htmx(request) else "jobs/detail.html", data)


@twin_route(router, "/jobs/{job_id}/retry", methods=["POST"], name="retry_job")
def retry_job(request: Request, db: Db, user: CurrentUser, job_id: int) -> Response:
    """Chạy lại một công việc đã thất bại."""
    from cchc.jobs import queue as jobs

    job = jobs.retry(db, user, job_id=job_id)
    return respond(request, {"job": job, "view": job_view(db, user, job)}, redirect_to=f"/jobs/{job.id}",
                   flash="Đã đưa công việc vào hàng đợi để chạy lại.", fragment="jobs/_job.html")


@twin_route(router, "/reports/jobs", methods=["POST"], name="submit_report_job")
def submit_report_job(
    request: Request,
    db: Db,
    user: CurrentUser,
    locality: Annotated[int | None, Form()] = None,
    period: Annotated[str | None, Form(max_length=20)] = None,
    key: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    """Tạo một phiên bản báo cáo mới dưới dạng công việc nền; trả về công việc (đang chờ/đang chạy)."""
    from cchc.reporting.job_kinds import submit_report_job as submit

    code = locality if locality is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường của báo cáo.", where="locality")
    if not period:
        raise InvalidInput("Chọn kỳ báo cáo.", where="period")
    if user.role not in ("standing_office", "admin"):
        raise PermissionDenied("Chỉ bộ phận thường trực CCHC của xã/phường được phép tạo báo cáo.")
    job = submit(db, user, locality_code=int(code), period=period,
                 key=key or request.headers.get("idempotency-key"))
    if is_htmx(request):
        return render(request, "reports/_generate.html", {
            "report_form": report_form(int(code), str(job.args["period"]), disabled=job.active),
            "report_job": {"job": job, "view": job_view(db, user, job)},
        })
    return respond(request, {"job": job}, redirect_to=f"/reports?locality={code}&period={job.args['period']}",
                   status_code=202, flash=f"Đã đưa việc tạo báo cáo vào hàng đợi (công việc số {job.id}).")
