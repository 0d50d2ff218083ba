"""The permission matrix: every route × role → the scope in which that role may use it.

One table, `MATRIX`, keyed by `"METHOD /path"` with the `/api` prefix of JSON twins removed (a page
and its twin share one row). `require_permission` is a dependency of every route: it answers 401
to an anonymous user and 403 (recorded in the audit log by the error handler) to a role whose
scope is `none`, before the route reads anything. The finer scope — which unit, commune or
province — is checked by the services on the records themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends
from starlette.requests import Request

from cchc.domain.errors import PermissionDenied
from cchc.kernel.actor import Role
from cchc.web.deps import optional_user
from cchc.web.exceptions import LoginRequired

__all__ = ["ANONYMOUS", "MATRIX", "ROLES", "Scope", "permission_key", "require_permission", "scope_of"]


class Scope(StrEnum):
    NONE = "none"
    UNIT = "unit"  # the user's own unit (a unit officer: tasks it leads or coordinates)
    COMMUNE = "commune"  # the user's own commune
    PROVINCE = "province"  # the communes of the user's province
    ANY = "any"  # every record (for account pages: the user's own account)


ANONYMOUS = "anonymous"
ROLES: tuple[str, ...] = (ANONYMOUS, *(r.value for r in Role))

N, U, C, P, A = Scope.NONE, Scope.UNIT, Scope.COMMUNE, Scope.PROVINCE, Scope.ANY


def _row(anonymous: Scope = N, unit_officer: Scope = N, standing_office: Scope = N, leader: Scope = N,
         city_reviewer: Scope = N, admin: Scope = A, ministry_reviewer: Scope = N) -> dict[str, Scope]:
    return {ANONYMOUS: anonymous, Role.UNIT_OFFICER.value: unit_officer,
            Role.STANDING_OFFICE.value: standing_office, Role.LEADER.value: leader,
            Role.CITY_REVIEWER.value: city_reviewer, Role.ADMIN.value: admin,
            Role.MINISTRY_REVIEWER.value: ministry_reviewer}


# The profiles most routes share.
PUBLIC = _row(A, A, A, A, A, ministry_reviewer=A)  # no login needed
SIGNED_IN = _row(N, A, A, A, A, ministry_reviewer=A)  # any signed-in user, on their own account
READ = _row(N, C, C, C, P, ministry_reviewer=A)  # the records of a commune (the ministry reads every commune)
READ_OFFICE = _row(N, N, C, C, P, ministry_reviewer=A)  # what the office and leaders read (not unit officers)
OVERVIEW = _row(N, N, N, N, P, ministry_reviewer=A)  # the province's (or the nation's) overview
UNIT_WRITE = _row(N, U, C)  # the unit's own tasks, or the standing office for any task of its commune
MANAGE = _row(N, N, C)  # the standing office of the commune
REVIEW = _row(N, N, C, C)  # the standing office or a leader of the commune
LEAD = _row(N, N, N, C)  # a leader of the commune
ADMIN_ONLY = _row()

MATRIX: dict[str, dict[str, Scope]] = {
    # auth
    "GET /": PUBLIC,
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": PUBLIC,
    "GET /session": PUBLIC,
    "GET /health": PUBLIC,
    # audit history
    "GET /history/{entity}/{entity_id}": READ,
    # bulk export and import
    "GET /bulk/{plan_id}": READ,
    "GET /bulk/{plan_id}/export/{what}.{fmt}": READ,
    "POST /bulk/{plan_id}/preview": MANAGE,
    "POST /bulk/{plan_id}/apply": MANAGE,
    # the province's overview
    "GET /city": OVERVIEW,
    "GET /nation": OVERVIEW,
    "GET /nation/communes.{fmt}": OVERVIEW,
    # plans above the commune, links, conformance, amendments, versions
    "GET /parent-plans": READ,
    "POST /parent-plans/import": _row(N, N, N, N, P),
    "POST /plans/{plan_id}/links": MANAGE,
    "POST /plans/{plan_id}/links/{parent_plan_id}/delete": MANAGE,
    "POST /plans/{plan_id}/matches": MANAGE,
    "GET /plans/{plan_id}/conformance": READ,
    "GET /plans/{plan_id}/versions": READ,
    "POST /plans/{plan_id}/amendments": MANAGE,
    "GET /amendments/{amendment_id}": READ_OFFICE,
    "POST /amendments/{amendment_id}/apply": MANAGE,
    "POST /amendments/{amendment_id}/reject": MANAGE,
    "GET /tasks/{task_id}/history": READ,
    # merged communes
    "GET /localities/{code}/predecessors": READ,
    "POST /mergers/import": ADMIN_ONLY,
    # dashboard
    "GET /dashboard": READ,
    "GET /dashboard/charts/{which}.svg": READ,
    # extensions
    "GET /extensions": READ,
    "POST /extensions/{extension_id}": LEAD,
    # inbox (the user's own notifications)
    "GET /inbox": SIGNED_IN,
    "POST /inbox/read-all": SIGNED_IN,
    "POST /inbox/preferences": SIGNED_IN,
    "POST /inbox/{notification_id}/read": SIGNED_IN,
    # indicators
    "GET /plans/{plan_id}/indicators": READ,
    "GET /indicators/{indicator_id}": READ,
    "POST /indicators/{indicator_id}/measurements": UNIT_WRITE,
    # background jobs
    "GET /jobs/{job_id}": SIGNED_IN,
    "POST /jobs/{job_id}/retry": _row(N, N, C, C),
    "POST /reports/jobs": MANAGE,
    # PAR index
    "GET /parindex": READ,
    "GET /parindex/ranking": _row(N, N, N, N, P),
    "POST /parindex/prefill": MANAGE,
    "GET /parindex/assessments/{assessment_id}": READ,
    "GET /parindex/assessments/{assessment_id}/history": READ,
    "POST /parindex/scores/{score_id}/correct": MANAGE,
    "POST /parindex/scores/{score_id}/evidence": MANAGE,
    "GET /parindex/evidence/{evidence_id}": READ,
    "POST /parindex/assessments/{assessment_id}/submit": MANAGE,
    "POST /parindex/scores/{score_id}/appraise": _row(N, N, N, N, P),
    "POST /parindex/assessments/{assessment_id}/survey": _row(N, N, N, N, P),
    "POST /parindex/assessments/{assessment_id}/return": _row(N, N, N, N, P),
    "POST /parindex/assessments/{assessment_id}/accept": _row(N, N, N, N, P),
    "GET /parindex/assessments/{assessment_id}/export.{fmt}": READ,
    "GET /parindex/sets": READ,
    "POST /parindex/sets/import": _row(N, N, N, N, P),
    "GET /parindex/sets/{set_id}.xlsx": READ,
    # plans: reading
    "GET /plans": READ,
    "GET /plans/{plan_id}": READ,
    "GET /plans/{plan_id}/source": READ,
    # plans: review and editing (the standing office)
    "POST /plans/import": MANAGE,
    "POST /plans/{plan_id}": MANAGE,
    "POST /plans/{plan_id}/publish": MANAGE,
    "POST /plans/{plan_id}/close": MANAGE,
    "GET /plans/{plan_id}/reextract": MANAGE,
    "POST /plans/{plan_id}/reextract": MANAGE,
    "POST /plans/{plan_id}/tasks": MANAGE,
    "GET /plans/tasks/{task_id}/row": READ,
    "GET /plans/tasks/{task_id}/edit": MANAGE,
    "POST /plans/tasks/{task_id}": MANAGE,
    "POST /plans/tasks/{task_id}/delete": MANAGE,
    "POST /plans/{plan_id}/merge": MANAGE,
    "POST /plans/tasks/{task_id}/split": MANAGE,
    "POST /plans/{plan_id}/indicators": MANAGE,
    "POST /plans/indicators/{indicator_id}": MANAGE,
    "POST /plans/indicators/{indicator_id}/delete": MANAGE,
    # the public pages
    "GET /public": PUBLIC,
    "GET /public/{code}": PUBLIC,
    "GET /public/{code}/charts/{name}.svg": PUBLIC,
    "GET /public/{code}/charts/{name}.json": PUBLIC,
    # the Decree 30 report
    "GET /reports": _row(N, N, C, C, P),  # the report page of the office and leaders (a province reads it)
    "POST /reports/draft": MANAGE,
    "POST /reports/generate": MANAGE,
    "POST /reports/approve": LEAD,
    "GET /reports/{locality}/{period}/v{version}.{fmt}": READ,
    "GET /reports/{locality}/{period}/draft.docx": READ,
    "GET /reports/notice/{locality}/{month}.{fmt}": READ,
    # the province's report template (Sở Nội vụ or an administrator changes it)
    "GET /reports/templates": _row(N, N, N, N, P),
    "POST /reports/templates": _row(N, N, N, N, P),
    "POST /reports/templates/reset": _row(N, N, N, N, P),
    "GET /reports/templates/current.docx": _row(N, N, N, N, P),
    "GET /reports/templates/default.docx": READ,
    # review of progress reports
    "GET /reviews": READ,
    "POST /reviews/{report_id}": REVIEW,
    "GET /reports/{report_id}/evidence": READ,
    # service quality
    "GET /service-quality": READ,
    "GET /service-quality/drill": READ,
    "GET /service-quality/drill.xlsx": READ,
    "GET /service-quality/trend.svg": READ,
    "GET /service-quality/trend.json": READ,
    "POST /service-quality/inputs-766": MANAGE,
    "POST /service-quality/refresh": MANAGE,
    # sessions (the user's own; every user's for the administrator)
    "GET /sessions": SIGNED_IN,
    "POST /sessions/{session_id}/revoke": SIGNED_IN,
    "POST /sessions/revoke-all": SIGNED_IN,
    "GET /admin/sessions": ADMIN_ONLY,
    "POST /admin/users/{user_id}/sessions/revoke": ADMIN_ONLY,
    # tasks
    "GET /tasks/mine": READ,
    "GET /tasks/{task_id}": READ,
    "POST /tasks/{task_id}/report": UNIT_WRITE,
    "POST /tasks/{task_id}/contributions": UNIT_WRITE,
    "POST /tasks/{task_id}/status": MANAGE,  # pause, cancel, resume: the standing office only
    "POST /tasks/{task_id}/trigger": MANAGE,
    "POST /tasks/{task_id}/extensions": UNIT_WRITE,
}


def permission_key(method: str, path: str) -> str:
    """The matrix row of a route: its method and its path without the `/api` of a JSON twin."""
    if path.startswith("/api/"):
        path = path[4:]
    return f"{method.upper()} {path}"


def scope_of(method: str, path: str, role: str) -> Scope:
    """The scope `role` has on a route; a route missing from the table is open to nobody."""
    method = "GET" if method.upper() == "HEAD" else method
    row = MATRIX.get(permission_key(method, path))
    return row.get(role, Scope.NONE) if row else Scope.NONE


async def require_permission(request: Request, user: Annotated[Any, Depends(optional_user)]) -> None:
    """Refuse a role the matrix gives no scope on this route (401 when not signed in)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return
    role = getattr(getattr(user, "role", None), "value", None) or ANONYMOUS
    if scope_of(request.method, path, role) is not Scope.NONE:
        return
    if user is None:
        raise LoginRequired()
    raise PermissionDenied("Vai trò của bạn không được phép dùng chức năng này.")
