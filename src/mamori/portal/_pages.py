"""Rendering a portal page: the Jinja2 templates (autoescaped), the reader's language, who is
signed in and the session's CSRF token for the page's forms."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from mamori.api.auth import Principal, resolve_principal
from mamori.errors import AccessDeniedError, MamoriError
from mamori.policy.model import SUPPORTED_LOCALES, Policy
from mamori.portal._i18n import LANG_COOKIE, MESSAGES, Translator, locale_of

__all__ = ["page", "policy_of", "signed_in_or_none", "to", "words"]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("mamori.portal", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def policy_of(request: Request) -> Policy:
    policy: Policy = request.app.state.policy
    return policy


def signed_in_or_none(request: Request) -> Principal | None:
    """Who is signed in; an expired or unknown session counts as nobody (the page then asks
    to sign in) rather than as an error."""
    try:
        return resolve_principal(request)
    except AccessDeniedError:
        return None


def page(
    request: Request,
    template: str,
    *,
    title: str,
    status: int = 200,
    error: MamoriError | None = None,
    **context: Any,
) -> HTMLResponse:
    policy = policy_of(request)
    locale = locale_of(request, policy)
    principal = signed_in_or_none(request)
    t = Translator(locale, policy)
    done = request.query_params.get("done")
    html = (
        _environment()
        .get_template(template)
        .render(
            t=t,
            locale=locale,
            locales=list(SUPPORTED_LOCALES),
            policy=policy,
            principal=principal,
            csrf_token=principal.csrf_token if principal is not None else "",
            title=title,
            error=error,
            path=request.url.path,
            done=done if done in MESSAGES else None,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status, headers={"Content-Language": locale})
    if request.query_params.get("lang") in SUPPORTED_LOCALES:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def to(path: str, *, notice: str | None = None) -> RedirectResponse:
    """After a form: back to a page (303, so a reload does not post again)."""
    target = f"{path}?done={notice}" if notice else path
    return RedirectResponse(target, status_code=303)


def words(request: Request) -> Translator:
    """The portal's words in the reader's language."""
    policy = policy_of(request)
    return Translator(locale_of(request, policy), policy)
