"""Former communes: a commune's predecessors and their figures, and the mapping import (administrator).

    GET  /localities/{code}/predecessors?period=2025-Q1   (JSON twin: /api/localities/{code}/predecessors)
    POST /mergers/import                                   (JSON twin: /api/mergers/import), a .csv or .xlsx
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.deps import AppSettings, CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import render, respond, twin_route
from cchc.web.uploads import TABLE_TYPES, read_upload

__all__ = ["router"]

router = APIRouter(tags=["mergers"])


@twin_route(router, "/localities/{code}/predecessors")
def predecessors_page(request: Request, db: Db, user: CurrentUser, settings: AppSettings, code: int,
                      period: str | None = None) -> Response:
    """Các xã cũ đã sáp nhập vào xã/phường, và số liệu hồ sơ của từng xã trong kỳ."""
    from cchc.quality import predecessor_figures
    from cchc.services.mergers import predecessors_view

    per = parse_period(period)
    figures = predecessor_figures(db, user, locality_code=code, period=per, data_dir=settings.data_dir)
    return render(request, "mergers/predecessors.html",
                  {"predecessors": predecessors_view(db, code), "figures": figures})


@twin_route(router, "/mergers/import", methods=["POST"], name="import_mergers")
def import_mergers_route(request: Request, db: Db, user: CurrentUser, settings: AppSettings,
                         file: Annotated[UploadFile, File(description="mapping .csv (UTF-8) or .xlsx")]) -> Response:
    """Nhập danh mục xã cũ → xã mới (quản trị viên)."""
    from cchc.services.mergers import import_mergers

    name, content = read_upload(file, max_bytes=settings.max_upload_bytes, allowed=TABLE_TYPES,  # type: ignore[misc]
                                label="Danh mục sáp nhập")
    result = import_mergers(db, user, content=content, filename=name)
    return respond(request, {"result": result}, redirect_to="/dashboard",
                   flash=f"Đã nhập danh mục sáp nhập: {result.added} xã cũ mới, cập nhật {result.updated}.")
