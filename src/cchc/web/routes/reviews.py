"""The standing office's review queue: accept or return submitted progress reports; evidence files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import FileResponse, Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput, NotFound
from cchc.domain.statuses import ReviewStatus
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import clean_text, form_page
from cchc.web.rendering import render, respond, twin_route, wants_json

router = APIRouter(tags=["reviews"])


def review_queue_data(db: Any, user: Any, status: ReviewStatus) -> dict[str, Any]:
    from cchc.services import progress

    return {"reports": progress.list_reports(db, user, review_status=status), "review_status": status.value}


def _task_titles(db: Any, user: Any, reports: list[Any]) -> dict[int, Any]:
    """The task of each report in the queue (for its title on the page)."""
    from cchc.services import tasks

    return dict(tasks.task_titles(db, user, [r.task_id for r in reports]))


@twin_route(router, "/reviews")
def review_queue(request: Request, db: Db, user: CurrentUser,
                 status: ReviewStatus = ReviewStatus.SUBMITTED) -> Response:
    data = review_queue_data(db, user, status)
    if not request.url.path.startswith("/api/"):
        data["tasks"] = _task_titles(db, user, data["reports"])
    return render(request, "tasks/reviews.html", data)


@form_page("review_report", form_id="review-{report_id}",
           fields={"comment": "Ý kiến", "decision": "Quyết định", "version": "Phiên bản"})
def _review_queue_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    data = review_queue_data(db, user, ReviewStatus.SUBMITTED)
    data["tasks"] = _task_titles(db, user, data["reports"])
    return "tasks/reviews.html", data


@twin_route(router, "/reviews/{report_id}", methods=["POST"], name="review_report")
def review_report(
    request: Request, db: Db, user: CurrentUser, report_id: int,
    version: Annotated[int, Form(ge=0)],
    decision: Annotated[str, Form(max_length=20)],
    comment: Annotated[str | None, Form(max_length=5000)] = None,
) -> Response:
    from cchc.services import progress

    if decision not in (ReviewStatus.ACCEPTED.value, ReviewStatus.RETURNED.value):
        raise InvalidInput(f"Quyết định «{decision}» không hợp lệ (accepted hoặc returned).", where="decision")
    if decision == ReviewStatus.RETURNED.value and not (comment or "").strip() and not wants_json(request):
        raise InvalidInput("Khi trả lại báo cáo, hãy ghi ý kiến để đơn vị biết cần sửa gì.", where="comment")
    report = progress.review_progress(db, user, report_id=report_id, version=version,
                                      decision=ReviewStatus(decision), comment=clean_text(comment, "Ý kiến"))
    msg = "Đã chấp nhận báo cáo." if decision == "accepted" else "Đã trả lại báo cáo."
    return respond(request, {"report": report}, redirect_to="/reviews", flash=msg)


@router.get("/reports/{report_id}/evidence", summary="Download a report's evidence file")
@router.get("/api/reports/{report_id}/evidence", include_in_schema=False)
def evidence_file(db: Db, user: CurrentUser, report_id: int) -> Response:
    from cchc.services import progress

    path = progress.evidence_path(db, user, report_id=report_id)
    if path is None or not path.is_file():
        raise NotFound("Báo cáo này không có tệp minh chứng.")
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")
