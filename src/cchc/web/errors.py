"""Errors of the web layer and the one handler that turns every error into HTML or JSON.

JSON shape (fixed by tests/web/test_error_shape.py): `{"error": {"code": ..., "message": ...}}`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from cchc.domain.errors import Busy, CchcError, Conflict, InvalidInput
from cchc.web.denials import record_denial
from cchc.web.exceptions import CsrfFailed, InvalidCredentials, LoginRequired, TooManyAttempts, UploadTooLarge

__all__ = ["LoginRequired", "InvalidCredentials", "CsrfFailed", "TooManyAttempts", "UploadTooLarge", "install_error_handlers"]

log = logging.getLogger("cchc.web")


_HTTP_MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Vui lòng đăng nhập để tiếp tục."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này."),
    409: ("conflict", "Dữ liệu đã bị người khác thay đổi."),
    413: ("too_large", "Dữ liệu gửi lên quá lớn."),
    422: ("invalid_input", "Dữ liệu nhập không hợp lệ."),
    429: ("too_many_attempts", "Quá nhiều yêu cầu, vui lòng thử lại sau."),
}

_FIELD_NAMES = {
    "percent": "Tiến độ (%)",
    "status": "Trạng thái",
    "evidence_date": "Ngày văn bản",
    "new_due": "Hạn mới",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "value": "Giá trị",
    "file": "Tệp",
    "period": "Kỳ báo cáo",
    "version": "Phiên bản",
    "results": "Kết quả",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
    "evidence_number": "Số văn bản minh chứng",
    "evidence_file": "Tệp minh chứng",
    "reason": "Lý do",
    "comment": "Ý kiến",
    "decision": "Quyết định",
    "text": "Nội dung",
    "username": "Tên đăng nhập",
    "password": "Mật khẩu",
    "occurred_on": "Ngày xảy ra",
    "description": "Sự kiện",
    "parts": "Các phần",
    "plan_id": "Kế hoạch",
    "token": "Mã xem trước",
    "what": "Loại dữ liệu",
    "locality_code": "Mã xã/phường",
    "unit_id": "Đơn vị",
    "done_on": "Ngày hoàn thành",
}


def _wants_json(request: Request) -> bool:
    from cchc.web.rendering import wants_json

    return wants_json(request)


def error_response(request: Request, status: int, code: str, message: str, *, extra: dict | None = None) -> Response:
    """The one rendering of an error: JSON under /api/, an HTML page (or htmx fragment) elsewhere."""
    if _wants_json(request):
        body: dict = {"error": {"code": code, "message": message}}
        if extra:
            body["error"].update(extra)
        return JSONResponse(body, status_code=status)
    if status == 401 and code == "unauthenticated":
        nxt = request.url.path
        return RedirectResponse(f"/login?next={nxt}", status_code=303)
    from cchc.web.rendering import is_htmx, render

    template = "_error_fragment.html" if is_htmx(request) else "error.html"
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    back = referer[len(origin):] if referer.startswith(origin + "/") else None
    return render(
        request, template,
        {"error": {"code": code, "message": message, **(extra or {})}, "status": status, "back": back},
        status_code=status,
    )


def _validation_problems(exc: RequestValidationError) -> list[tuple[str, str]]:
    """(field name, phrase naming its label) for each value FastAPI could not read."""
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
        field = loc[-1] if loc else ""
        name = _FIELD_NAMES.get(field, field)
        kind = err.get("type", "")
        if kind == "missing":
            parts.append((field, f"trường «{name}» không được để trống"))
        elif kind == "string_too_long":
            limit = (err.get("ctx") or {}).get("max_length")
            parts.append((field, f"«{name}» quá dài (tối đa {limit} ký tự)"))
        elif "int" in kind or "float" in kind or "decimal" in kind:
            parts.append((field, f"«{name}» phải là số"))
        elif "date" in kind:
            parts.append((field, f"«{name}» không phải ngày hợp lệ (dd/mm/yyyy)"))
        elif "enum" in kind or "literal" in kind:
            parts.append((field, f"«{name}» không thuộc các giá trị cho phép"))
        elif "greater" in kind or "less" in kind:
            parts.append((field, f"«{name}» nằm ngoài khoảng cho phép"))
        else:
            parts.append((field, f"«{name}» không hợp lệ"))
    return parts


def _validation_message(exc: RequestValidationError) -> str:
    return "Dữ liệu nhập không hợp lệ: " + "; ".join(p for _f, p in _validation_problems(exc)) + "."


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + "."


async def rerender_form(request: Request, problems: list[tuple[str | None, str]]) -> Response | None:
    """The page of the refused form again, with the values typed and each error beside its field.

    None when the request did not come from a registered form page (JSON, an unknown route, no user,
    or the page itself cannot be built): the caller answers with the plain error then.
    """
    from cchc.web.forms import FORM_PAGES
    from cchc.web.rendering import wants_json

    if wants_json(request) or request.method != "POST":
        return None
    route = request.scope.get("route")
    spec = FORM_PAGES.get(getattr(route, "name", "") or "")
    user = getattr(request.state, "user", None)
    if spec is None or user is None:
        return None
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - an unreadable body gets the plain error page
        return None
    from starlette.concurrency import run_in_threadpool

    gate = request.app.state.db_gate
    async with gate.slots:
        return await run_in_threadpool(_rerender_sync, request, spec, form, problems, user)


def _rerender_sync(request: Request, spec, form, problems, user) -> Response | None:  # type: ignore[no-untyped-def]
    from starlette.datastructures import UploadFile

    from cchc.web.forms import FormState, keep_upload, kept_upload, match_problems
    from cchc.web.rendering import is_htmx, render
    from cchc.web.uploads import read_upload

    settings = request.app.state.settings
    values: dict[str, list[str]] = {}
    uploads: dict[str, UploadFile] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            if key != "csrf_token":
                values.setdefault(key, []).append(value)
        elif isinstance(value, UploadFile):
            uploads[key] = value
    problems = list(problems)
    kept: dict[str, tuple[str, str]] = {}
    for field, (allowed, label) in spec.files.items():
        upload = uploads.get(field)
        token = (values.get(f"{field}_kept") or [""])[0]
        try:
            if upload is not None and upload.filename:
                upload.file.seek(0)
                got = read_upload(upload, max_bytes=settings.max_upload_bytes, allowed=allowed, label=label,
                                  required=False)
                if got is not None:
                    kept[field] = (keep_upload(settings.data_dir, user_id=user.user_id, name=got[0], content=got[1]),
                                   got[0])
            elif token:
                got = kept_upload(settings.data_dir, token, user_id=user.user_id, label=label)
                if got is not None:
                    kept[field] = (token, got[0])
        except CchcError as exc:  # the file itself is refused: its message says why it must be chosen again
            problems.append((field, exc.message))
    errors, general = match_problems(spec, problems)
    try:
        form_id = spec.form_id.format(**request.path_params, **{k: v[0] for k, v in values.items() if v})
    except (KeyError, IndexError, ValueError):
        form_id = spec.form_id
    state = FormState(form_id, values, errors, general, kept, active=True)
    session = request.app.state.sessionmaker()
    try:
        template, data = spec.page(request, session, user)
    except CchcError:
        return None
    finally:
        session.rollback()
        session.close()
    request.state.form_states = {form_id: state}
    headers = {"HX-Retarget": f"#{form_id}", "HX-Reswap": "outerHTML", "HX-Reselect": f"#{form_id}"} \
        if is_htmx(request) else None
    return render(request, template, data, status_code=422, headers=headers)


STALE_MESSAGE = "Dữ liệu đã bị người khác thay đổi trong lúc bạn lưu; tải lại và thử lại."
INTEGRITY_MESSAGE = "Dữ liệu trùng hoặc mâu thuẫn với dữ liệu đã có; không lưu được."
OUT_OF_RANGE_MESSAGE = "Một giá trị số vượt quá giới hạn cho phép (tối đa 2.147.483.647)."
BUSY_MESSAGE = "Bản ghi đang được người khác lưu hoặc cơ sở dữ liệu đang bận; vui lòng thử lại sau giây lát."

# SQLSTATE classes of PostgreSQL errors that are the caller's input or a timeout, not a bug.
_BUSY_STATES = {"55P03", "57014", "40001", "40P01"}  # lock_not_available, query_canceled, serialization, deadlock
_RANGE_STATES = {"22003", "22P02", "22001", "22008"}  # numeric out of range, bad text repr, too long, datetime


def database_error(exc: DBAPIError) -> CchcError | None:
    """The user-facing error for a database error caused by input or load (None: an unexpected failure)."""
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    text = str(exc.orig).lower()
    if state in _BUSY_STATES or "database is locked" in text:
        return Busy(BUSY_MESSAGE)
    if state in _RANGE_STATES or "too large" in text or "out of range" in text:
        return InvalidInput(OUT_OF_RANGE_MESSAGE)
    return None


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CchcError)
    async def _cchc(request: Request, exc: CchcError) -> Response:
        if exc.status_code == 403:
            await record_denial(request, exc.code, str(exc))
        if exc.status_code in (413, 422):
            problems = getattr(exc, "problems", None) or [(exc.where, exc.message)]
            again = await rerender_form(request, problems)
            if again is not None:
                return again
        extra = None
        current = getattr(exc, "current", None)
        if current is not None:
            from cchc.web.rendering import to_jsonable

            extra = {"current": to_jsonable(current)}
        return error_response(request, exc.status_code, exc.code, str(exc), extra=extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        cause = exc.__cause__
        if isinstance(cause, CchcError):
            if cause.status_code == 403:
                await record_denial(request, cause.code, str(cause))
            return error_response(request, cause.status_code, cause.code, str(cause))
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("error", "Đã xảy ra lỗi."))
        if isinstance(exc.detail, str) and exc.status_code not in _HTTP_MESSAGES and exc.detail:
            message = exc.detail
        if exc.status_code == 403:
            await record_denial(request, code, message)
        return error_response(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        again = await rerender_form(request, [(f, _sentence(p)) for f, p in _validation_problems(exc)])
        if again is not None:
            return again
        return error_response(request, 422, "invalid_input", _validation_message(exc))

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> Response:
        return await _cchc(request, Conflict(STALE_MESSAGE))

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        return await _cchc(request, Conflict(INTEGRITY_MESSAGE))

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError) -> Response:
        known = database_error(exc)
        if known is None:
            return await _unexpected(request, exc)
        response = await _cchc(request, known)
        if isinstance(known, Busy):
            response.headers["Retry-After"] = "2"
        return response

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> Response:
        return await _cchc(request, InvalidInput(OUT_OF_RANGE_MESSAGE))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal", "Lỗi hệ thống; thao tác chưa được thực hiện.")
