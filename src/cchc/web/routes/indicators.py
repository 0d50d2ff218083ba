"""Indicators: progress against targets for a plan, one indicator's measurements, recording a measurement."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from starlette.requests import Request

from cchc.domain.errors import InvalidInput
from cchc.web.deps import CurrentUser, Db
from cchc.web.forms import (
    FormCheck,
    clean_text,
    current_period,
    form_page,
    parse_float,
    parse_period,
    parse_period_field,
)
from cchc.web.rendering import render, respond, twin_route

router = APIRouter(tags=["indicators"])


def plan_indicators_data(db: Any, user: Any, plan_id: int, period: str | None) -> dict[str, Any]:
    from cchc.services import indicators

    code = parse_period(period) if period else None
    return {"plan_id": plan_id, "period": code,
            "progress": indicators.indicator_progress(db, user, plan_id=plan_id, period=code)}


@twin_route(router, "/plans/{plan_id}/indicators")
def plan_indicators(request: Request, db: Db, user: CurrentUser, plan_id: int, period: str | None = None) -> Response:
    return render(request, "indicators/plan.html", plan_indicators_data(db, user, plan_id, period))


def indicator_data(db: Any, user: Any, indicator_id: int) -> dict[str, Any]:
    from cchc.kernel import audit
    from cchc.services import indicators

    return {
        "indicator": indicators.get_indicator(db, user, indicator_id=indicator_id),
        "measurements": indicators.list_measurements(db, user, indicator_id=indicator_id),
        "history": audit.audit_history(db, user, entity="indicator", entity_id=indicator_id),
    }


@twin_route(router, "/indicators/{indicator_id}")
def indicator_page(request: Request, db: Db, user: CurrentUser, indicator_id: int) -> Response:
    data = indicator_data(db, user, indicator_id)
    if not request.url.path.startswith("/api/"):
        data["period"] = current_period().code
    return render(request, "indicators/detail.html", data)


MEASUREMENT_FIELDS = {"period": "Kỳ báo cáo", "numerator": "Tử số", "denominator": "Mẫu số", "value": "Giá trị",
                      "evidence": "Minh chứng"}


@form_page("record_measurement", form_id="measurement-form", fields=MEASUREMENT_FIELDS)
def _indicator_again(request: Request, db: Any, user: Any) -> tuple[str, dict[str, Any]]:
    data = indicator_data(db, user, int(request.path_params["indicator_id"]))
    data["period"] = current_period().code
    return "indicators/detail.html", data


@twin_route(router, "/indicators/{indicator_id}/measurements", methods=["POST"], name="record_measurement")
def record_measurement(
    request: Request, db: Db, user: CurrentUser, indicator_id: int,
    period: Annotated[str, Form(max_length=40)],
    numerator: Annotated[str | None, Form(max_length=30)] = None,
    denominator: Annotated[str | None, Form(max_length=30)] = None,
    value: Annotated[str | None, Form(max_length=30)] = None,
    evidence: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    from cchc.services import indicators

    check = FormCheck()
    code = check.check(parse_period_field, period, "Kỳ báo cáo", field="period")
    num = check.check(parse_float, numerator, "Tử số", field="numerator")
    den = check.check(parse_float, denominator, "Mẫu số", field="denominator")
    val = check.check(parse_float, value, "Giá trị", field="value")
    note = check.check(clean_text, evidence, "Minh chứng", max_length=2000, field="evidence")
    if not check.problems:
        if (num is None) != (den is None):
            check.add(InvalidInput("Nhập cả tử số và mẫu số, hoặc chỉ nhập giá trị.",
                                   where="numerator" if num is None else "denominator"))
        if den is not None and den <= 0:
            check.add(InvalidInput("Mẫu số phải lớn hơn 0.", where="denominator"))
        if num is not None and num < 0:
            check.add(InvalidInput("Tử số không được âm.", where="numerator"))
        if num is None and den is None and val is None:
            check.add(InvalidInput("Chưa nhập số liệu (tử số/mẫu số hoặc giá trị).", where="value"))
    check.done()
    m = indicators.record_measurement(db, user, indicator_id=indicator_id, period=code,
                                      numerator=num, denominator=den, value=val if num is None else None,
                                      evidence=note)
    return respond(request, {"measurement": m}, redirect_to=f"/indicators/{indicator_id}", flash="Đã ghi số liệu.",
                   status_code=201)
