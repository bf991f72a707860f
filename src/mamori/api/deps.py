"""Dependencies that routers share: what the app was created with."""

from __future__ import annotations

from fastapi import Request

from mamori.policy.model import Policy

__all__ = ["current_policy"]


def current_policy(request: Request) -> Policy:
    """The policy the app serves (a FastAPI dependency)."""
    policy: Policy = request.app.state.policy
    return policy
