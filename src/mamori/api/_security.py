"""Security headers on every response (a page may set stricter ones of its own)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders"]

_DEFAULTS = {
    # The portal loads its own stylesheet and script only; nothing may frame it.
    "content-security-policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
# Only over TLS: a browser ignores it on plain HTTP, and it must not pin a development host.
_HSTS = "max-age=63072000; includeSubDomains"


class SecurityHeaders:
    """ASGI middleware adding the headers a response has not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _DEFAULTS.items():
                    if name not in headers:
                        headers[name] = value
                if secure and "strict-transport-security" not in headers:
                    headers["strict-transport-security"] = _HSTS
                if "cache-control" not in headers:
                    # Answers carry personal data: no shared cache may keep them.
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
