"""Permission denials in the audit log: who was refused what, where from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cchc.auth.login_throttle import anonymous
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event

__all__ = ["record_denial"]


def record_denial(session: Session, actor: Actor | None, *, ip: str | None, method: str, path: str,
                  code: str, message: str) -> None:
    """One refused request (HTTP 403) as the audit event `access` #user-id `denied`."""
    who = actor if actor is not None else anonymous(ip)
    record_event(session, who, entity="access", entity_id=who.user_id or 0, action="denied", before=None,
                 after={"method": method, "path": path[:500], "code": code, "message": message[:500]},
                 locality_code=who.locality_code)
