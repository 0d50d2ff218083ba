"""History pages: the audit events of one plan, task, indicator, report…"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.deps import CurrentUser, Db
from cchc.web.rendering import render, twin_route

router = APIRouter(tags=["audit"])

ENTITY_LABELS = {
    "plan": "Kế hoạch", "task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "measurement": "Số liệu chỉ tiêu",
    "progress_report": "Báo cáo tiến độ", "contribution": "Đóng góp", "extension": "Gia hạn",
    "trigger": "Sự kiện", "user": "Người dùng", "unit": "Đơn vị", "locality": "Xã/phường",
}


def history_data(db: Any, user: Any, entity: str, entity_id: int) -> dict[str, Any]:
    from cchc.kernel import audit

    return {"entity": entity, "entity_id": entity_id, "entity_label": ENTITY_LABELS.get(entity, entity),
            "history": audit.audit_history(db, user, entity=entity, entity_id=entity_id)}


@twin_route(router, "/history/{entity}/{entity_id}")
def history(request: Request, db: Db, user: CurrentUser, entity: str, entity_id: int) -> Response:
    return render(request, "audit/history.html", history_data(db, user, entity, entity_id))
