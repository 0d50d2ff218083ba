"""`create_app`: the FastAPI application with sessions, CSRF, errors, static files and every router."""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import os
import pkgutil
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from cchc.settings import Settings, get_settings
from cchc.web import routes as routes_pkg
from cchc.web.cache import GenerationCache
from cchc.web.db import make_sessionmaker
from cchc.web.deps import DbGate, check_csrf, check_ids
from cchc.web.dispatch import add_routes, finish_routes_in_their_thread, install_index
from cchc.web.errors import install_error_handlers
from cchc.web.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from cchc.web.openapi import install_openapi
from cchc.web.permissions import require_permission
from cchc.web.sessions import ServerSessionMiddleware

__all__ = ["create_app", "discover_routers", "session_secret"]

log = logging.getLogger("cchc.web")
STATIC_DIR = Path(__file__).parent / "static"
# Form fields and multipart overhead allowed on top of the largest upload.
BODY_SLACK = 1024 * 1024


def session_secret(settings: Settings) -> str:
    """The signing secret: CCHC_SECRET_KEY, else one generated once and kept in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process sharing the data directory created it first (and may still be writing it).
        for _ in range(100):
            found = path.read_text(encoding="utf-8").strip()
            if found:
                return found
            time.sleep(0.01)
        raise
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secret)
    return secret


# The cyclic garbage collector's thresholds once the app serves (gen0 700 by default): a dashboard
# build allocates tens of thousands of short-lived objects, and each gen0 pass is cheap only when rare.
GC_THRESHOLDS = (7000, 10, 10)


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """At server start: move everything imported so far out of the garbage collector's reach.

    Python's cyclic GC walks every tracked object on each full collection; after importing FastAPI,
    SQLAlchemy, Jinja2 and Altair that is several hundred thousand long-lived objects, and a 150-task
    dashboard triggered enough collections that they took ~40 % of its time (py-spy, see
    docs/web.md). `gc.freeze()` puts the objects alive now in a permanent generation that the
    collector skips; garbage created later is still collected. Then the in-process job workers
    start (`settings.job_threads`, see docs/jobs.md) and stop with the server.
    """
    from cchc.jobs.worker import start_in_process
    from cchc.ops.files import recover_staged

    settings = _app.state.settings
    # Uploads a process committed but was stopped before moving into place (see store/files.py).
    await asyncio.to_thread(recover_staged, settings.data_dir, url=settings.database_url)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)

    # Background jobs run in this process when the settings ask for it (the embedded default).
    worker = start_in_process(_app.state.settings)
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()


def discover_routers() -> list[tuple[str, APIRouter]]:
    """Every `router: APIRouter` defined by a module of `cchc.web.routes`, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(routes_pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{routes_pkg.__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            found.append((info.name, router))
    return found


def create_app(settings: Settings | None = None) -> FastAPI:
    """The cchc web application. Example: `uvicorn.run(create_app(), port=8000)`."""
    settings = settings or get_settings()
    app = FastAPI(
        title="cchc",
        description="Kế hoạch cải cách hành chính của xã/phường — giao diện web và API JSON (/api/…).",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        dependencies=[Depends(check_ids), Depends(check_csrf), Depends(require_permission)],
        lifespan=_lifespan,
    )
    install_openapi(app)
    app.state.settings = settings
    app.state.sessionmaker = make_sessionmaker(settings)
    app.state.db_gate = DbGate.for_engine(app.state.sessionmaker.kw.get("bind"))
    # Fresh as long as the database generation of the commune is unchanged (no time limit).
    app.state.dashboard_cache = GenerationCache(size=2048)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for _name, router in discover_routers():
        add_routes(app, router)  # on the app itself: see web/dispatch.py
    install_index(app)
    finish_routes_in_their_thread(app)
    # Added last = outermost: headers on every response, body limit before anything reads.
    app.add_middleware(
        ServerSessionMiddleware,
        secret=session_secret(settings),
        max_age=settings.session_max_hours * 3600,
        https_only=os.environ.get("CCHC_HTTPS", "") == "1",
    )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_upload_bytes + BODY_SLACK)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
