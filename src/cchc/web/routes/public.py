"""The public page of a commune (no login): plan progress by area, indicators, monthly service figures.

Read-only and cacheable: an ETag over the page's data (and language), `Cache-Control: public` for
anonymous visitors (whose fresh, empty session is dropped so no cookie is set), 304 on a matching
`If-None-Match`. The data are aggregates only (`reporting.public_overview`): no applicant,
no officer, no dossier. Charts are the report's own Altair charts (`cchc.reports.charts`) as SVG or
Vega-Lite JSON.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from cchc.domain.errors import NotFound
from cchc.web.deps import Db
from cchc.web.i18n import locale_of
from cchc.web.rendering import BlockCache, render, to_jsonable

router = APIRouter(tags=["public"])

MAX_AGE = 300  # seconds a browser or a proxy may reuse the page without asking
CHARTS = ("areas", "indicators", "trend", "ontime", "index766")


def _overview(request: Request, db: Any, code: int) -> tuple[Any, str, BlockCache]:
    """The overview, its ETag (over the JSON data) and where its page is kept: reused until a write or an import.

    Fresh while the commune's write generation (any process) and the dossier store's version are unchanged.
    """
    from cchc import reporting as reports
    from cchc.dossiers.shared import data_version, shared_store
    from cchc.kernel import cache_generations
    from cchc.quality import dossier_dir

    data_dir = request.app.state.settings.data_dir
    cache = request.app.state.dashboard_cache
    shared = (cache_generations.current(db, code), data_version(shared_store(dossier_dir(data_dir))))
    key = ("public", code, date.today())

    def build() -> tuple[Any, str]:
        from cchc.domain.periods import Period, PeriodKind
        from cchc.kernel.actor import Actor
        from cchc.services import dashboard

        # The commune's dashboard of this quarter, shared with the standing office's page (same entry).
        today = date.today()
        per = Period.containing(today, PeriodKind.QUARTER).code
        board = cache.get_or_build(
            ("dashboard", code, per, None, today), code,
            lambda: dashboard.dashboard(db, Actor.system(ip=None), locality_code=code, period=per, today=today),
            shared=shared[0])
        o = reports.public_overview(db, locality_code=code, today=today, data_dir=data_dir, board=board)
        body = json.dumps(to_jsonable(o), ensure_ascii=False, sort_keys=True, default=str)
        return o, hashlib.sha256(body.encode()).hexdigest()[:32]

    overview, etag = cache.get_or_build(key, code, build, shared=shared)
    return overview, etag, BlockCache(cache, key, code, shared)


def _anonymous(request: Request) -> bool:
    """True when the visitor has no session of their own; the token just made for them is dropped."""
    session = request.scope.get("session")
    if session is None:
        return True
    if request.cookies.get("cchc_session") or set(session) - {"csrf"}:
        return False
    session.clear()  # nothing to keep: no Set-Cookie, so shared caches may store the page
    return True


def _cache_headers(request: Request, etag: str) -> dict[str, str]:
    scope = "public" if _anonymous(request) else "private"
    return {"ETag": f'"{etag}"', "Cache-Control": f"{scope}, max-age={MAX_AGE}", "Vary": "Accept"}


def _not_modified(request: Request, etag: str) -> bool:
    sent = request.headers.get("if-none-match", "")
    return any(tag.strip().strip('"').removeprefix("W/").strip('"') == etag for tag in sent.split(","))


@router.get("/public", include_in_schema=False)
@router.get("/api/public", summary="Tìm xã/phường để xem trang công khai")
def public_index(request: Request, db: Db, q: str = "") -> Response:
    """Tìm một xã/phường theo tên; mỗi kết quả dẫn tới trang công khai của nó."""
    from cchc.kernel.localities import list_localities

    query = q.strip()[:100]
    found = list_localities(db, search=query, limit=50) if query else []
    rows = [{"code": x.code, "name": x.name, "province_name": x.province_name} for x in found]
    etag = hashlib.sha256(json.dumps([query, rows, locale_of(request)], ensure_ascii=False).encode()).hexdigest()[:32]
    headers = _cache_headers(request, etag)
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return render(request, "public/index.html", {"q": query, "localities": rows}, headers=headers)


@router.get("/public/{code}", include_in_schema=False)
@router.get("/api/public/{code}", summary="Trang công khai của một xã/phường (không cần đăng nhập)")
def public_page(request: Request, db: Db, code: int) -> Response:
    """Tiến độ kế hoạch CCHC và chỉ số phục vụ hằng tháng của một xã/phường, công khai."""
    overview, etag, blocks = _overview(request, db, code)
    etag = f"{etag}-{locale_of(request)}-{'j' if request.url.path.startswith('/api/') else 'h'}"
    headers = _cache_headers(request, etag)
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    data = {"overview": overview, "charts": _chart_list(overview)}
    return render(request, "public/commune.html", data, headers=headers, cache=blocks)


def _chart_list(o: Any) -> list[dict[str, str]]:
    out = []
    if o.areas:
        out.append({"name": "areas", "title": "Tiến độ thực hiện nhiệm vụ theo lĩnh vực"})
    if any(i.actual is not None and i.unit == "%" for i in o.indicators):
        out.append({"name": "indicators", "title": "Chỉ tiêu so với kế hoạch"})
    if o.monthly:
        out.append({"name": "trend", "title": "Diễn biến các chỉ số phục vụ theo tháng"})
        out.append({"name": "ontime", "title": "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng"})
    if o.index_766:
        out.append({"name": "index766", "title": "Chỉ số 766 theo nhóm"})
    return out


def _chart(o: Any, name: str) -> Any:
    from cchc.reports import charts

    if name == "areas":
        return charts.progress_by_area(o.areas)
    if name == "indicators":
        return charts.indicators_vs_target(o.indicators)
    if name == "trend":
        return charts.service_trend(o.monthly)
    if name == "ontime":
        return charts.on_time_by_month(o.monthly)
    if name == "index766":
        return charts.index_766_groups(o.index_766)
    raise NotFound(f"Không có biểu đồ «{name}» (có: {', '.join(CHARTS)}).", where="name")


@router.get("/public/{code}/charts/{name}.svg", include_in_schema=False)
def public_chart_svg(request: Request, db: Db, code: int, name: str) -> Response:
    from cchc.reports import charts

    overview, etag, blocks = _overview(request, db, code)
    etag = f"{etag}-{name}-svg"
    headers = _cache_headers(request, etag)
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    chart = _chart(overview, name)
    svg = blocks.cache.get_or_build(("svg", blocks.key, name), code, lambda: charts.to_svg(chart), shared=blocks.shared)
    return Response(svg, media_type="image/svg+xml", headers=headers)


@router.get("/api/public/{code}/charts/{name}.json", summary="Biểu đồ của trang công khai (Vega-Lite)")
def public_chart_json(request: Request, db: Db, code: int, name: str) -> Response:
    from cchc.reports import charts

    overview, etag, _blocks = _overview(request, db, code)
    etag = f"{etag}-{name}-json"
    headers = _cache_headers(request, etag)
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(charts.to_vega_lite(_chart(overview, name)), headers=headers)
