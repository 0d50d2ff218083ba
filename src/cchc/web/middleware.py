"""ASGI middleware: security headers, request body limit, remembering `?lang=`."""

from __future__ import annotations

import json
import os

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeadersMiddleware", "BodyLimitMiddleware", "BodyTooLarge"]

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Served over HTTPS only (CCHC_HTTPS=1): browsers keep to HTTPS for a year, subdomains included.
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeadersMiddleware:
    """Adds CSP, nosniff, frame and referrer headers (HSTS when CCHC_HTTPS=1), and stores `?lang=` in a cookie."""

    def __init__(self, app: ASGIApp, *, https: bool | None = None) -> None:
        self.app = app
        self.https = os.environ.get("CCHC_HTTPS", "") == "1" if https is None else https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = None
        qs = scope.get("query_string", b"").decode("latin-1")
        for part in qs.split("&"):
            if part.startswith("lang=") and part[5:] in ("vi", "en"):
                lang = part[5:]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if self.https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if not scope["path"].startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
                if lang:
                    headers.append("Set-Cookie", f"lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_wrapper)


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies over `limit` bytes with 413 and a Vietnamese message, before or while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _message(self) -> str:
        mb = self.limit / (1024 * 1024)
        return f"Tệp hoặc dữ liệu gửi lên quá lớn: giới hạn là {mb:.0f} MB."

    async def _reject(self, scope: Scope, send: Send) -> None:
        path = scope.get("path", "")
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        message = self._message()
        if path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept):
            body = json.dumps({"error": {"code": "too_large", "message": message}}, ensure_ascii=False).encode()
            ctype = b"application/json"
        else:
            from html import escape

            body = (
                "<!doctype html><html lang='vi'><meta charset='utf-8'><title>Lỗi</title>"
                f"<link rel='stylesheet' href='/static/app.css'><main class='page'><h1>Lỗi 413</h1>"
                f"<p class='error'>{escape(message)}</p><p><a href='/'>Trang chủ</a></p></main>"
            ).encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = False
            if too_big:
                await self._reject(scope, send)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(scope, send)
        except Exception as exc:  # noqa: BLE001
            if isinstance(exc.__cause__, BodyTooLarge) and not started:
                await self._reject(scope, send)
                return
            raise


