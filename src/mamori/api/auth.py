"""Who is calling: a staff member's API key (`Authorization: Bearer mamori_...`) or a session
cookie (staff console or the person's own portal), resolved through `mamori.accounts`.

A session travels in a cookie, so a browser sends it with any request a page elsewhere makes:
every unsafe request under a session must carry the session's CSRF token too (header
`X-CSRF-Token`, or the form field `csrf_token` the portal's forms hold). An API key never
travels on its own, so it needs none.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from fastapi import Request

from mamori.errors import AccessDeniedError
from mamori.policy.model import Policy
from mamori.register import Actor, has_permission

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "Principal",
    "RequirePermission",
    "admitted",
    "check_csrf",
    "current_principal",
    "current_time",
    "optional_principal",
    "require_permission",
    "require_staff",
    "require_subject",
    "resolve_principal",
]

SESSION_COOKIE = "mamori_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """The caller, as the register sees it (`actor`), and how they proved it."""

    actor: Actor
    via: Literal["api_key", "session"]
    csrf_token: str | None = None
    session_token: str | None = None

    @property
    def is_subject(self) -> bool:
        return self.actor.kind == "subject"


async def current_time(request: Request) -> datetime:
    """The request's moment (a dependency: async, so no thread hop)."""
    return now_of(request)


def now_of(request: Request) -> datetime:
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


async def optional_principal(request: Request) -> Principal | None:
    """The caller when they proved who they are, else None; a bad credential is refused (a
    dependency: async, so that the lookup, one indexed query, costs no thread hop)."""
    return resolve_principal(request)


def resolve_principal(request: Request) -> Principal | None:
    """What `optional_principal` answers, for code outside a dependency."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    authorization = request.headers.get("authorization")
    cookie = request.cookies.get(SESSION_COOKIE)
    if authorization is None and cookie is None:
        return None
    principal = (
        _from_api_key(request, authorization)
        if authorization is not None
        else _from_session(request, cookie or "")
    )
    request.state.principal = principal
    return principal


async def current_principal(request: Request) -> Principal:
    """The caller, who must have proved who they are; a session's unsafe request must carry
    its CSRF token (header, or the form field)."""
    return await admitted(request, resolve_principal(request))


async def admitted(request: Request, principal: Principal | None) -> Principal:
    """`principal` (as resolved), if it proved who it is and, under a session, an unsafe
    request carries the session's CSRF token."""
    if principal is None:
        raise AccessDeniedError(
            "sign in first: send `Authorization: Bearer <API key>` or a session cookie",
            rule="unauthenticated",
        )
    if principal.via == "session" and request.method not in _SAFE_METHODS:
        token = request.headers.get(CSRF_HEADER)
        if token is None and _is_form(request):
            # Starlette keeps the parsed form: the handler reads it again for free.
            field = (await request.form()).get("csrf_token")
            token = field if isinstance(field, str) else None
        check_csrf(principal, token)
    return principal


def check_csrf(principal: Principal, token: str | None) -> None:
    """Refuse an unsafe request under a session without the session's CSRF token."""
    if principal.via != "session":
        return
    expected = principal.csrf_token or ""
    if not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise AccessDeniedError(
            f"the request lacks this session's CSRF token: send it in the {CSRF_HEADER} "
            "header (or the form's csrf_token field); reload the page to get it",
            rule="csrf",
            field="csrf_token",
        )


# The requirements below take the request and call `current_principal` themselves rather than
# depend on it: FastAPI resolves each level of a dependency chain at a cost of its own, and
# these run before every call.


async def require_staff(request: Request) -> Principal:
    principal = await current_principal(request)
    if principal.actor.kind not in ("staff", "community_admin"):
        raise AccessDeniedError("this is for staff accounts", rule="staff_only")
    return principal


async def require_subject(request: Request) -> Principal:
    principal = await current_principal(request)
    if not principal.is_subject:
        raise AccessDeniedError(
            "this is the person's own space: sign in as the person", rule="subject_only"
        )
    return principal


class RequirePermission:
    """A dependency admitting staff whose role holds `permission` (kept on the instance, so
    that the role matrix can be read off the route table)."""

    def __init__(self, permission: str) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        principal = await current_principal(request)
        policy: Policy = request.app.state.policy
        if principal.is_subject or not has_permission(policy, principal.actor, self.permission):
            raise AccessDeniedError(
                f"this needs a role with the permission {self.permission}", rule="permission"
            )
        return principal


def require_permission(permission: str) -> RequirePermission:
    return RequirePermission(permission)


def _from_api_key(request: Request, authorization: str) -> Principal:
    from mamori.accounts import authenticate_api_key

    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AccessDeniedError(
            "the Authorization header takes the form `Bearer <API key>`",
            rule="bad_credentials",
            field="Authorization",
        )
    account = authenticate_api_key(request.app.state.engine, token.strip(), now=now_of(request))
    return Principal(account.actor(), "api_key")


def _from_session(request: Request, token: str) -> Principal:
    from mamori.accounts import get_staff, resolve_session

    with request.app.state.engine.begin() as connection:
        signed_in = resolve_session(connection, token, now=now_of(request))
        if signed_in.kind == "subject":
            actor = Actor.subject(signed_in.principal_id)
        else:
            account = get_staff(connection, signed_in.principal_id)
            if account.disabled:
                raise AccessDeniedError("this account is disabled", rule="bad_credentials")
            actor = account.actor()
    return Principal(actor, "session", signed_in.csrf_token, token)


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
