"""One way to answer: the same data becomes an HTML page or, under `/api/`, JSON.

Routes build a dict of data with one function and hand it to `render`; only the rendering
differs between the page and its `/api/` twin. `twin_route` registers both paths at once.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.requests import Request

from cchc.domain.areas import AREA_LABELS
from cchc.domain.statuses import ACHIEVEMENT_LABELS, TASK_STATUS_LABELS
from cchc.domain.units import UNIT_LABELS
from cchc.web import labels
from cchc.web.i18n import gettext_for, locale_of

__all__ = ["BlockCache", "templates", "wants_json", "render", "respond", "to_jsonable", "twin_route", "is_htmx"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# Templates ship with the package: no stat of the file on every render.
templates.env.auto_reload = False
# Marks base.html puts around the blocks a cached render keeps (a private-use character, never in data).
_MARK = "\ue000"


def _date_vi(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        # Timestamps are stored in UTC (SQLite hands them back without a zone): shown in Vietnam's time.
        value = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(VIETNAM)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _label(mapping: dict[Any, tuple[str, str]], lang: str) -> Callable[[Any], str]:
    by_value = {getattr(k, "value", k): v for k, v in mapping.items()}

    def label(value: Any) -> str:
        pair = by_value.get(getattr(value, "value", value))
        if pair is None:
            return "" if value is None else str(value)
        return pair[1] if lang == "en" else pair[0]

    return label


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


class _CurrentCsrf:
    """`csrf_token` for macros imported without context: the token of the request being rendered."""

    def __str__(self) -> str:
        return _csrf_var.get()

    def __html__(self) -> str:
        return _csrf_var.get()

    def __bool__(self) -> bool:
        return bool(_csrf_var.get())


_csrf_var: ContextVar[str] = ContextVar("cchc_csrf", default="")
templates.env.globals["csrf_token"] = _CurrentCsrf()
def _audit_value(value: Any) -> str:
    """A before/after value of an audit event, readable: unit lists as names, ISO dates as dd/mm/yyyy."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "; ".join(_audit_value(v) for v in value) or "—"
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        return ", ".join(f"{k}: {_audit_value(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return _date_vi(value)
    return str(value)


def _accept(kinds: Any) -> str:
    return ",".join(sorted(kinds))


templates.env.filters["audit_value"] = _audit_value
templates.env.filters["accept"] = _accept
templates.env.filters["date_vi"] = _date_vi
templates.env.filters["number"] = _number


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def wants_json(request: Request) -> bool:
    """JSON for every `/api/` path, and for clients that ask only for JSON."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def to_jsonable(value: Any) -> Any:
    """Plain JSON values from domain objects (`to_json`), dataclasses, enums, dates."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value  # exact built-in types first: most values of a large payload (no attribute lookups)
    if kind is dict:  # plain keys and values inline: most of a large payload (no call per value)
        return {k if type(k) is str else str(to_jsonable(k)):
                v if (t := type(v)) is str or t is int or t is float or t is bool or v is None else to_jsonable(v)
                for k, v in value.items()}
    if kind is list:
        return [v if (t := type(v)) is str or t is int or t is float or t is bool or v is None else to_jsonable(v)
                for v in value]
    if hasattr(value, "to_json") and callable(value.to_json):
        return to_jsonable(value.to_json())
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return jsonable_encoder(value)


def _form_state_of(request: Request) -> Callable[[str], Any]:
    """`form_state(id)` in templates: the refused form's state when it is that form, else an empty one."""
    from cchc.web.forms import FormState

    states = getattr(request.state, "form_states", None) or {}

    def form_state(form_id: str) -> FormState:
        return states.get(form_id) or FormState(form_id)

    return form_state


def _upload_types() -> dict[str, str]:
    from cchc.web.uploads import EVIDENCE_TYPES, PLAN_TYPES, TABLE_TYPES

    return {"evidence": _accept(EVIDENCE_TYPES), "plan": _accept(PLAN_TYPES), "table": _accept(TABLE_TYPES)}


def base_context(request: Request) -> dict[str, Any]:
    """What every template sees: `_`, the locale, the user, the CSRF token, label helpers."""
    lang = locale_of(request)
    session = request.scope.get("session") or {}
    return {
        "request": request,
        "_": gettext_for(lang),
        "lang": lang,
        "user": getattr(request.state, "user", None),
        "csrf_token": session.get("csrf", ""),
        "area_label": _label(AREA_LABELS, lang),
        "status_label": _label(TASK_STATUS_LABELS, lang),
        "achievement_label": _label(ACHIEVEMENT_LABELS, lang),
        "unit_kind_label": _label(UNIT_LABELS, lang),
        "label": labels.labeller(lang),
        "period_label": lambda code: labels.period_label(code, lang),
        "period_options": lambda around: labels.period_options(around, lang),
        "period_name": lambda code: labels.period_label(code, lang),  # where a page's data has `period_label`
        "flash": session.pop("flash", None) if "session" in request.scope else None,
        "form_state": _form_state_of(request),
        "max_upload_bytes": getattr(getattr(request.app.state, "settings", None), "max_upload_bytes", 0),
        "upload_types": _upload_types(),
    }


@dataclasses.dataclass(frozen=True)
class BlockCache:
    """Where `render` keeps a page's own blocks: a `GenerationCache`, the entry's key, its commune, its generation.

    The title, page class and content of the page are rendered once per key, language and generation
    (`shared`, read from the database by the caller); the frame around them (menu, user, CSRF token,
    message, unread count) is rendered on every request. Only for pages whose content block shows
    nothing of the user or the session.
    """

    cache: Any
    key: Any
    locality_code: int
    shared: Any


def _json_bytes(data: dict[str, Any]) -> bytes:
    """The body `JSONResponse` would send for `data`."""
    return json.dumps(to_jsonable(data), ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def render(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    cache: BlockCache | None = None,
) -> Response:
    """`data` as JSON under `/api/`, else `template` rendered with `data` and the base context."""
    if wants_json(request):
        if cache is None:
            return JSONResponse(to_jsonable(data), status_code=status_code, headers=headers)
        body = cache.cache.get_or_build(("json", cache.key), cache.locality_code, lambda: _json_bytes(data),
                                        shared=cache.shared)
        return Response(body, status_code=status_code, headers=headers, media_type="application/json")
    context = base_context(request)
    context.update(data)
    _csrf_var.set(context["csrf_token"])
    if cache is None:
        return templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)
    first: list[str] = []

    def build() -> tuple[str, str, str] | None:
        page = templates.get_template(template).render({**context, "mark": _MARK})
        parts = page.split(_MARK)
        first.append("".join(parts))
        return (parts[1], parts[3], parts[5]) if len(parts) == 7 else None

    blocks = cache.cache.get_or_build(("page", template, cache.key, context["lang"]), cache.locality_code, build,
                                      shared=cache.shared)
    if first:  # this request rendered the whole page
        return HTMLResponse(first[0], status_code=status_code, headers=headers)
    if blocks is None:  # a template without the marks: rendered whole every time
        return templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)
    context["cached_blocks"] = [Markup(b) for b in blocks]
    return templates.TemplateResponse(request, "_cached_page.html", context, status_code=status_code, headers=headers)


def respond(
    request: Request,
    data: dict[str, Any],
    *,
    redirect_to: str,
    flash: str | None = None,
    status_code: int = 200,
    fragment: str | None = None,
) -> Response:
    """After a POST: JSON under `/api/`; an htmx fragment when given; else a 303 redirect (PRG)."""
    if wants_json(request):
        return JSONResponse(to_jsonable(data), status_code=status_code)
    if flash and "session" in request.scope:
        request.session["flash"] = flash
    if fragment and is_htmx(request):
        return render(request, fragment, data)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": redirect_to})
    return RedirectResponse(redirect_to, status_code=303)


def twin_route(
    router: APIRouter, path: str, *, methods: list[str] | None = None, name: str | None = None, **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `fn` at `path` (HTML, hidden from OpenAPI) and at `/api{path}` (JSON, documented)."""

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        route_name = name or fn.__name__
        router.add_api_route(
            path,
            fn,
            methods=methods or ["GET"],
            name=route_name,
            include_in_schema=False,
            response_class=HTMLResponse,
            **kwargs,
        )
        router.add_api_route(
            "/api" + path, fn, methods=methods or ["GET"], name=f"api_{route_name}", **kwargs
        )
        return fn

    return decorator
