"""The "Báo cáo" page: the standing office edits the drafted report, generates versions, downloads them;
a leader approves one. Also the monthly service notice as a download."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.periods import Period, PeriodKind
from cchc.web.deps import AppSettings, CurrentUser, Db, FormFields
from cchc.web.forms import form_page
from cchc.web.rendering import render, respond, twin_route
from cchc.web.routes.jobs import report_job_data

router = APIRouter(tags=["reports"])

_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}
_MAX_FIELD = 20_000


def _locality(user: Any, locality: int | None) -> int:
    code = locality if locality is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường của báo cáo.", where="locality")
    return int(code)


def _period(period: str | None) -> str:
    if period:
        return period
    return Period.containing(date.today(), PeriodKind.QUARTER).code


def report_page_data(db: Any, user: Any, settings: Any, locality: int | None, period: str | None,
                     kind: str | None) -> dict[str, Any]:
    """The draft (figures and editable texts), the fields to edit and the versions of one report."""
    from cchc import reporting as reports

    code = _locality(user, locality)
    per = reports.resolve_period(_period(period), kind)
    draft = reports.get_draft(db, user, locality_code=code, period=per.code, data_dir=settings.data_dir)
    fields = [{"key": k, "label": SIGNER_LABEL if k == "signer" else reports.FIELD_LABELS[k],
               "value": draft.texts.get(k, ""), "edited": k in draft.edits, "multiline": k in reports.NARRATIVE_FIELDS,
               "options": SIGNERS if k == "signer" else None}
              for k in reports.EDITABLE_FIELDS]
    return {
        "locality_code": code,
        "period": per.code,
        "period_label": per.label_vi,
        "draft": draft,
        "fields": fields,
        "versions": list(reversed(draft.versions)),
        "can_edit": user.role in ("standing_office", "admin"),
        "can_approve": user.role in ("leader", "admin"),
        "periods": _nearby_periods(per),
        **report_job_data(db, user, code, per.code),
    }


def _nearby_periods(per: Period) -> list[str]:
    out = []
    q = Period.containing(per.end, PeriodKind.QUARTER)
    for _ in range(4):
        out.append(q.code)
        q = q.previous()
    return [*out, f"{per.year}-H1", f"{per.year}-H2", str(per.year)]


@twin_route(router, "/reports")
def report_page(request: Request, db: Db, user: CurrentUser, settings: AppSettings, locality: int | None = None,
                period: str | None = None, kind: str | None = None) -> Response:
    """Báo cáo CCHC định kỳ: dự thảo, chỉnh sửa, các phiên bản."""
    if user.role not in ("standing_office", "leader", "admin", "city_reviewer"):
        raise PermissionDenied("Trang báo cáo dành cho bộ phận thường trực CCHC và lãnh đạo.")
    from cchc.web.choosers import locality_chooser, needs_locality

    if needs_locality(request, user, locality):
        return locality_chooser(request, db, user, title="Báo cáo cải cách hành chính", path="/reports",
                                param="locality", extra={"period": period or "", "kind": kind or ""})
    return render(request, "reports/index.html", report_page_data(db, user, settings, locality, period, kind))


def _fields(form: Any) -> dict[str, str]:
    from cchc import reporting as reports
    from cchc.web.forms import FormCheck

    check = FormCheck()
    out: dict[str, str] = {}
    for key, value in form.items():
        if not isinstance(value, str):
            continue
        if len(value) > _MAX_FIELD:
            label = reports.FIELD_LABELS.get(key, key)
            check.add(InvalidInput(f"Nội dung «{label}» quá dài (tối đa {_MAX_FIELD:,} ký tự).".replace(",", "."),
                                   where=key))
            continue
        out[key] = value
    check.done()
    return out


def _back(code: int, period: str) -> str:
    return f"/reports?locality={code}&period={period}"


SIGNERS = {"chairman": "TM. UBND - Chủ tịch", "vice": "KT. Chủ tịch - Phó Chủ tịch"}
SIGNER_LABEL = "Thẩm quyền ký"


def _draft_fields() -> dict[str, str]:
    from cchc import reporting as reports

    return {**{k: reports.FIELD_LABELS[k] for k in reports.EDITABLE_FIELDS}, "signer": SIGNER_LABEL}


def _draft_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    """The report page behind a refused draft (its commune and period are in the form's address)."""
    q = request.query_params
    locality = int(q["locality"]) if (q.get("locality") or "").isdigit() else None
    return "reports/index.html", report_page_data(db, user, request.app.state.settings, locality,
                                                  q.get("period") or None, None)


form_page("save_report_draft", form_id="draft-form", fields=_draft_fields())(_draft_again)


def _check_draft(edits: dict[str, str]) -> dict[str, str]:
    """The edits with the report date written dd/mm/yyyy; each refused field beside itself."""
    from cchc.web.forms import FormCheck, parse_date

    check = FormCheck()
    out = dict(edits)
    if "report_date" in edits:
        label = "Ngày báo cáo"
        day = check.check(parse_date, edits["report_date"], label, field="report_date")
        if day is not None:
            out["report_date"] = day.strftime("%d/%m/%Y")
    if "signer" in edits and edits["signer"].strip() not in SIGNERS:
        check.add(InvalidInput("Chọn thẩm quyền ký trong danh sách.", where="signer"))
    check.done()
    return out


@twin_route(router, "/reports/draft", methods=["POST"], name="save_report_draft")
def save_report_draft(request: Request, raw: FormFields, db: Db, user: CurrentUser, settings: AppSettings) -> Response:
    """Lưu phần chữ đã sửa của dự thảo (các trường không gửi lên giữ nguyên)."""
    from cchc import reporting as reports

    form = _fields(raw)
    code = _locality(user, int(form["locality"]) if form.get("locality") else None)
    period = _period(form.get("period"))
    edits = _check_draft({k: v for k, v in form.items() if k in reports.EDITABLE_FIELDS})
    draft = reports.save_draft(db, user, locality_code=code, period=period, edits=edits, data_dir=settings.data_dir)
    return respond(request, {"draft": draft}, redirect_to=_back(code, draft.data.period_code),
                   flash="Đã lưu dự thảo báo cáo.")


@twin_route(router, "/reports/generate", methods=["POST"], name="generate_report")
def generate_report(request: Request, raw: FormFields, db: Db, user: CurrentUser, settings: AppSettings) -> Response:
    """Tạo một phiên bản mới (.docx, .xlsx) từ dự thảo hiện tại."""
    from cchc import reporting as reports

    form = _fields(raw)
    code = _locality(user, int(form["locality"]) if form.get("locality") else None)
    version = reports.generate_report(db, user, locality_code=code, period=_period(form.get("period")),
                                      data_dir=settings.data_dir)
    return respond(request, {"version": version}, redirect_to=_back(code, version.period),
                   flash=f"Đã tạo phiên bản {version.version}.")


@twin_route(router, "/reports/approve", methods=["POST"], name="approve_report")
def approve_report(request: Request, raw: FormFields, db: Db, user: CurrentUser, settings: AppSettings) -> Response:
    """Lãnh đạo phê duyệt một phiên bản để ký ban hành."""
    from cchc import reporting as reports

    form = _fields(raw)
    code = _locality(user, int(form["locality"]) if form.get("locality") else None)
    try:
        number = int(form.get("version", ""))
    except ValueError as exc:
        raise InvalidInput("Số phiên bản không hợp lệ.", where="version") from exc
    version = reports.approve_report(db, user, locality_code=code, period=_period(form.get("period")), version=number,
                                     data_dir=settings.data_dir)
    return respond(request, {"version": version}, redirect_to=_back(code, version.period),
                   flash=f"Đã phê duyệt phiên bản {version.version}.")


def _download(db: Any, user: Any, settings: Any, locality: int, period: str, version: int, fmt: str) -> Response:
    from cchc import reporting as reports

    if fmt not in _MEDIA:
        raise InvalidInput(f"Định dạng không hỗ trợ: {fmt}.", where="fmt")
    path = reports.version_file(db, user, locality_code=locality, period=period, version=version, fmt=fmt,
                                data_dir=settings.data_dir)
    return FileResponse(path, media_type=_MEDIA[fmt], filename=path.name)


@router.get("/reports/{locality}/{period}/v{version}.{fmt}", include_in_schema=False)
@router.get("/api/reports/{locality}/{period}/v{version}.{fmt}", summary="Tải một phiên bản báo cáo (docx, xlsx, pdf, json)")
def download_version(db: Db, user: CurrentUser, settings: AppSettings, locality: int, period: str, version: int,
                     fmt: str) -> Response:
    return _download(db, user, settings, locality, period, version, fmt)


@router.get("/reports/{locality}/{period}/draft.docx", include_in_schema=False)
@router.get("/api/reports/{locality}/{period}/draft.docx", summary="Xem trước dự thảo báo cáo (.docx, không lưu phiên bản)")
def download_draft(db: Db, user: CurrentUser, settings: AppSettings, locality: int, period: str) -> Response:
    from cchc import reporting as reports

    content = reports.draft_docx(db, user, locality_code=locality, period=period, data_dir=settings.data_dir)
    name = f"du-thao-bao-cao-cchc-{locality}-{period}.docx"
    return Response(content, media_type=_MEDIA["docx"], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/reports/notice/{locality}/{month}.{fmt}", include_in_schema=False)
@router.get("/api/reports/notice/{locality}/{month}.{fmt}", summary="Thông báo chỉ số phục vụ của một tháng (docx, xlsx)")
def download_notice(db: Db, user: CurrentUser, settings: AppSettings, locality: int, month: str, fmt: str) -> Response:
    from cchc import reporting as reports
    from cchc.reports.notice import build_notice_docx
    from cchc.reports.xlsx import notice_workbook

    if fmt not in ("docx", "xlsx"):
        raise InvalidInput(f"Định dạng không hỗ trợ: {fmt} (docx, xlsx).", where="fmt")
    data = reports.build_notice_data(db, user, locality_code=locality, month=month, data_dir=settings.data_dir)
    buf = io.BytesIO()
    if fmt == "docx":
        build_notice_docx(data).save(buf)
    else:
        notice_workbook(data).save(buf)
    name = f"thong-bao-chi-so-phuc-vu-{locality}-{data.month}.{fmt}"
    return Response(buf.getvalue(), media_type=_MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
