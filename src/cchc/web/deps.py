"""Request dependencies as `Annotated` aliases: `Db`, `CurrentUser`, `OptionalUser`, `ActorDep`, `AppSettings`.

`Db` owns the transaction: the route runs in one session that is committed when the route
returns and rolled back when it raises. Services never commit.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from typing import Annotated, Any

import anyio
from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request

from cchc.domain.errors import Conflict, InvalidInput
from cchc.settings import Settings
from cchc.web.exceptions import CsrfFailed, LoginRequired
from cchc.web.sessions import SessionState

__all__ = [
    "Db",
    "FormFields",
    "CurrentUser",
    "OptionalUser",
    "ActorDep",
    "AppSettings",
    "DbGate",
    "get_db",
    "finish_in_route",
    "RequestDb",
    "current_user",
    "optional_user",
    "client_ip",
    "csrf_token",
    "check_csrf",
    "check_ids",
]

log = logging.getLogger("cchc.web")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Writes that touch only the user's own session or account, never plan data.
_SESSION_ONLY = {"/login", "/api/login", "/logout", "/api/logout"}
_SESSION_PAGES = ("/sessions", "/api/sessions", "/admin/sessions", "/api/admin/sessions")


def _plan_data_write(request: Request) -> bool:
    """An unsafe request that may change plan data (not only the user's own sessions)."""
    path = request.url.path
    return request.method not in SAFE_METHODS and path not in _SESSION_ONLY and not path.startswith(_SESSION_PAGES)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(get_settings_dep)]


class DbGate:
    """Admission to the database, awaited without holding a worker thread.

    Sync routes and dependencies run in a pool of 40 threads. A thread that blocks waiting for a
    pooled connection or for SQLite's write lock keeps its thread, and the request that holds the
    connection or the lock may then wait forever for a thread to finish in: requests wait here
    instead, as coroutines. At most `slots` requests use the database at once (the connection pool's
    capacity) and, on SQLite, one write transaction at a time per process.
    """

    def __init__(self, slots: int, *, serialize_writes: bool) -> None:
        self.slots = asyncio.Semaphore(slots)
        self.writer = asyncio.Lock()
        self.serialize_writes = serialize_writes

    @classmethod
    def for_engine(cls, engine: Engine | None) -> DbGate:
        if engine is None:
            return cls(10, serialize_writes=False)
        pool = engine.pool
        size = getattr(pool, "size", lambda: 5)()
        overflow = max(0, getattr(pool, "_max_overflow", 0))
        return cls(max(1, size + overflow), serialize_writes=engine.dialect.name == "sqlite")


async def db_gate(request: Request) -> AsyncIterator[None]:
    gate: DbGate = request.app.state.db_gate
    async with gate.slots:
        if gate.serialize_writes and request.method not in SAFE_METHODS:
            async with gate.writer:
                yield
        else:
            yield


# session.info key: take SQLite's write lock when the session's transaction begins.
_IMMEDIATE = "cchc_begin_immediate"


def _begin_immediate(session: Session, _transaction: Any, connection: Any) -> None:
    if session.info.pop(_IMMEDIATE, False):
        # Take SQLite's write lock up front: a deferred transaction that reads and then writes
        # fails at once ("database is locked") when another writer got in between.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _watch_begins(factory: Any) -> None:
    if not getattr(factory, "_cchc_immediate", False):
        event.listen(factory, "after_begin", _begin_immediate)
        factory._cchc_immediate = True


class RequestDb:
    """The request's session and what ends it: commit (or roll back) and close, once.

    The session is opened on the event loop without touching the database (its first statement,
    in a worker thread, begins the transaction). The end runs in the thread of the route itself
    right after it returns (`finish_in_route`), so a request's database work takes the session
    lookup's thread hop and the route's, not one more for the commit.
    """

    __slots__ = ("request", "session", "sqlite", "write", "done")

    def __init__(self, request: Request) -> None:
        factory = request.app.state.sessionmaker
        _watch_begins(factory)
        self.request = request
        self.session: Session = factory()
        self.sqlite = self.session.get_bind().dialect.name == "sqlite"
        self.write = request.method not in SAFE_METHODS
        self.done = False
        if self.write and self.sqlite:
            self.session.info[_IMMEDIATE] = True

    def finish(self) -> None:
        """Commit after the route returned (a failed commit becomes the answer), then close."""
        if self.done:
            return
        self.done = True
        from cchc.kernel.cache_generations import BUMP, LOCALITY

        request, session = self.request, self.session
        try:
            try:
                actor = getattr(request.state, "user", None)
                # The commit bumps the writer's commune's generation in the database (every commune's
                # for a user without one), so cached pages of every process see the write.
                session.info[LOCALITY] = getattr(actor, "locality_code", None)
                plan_write = _plan_data_write(request)
                if plan_write:
                    session.info[BUMP] = True
                if self.write or not self.sqlite:
                    _save_session_state(request, session)
                session.commit()
                if plan_write:
                    # Cached dashboards of the writer's commune (of every commune for admins) are stale now.
                    request.app.state.dashboard_cache.bump(getattr(actor, "locality_code", None))
            except StaleDataError as exc:
                session.rollback()
                raise Conflict("Dữ liệu đã bị người khác thay đổi trong lúc bạn lưu; tải lại và thử lại.") from exc
            except IntegrityError as exc:
                session.rollback()
                raise Conflict("Dữ liệu trùng hoặc mâu thuẫn với dữ liệu đã có; không lưu được.") from exc
            except OperationalError as exc:
                session.rollback()
                raise Conflict("Cơ sở dữ liệu đang bận; vui lòng thử lại.") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if not self.write and self.sqlite:
            _save_session_state_apart(request)

    def abort(self) -> None:
        """The route (or a dependency) raised: roll back and close."""
        if self.done:
            return
        self.done = True
        try:
            self.session.rollback()
        finally:
            self.session.close()


# The request's `RequestDb`, seen by the route's worker thread (it runs in a copy of the context).
_REQUEST_DB: ContextVar[RequestDb | None] = ContextVar("cchc_request_db", default=None)


def finish_in_route(call: Callable[..., Any]) -> Callable[..., Any]:
    """A sync route that ends its request's session in its own thread once it returns."""

    @functools.wraps(call)
    def route(**values: Any) -> Any:
        result = call(**values)
        unit = _REQUEST_DB.get()
        if unit is not None:
            unit.finish()
        return result

    return route


async def get_db(request: Request, _gate: Annotated[None, Depends(db_gate, scope="function")]) -> AsyncIterator[Session]:
    """One session per request: commit after the route returns, roll back when it raises.

    No database work here on the event loop: the session connects on its first statement (in a
    worker thread); the commit runs in the route's thread (`finish_in_route`), or in a thread of
    its own for a route not wrapped.
    """
    unit = RequestDb(request)
    _REQUEST_DB.set(unit)
    try:
        yield unit.session
    except BaseException:
        if not unit.done:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(unit.abort)
        raise
    else:
        if not unit.done:
            await run_in_threadpool(unit.finish)
    finally:
        _REQUEST_DB.set(None)


def _session_state(request: Request) -> SessionState | None:
    state = request.scope.get("session")
    return state if isinstance(state, SessionState) and state.needs_save else None


def _save_session_state(request: Request, session: Session) -> None:
    """The session's page state and last-seen time, in the request's transaction."""
    from cchc.auth import sessions as sessions_service

    state = _session_state(request)
    if state is None or state.session_id is None:
        return
    sessions_service.save_session_state(session, state.session_id, data=state.page_state(),
                                        write_data=state.data_changed, touch=state.touch)
    state.saved()


def _save_session_state_apart(request: Request) -> None:
    """On SQLite, a read's session state in a short write transaction of its own, given up when busy.

    A read transaction that then writes fails when another writer committed in between, and waiting
    for the write lock would hold a worker thread: the state is written only when the lock is free at
    once (the last-seen time is written by a later request, a shown message may show once more).
    """
    state = _session_state(request)
    if state is None:
        return
    session: Session = request.app.state.sessionmaker()
    try:
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA busy_timeout=200")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            _save_session_state(request, session)
        finally:
            conn.exec_driver_sql("PRAGMA busy_timeout=30000")
        session.commit()
    except OperationalError as exc:
        session.rollback()
        log.info("session state not saved (database busy): %s", exc)
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit becomes the response.
Db = Annotated[Session, Depends(get_db, scope="function")]


async def form_fields(request: Request) -> FormData:
    """The parsed form body, read on the event loop so that the route itself can be a plain `def`.

    Routes that touch the database are synchronous (FastAPI runs them in the thread pool): a database
    call made on the event loop stops every other request while it waits, e.g. for a row lock.
    """
    return await request.form()


FormFields = Annotated[FormData, Depends(form_fields)]


# The largest id the schema holds (INTEGER columns on PostgreSQL); larger numbers cannot name a record.
MAX_ID = 2**31 - 1
_ID_NAMES = ("_id", "_code", "locality", "province", "unit", "version", "plan", "task")


async def check_ids(request: Request) -> None:
    """Refuse, with the parameter's name, a numeric path or query parameter no record can have.

    Applied to every route: a number past the schema's range in an address (an id past 2^63 or
    2^31) is the user's mistake, answered 422 at the edge before any database work.
    """
    params = list(request.path_params.items()) + list(request.query_params.multi_items())
    for name, value in params:
        if not isinstance(value, str) or not name.endswith(_ID_NAMES):
            continue
        digits = value.strip().lstrip("+-")
        if digits.isascii() and digits.isdigit() and (len(digits) > 12 or int(digits) > MAX_ID):
            raise InvalidInput(f"«{name}» = {value[:24]}… vượt quá giới hạn mã số (tối đa {MAX_ID}).", where=name)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def optional_user(request: Request, db: Db) -> Any:
    """The signed-in user of the request's session as the services' `Actor` (with the client address), or None.

    One query finds the session by its token's hash together with its user; an unknown, revoked,
    idle or expired session, or a disabled user, is no user.
    """
    state = request.scope.get("session")
    if not isinstance(state, SessionState) or (state.set_cookie and state.session_id is None):
        return None  # no cookie came with the request
    from cchc.auth import sessions as sessions_service

    settings: Settings = request.app.state.settings
    resumed = sessions_service.resume_session(db, state.token, ip=client_ip(request),
                                              policy=sessions_service.policy_of(settings))
    if resumed is None:
        return None
    state.resume(resumed.session_id, uid=resumed.actor.user_id, data=resumed.data, touch=resumed.touch)
    request.state.user = resumed.actor
    return resumed.actor


async def current_user(user: Annotated[Any, Depends(optional_user)]) -> Any:
    """The logged-in user; 401 (a redirect to /login for pages) otherwise."""
    if user is None:
        raise LoginRequired()
    return user


# Annotated with Any at runtime: FastAPI evaluates these, and services may be imported late.
OptionalUser = Annotated[Any, Depends(optional_user)]
# The logged-in user is the `Actor` the services take (user, role, commune, unit, ip).
CurrentUser = Annotated[Any, Depends(current_user)]
ActorDep = CurrentUser


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Reject unsafe requests without the session's token (form field `csrf_token` or header `X-CSRF-Token`)."""
    if request.method in SAFE_METHODS:
        if "session" in request.scope:
            csrf_token(request)
        return
    expected = (request.scope.get("session") or {}).get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            try:
                form = await request.form()
            except Exception:  # noqa: BLE001 - a broken body is reported by the route's own parsing
                form = None
            value = form.get(CSRF_FIELD) if form is not None else None
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), str(sent)):
        raise CsrfFailed()
