"""The notice pages: `/` (HTML) and `/notice.md`, in the reader's language; and `/healthz`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response

from mamori._notice_facts import read_notice_facts_from
from mamori.api.deps import current_policy
from mamori.policy.model import SUPPORTED_LOCALES, Policy
from mamori.policy.notice import NoticeFacts, render_notice

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["negotiate_locale", "router"]

router = APIRouter(tags=["notice"])

Lang = Annotated[
    Literal["ja", "en", "fr"] | None,
    Query(description="Language of the notice; else Accept-Language, else the policy's default."),
]
AcceptLanguage = Annotated[str | None, Header()]
CurrentPolicy = Annotated[Policy, Depends(current_policy)]

# The page has only inline CSS: nothing else may load, and nothing may frame it.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Vary": "Accept-Language",
}


@router.get("/", response_class=HTMLResponse, summary="The privacy notice as a web page")
def notice_html(
    request: Request,
    policy: CurrentPolicy,
    lang: Lang = None,
    accept_language: AcceptLanguage = None,
) -> HTMLResponse:
    locale = negotiate_locale(policy, lang, accept_language)
    page = _rendered(request, policy, locale, "html")
    return HTMLResponse(page, headers={**_HEADERS, "Content-Language": locale})


@router.get(
    "/notice.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}}}},
    summary="The privacy notice as Markdown",
)
def notice_markdown(
    request: Request,
    policy: CurrentPolicy,
    lang: Lang = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    locale = negotiate_locale(policy, lang, accept_language)
    page = _rendered(request, policy, locale, "md")
    return Response(
        page,
        media_type="text/markdown; charset=utf-8",
        headers={**_HEADERS, "Content-Language": locale},
    )


@router.get("/healthz", summary="Liveness, and which policy is served")
async def healthz(policy: CurrentPolicy) -> dict[str, str]:
    return {
        "status": "ok",
        "policy": policy.name,
        "version": policy.version,
        "content_hash": policy.content_hash,
    }


def negotiate_locale(policy: Policy, lang: str | None, accept_language: str | None) -> str:
    """?lang= wins; else the best Accept-Language the policy is written in, else one we
    translate, else the policy's default locale."""
    if lang is not None:
        return lang
    wanted = _accepted(accept_language or "")
    for candidates in (policy.locales, SUPPORTED_LOCALES):
        for locale in wanted:
            if locale in candidates:
                return locale
    return policy.default_locale


def _accepted(header: str) -> list[str]:
    """Primary language subtags of an Accept-Language header, best first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary and primary != "*" and quality > 0:
            ranked.append((-quality, index, primary))
    return [primary for _, _, primary in sorted(ranked)]


def _rendered(request: Request, policy: Policy, locale: str, format: Literal["html", "md"]) -> str:
    # The policy is immutable and the recorded facts change rarely, so each page is rendered
    # once per app and set of facts. Two requests racing for the same page both render it:
    # harmless, and no lock on the hot path.
    engine: Engine | None = getattr(request.app.state, "engine", None)
    facts = NoticeFacts() if engine is None else read_notice_facts_from(engine)
    pages: dict[tuple[str, str], tuple[NoticeFacts, str]] | None = getattr(
        request.app.state, "notice_pages", None
    )
    if pages is None:
        pages = request.app.state.notice_pages = {}
    cached = pages.get((locale, format))
    if cached is not None and cached[0] == facts:
        return cached[1]
    links = {code: f"?lang={code}" for code in _switch_locales(policy, locale)}
    page = render_notice(policy, locale=locale, format=format, language_links=links, facts=facts)
    pages[(locale, format)] = (facts, page)
    return page


def _switch_locales(policy: Policy, current: str) -> list[str]:
    """The policy's own languages, and the current one if the reader asked for another."""
    shown = [*policy.locales, *([current] if current not in policy.locales else [])]
    return [code for code in SUPPORTED_LOCALES if code in shown]
