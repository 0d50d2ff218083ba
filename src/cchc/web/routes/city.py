"""Tổng hợp toàn thành phố: every commune of the reviewer's province, ranked, laggards highlighted.

    GET /city?province_code=&period=&sort=&desc=    (JSON twin: /api/city)
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import BlockCache, render, twin_route

__all__ = ["router"]

router = APIRouter(tags=["city"])


@twin_route(router, "/city")
def city_page(request: Request, db: Db, user: CurrentUser, province_code: int | None = None,
              period: str | None = None, sort: str = "rank", desc: bool | None = None) -> Response:
    """Every commune: plan status, completion, overdue, reporting, on-time, 766; ranking and targets."""
    from cchc.quality import period_choices
    from cchc.views import city

    if province_code is None and user.province_code is None and not request.url.path.startswith("/api/"):
        from cchc.kernel import localities

        return render(request, "city/choose.html", {"provinces": localities.list_provinces(db)})
    per = parse_period(period)
    overview = city.city_overview(db, user, province_code=province_code, period=per, sort=sort, descending=desc,
                                  data_dir=request.app.state.settings.data_dir)
    data = {"city": overview}
    # The page and its JSON are reused until the province's figures change (see views.city.OVERVIEWS).
    blocks = BlockCache(request.app.state.dashboard_cache,
                        ("city", overview.province_code, overview.period, sort, desc, user.role), 0, overview.stamp)
    if request.url.path.startswith("/api/"):
        return render(request, "city/index.html", data, cache=blocks)
    from cchc.domain.periods import Period

    return render(request, "city/index.html", {**data, "periods": period_choices(Period.parse(per).year)},
                  cache=blocks)
