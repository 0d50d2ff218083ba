"""The inbox: one's notifications (mark one or all read) and how one takes e-mail; the header's unread count."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from starlette.requests import Request

from cchc.web.deps import CurrentUser, Db
from cchc.web.rendering import render, respond, templates, twin_route, wants_json

router = APIRouter(tags=["inbox"])
log = logging.getLogger("cchc.web")


def inbox_unread(request: Request) -> int | None:
    """The signed-in user's unread notifications for the header: one indexed count, in its own session.

    None when nobody is signed in, or when asked on the event loop (no database work there).
    """
    user = getattr(request.state, "user", None)
    if user is None or getattr(user, "user_id", None) is None:
        return None
    try:
        asyncio.get_running_loop()
        return None
    except RuntimeError:
        pass
    from cchc.notify import unread_count

    try:
        with request.app.state.sessionmaker() as session:
            return unread_count(session, user.user_id)
    except Exception:  # noqa: BLE001 - the header must render even when the count cannot be read
        log.warning("unread count unavailable", exc_info=True)
        return None


templates.env.globals["inbox_unread"] = inbox_unread


def inbox_data(db: Any, user: Any, unread_only: bool, offset: int) -> dict[str, Any]:
    from cchc import notify as notifications
    from cchc.notify.inbox import EMAIL_MODE_LABELS

    page = notifications.list_inbox(db, user, unread_only=unread_only, offset=offset)
    return {
        "items": page.items,
        "unread": page.unread,
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "preferences": page.preferences,
        "unread_only": unread_only,
        "email_modes": EMAIL_MODE_LABELS,
    }


@twin_route(router, "/inbox")
def inbox_page(request: Request, db: Db, user: CurrentUser, unread_only: bool = False, offset: int = 0) -> Response:
    """Hộp thư thông báo: nhắc hạn, kết quả duyệt, gia hạn, báo cáo chờ phê duyệt."""
    return render(request, "inbox/index.html", inbox_data(db, user, unread_only, offset))


@twin_route(router, "/inbox/read-all", methods=["POST"], name="inbox_read_all")
def read_all(request: Request, db: Db, user: CurrentUser) -> Response:
    from cchc import notify as notifications

    count = notifications.mark_all_read(db, user)
    return respond(request, {"marked": count}, redirect_to="/inbox", flash="Đã đánh dấu tất cả là đã đọc.")


@twin_route(router, "/inbox/preferences", methods=["POST"], name="inbox_preferences")
def preferences(
    request: Request, db: Db, user: CurrentUser,
    mode: Annotated[str, Form(max_length=20)],
    email: Annotated[str | None, Form(max_length=320)] = None,
) -> Response:
    from cchc import notify as notifications

    prefs = notifications.set_email_preferences(db, user, email=email, mode=mode)
    return respond(request, {"preferences": prefs}, redirect_to="/inbox", flash="Đã lưu cách nhận thư.")


@twin_route(router, "/inbox/{notification_id}/read", methods=["POST"], name="inbox_read")
def read_one(
    request: Request, db: Db, user: CurrentUser, notification_id: int,
    open_link: Annotated[bool, Form(alias="open")] = False,
) -> Response:
    """Mark a notification read; with `open=1` go on to what it is about."""
    from cchc import notify as notifications

    item = notifications.mark_read(db, user, notification_id=notification_id)
    if open_link and not wants_json(request) and item.link and item.link.startswith("/") \
            and not item.link.startswith("//"):
        return RedirectResponse(item.link, status_code=303)
    return respond(request, {"notification": item}, redirect_to="/inbox")
