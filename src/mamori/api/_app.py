"""The app factory: one policy, its register, the API and the portal, one way of reporting
errors, security headers on every answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

import mamori
from mamori.api import gpc, notice
from mamori.api._errors import install_error_handlers
from mamori.api._security import SecurityHeaders
from mamori.policy.model import Policy

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mamori.register import Register

__all__ = ["create_app"]


def create_app(
    policy: Policy,
    *,
    register: Register | None = None,
    engine: Engine | None = None,
    routers: Sequence[APIRouter] = (),
    clock: Callable[[], datetime] | None = None,
    secure_cookies: bool = True,
) -> FastAPI:
    """A FastAPI app serving `policy`: its notice at `/`, `/.well-known/gpc.json`, plus any
    `routers` given.

    With a `register` (the caller's to close), the app also serves the HTTP API under
    `/api/v1` (docs at `/api/docs`) and the portal under `/portal` on it. With only the
    register's `engine`, the notice also publishes what the register recorded (the APPI
    announcements of anonymously processed information), read at each request so that a new
    announcement shows at once. `clock` (UTC) stands in for the wall clock in tests.
    `secure_cookies=False` lets a session cookie travel over plain HTTP: for local development
    only.
    """
    app = FastAPI(
        title="Mamori",
        version=mamori.__version__,
        summary=f"Personal-data register for the policy '{policy.name}'",
        description=_DESCRIPTION,
        docs_url="/api/docs" if register is not None else None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.policy = policy
    app.state.register = register
    app.state.engine = register.engine if register is not None else engine
    app.state.clock = clock
    app.state.secure_cookies = secure_cookies
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(notice.router)
    app.include_router(gpc.router)
    if register is not None:
        from mamori.api.v1 import include_api
        from mamori.portal import portal_routers

        include_api(app)
        portal_routers(app)
    for router in routers:
        app.include_router(router)
    return app


_DESCRIPTION = """\
The register's HTTP API. Every read of personal data names a purpose the policy declares;
every access is written to the audit log.

**Authentication.** Staff send `Authorization: Bearer <API key>` (`mamori staff key create`).
Browsers sign in (`POST /api/v1/auth/...`) and get a session cookie; their unsafe requests
carry the session's CSRF token in the `X-CSRF-Token` header.

**Errors** share one shape: `{"code", "message", "field"?, "rule"?}`; `code` is stable.
422 means the payload is invalid (`code: invalid_payload`, with `problems`).

**Lists** are paginated: `limit` and the `next_cursor` of the previous page.

**Writes that create** accept an `Idempotency-Key` header: a retry gets the first answer.
"""
