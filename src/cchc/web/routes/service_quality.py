"""Chỉ số phục vụ: a commune's service indicators from dossier records, II.06a, the 766 index, drill-down.

Pages and their JSON twins (`/api/…`):
    GET  /service-quality?locality_code=&period=&by=&unit=&sector=&procedure=
    GET  /service-quality/drill?locality_code=&period=&metric=&outcome=&unit=&sector=&procedure=&page=
    GET  /service-quality/drill.xlsx?…            (same at /api/…)
    GET  /service-quality/trend.svg?locality_code=&year=   (JSON twin: /api/service-quality/trend.json, Vega-Lite)
    POST /service-quality/inputs-766              the non-dossier 766 inputs (standing office)
    POST /service-quality/refresh                 indicator actuals from dossiers (standing office)
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.domain.metrics import METRIC_LABELS
from cchc.domain.periods import Period
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import parse_period
from cchc.web.rendering import render, respond, twin_route

__all__ = ["router"]

router = APIRouter(tags=["service-quality"])

GROUP_LABELS = {"unit": "Đơn vị", "sector": "Lĩnh vực", "procedure": "Thủ tục", "channel": "Hình thức nộp",
                "locality": "Xã/phường"}
OUTCOME_LABELS = {
    "numerator": "tử số", "denominator": "mẫu số", "excluded": "không đạt",
    "carried_over": "kỳ trước chuyển qua", "received": "tiếp nhận trong kỳ", "received_online": "trực tuyến",
    "received_direct": "trực tiếp, bưu chính", "resolved": "đã giải quyết", "early": "trước hạn",
    "on_time": "đúng hạn", "late": "quá hạn", "in_progress": "đang giải quyết", "within_time": "trong hạn",
    "overdue": "đang quá hạn", "late_no_apology": "quá hạn chưa có văn bản xin lỗi",
}
METRIC_NAMES = {m.value: label[0] for m, label in METRIC_LABELS.items()}
METRIC_SHORT = {
    "on_time_rate": "Đúng hạn", "satisfaction_rate": "Hài lòng", "online_rate": "Trực tuyến",
    "full_online_rate": "Toàn trình", "online_payment_rate": "Thanh toán TT", "digitization_rate": "Số hóa",
    "e_result_rate": "KQ điện tử", "data_reuse_rate": "Tái sử dụng DL", "location_free_rate": "Phi địa giới",
    "portal_sync_rate": "Đồng bộ Cổng QG", "online_time_reduction": "Giảm thời gian TT",
}


def _code(user: Any, locality_code: int | None) -> int:
    code = locality_code if locality_code is not None else user.locality_code
    if code is None:
        raise InvalidInput("Chọn xã/phường (tham số locality_code).", where="locality_code")
    return int(code)


def _data_dir(request: Request) -> Any:
    return request.app.state.settings.data_dir


@twin_route(router, "/service-quality")
def service_quality_page(
    request: Request, db: Db, user: CurrentUser, locality_code: int | None = None, period: str | None = None,
    by: str | None = None, unit: str | None = None, sector: str | None = None, procedure: str | None = None,
) -> Response:
    """Chỉ số phục vụ of a commune: metrics (filters, grouping), II.06a, 766 index and inputs, trend."""
    from cchc import quality as sq
    from cchc.web.choosers import locality_chooser, needs_locality

    if needs_locality(request, user, locality_code):
        return locality_chooser(request, db, user, title="Chỉ số phục vụ", path="/service-quality",
                                param="locality_code", extra={"period": period or ""})
    per = parse_period(period)
    page = sq.quality_page(db, user, locality_code=_code(user, locality_code), period=per, by=by, unit=unit,
                           sector=sector, procedure=procedure, data_dir=_data_dir(request))
    if request.url.path.startswith("/api/"):
        return render(request, "service_quality/index.html", {"quality": page})
    year = Period.parse(per).year
    filters = {k: v for k, v in (("unit", page.unit), ("sector", page.sector), ("procedure", page.procedure)) if v}
    return render(request, "service_quality/index.html", {
        "quality": page,
        "q": page,
        "year": year,
        "periods": sq.period_choices(year),
        "metric_names": METRIC_NAMES,
        "metric_short": METRIC_SHORT,
        "group_labels": GROUP_LABELS,
        "input_labels": sq.INPUT_LABELS,
        "filter_query": urlencode(filters),
        "by_metric": _pivot(page.metrics),
        "index_metrics": sq.INDEX_METRICS,
    })


def _pivot(rows: list[Any]) -> list[dict[str, Any]]:
    """Metric rows as table rows: one per group, metrics as columns."""
    out: dict[Any, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r.group, {"group": r.group, "cells": {}})["cells"][r.metric] = r
    return list(out.values())


@twin_route(router, "/service-quality/drill")
def service_quality_drill(
    request: Request, db: Db, user: CurrentUser, period: str, locality_code: int | None = None,
    metric: str | None = None, outcome: str = "numerator", unit: str | None = None, sector: str | None = None,
    procedure: str | None = None, page: int = 1,
) -> Response:
    """The dossiers behind one number, paginated."""
    from cchc import quality as sq

    drill = sq.drilldown(db, user, locality_code=_code(user, locality_code), period=period, metric=metric or None,
                         outcome=outcome, unit=unit, sector=sector, procedure=procedure, page=page,
                         data_dir=_data_dir(request))
    if request.url.path.startswith("/api/"):
        return render(request, "service_quality/drill.html", {"drill": drill})
    params = {k: v for k, v in (("locality_code", drill.locality_code), ("period", drill.period),
                                ("metric", drill.metric), ("outcome", drill.outcome), ("unit", drill.unit),
                                ("sector", drill.sector), ("procedure", drill.procedure)) if v is not None}
    return render(request, "service_quality/drill.html", {
        "drill": drill,
        "query": urlencode(params),
        "metric_name": METRIC_NAMES.get(drill.metric or "", ""),
        "outcome_name": OUTCOME_LABELS.get(drill.outcome, drill.outcome),
    })


def _drill_xlsx(request: Request, db: Db, user: CurrentUser, period: str, locality_code: int | None = None,
                metric: str | None = None, outcome: str = "numerator", unit: str | None = None,
                sector: str | None = None, procedure: str | None = None) -> Response:
    from cchc import quality as sq

    code = _code(user, locality_code)
    content = sq.drilldown_excel(db, user, locality_code=code, period=period, metric=metric or None,
                                 outcome=outcome, unit=unit, sector=sector, procedure=procedure,
                                 data_dir=_data_dir(request))
    name = f"ho-so-{code}-{Period.parse(period).code}-{metric or outcome}.xlsx"
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


router.add_api_route("/service-quality/drill.xlsx", _drill_xlsx, methods=["GET"], include_in_schema=False,
                     name="service_quality_drill_xlsx")
router.add_api_route("/api/service-quality/drill.xlsx", _drill_xlsx, methods=["GET"],
                     name="api_service_quality_drill_xlsx", summary="The dossiers behind a number, as Excel")


@router.get("/service-quality/trend.svg", include_in_schema=False)
def service_quality_trend_svg(request: Request, db: Db, user: CurrentUser, year: int,
                              locality_code: int | None = None) -> Response:
    from cchc import quality as sq

    svg = sq.trend_chart(db, user, locality_code=_code(user, locality_code), year=year, data_dir=_data_dir(request))
    return Response(str(svg), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})


@router.get("/api/service-quality/trend.json", summary="Monthly service-indicator trend (Vega-Lite spec and rows)")
def service_quality_trend_json(request: Request, db: Db, user: CurrentUser, year: int,
                               locality_code: int | None = None) -> Response:
    from cchc import quality as sq

    code = _code(user, locality_code)
    rows = sq.trend(db, user, locality_code=code, year=year, data_dir=_data_dir(request))
    spec = sq.trend_chart(db, user, locality_code=code, year=year, fmt="json", data_dir=_data_dir(request))
    return JSONResponse({"locality_code": code, "year": year, "rows": [r.to_dict() for r in rows], "vega_lite": spec})


@twin_route(router, "/service-quality/inputs-766", methods=["POST"])
def service_quality_inputs_766(
    request: Request, db: Db, user: CurrentUser,
    locality_code: Annotated[int, Form()], period: Annotated[str, Form()],
    published_on_time: Annotated[str, Form()] = "", updated_on_time: Annotated[str, Form()] = "",
    disclosed_complete: Annotated[str, Form()] = "", online_procedures: Annotated[str, Form()] = "",
    online_services_used: Annotated[str, Form()] = "", fee_procedures_online_payment: Annotated[str, Form()] = "",
    fee_procedures_with_dossiers: Annotated[str, Form()] = "", e_certified_copy: Annotated[str, Form()] = "",
    citizen_store: Annotated[str, Form()] = "", population_db_dossiers: Annotated[str, Form()] = "",
    population_db_procedures: Annotated[str, Form()] = "", pakn_on_time: Annotated[str, Form()] = "",
    pakn_satisfaction: Annotated[str, Form()] = "", pakn_count: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Enter the 766 inputs that do not come from dossiers (blank fields are left as they were)."""
    from cchc import quality as sq

    values = {
        "published_on_time": published_on_time, "updated_on_time": updated_on_time,
        "disclosed_complete": disclosed_complete, "online_procedures": online_procedures,
        "online_services_used": online_services_used,
        "fee_procedures_online_payment": fee_procedures_online_payment,
        "fee_procedures_with_dossiers": fee_procedures_with_dossiers, "e_certified_copy": e_certified_copy,
        "citizen_store": citizen_store, "population_db_dossiers": population_db_dossiers,
        "population_db_procedures": population_db_procedures, "pakn_on_time": pakn_on_time,
        "pakn_satisfaction": pakn_satisfaction, "pakn_count": pakn_count,
    }
    per = parse_period(period)
    saved = sq.enter_766_inputs(db, user, locality_code=locality_code, period=per, values=values, note=note,
                                data_dir=_data_dir(request))
    return respond(request, {"locality_code": locality_code, "period": per, "inputs_766": saved},
                   redirect_to=f"/service-quality?locality_code={locality_code}&period={per}#index-766",
                   flash="Đã lưu số liệu Chỉ số 766.")


@twin_route(router, "/service-quality/refresh", methods=["POST"])
def service_quality_refresh(request: Request, db: Db, user: CurrentUser, locality_code: Annotated[int, Form()],
                            period: Annotated[str, Form()]) -> Response:
    """Write the dossier-measured actuals of the plan's indicators for the period."""
    from cchc import quality as sq

    per = parse_period(period)
    result = sq.refresh_indicator_actuals(db, user, locality_code=locality_code, period=per,
                                          data_dir=_data_dir(request))
    return respond(request, {"refresh": result},
                   redirect_to=f"/service-quality?locality_code={locality_code}&period={per}",
                   flash=result.summary_vi())

