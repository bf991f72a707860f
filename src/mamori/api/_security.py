"""Security headers on every response (a page may set stricter ones of its own)."""

from __future__ import annotations

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
    # Answers carry personal data: no shared cache may keep them.
    "cache-control": "no-store",
}
# Only over TLS: a browser ignores it on plain HTTP, and it must not pin a development host.
_HSTS = {"strict-transport-security": "max-age=63072000; includeSubDomains"}


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


_PLAIN = _raw(_DEFAULTS)
_SECURE = _raw(_DEFAULTS | _HSTS)


class SecurityHeaders:
    """ASGI middleware adding the headers a response has not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        defaults = _SECURE if scope.get("scheme") == "https" else _PLAIN

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # On every response: raw pairs, rather than a header map searched per name.
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [pair for pair in defaults if pair[0] not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
