"""Dependencies that routers share: what the app was created with. Async, though they do no
I/O: FastAPI runs a plain function dependency in a worker thread, a hop per request."""

from __future__ import annotations

from fastapi import Request

from mamori.errors import ConfigError
from mamori.policy.model import Policy
from mamori.register import Register

__all__ = ["current_policy", "current_register"]


async def current_policy(request: Request) -> Policy:
    """The policy the app serves (a FastAPI dependency)."""
    policy: Policy = request.app.state.policy
    return policy


async def current_register(request: Request) -> Register:
    """The register the app serves; an app made without one serves the notice only."""
    register: Register | None = getattr(request.app.state, "register", None)
    if register is None:
        raise ConfigError("this server has no register: start it with `mamori serve`")
    return register
