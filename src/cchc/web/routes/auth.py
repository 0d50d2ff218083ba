"""Log in and out; the session (who am I, the CSRF token) for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.requests import Request

from cchc.domain.errors import PermissionDenied
from cchc.web.deps import Db, OptionalUser, client_ip, csrf_token
from cchc.web.errors import error_response
from cchc.web.rendering import render, to_jsonable, wants_json
from cchc.web.sessions import SessionState

router = APIRouter(tags=["auth"])

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def home_for(user: object) -> str:
    """Where a user lands after logging in."""
    return "/tasks/mine" if getattr(user, "role", None) == "unit_officer" else "/dashboard"


@router.get("/", include_in_schema=False)
def index(user: OptionalUser) -> Response:
    return RedirectResponse(home_for(user) if user else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, user: OptionalUser, next: str = "/", out: int = 0) -> Response:
    if user:
        return RedirectResponse(_safe_next(next) if next != "/" else home_for(user), status_code=303)
    # After logout the session is gone, so its message comes with the address.
    data: dict[str, object] = {"next": _safe_next(next), "error": None, "username": ""}
    if out:
        data["flash"] = "Đã đăng xuất."
    return render(request, "login.html", data)


@router.post("/login", include_in_schema=False)
@router.post("/api/login", summary="Log in (form fields username, password; needs the CSRF token of /api/session)")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from cchc.auth import login_throttle
    from cchc.auth import sessions as sessions_service
    from cchc.auth import users as users_service

    ip = client_ip(request)
    policy = login_throttle.policy_of(request.app.state.settings)
    # Failures and refusals are answered (not raised) so that their records are committed.
    wait = login_throttle.wait_for(db, username=username, ip=ip, policy=policy).total_seconds()
    if wait > 0:
        login_throttle.record_blocked(db, username=username, ip=ip)
        minutes = max(1, round(wait / 60))
        return error_response(
            request, 429, "too_many_attempts",
            f"Đăng nhập sai quá nhiều lần với tài khoản «{username}» hoặc từ địa chỉ này; "
            f"vui lòng thử lại sau khoảng {minutes} phút.",
        )
    try:
        actor = users_service.authenticate(db, username=username, password=password, ip=ip)
    except PermissionDenied:
        login_throttle.record_failure(db, username=username, ip=ip, policy=policy)
        if wants_json(request):
            return error_response(request, 401, "invalid_credentials", BAD_LOGIN)
        return render(
            request, "login.html", {"next": _safe_next(next), "error": BAD_LOGIN, "username": username},
            status_code=401,
        )
    login_throttle.clear_failures(db, username=username, ip=ip)
    token = sessions_service.open_session(db, actor, user_agent=request.headers.get("user-agent"))
    # A new token on login: no fixation of a pre-login session or its CSRF token.
    state: SessionState = request.session  # type: ignore[assignment]
    state.rotate(token, session_id=sessions_service.session_id_of(token), uid=actor.user_id)
    request.state.user = actor
    if wants_json(request):
        return JSONResponse({"user": to_jsonable(actor), "csrf_token": state["csrf"]})
    target = _safe_next(next)
    return RedirectResponse(home_for(actor) if target == "/" else target, status_code=303)


@router.post("/logout", include_in_schema=False)
@router.post("/api/logout", summary="Log out")
def logout(request: Request, db: Db, user: OptionalUser) -> Response:
    from cchc.auth import sessions as sessions_service

    state: SessionState = request.session  # type: ignore[assignment]
    if user is not None:
        sessions_service.end_session(db, user, state.session_id)
    state.rotate(sessions_service.new_token())
    if wants_json(request):
        return JSONResponse({"ok": True})
    return RedirectResponse("/login?out=1", status_code=303)


@router.get("/api/session", summary="Who is logged in, and the CSRF token to send as X-CSRF-Token")
def session_info(request: Request, user: OptionalUser) -> Response:
    return JSONResponse({"user": to_jsonable(user) if user else None, "csrf_token": csrf_token(request)})


@router.get("/api/health", summary="Liveness check")
def health(db: Db) -> Response:
    return JSONResponse({"status": "ok"})
