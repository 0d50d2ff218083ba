"""Dashboard: progress by area and unit, overdue and upcoming, reporting completeness, indicators."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web import charts
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import BlockCache, render, twin_route

router = APIRouter(tags=["dashboard"])


def _locality(user: Any, locality_code: int | None) -> int:
    code = locality_code if locality_code is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường để xem bảng điều khiển (tham số locality_code).", where="locality_code")
    return code


def dashboard_data(db: Any, user: Any, cache: Any, locality_code: int | None, period: str | None,
                   plan_id: int | None = None) -> dict[str, Any]:
    """The commune's dashboard, shared by the page, its JSON twin and the charts (cached until a write)."""
    return _dashboard(db, user, cache, locality_code, period, plan_id)[0]


def _dashboard(db: Any, user: Any, cache: Any, locality_code: int | None, period: str | None,
               plan_id: int | None) -> tuple[dict[str, Any], BlockCache]:
    from cchc.kernel import cache_generations, localities
    from cchc.services import dashboard

    code = _locality(user, locality_code)
    per = parse_period(period)
    # The permission check runs on every request, cached or not.
    localities.get_locality(db, user, code=code)
    # Writes of every process since the entry was built, read before building (one indexed query).
    shared = cache_generations.current(db, code)
    key = ("dashboard", code, per, plan_id, date.today())
    board = cache.get_or_build(
        key, code, lambda: dashboard.dashboard(db, user, locality_code=code, period=per, plan_id=plan_id),
        shared=shared,
    )
    return {"board": board, "locality_code": code, "plan_id": plan_id}, BlockCache(cache, key, code, shared)


@twin_route(router, "/dashboard")
def dashboard_page(request: Request, db: Db, user: CurrentUser, locality_code: int | None = None,
                   period: str | None = None, plan_id: int | None = None) -> Response:
    from cchc.web.choosers import locality_chooser, needs_locality

    if needs_locality(request, user, locality_code):
        return locality_chooser(request, db, user, title="Bảng điều khiển", path="/dashboard", param="locality_code",
                                extra={"period": period or ""})
    data, blocks = _dashboard(db, user, request.app.state.dashboard_cache, locality_code, period, plan_id)
    return render(request, "dashboard/index.html", data, cache=blocks)


@router.get("/dashboard/charts/{which}.svg", summary="A dashboard chart as SVG")
def dashboard_chart(request: Request, db: Db, user: CurrentUser, which: Literal["areas", "units", "indicators"],
                    locality_code: int | None = None, period: str | None = None,
                    plan_id: int | None = None) -> Response:
    board = dashboard_data(db, user, request.app.state.dashboard_cache, locality_code, period, plan_id)["board"]
    data = {"areas": board.by_area, "units": board.by_unit, "indicators": board.indicators}[which]
    return Response(charts.dashboard_svg(which, data), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})
