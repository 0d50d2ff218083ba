"""Sign-in sessions: one's own (`/sessions`), everyone's for an admin (`/admin/sessions`); ending them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.requests import Request

from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.rendering import render, respond, twin_route, wants_json
from cchc.web.sessions import SessionState

router = APIRouter(tags=["sessions"])


def _current(request: Request) -> str | None:
    state = request.scope.get("session")
    return state.session_id if isinstance(state, SessionState) else None


def sessions_data(db: Any, user: Any, settings: Any, request: Request, *, user_id: int | None = None,
                  every_user: bool = False) -> dict[str, Any]:
    from cchc.auth import sessions

    found = sessions.list_sessions(db, user, policy=sessions.policy_of(settings), user_id=user_id,
                                   every_user=every_user, current=_current(request))
    return {"sessions": found, "admin_view": every_user, "user_id": user_id}


def _signed_out(request: Request) -> Response:
    """The current session was among those ended: the browser's token is replaced, back to the login page."""
    from cchc.auth import sessions

    state = request.scope.get("session")
    if isinstance(state, SessionState):
        state.rotate(sessions.new_token())
    if wants_json(request):
        return JSONResponse({"ok": True, "signed_out": True})
    return RedirectResponse("/login?out=1", status_code=303)


@twin_route(router, "/sessions")
def my_sessions(request: Request, db: Db, user: CurrentUser, settings: AppSettings) -> Response:
    """The signed-in user's open sessions (device, address, when last used)."""
    return render(request, "sessions/index.html", sessions_data(db, user, settings, request))


@twin_route(router, "/admin/sessions")
def all_sessions(request: Request, db: Db, user: CurrentUser, settings: AppSettings,
                 user_id: int | None = None) -> Response:
    """Every open session, or one user's (`user_id`); admin."""
    return render(request, "sessions/index.html",
                  sessions_data(db, user, settings, request, user_id=user_id, every_user=True))


@twin_route(router, "/sessions/{session_id}/revoke", methods=["POST"], name="revoke_session")
def revoke_session(request: Request, db: Db, user: CurrentUser, session_id: str) -> Response:
    """End one session (one's own; anyone's for an admin)."""
    from cchc.auth import sessions

    sessions.revoke_session(db, user, session_id=session_id[:64])
    if session_id == _current(request):
        return _signed_out(request)
    back = "/admin/sessions" if user.is_admin and "/admin/" in request.headers.get("referer", "") else "/sessions"
    return respond(request, {"ok": True}, redirect_to=back, flash="Đã kết thúc phiên đăng nhập.")


@twin_route(router, "/sessions/revoke-all", methods=["POST"], name="revoke_all_sessions")
def revoke_all(request: Request, db: Db, user: CurrentUser) -> Response:
    """"Log out everywhere": every session of the signed-in user, this one included."""
    from cchc.auth import sessions

    sessions.revoke_all_sessions(db, user)
    return _signed_out(request)


@twin_route(router, "/admin/users/{user_id}/sessions/revoke", methods=["POST"], name="revoke_user_sessions")
def revoke_user(request: Request, db: Db, user: CurrentUser, user_id: int) -> Response:
    """End every session of one user (admin)."""
    from cchc.auth import sessions

    ended = sessions.revoke_all_sessions(db, user, user_id=user_id)
    if user_id == user.user_id:
        return _signed_out(request)
    return respond(request, {"ended": ended}, redirect_to=f"/admin/sessions?user_id={user_id}",
                   flash="Đã kết thúc các phiên đăng nhập của tài khoản.")
