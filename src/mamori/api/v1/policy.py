"""The policy: the active version, the versions before it with what changed, the notice.
Public: what a policy promises is for anyone to read."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from mamori.api.notice import negotiate_locale
from mamori.api.v1._common import RegisterDep
from mamori.policy.notice import render_notice

__all__ = ["router"]

router = APIRouter(prefix="/policy", tags=["policy"])


class PolicySummary(BaseModel):
    name: str
    version: str
    effective_date: str
    locales: list[str]
    jurisdictions: list[str]
    active_since: str | None = None


class VersionEntry(BaseModel):
    seq: int
    version: str
    effective_date: str
    activated_at: str
    classification: str | None
    diff: dict[str, Any] | None = None


@router.get("", summary="The policy in force", response_model=PolicySummary)
def active(request: Request, register: RegisterDep) -> PolicySummary:
    from mamori.versions import active_version

    policy = register.policy
    with register.engine.connect() as connection:
        version = active_version(connection)
    return PolicySummary(
        name=policy.name,
        version=policy.version,
        effective_date=policy.effective_date.isoformat(),
        locales=list(policy.locales),
        jurisdictions=list(policy.jurisdictions),
        active_since=version.activated_at.isoformat() if version is not None else None,
    )


@router.get(
    "/versions",
    summary="Every version activated, newest first, with what changed",
    response_model=list[VersionEntry],
)
def versions(register: RegisterDep) -> list[VersionEntry]:
    from mamori.versions import history

    with register.engine.connect() as connection:
        entries = history(connection)
    return [
        VersionEntry(
            seq=entry.seq,
            version=entry.version,
            effective_date=entry.effective_date.isoformat(),
            activated_at=entry.activated_at.isoformat(),
            classification=entry.classification,
            diff=entry.diff,
        )
        for entry in sorted(entries, key=lambda entry: entry.seq, reverse=True)
    ]


@router.get(
    "/notice",
    summary="The privacy notice, as Markdown or HTML",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
def notice(
    register: RegisterDep,
    lang: Annotated[Literal["ja", "en", "fr"] | None, Query()] = None,
    form: Annotated[Literal["md", "html"], Query()] = "md",
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    from mamori._notice_facts import read_notice_facts_from

    policy = register.policy
    locale = negotiate_locale(policy, lang, accept_language)
    facts = read_notice_facts_from(register.engine)
    text = render_notice(policy, locale=locale, format=form, facts=facts)
    media = "text/html" if form == "html" else "text/markdown"
    return Response(
        text, media_type=f"{media}; charset=utf-8", headers={"Content-Language": locale}
    )
