"""Tổng hợp toàn quốc: provinces ranked on their communes' figures, and the communes table.

    GET /nation?period=&sort=&desc=&commune_sort=&commune_desc=&province_code=&q=&laggard=&page=&per_page=
        (JSON twin: /api/nation)
    GET /nation/communes.csv|.xlsx?period=&commune_sort=&commune_desc=&province_code=&q=&laggard=
        (every commune of the filtered table; also under /api/)
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import render, twin_route

__all__ = ["router"]

router = APIRouter(tags=["nation"])
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _flag(value: str | None, where: str) -> bool | None:
    """`true`/`false` (also 1/0, on/off); empty means the default."""
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if text in ("true", "1", "on", "yes"):
        return True
    if text in ("false", "0", "off", "no"):
        return False
    raise InvalidInput(f"Giá trị {value!r} không hợp lệ (true/false).", where=where)


def _code(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"Mã tỉnh/thành phố không hợp lệ: {value!r}.", where="province_code") from None


@twin_route(router, "/nation")
def nation_page(request: Request, db: Db, user: CurrentUser, period: str | None = None, sort: str = "rank",
                desc: str | None = None, commune_sort: str = "rank", commune_desc: str | None = None,
                province_code: str | None = None, q: str | None = None, laggard: str | None = None, page: int = 1,
                per_page: int = 50) -> Response:
    """Provinces ranked (drill into each one's city view) and one page of every commune, sorted and filtered."""
    from cchc.views import nation

    per = parse_period(period)
    overview = nation.nation_overview(db, user, period=per, sort=sort, descending=_flag(desc, "desc"),
                                      commune_sort=commune_sort,
                                      commune_descending=_flag(commune_desc, "commune_desc"),
                                      province_code=_code(province_code), q=q,
                                      laggard=bool(_flag(laggard, "laggard")), page=page, per_page=per_page,
                                      data_dir=request.app.state.settings.data_dir)
    if request.url.path.startswith("/api/"):
        return render(request, "nation/index.html", {"nation": overview})
    from cchc.domain.periods import Period
    from cchc.quality import period_choices

    return render(request, "nation/index.html", {"nation": overview,
                                                 "periods": period_choices(Period.parse(per).year)})


@router.get("/nation/communes.{fmt}", summary="Export the national communes table")
@router.get("/api/nation/communes.{fmt}", include_in_schema=False)
def nation_export(request: Request, db: Db, user: CurrentUser, fmt: Literal["csv", "xlsx"], period: str | None = None,
                  commune_sort: str = "rank", commune_desc: str | None = None, province_code: str | None = None,
                  q: str | None = None, laggard: str | None = None) -> Response:
    """Every commune of the filtered table (all pages), formula-like text written as text."""
    from cchc.views import nation

    per = parse_period(period)
    code = _code(province_code)
    content = nation.export_communes(db, user, fmt=fmt, period=per, sort=commune_sort,
                                     descending=_flag(commune_desc, "commune_desc"), province_code=code, q=q,
                                     laggard=bool(_flag(laggard, "laggard")),
                                     data_dir=request.app.state.settings.data_dir)
    name = f"xa-phuong-{per}" + (f"-{code}" if code is not None else "")
    return Response(content, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
