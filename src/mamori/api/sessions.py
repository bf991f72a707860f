"""Opening and closing browser sessions: the cookie holds an opaque random token (its hash is
all the server keeps), HttpOnly, SameSite=Lax, and Secure unless the app was made for plain
HTTP development (`create_app(..., secure_cookies=False)`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import Request, Response
from pydantic import BaseModel

from mamori.api.auth import SESSION_COOKIE, now_of

__all__ = ["SessionOut", "client_of", "end_session", "link_page", "start_session"]


class SessionOut(BaseModel):
    kind: Literal["staff", "subject"]
    id: str
    csrf_token: str
    expires_at: datetime


def start_session(
    request: Request, response: Response, kind: Literal["staff", "subject"], principal_id: str
) -> SessionOut:
    """Open a session for `principal_id` and set its cookie on `response`."""
    from mamori.accounts import close_session, open_session

    now = now_of(request)
    with request.app.state.engine.begin() as connection:
        # A new session on every sign-in, and the one the browser held closed: a token planted
        # before sign-in (session fixation) is worth nothing after it.
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            close_session(connection, previous, now=now)
        signed_in, token = open_session(connection, kind=kind, principal_id=principal_id, now=now)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int((signed_in.expires_at - now).total_seconds()),
        path="/",
        secure=bool(getattr(request.app.state, "secure_cookies", True)),
        httponly=True,
        samesite="lax",
    )
    return SessionOut(
        kind=kind,
        id=principal_id,
        csrf_token=signed_in.csrf_token,
        expires_at=signed_in.expires_at,
    )


def end_session(request: Request, response: Response) -> None:
    from mamori.accounts import close_session

    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with request.app.state.engine.begin() as connection:
            close_session(connection, token, now=now_of(request))
    response.delete_cookie(SESSION_COOKIE, path="/")


def client_of(request: Request) -> str:
    """The client's address, for sign-in throttling (behind a proxy: what it forwarded)."""
    return request.client.host if request.client is not None else "unknown"


def link_page(request: Request) -> str:
    """Where a sign-in link leads: the portal page that redeems its token."""
    return f"{str(request.base_url).rstrip('/')}/portal/sign-in/link"
