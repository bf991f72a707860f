"""The app factory: one policy, the routers that exist so far, and one way of reporting errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

import mamori
from mamori.api import gpc, notice
from mamori.errors import MamoriError
from mamori.policy.model import Policy

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["create_app"]


def create_app(
    policy: Policy, *, routers: Sequence[APIRouter] = (), engine: Engine | None = None
) -> FastAPI:
    """A FastAPI app serving `policy`: its notice at `/`, `/.well-known/gpc.json`, plus any
    `routers` given.

    With the register's `engine` (the caller's to dispose of), the notice also publishes what
    the register recorded (the APPI announcements of anonymously processed information), read
    at each request, so that a new announcement shows at once.

    Later domains add their routers here (or pass them in); they reach the policy through the
    `mamori.api.current_policy` dependency.
    """
    app = FastAPI(
        title="Mamori",
        version=mamori.__version__,
        summary=f"Personal-data register for the policy '{policy.name}'",
        docs_url=None,
        redoc_url=None,
    )
    app.state.policy = policy
    app.state.engine = engine
    app.add_exception_handler(MamoriError, _mamori_error)
    app.include_router(notice.router)
    app.include_router(gpc.router)
    for router in routers:
        app.include_router(router)
    return app


async def _mamori_error(request: Request, error: Exception) -> JSONResponse:
    # Messages never carry personal values (see mamori.errors), so they can go to the client.
    assert isinstance(error, MamoriError)
    return JSONResponse(error.to_dict(), status_code=error.http_status)
