"""Errors on a portal page: a page in the reader's language, never JSON; signing in again
when the session is missing or over."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from mamori.errors import AccessDeniedError, MamoriError

__all__ = ["error_page"]

_SIGN_IN_AGAIN = frozenset({"unauthenticated", "session_expired", "bad_credentials"})


def error_page(request: Request, error: MamoriError) -> Response:
    from mamori.portal._pages import page, to, words

    if isinstance(error, AccessDeniedError) and error.rule in _SIGN_IN_AGAIN:
        staff_area = request.url.path.startswith("/portal/staff")
        return to("/portal/staff/sign-in" if staff_area else "/portal/sign-in")
    status = 403 if isinstance(error, AccessDeniedError) else error.http_status
    return page(request, "error.html", title=words(request)("error"), error=error, status=status)
