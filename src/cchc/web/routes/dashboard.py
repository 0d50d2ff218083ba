"""Dashboard: progress by area and unit, overdue and upcoming, reporting completeness, indicators."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web import charts
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import render, twin_route

router = APIRouter(tags=["dashboard"])


def _locality(user: Any, locality_code: int | None) -> int:
    code = locality_code if locality_code is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường để xem bảng điều khiển (tham số locality_code).", where="locality_code")
    return code


def dashboard_data(db: Any, user: Any, locality_code: int | None, period: str | None) -> dict[str, Any]:
    from cchc.services import dashboard

    code = _locality(user, locality_code)
    board = dashboard.dashboard(db, user, locality_code=code, period=parse_period(period))
    return {"board": board, "locality_code": code}


@twin_route(router, "/dashboard")
def dashboard_page(request: Request, db: Db, user: CurrentUser, locality_code: int | None = None,
                   period: str | None = None) -> Response:
    if not request.url.path.startswith("/api/") and locality_code is None and user.locality_code is None:
        from cchc.services import localities

        found = localities.list_localities(db, province_code=user.province_code, limit=200)
        return render(request, "dashboard/choose.html", {"localities": found})
    return render(request, "dashboard/index.html", dashboard_data(db, user, locality_code, period))


@router.get("/dashboard/charts/{which}.svg", summary="A dashboard chart as SVG")
def dashboard_chart(db: Db, user: CurrentUser, which: Literal["areas", "units", "indicators"],
                    locality_code: int | None = None, period: str | None = None) -> Response:
    board = dashboard_data(db, user, locality_code, period)["board"]
    if which == "areas":
        chart = charts.area_chart(board.by_area)
    elif which == "units":
        chart = charts.unit_chart(board.by_unit)
    else:
        chart = charts.indicator_chart(board.indicators)
    return Response(charts.to_svg(chart), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})
