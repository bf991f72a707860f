"""The HTTP API, version 1: one router per resource under /api/v1."""

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from mamori.api.v1 import (
    access_log,
    audit,
    auth,
    consents,
    me,
    policy,
    provisions,
    requests,
    subjects,
)

__all__ = ["ErrorBody", "include_api"]


class ErrorBody(BaseModel):
    """Every answer that is not a success: `code` is stable, `message` names the fix."""

    code: str
    message: str
    field: str | None = None
    rule: str | None = None
    problems: list[dict[str, str]] | None = None


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "Not signed in, or the credential is unknown or expired"),
        (403, "Signed in, but the policy or a role does not allow it (see `rule`)"),
        (404, "No such resource (or not one this caller may know of)"),
        (409, "A step the workflow does not allow now, or an idempotency key reused"),
        (422, "The payload is invalid (`code: invalid_payload`) or a value is refused"),
        (429, "Too many failed sign-ins: retry after the Retry-After header's seconds"),
    )
}


def include_api(app: FastAPI) -> None:
    """Put the API's routes on `app`, under /api/v1.

    Each resource's router is included in the app itself: FastAPI matches an included router
    by matching its routes, again at each level of nesting, and a router of routers made every
    call cost a few hundred microseconds of matching.
    """
    for module in (subjects, auth, me, policy, consents, requests, provisions, audit, access_log):
        app.include_router(module.router, prefix="/api/v1", responses=_ERRORS)
