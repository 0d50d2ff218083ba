"""Log in and out; the session (who am I, the CSRF token) for API clients."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.requests import Request

from cchc.domain.errors import PermissionDenied
from cchc.web.deps import Db, OptionalUser, client_ip, csrf_token
from cchc.web.errors import InvalidCredentials, TooManyAttempts
from cchc.web.rendering import render, to_jsonable, wants_json

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
def login_page(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user:
        return RedirectResponse(_safe_next(next) if next != "/" else home_for(user), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login", include_in_schema=False)
@router.post("/api/login", summary="Log in (form fields username, password; needs the CSRF token of /api/session)")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from cchc.services import users as users_service

    ip = client_ip(request)
    throttle = request.app.state.login_throttle
    wait = throttle.blocked_for(username, ip)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        raise TooManyAttempts(
            f"Đăng nhập sai quá nhiều lần với tài khoản «{username}»; vui lòng thử lại sau khoảng {minutes} phút."
        )
    try:
        actor = users_service.authenticate(db, username=username, password=password, ip=ip)
    except PermissionDenied:
        throttle.fail(username, ip)
        if wants_json(request):
            raise InvalidCredentials(BAD_LOGIN) from None
        return render(
            request, "login.html", {"next": _safe_next(next), "error": BAD_LOGIN, "username": username},
            status_code=401,
        )
    throttle.succeed(username, ip)
    # A fresh session on login: no fixation of a pre-login session or token.
    request.session.clear()
    request.session["uid"] = actor.user_id
    request.session["csrf"] = secrets.token_urlsafe(32)
    if wants_json(request):
        return JSONResponse({"user": to_jsonable(actor), "csrf_token": request.session["csrf"]})
    target = _safe_next(next)
    return RedirectResponse(home_for(actor) if target == "/" else target, status_code=303)


@router.post("/logout", include_in_schema=False)
@router.post("/api/logout", summary="Log out")
def logout(request: Request) -> Response:
    request.session.clear()
    if wants_json(request):
        return JSONResponse({"ok": True})
    request.session["flash"] = "Đã đăng xuất."
    return RedirectResponse("/login", status_code=303)


@router.get("/api/session", summary="Who is logged in, and the CSRF token to send as X-CSRF-Token")
def session_info(request: Request, user: OptionalUser) -> Response:
    return JSONResponse({"user": to_jsonable(user) if user else None, "csrf_token": csrf_token(request)})


@router.get("/api/health", summary="Liveness check")
def health(db: Db) -> Response:
    return JSONResponse({"status": "ok"})
