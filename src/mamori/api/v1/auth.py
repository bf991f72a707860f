"""Signing in and out: staff with their password, persons with theirs or with a one-time link
sent to their registered e-mail address; and signing up at the policy's registration point."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.auth import Principal, optional_principal
from mamori.api.sessions import SessionOut, client_of, end_session, link_page, start_session
from mamori.api.v1._common import Caller, Now, RegisterDep

__all__ = ["router"]

router = APIRouter(prefix="/auth", tags=["authentication"])


class StaffSignIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"staff_id": "officer", "password": "correct horse battery staple"}]
        }
    )

    staff_id: str = Field(max_length=128)
    password: str = Field(max_length=1024)


class PersonSignIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"identifier": "hana@example.org", "password": "a long passphrase"}]
        }
    )

    identifier: str = Field(
        max_length=320,
        description="The registered e-mail address, or the policy's sign-in identifier "
        "(a searchable item of type identifier, e.g. a username) when it has no e-mail to search.",
    )
    password: str = Field(max_length=1024)


class LinkRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"identifier": "hana@example.org", "language": "ja"}]}
    )

    identifier: str = Field(max_length=320)
    language: str | None = Field(default=None, description="The message's language.")


class LinkRedeem(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"token": "d2FpdCBmb3IgdGhlIGxpbms"}]}
    )

    token: str = Field(max_length=200)


class SignUp(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "values": {
                        "name": "Hana Sato",
                        "email": "hana@example.org",
                        "password": "a long passphrase",
                    },
                    "consents": ["newsletter"],
                    "language": "ja",
                }
            ]
        }
    )

    values: dict[str, object] = Field(description="The items the sign-up form collects.")
    consents: list[str] = Field(
        default_factory=list,
        description="Consent-based purposes of the sign-up form the person agreed to.",
    )
    language: str = Field(description="The language of the notice the person read.")


@router.post("/staff/sign-in", summary="Staff: sign in with a password")
def staff_sign_in(request: Request, response: Response, body: StaffSignIn, now: Now) -> SessionOut:
    from mamori.accounts import verify_staff_password

    account = verify_staff_password(
        request.app.state.register,
        body.staff_id,
        body.password,
        client=client_of(request),
        now=now,
    )
    return start_session(request, response, "staff", account.id)


@router.post("/sign-in", summary="A person: sign in with e-mail address and password")
def person_sign_in(
    request: Request, response: Response, register: RegisterDep, body: PersonSignIn, now: Now
) -> SessionOut:
    from mamori.accounts import sign_in_subject

    subject_id = sign_in_subject(
        register, body.identifier, body.password, client=client_of(request), now=now
    )
    return start_session(request, response, "subject", subject_id)


@router.post(
    "/sign-in-link",
    status_code=202,
    response_class=Response,
    summary="A person: send a one-time sign-in link to the registered address",
    description="Answers 202 whether or not the address is registered.",
)
def send_link(request: Request, register: RegisterDep, body: LinkRequest, now: Now) -> Response:
    from mamori.accounts import issue_sign_in_link

    issue_sign_in_link(
        register,
        body.identifier,
        client=client_of(request),
        base_url=link_page(request),
        now=now,
        locale=body.language,
    )
    return Response(status_code=202)


@router.post("/sign-in-link/redeem", summary="A person: sign in with the link's token")
def redeem_link(
    request: Request, response: Response, register: RegisterDep, body: LinkRedeem, now: Now
) -> SessionOut:
    from mamori.accounts import redeem_sign_in_link

    subject_id = redeem_sign_in_link(register, body.token, now=now)
    return start_session(request, response, "subject", subject_id)


@router.post("/sign-up", status_code=201, summary="A person: register and sign in")
def sign_up(
    request: Request, response: Response, register: RegisterDep, body: SignUp
) -> SessionOut:
    from mamori.accounts import sign_up as register_person

    subject_id = register_person(register, body.values, body.consents, body.language)
    return start_session(request, response, "subject", subject_id)


@router.get("/session", summary="Who is signed in, with the session's CSRF token")
def whoami(principal: Annotated[Principal | None, Depends(optional_principal)]) -> JSONResponse:
    if principal is None:
        return JSONResponse({"signed_in": False})
    return JSONResponse(
        {
            "signed_in": True,
            "kind": principal.actor.kind,
            "id": principal.actor.id,
            "roles": sorted(principal.actor.roles),
            "via": principal.via,
            "csrf_token": principal.csrf_token,
        }
    )


@router.post("/sign-out", status_code=204, response_class=Response, summary="End this session")
def sign_out(request: Request, caller: Caller) -> Response:
    response = Response(status_code=204)
    end_session(request, response)
    return response
