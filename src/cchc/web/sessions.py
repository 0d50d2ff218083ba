"""The session cookie: an opaque random token, and the per-request session state built from it.

The cookie `cchc_session` carries only a random 256-bit token. Signed-in sessions are rows of
`user_sessions` (found by the token's SHA-256, see `auth.sessions`), resumed by the `optional_user`
dependency, so logout or a revocation ends a session for every process at once. A visitor who has not
signed in gets a token too, which is never stored: it only keys the visitor's CSRF token.

The CSRF token is derived from the session token (HMAC with the secret key), so it needs no storage,
changes at login (a new token) and can be checked before any database work. `request.session` stays
a dict: `csrf` and `uid` are derived; other keys (a message shown once, staged imports) are the
session's page state, saved in its row when they change.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["COOKIE", "ServerSessionMiddleware", "SessionState", "csrf_for"]

COOKIE = "cchc_session"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# Keys of `request.session` derived per request, never saved.
DERIVED = frozenset({"csrf", "uid"})


def csrf_for(secret: str, token: str) -> str:
    digest = hmac.new(secret.encode(), b"csrf:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class SessionState(dict[str, Any]):
    """`request.session`: the token, the signed-in session (when resumed) and its page state."""

    def __init__(self, token: str, secret: str, *, fresh: bool) -> None:
        super().__init__()
        self._secret = secret
        self.token = token
        self.set_cookie = fresh
        self.session_id: str | None = None
        self.touch = False
        self._saved: dict[str, Any] = {}
        self["csrf"] = csrf_for(secret, token)

    def resume(self, session_id: str, *, uid: int, data: dict[str, Any], touch: bool) -> None:
        """The token names a live signed-in session: load its page state."""
        self.session_id = session_id
        self.touch = touch
        self._saved = {k: v for k, v in data.items() if k not in DERIVED}
        self.update(self._saved)
        self["uid"] = uid

    def rotate(self, token: str, *, session_id: str | None = None, uid: int | None = None) -> None:
        """A new token (login, logout): nothing of the old session's state carries over."""
        self.clear()
        self.token = token
        self.set_cookie = True
        self.session_id = session_id
        self.touch = False
        self._saved = {}
        self["csrf"] = csrf_for(self._secret, token)
        if uid is not None:
            self["uid"] = uid

    @property
    def wants_cookie(self) -> bool:
        """A new token to hand out; a state emptied by the route (e.g. a cacheable public page) sets none."""
        return self.set_cookie and len(self) > 0

    def page_state(self) -> dict[str, Any]:
        return {k: v for k, v in self.items() if k not in DERIVED}

    @property
    def data_changed(self) -> bool:
        return self.session_id is not None and self.page_state() != self._saved

    @property
    def needs_save(self) -> bool:
        return self.session_id is not None and (self.touch or self.data_changed)

    def saved(self) -> None:
        self._saved = self.page_state()
        self.touch = False


class ServerSessionMiddleware:
    """Puts a `SessionState` in `scope["session"]` and sets the cookie when the token is new."""

    def __init__(self, app: ASGIApp, *, secret: str, max_age: int, https_only: bool = False) -> None:
        self.app = app
        self.secret = secret
        self.max_age = max_age
        self.https_only = https_only

    def _token_of(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers") or []:
            if name != b"cookie":
                continue
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key == COOKIE and _TOKEN.fullmatch(val):
                    return val
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token = self._token_of(scope)
        state = SessionState(token or secrets.token_urlsafe(32), self.secret, fresh=token is None)
        scope["session"] = state
        static = scope.get("path", "").startswith("/static/")

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and state.wants_cookie and not static:
                cookie = f"{COOKIE}={state.token}; Path=/; Max-Age={self.max_age}; HttpOnly; SameSite=Lax"
                if self.https_only:
                    cookie += "; Secure"
                MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_wrapper)
