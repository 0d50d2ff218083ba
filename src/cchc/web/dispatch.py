"""Route dispatch for the app: every route at the top level, found by its first path segments.

FastAPI keeps an included router as one lazily built entry that re-resolves its routes on every
request (each candidate is matched through per-request context objects, and the chosen router is
matched twice). `add_routes` instead copies each `APIRoute` of a router to the app itself, as
`include_router` used to: the same path, endpoint, dependencies (the app's first), name, tags,
response class and OpenAPI settings.

Starlette then tries the ~300 routes in order, a regular expression each. `install_index` keeps
the same order but only among the routes that can match the request's path: those whose first
segment (the first two under `/api/`) is the request's, plus every route whose first segments are
not literal (a parameter, a mount), in their original order. So the first full and the first
partial (405) match are those of the full scan; a request no candidate matches goes to the
router's own handling (trailing-slash redirect, 404) unchanged.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import Receive, Scope, Send

__all__ = ["RouteIndex", "add_routes", "finish_routes_in_their_thread", "install_index", "route_key"]

log = logging.getLogger("cchc.web")


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Each route of `router` on the app itself (the app's dependencies first), in order."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            app.router.routes.append(route)
            continue
        options: dict[str, Any] = {}
        if getattr(route, "form_limits", None):
            options["form_limits"] = route.form_limits
        if hasattr(route, "strict_content_type"):
            options["strict_content_type"] = route.strict_content_type
        if getattr(route, "max_body_size", None) is not None:
            options["max_body_size"] = route.max_body_size
        app.router.add_api_route(
            route.path,
            route.endpoint,
            response_model=route.response_model,
            status_code=route.status_code,
            tags=route.tags,
            dependencies=route.dependencies,
            summary=route.summary,
            description=route.description,
            response_description=route.response_description,
            responses=route.responses,
            deprecated=route.deprecated,
            methods=route.methods,
            operation_id=route.operation_id,
            response_model_include=route.response_model_include,
            response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none,
            include_in_schema=route.include_in_schema,
            response_class=route.response_class,
            name=route.name,
            route_class_override=type(route),
            callbacks=route.callbacks,
            openapi_extra=route.openapi_extra,
            generate_unique_id_function=route.generate_unique_id_function,
            **options,
        )


def finish_routes_in_their_thread(app: FastAPI) -> int:
    """Each sync route ends its request's session (commit, close) in its own worker thread."""
    from cchc.web.deps import finish_in_route

    wrapped = 0
    for route in app.router.routes:
        call = getattr(getattr(route, "dependant", None), "call", None)
        if isinstance(route, APIRoute) and call is not None and not inspect.iscoroutinefunction(call) \
                and not getattr(call, "_cchc_finishes", False):
            route.dependant.call = finish_in_route(call)
            route.dependant.call._cchc_finishes = True  # type: ignore[attr-defined]
            wrapped += 1
    return wrapped


def _levels(parts: list[str]) -> int:
    return 2 if parts and parts[0] == "api" else 1


def route_key(route: BaseRoute) -> tuple[str, ...] | None:
    """The literal first segments every path the route matches starts with; None when not fixed."""
    if type(route) is not APIRoute and type(route) is not Route:
        return None  # mounts, hosts, custom routes: tried for every request
    parts = route.path.split("/")[1:]
    levels = _levels(parts)
    if len(parts) < levels or any("{" in p for p in parts[:levels]):
        return None
    return tuple(parts[:levels])


def request_key(path: str) -> tuple[str, ...]:
    parts = path.split("/", 3)[1:]
    return tuple(parts[:_levels(parts)])


class RouteIndex:
    """The app's routes by their literal first segments, rebuilt when the route list changes."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router
        self._stamp: tuple[int, int] | None = None
        self._buckets: dict[tuple[str, ...], list[BaseRoute]] = {}
        self._anywhere: list[BaseRoute] = []

    def candidates(self, path: str) -> list[BaseRoute]:
        routes = self.router.routes
        if self._stamp != (id(routes), len(routes)):
            self._build(routes)
        return self._buckets.get(request_key(path), self._anywhere)

    def _build(self, routes: list[BaseRoute]) -> None:
        keys = [route_key(r) for r in routes]
        buckets: dict[tuple[str, ...], list[BaseRoute]] = {k: [] for k in keys if k is not None}
        for route, key in zip(routes, keys, strict=True):
            for bucket_key, bucket in buckets.items():
                if key is None or key == bucket_key:
                    bucket.append(route)
        self._buckets = buckets
        self._anywhere = [r for r, k in zip(routes, keys, strict=True) if k is None]
        self._stamp = (id(routes), len(routes))


def install_index(app: FastAPI) -> bool:
    """Dispatch the app's HTTP requests through a `RouteIndex`; False (unchanged) when not possible."""
    router = app.router
    try:
        from fastapi.routing import _route_selected, _update_scope  # type: ignore[attr-defined]
    except ImportError:  # another FastAPI: its own dispatch, as before
        log.info("route index not installed: this FastAPI has no _route_selected/_update_scope")
        return False
    if getattr(router, "middleware_stack", None) != router.app or getattr(router, "form_limits", None):
        return False
    index = RouteIndex(router)
    full_scan = router.app

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await full_scan(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = router
        partial: tuple[BaseRoute, Scope] | None = None
        for route in index.candidates(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                partial = (route, child_scope)
                break
            if match is Match.PARTIAL and partial is None:
                partial = (route, child_scope)
        if partial is None:
            await full_scan(scope, receive, send)  # a redirect to the other slash, or 404
            return
        route, child_scope = partial
        _update_scope(scope, child_scope)
        _route_selected(scope=scope, path=getattr(route, "path_format", None), mount=isinstance(route, Mount))
        await route.handle(scope, receive, send)

    router.middleware_stack = dispatch
    app.state.route_index = index
    return True
