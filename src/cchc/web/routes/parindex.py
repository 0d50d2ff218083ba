"""The PAR-index self-assessment (Chỉ số CCHC): the commune's scores and evidence, the city's appraisal, the ranking."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.kernel.actor import Role
from cchc.web.deps import AppSettings, CurrentUser, Db, FormFields
from cchc.web.forms import clean_text, parse_int
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import EVIDENCE_TYPES, TABLE_TYPES, read_upload

router = APIRouter(tags=["parindex"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(year: int | None) -> int:
    return year if year is not None else date.today().year


def index_data(db: Any, user: Any, year: int, locality_code: int | None) -> dict[str, Any]:
    from cchc import parindex

    data: dict[str, Any] = {"year": year, "assessment": None, "ranking": None, "locality_code": locality_code}
    code = locality_code if locality_code is not None else user.locality_code
    if code is not None:
        data["assessment"] = parindex.find_assessment(db, user, locality_code=code, year=year)
        data["locality_code"] = code
    if user.role in (Role.CITY_REVIEWER, Role.ADMIN) and (user.province_code is not None or locality_code is None):
        if user.province_code is not None:
            data["ranking"] = parindex.ranking(db, user, province_code=user.province_code, year=year)
    return data


@twin_route(router, "/parindex")
def parindex_index(request: Request, db: Db, user: CurrentUser, year: int | None = None,
                   locality_code: int | None = None) -> Response:
    return render(request, "parindex/index.html", index_data(db, user, _year(year), locality_code))


@twin_route(router, "/parindex/ranking")
def parindex_ranking(request: Request, db: Db, user: CurrentUser, year: int | None = None,
                     province_code: int | None = None) -> Response:
    from cchc import parindex

    table = parindex.ranking(db, user, province_code=province_code, year=_year(year))
    return render(request, "parindex/ranking.html", {"ranking": table, "year": table.year})


@twin_route(router, "/parindex/prefill", methods=["POST"], name="parindex_prefill")
def parindex_prefill(request: Request, db: Db, user: CurrentUser, settings: AppSettings,
                     year: Annotated[int, Form(ge=2000, le=2100)],
                     locality_code: Annotated[int | None, Form()] = None) -> Response:
    from cchc import parindex

    code = locality_code if locality_code is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường.", where="locality_code")
    view = parindex.prefill(db, user, locality_code=code, year=year, data_dir=settings.data_dir,
                            due_day=settings.report_due_day)
    return respond(request, {"assessment": view}, redirect_to=f"/parindex/assessments/{view.id}",
                   flash="Đã tính điểm đề xuất từ số liệu của xã/phường.", status_code=201)


def assessment_data(db: Any, user: Any, assessment_id: int) -> dict[str, Any]:
    from cchc import parindex

    view = parindex.get_assessment(db, user, assessment_id=assessment_id)
    own = user.role in (Role.STANDING_OFFICE, Role.ADMIN) and (user.is_admin or user.locality_code == view.locality_code)
    appraiser = user.role is Role.ADMIN or (user.role is Role.CITY_REVIEWER and user.province_code == view.province_code)
    editable = own and view.status.value in ("draft", "returned")
    return {"assessment": view, "can_edit": editable, "can_appraise": appraiser and view.status.value == "submitted",
            "can_survey": appraiser and view.status.value in ("submitted", "appraised")}


@twin_route(router, "/parindex/assessments/{assessment_id}")
def parindex_assessment(request: Request, db: Db, user: CurrentUser, assessment_id: int) -> Response:
    return render(request, "parindex/assessment.html", assessment_data(db, user, assessment_id))


@twin_route(router, "/parindex/assessments/{assessment_id}/history")
def parindex_history(request: Request, db: Db, user: CurrentUser, assessment_id: int) -> Response:
    from cchc import parindex

    events = parindex.history(db, user, assessment_id=assessment_id)
    return render(request, "parindex/history.html", {"events": events, "assessment_id": assessment_id})


@twin_route(router, "/parindex/scores/{score_id}/correct", methods=["POST"], name="parindex_correct")
def parindex_correct(request: Request, db: Db, user: CurrentUser, score_id: int,
                     score: Annotated[str, Form(max_length=20)],
                     reason: Annotated[str | None, Form(max_length=5000)] = None,
                     version: Annotated[int | None, Form(ge=0)] = None,
                     assessment_id: Annotated[int | None, Form()] = None) -> Response:
    from cchc import parindex

    row = parindex.correct_score(db, user, score_id=score_id, score=score, reason=clean_text(reason, "Lý do"),
                                 version=version)
    back = f"/parindex/assessments/{assessment_id}#c-{row.code}" if assessment_id else "/parindex"
    return respond(request, {"criterion": row}, redirect_to=back, flash=f"Đã lưu điểm tự chấm tiêu chí {row.ref}.")


@router.post("/parindex/scores/{score_id}/evidence", name="parindex_evidence", include_in_schema=False)
@router.post("/api/parindex/scores/{score_id}/evidence", name="api_parindex_evidence")
def parindex_evidence(request: Request, db: Db, user: CurrentUser, settings: AppSettings, score_id: int,
                            progress_report_id: Annotated[str | None, Form(max_length=20)] = None,
                            description: Annotated[str | None, Form(max_length=2000)] = None,
                            assessment_id: Annotated[int | None, Form()] = None,
                            file: Annotated[UploadFile | None, File()] = None) -> Response:
    from cchc import parindex

    upload = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=EVIDENCE_TYPES,
                               label="Tệp minh chứng", required=False)
    report_id = parse_int(progress_report_id, "Số báo cáo tiến độ", low=1) if progress_report_id else None
    ev = parindex.add_evidence(db, user, score_id=score_id, progress_report_id=report_id, file=upload,
                               description=clean_text(description, "Mô tả"), data_dir=settings.data_dir)
    back = f"/parindex/assessments/{assessment_id}" if assessment_id else "/parindex"
    return respond(request, {"evidence": ev}, redirect_to=back, flash="Đã gắn minh chứng.", status_code=201)


@router.get("/parindex/evidence/{evidence_id}", name="parindex_evidence_file", include_in_schema=False)
@router.get("/api/parindex/evidence/{evidence_id}", name="api_parindex_evidence_file")
def parindex_evidence_file(db: Db, user: CurrentUser, evidence_id: int) -> Response:
    from cchc import parindex

    path, name = parindex.evidence_file(db, user, evidence_id=evidence_id)
    return FileResponse(path, filename=name)


@twin_route(router, "/parindex/assessments/{assessment_id}/submit", methods=["POST"], name="parindex_submit")
def parindex_submit(request: Request, db: Db, user: CurrentUser, assessment_id: int,
                    version: Annotated[int | None, Form(ge=0)] = None) -> Response:
    from cchc import parindex

    view = parindex.submit(db, user, assessment_id=assessment_id, version=version)
    return respond(request, {"assessment": view}, redirect_to=f"/parindex/assessments/{assessment_id}",
                   flash="Đã gửi bản tự đánh giá để thẩm định.")


@twin_route(router, "/parindex/scores/{score_id}/appraise", methods=["POST"], name="parindex_appraise")
def parindex_appraise(request: Request, db: Db, user: CurrentUser, score_id: int,
                      decision: Annotated[str, Form(max_length=30)],
                      score: Annotated[str | None, Form(max_length=20)] = None,
                      comment: Annotated[str | None, Form(max_length=5000)] = None,
                      version: Annotated[int | None, Form(ge=0)] = None,
                      assessment_id: Annotated[int | None, Form()] = None) -> Response:
    from cchc import parindex

    row = parindex.appraise_criterion(db, user, score_id=score_id, decision=decision, score=score,
                                      comment=clean_text(comment, "Ý kiến"), version=version)
    back = f"/parindex/assessments/{assessment_id}#c-{row.code}" if assessment_id else "/parindex"
    return respond(request, {"criterion": row}, redirect_to=back, flash=f"Đã thẩm định tiêu chí {row.ref}.")


@twin_route(router, "/parindex/assessments/{assessment_id}/survey", methods=["POST"], name="parindex_survey")
def parindex_survey(request: Request, form: FormFields, db: Db, user: CurrentUser, assessment_id: int) -> Response:
    from cchc import parindex

    points = {str(k)[len("survey_"):]: str(v) for k, v in form.items() if str(k).startswith("survey_")}
    view = parindex.enter_survey(db, user, assessment_id=assessment_id, points=points)
    return respond(request, {"assessment": view}, redirect_to=f"/parindex/assessments/{assessment_id}",
                   flash="Đã lưu điểm điều tra xã hội học.")


@twin_route(router, "/parindex/assessments/{assessment_id}/return", methods=["POST"], name="parindex_return")
def parindex_return(request: Request, db: Db, user: CurrentUser, assessment_id: int,
                    comment: Annotated[str | None, Form(max_length=5000)] = None) -> Response:
    from cchc import parindex

    view = parindex.return_assessment(db, user, assessment_id=assessment_id, comment=clean_text(comment, "Ý kiến"))
    return respond(request, {"assessment": view}, redirect_to=f"/parindex/assessments/{assessment_id}",
                   flash="Đã trả lại để xã/phường bổ sung minh chứng.")


@twin_route(router, "/parindex/assessments/{assessment_id}/accept", methods=["POST"], name="parindex_accept")
def parindex_accept(request: Request, db: Db, user: CurrentUser, assessment_id: int,
                    comment: Annotated[str | None, Form(max_length=5000)] = None) -> Response:
    from cchc import parindex

    view = parindex.accept_assessment(db, user, assessment_id=assessment_id, comment=clean_text(comment, "Ý kiến"))
    return respond(request, {"assessment": view}, redirect_to=f"/parindex/assessments/{assessment_id}",
                   flash="Đã kết thúc thẩm định.")


@router.get("/parindex/assessments/{assessment_id}/export.{fmt}", name="parindex_export", include_in_schema=False)
@router.get("/api/parindex/assessments/{assessment_id}/export.{fmt}", name="api_parindex_export")
def parindex_export(db: Db, user: CurrentUser, assessment_id: int, fmt: str) -> Response:
    from cchc import parindex

    if fmt not in ("xlsx", "docx"):
        raise InvalidInput(f"Định dạng «{fmt}» không hỗ trợ (xlsx, docx).", where="fmt")
    fn = parindex.export_xlsx if fmt == "xlsx" else parindex.export_docx
    content = fn(db, user, assessment_id=assessment_id)
    name = f"chi-so-cchc-{assessment_id}.{fmt}"
    return Response(content, media_type=XLSX if fmt == "xlsx" else DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@twin_route(router, "/parindex/sets")
def parindex_sets(request: Request, db: Db, user: CurrentUser, year: int | None = None) -> Response:
    from cchc import parindex

    return render(request, "parindex/sets.html", {"sets": parindex.list_sets(db, user, year=year), "year": year})


@router.post("/parindex/sets/import", name="parindex_import_set", include_in_schema=False)
@router.post("/api/parindex/sets/import", name="api_parindex_import_set")
def parindex_import_set(request: Request, db: Db, user: CurrentUser, settings: AppSettings,
                              file: Annotated[UploadFile | None, File()] = None,
                              year: Annotated[int | None, Form(ge=2000, le=2100)] = None,
                              name: Annotated[str | None, Form(max_length=300)] = None) -> Response:
    from cchc import parindex

    upload = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=TABLE_TYPES - {".csv"},
                               label="Tệp bộ tiêu chí")
    assert upload is not None
    got = parindex.import_set_xlsx(db, user, content=upload[1],
                                  province_code=user.province_code, year=year, name=clean_text(name, "Tên"))
    return respond(request, {"set": got}, redirect_to="/parindex/sets", status_code=201,
                   flash=f"Đã nhập bộ tiêu chí «{got.name}» (phiên bản {got.version}).")


@router.get("/parindex/sets/{set_id}.xlsx", name="parindex_set_xlsx", include_in_schema=False)
@router.get("/api/parindex/sets/{set_id}.xlsx", name="api_parindex_set_xlsx")
def parindex_set_xlsx(db: Db, user: CurrentUser, set_id: int) -> Response:
    from cchc import parindex

    content = parindex.export_set_xlsx(db, user, set_id=set_id)
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="bo-tieu-chi-{set_id}.xlsx"'})
