"""Every refused request (HTTP 403) as an audit event, written off the event loop."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

__all__ = ["record_denial"]

log = logging.getLogger("cchc.web")


def _write(factory: Any, actor: Any, *, ip: str, method: str, path: str, code: str, message: str) -> None:
    from cchc.auth.access_log import record_denial as record

    session = factory()
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        record(session, actor, ip=ip, method=method, path=path, code=code, message=message)
        session.commit()
    except Exception:  # noqa: BLE001 - the refusal is answered even when its record cannot be written
        session.rollback()
        log.warning("permission denial on %s %s not recorded", method, path, exc_info=True)
    finally:
        session.close()


async def record_denial(request: Request, code: str, message: str) -> None:
    """Record the denial in its own transaction (the request's was rolled back), through the database gate."""
    factory = getattr(request.app.state, "sessionmaker", None)
    gate = getattr(request.app.state, "db_gate", None)
    if factory is None or gate is None:
        return
    actor = getattr(request.state, "user", None)
    kwargs = dict(ip=request.client.host if request.client else "unknown", method=request.method,
                  path=request.url.path, code=code, message=message)
    async with gate.slots:
        if gate.serialize_writes:
            async with gate.writer:
                await run_in_threadpool(_write, factory, actor, **kwargs)
        else:
            await run_in_threadpool(_write, factory, actor, **kwargs)
