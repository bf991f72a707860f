"""`AccessLogMiddleware`: a pure ASGI middleware that records each HTTP request's metadata.

    app = Starlette(...)   # or FastAPI(...)
    app.add_middleware(AccessLogMiddleware, access_log=AccessLog(register, truncate_ip=True),
                       cookie="sid", trusted_proxies=["10.0.0.0/8"])

The request only appends to the log's buffer; a background thread writes it (started with the
first request or at lifespan startup, stopped and flushed at lifespan shutdown). X-Forwarded-For
is honoured only when the direct peer is one of `trusted_proxies`. The page is the path, without
the query string (which may carry anything).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from datetime import UTC, datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any

from mamori.accesslog._log import AccessLog
from mamori.accesslog._record import AccessRecord
from mamori.errors import ValidationError

__all__ = ["AccessLogMiddleware"]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AccessLogMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        access_log: AccessLog,
        *,
        cookie: str | None = None,
        trusted_proxies: Collection[str] = (),
        subject: Callable[[Scope], str | None] | None = None,
    ) -> None:
        """`cookie` names the cookie (or anonymous id) to record; `subject` finds the signed-in
        subject in the scope after the app answered (kept only when the point is `linked`)."""
        self.app = app
        self.access_log = access_log
        self.cookie = cookie
        self.subject = subject
        try:
            self.trusted: tuple[Network, ...] = tuple(
                ipaddress.ip_network(proxy, strict=False) for proxy in trusted_proxies
            )
        except ValueError:
            raise ValidationError(
                "trusted_proxies are IP addresses or networks (10.0.0.0/8)",
                field="trusted_proxies",
            ) from None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._lifespan_send(send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.access_log.running:
            self.access_log.start()
        at = datetime.now(UTC)
        try:
            await self.app(scope, receive, send)
        finally:
            self._record(scope, at)

    def _lifespan_send(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            kind = message.get("type")
            if kind == "lifespan.startup.complete":
                self.access_log.start()
            elif kind == "lifespan.shutdown.complete":
                await asyncio.to_thread(self.access_log.close)
            await send(message)

        return wrapped

    def _record(self, scope: Scope, at: datetime) -> None:
        headers = _headers(scope)
        subject = None
        if self.subject is not None:
            try:
                subject = self.subject(scope)
            except Exception as error:  # the request is answered; its log line must not fail it
                log.warning("access log: subject not found (%s)", type(error).__name__)
        try:
            record = AccessRecord.of(
                at=at,
                ip=self._client_ip(scope, headers),
                cookie=self._cookie(headers),
                user_agent=headers.get("user-agent"),
                page=scope.get("path") or None,
                subject_id=subject if isinstance(subject, str) else None,
                truncate=self.access_log.truncate_ip,
            )
        except ValidationError as error:
            log.warning("access log: request not recorded (%s)", error.field)
            return
        self.access_log.add(record)

    def _client_ip(self, scope: Scope, headers: dict[str, str]) -> str | None:
        client = scope.get("client")
        peer = _address(client[0]) if client else None
        if peer is None or not self.trusted or not self._is_trusted(peer):
            return str(peer) if peer is not None else None
        forwarded = [part.strip() for part in headers.get("x-forwarded-for", "").split(",")]
        # The right-most address a trusted proxy did not add is the client's.
        for candidate in reversed([part for part in forwarded if part]):
            address = _address(candidate)
            if address is None:
                return None  # a forged or broken header: record no address rather than a lie
            if not self._is_trusted(address):
                return str(address)
        return str(peer)

    def _is_trusted(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in self.trusted)

    def _cookie(self, headers: dict[str, str]) -> str | None:
        if self.cookie is None or "cookie" not in headers:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers["cookie"])
        except CookieError:
            return None
        morsel = jar.get(self.cookie)
        return morsel.value if morsel is not None else None


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        found[key] = f"{found[key]}, {text}" if key in found and key != "cookie" else text
    return found


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None
