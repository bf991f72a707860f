"""The HTTP API, version 1: one router per resource under /api/v1."""

from fastapi import APIRouter

from mamori.api.v1 import audit, auth, consents, me, policy, provisions, requests, subjects

__all__ = ["api_router"]

api_router = APIRouter(prefix="/api/v1")
for _module in (auth, me, policy, subjects, consents, requests, provisions, audit):
    api_router.include_router(_module.router)
