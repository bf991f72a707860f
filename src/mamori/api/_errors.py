"""One error shape for every response that is not a success:
`{"code": ..., "message": ..., "field"?: ..., "rule"?: ...}` with a stable `code`.

Mamori's own errors carry it already. FastAPI's payload validation (the only 422 that is not
ours) and Starlette's HTTP errors (404 for an unknown path, 405) are reshaped to match, so a
client has one thing to parse.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from mamori.errors import AccessDeniedError, MamoriError

__all__ = ["install_error_handlers"]

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "access_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MamoriError, _mamori_error)
    app.add_exception_handler(RequestValidationError, _invalid_payload)
    app.add_exception_handler(HTTPException, _http_error)


async def _mamori_error(request: Request, error: Exception) -> Response:
    # Messages never carry personal values (see mamori.errors), so they can go to the client.
    assert isinstance(error, MamoriError)
    if request.url.path.startswith("/portal"):
        from mamori.portal import error_page

        return error_page(request, error)
    headers: dict[str, str] = {}
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, int | float):
        headers["Retry-After"] = str(max(1, int(retry_after)))
    status = error.http_status
    if isinstance(error, AccessDeniedError) and error.rule in _UNAUTHENTICATED_RULES:
        status = 401
    elif isinstance(error, AccessDeniedError) and error.rule == "too_many_attempts":
        status = 429
    return JSONResponse(error.to_dict(), status_code=status, headers=headers)


# Rules that mean "who are you?" rather than "you may not": the client should sign in again.
_UNAUTHENTICATED_RULES = frozenset(
    {"bad_credentials", "session_expired", "link_expired", "unauthenticated"}
)


async def _invalid_payload(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {
            "field": ".".join(str(part) for part in problem.get("loc", ())),
            "message": str(problem.get("msg", "invalid")),
        }
        for problem in error.errors()
    ]
    first = problems[0] if problems else {"field": "", "message": "invalid request"}
    # The offending input is left out on purpose: it may be a personal value.
    body = {
        "code": "invalid_payload",
        "message": f"{first['field']}: {first['message']}",
        "field": first["field"],
        "problems": problems,
    }
    return JSONResponse(body, status_code=422)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
    return JSONResponse(
        {"code": code, "message": message},
        status_code=error.status_code,
        headers=dict(error.headers or {}),
    )
