"""Route dispatch by first path segments (web/dispatch.py) and the thread-pool hops of a request."""

from __future__ import annotations

import re

import anyio.to_thread
from fastapi.routing import APIRoute
from starlette.routing import Match


def _scope(method: str, path: str) -> dict:
    return {"type": "http", "method": method, "path": path, "root_path": "", "query_string": b"",
            "headers": []}


def _chosen(routes, method: str, path: str):  # type: ignore[no-untyped-def]
    """The route Starlette's ordered scan hands the request to: the first full, else the first partial match."""
    partial = None
    for route in routes:
        match, _ = route.matches(_scope(method, path))
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


def _example_paths(app) -> list[str]:  # type: ignore[no-untyped-def]
    paths = ["/", "/api", "/api/", "/api/nothing-here", "/nothing-here", "/static/app.css", "/tasks/1/",
             "/api/tasks/1/report/", "/api/tasks/x", "/plans/tasks/5/row"]
    for route in app.routes:
        path = getattr(route, "path", None)
        if path:
            paths.append(re.sub(r"\{[^}]*\}", "7", path))
    return paths


def test_the_route_index_hands_every_request_to_the_route_the_full_scan_would(app):
    index = app.state.route_index
    for path in _example_paths(app):
        for method in ("GET", "POST", "HEAD", "DELETE"):
            assert _chosen(index.candidates(path), method, path) is _chosen(app.router.routes, method, path), \
                (method, path)


def test_every_route_is_on_the_app_itself_and_a_sync_route_ends_its_session(app):
    routes = [r for r in app.routes if isinstance(r, APIRoute)]
    assert any(r.path == "/api/tasks/{task_id}/report" for r in routes)
    assert all(getattr(r.dependant.call, "_cchc_finishes", False) for r in routes if r.path.startswith("/api/tasks"))


def test_a_progress_report_takes_two_thread_pool_hops_the_session_lookup_and_the_route_with_its_commit(
    client, world, login_as, monkeypatch
):
    token = login_as("unit_officer")
    calls: list[object] = []
    original = anyio.to_thread.run_sync

    async def counting(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(func)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    r = client.post(f"/api/tasks/{world.task_a2}/report",
                    data={"period": world.period, "status": "in_progress", "percent": "40", "results": "Đã làm."},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert len(calls) == 2
