"""Extension requests: the list (pending first) and the leader's decision."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import clean_text, form_page
from cchc.web.rendering import render, respond, twin_route, wants_json

router = APIRouter(tags=["extensions"])


def extensions_data(db: Any, user: Any, pending_only: bool, locality_code: int | None = None) -> dict[str, Any]:
    from cchc.services import extensions

    code = locality_code if locality_code is not None else user.locality_code
    items = extensions.list_extensions(db, user, locality_code=code, pending_only=pending_only)
    return {"extensions": items, "pending_only": pending_only, "locality_code": locality_code}


@twin_route(router, "/extensions")
def list_extensions(request: Request, db: Db, user: CurrentUser, pending_only: bool = False,
                    locality_code: int | None = None) -> Response:
    from cchc.web.choosers import locality_chooser, needs_locality

    if not user.is_admin and needs_locality(request, user, locality_code):
        return locality_chooser(request, db, user, title="Đề nghị gia hạn", path="/extensions",
                                param="locality_code")
    return render(request, "tasks/extensions.html", extensions_data(db, user, pending_only, locality_code))


@form_page("decide_extension", form_id="extension-{extension_id}",
           fields={"comment": "Ý kiến", "decision": "Quyết định"})
def _extensions_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    return "tasks/extensions.html", extensions_data(db, user, False)


@twin_route(router, "/extensions/{extension_id}", methods=["POST"], name="decide_extension")
def decide_extension(
    request: Request, db: Db, user: CurrentUser, extension_id: int,
    decision: Annotated[str, Form(max_length=20)],
    comment: Annotated[str | None, Form(max_length=5000)] = None,
) -> Response:
    from cchc.services import extensions

    if decision not in ("approve", "refuse"):
        raise InvalidInput(f"Quyết định «{decision}» không hợp lệ (approve hoặc refuse).", where="decision")
    if decision == "refuse" and not (comment or "").strip() and not wants_json(request):
        raise InvalidInput("Khi từ chối gia hạn, hãy ghi ý kiến để đơn vị biết lý do.", where="comment")
    ext = extensions.decide_extension(db, user, extension_id=extension_id, approve=decision == "approve",
                                      comment=clean_text(comment, "Ý kiến"))
    return respond(request, {"extension": ext}, redirect_to="/extensions",
                   flash="Đã phê duyệt gia hạn." if decision == "approve" else "Đã từ chối gia hạn.")
