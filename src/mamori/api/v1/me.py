"""The person's own space (self-service): signed in as themselves, a person reaches only their
own data, at any time and without staff (SOC-9, WOX-7, AZ-10). No route here takes a subject
id: the id is the session's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.sessions import end_session
from mamori.api.v1._common import Now, Person, RegisterDep, created, plain
from mamori.consent import Collected, ConsentEvent, ConsentStatus
from mamori.register import RegisterSession
from mamori.rights import RightsRequest

__all__ = ["router"]

router = APIRouter(prefix="/me", tags=["self-service"])


class Corrections(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"values": {"email": "hana.sato@example.org"}}]}
    )

    values: dict[str, object] = Field(min_length=1, description="Item key to new value.")


class ConsentChange(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"targets": ["newsletter"], "decision": "withdrawn", "language": "ja"}]
        }
    )

    targets: list[str] = Field(min_length=1)
    decision: Literal["given", "refused", "withdrawn"]
    language: str = Field(description="The language of the notice shown.")
    foreign_information: bool = False


class MyRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "disclosure", "form": "electronic"}]}
    )

    kind: str = Field(examples=["disclosure"])
    form: str | None = None
    scope: list[str] = Field(default_factory=list)
    jurisdiction: str | None = None


@router.get("", summary="My registration data, item by item")
def my_data(register: RegisterDep, me: Person) -> Any:
    from mamori.selfservice import my_data as read_mine

    with register.session() as session:
        return plain(read_mine(session, me.actor))


@router.patch("", summary="Correct my data")
def correct(register: RegisterDep, me: Person, body: Corrections) -> Any:
    """The answer names the recipients who received an old value and are to be told
    (GDPR Art. 19)."""
    from mamori.selfservice import correct as correct_mine

    with register.session() as session:
        return plain(correct_mine(session, me.actor, body.values))


@router.delete("/items/{item_key}", summary="Delete one voluntary item")
def delete_item(register: RegisterDep, me: Person, item_key: str) -> dict[str, list[str]]:
    from mamori.selfservice import delete_items

    with register.session() as session:
        delete_items(session, me.actor, [item_key])
    return {"deleted": [item_key]}


@router.delete(
    "",
    status_code=204,
    response_class=Response,
    summary="Delete my account (what the law requires stays)",
)
def delete_account(request: Request, register: RegisterDep, me: Person, now: Now) -> Response:
    from mamori.selfservice import delete_account as erase_mine

    with register.session() as session:
        erase_mine(session, me.actor, now=now)
    response = Response(status_code=204)
    end_session(request, response)
    return response


@router.get(
    "/export",
    summary="Download everything held about me (GDPR Art. 20)",
    response_class=Response,
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def export(
    register: RegisterDep,
    me: Person,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    from mamori.selfservice import download

    with register.session() as session:
        found = download(session, me.actor, format)
    return Response(
        found.body,
        media_type=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


@router.get("/consents", summary="Where I stand on each consent")
def consents(register: RegisterDep, me: Person) -> list[ConsentStatus]:
    from mamori.consent import status

    with register.engine.connect() as connection:
        return status(connection, register.policy, me.actor.id)


@router.get("/consents/history", summary="Every consent decision of mine, with its receipt id")
def consent_history(register: RegisterDep, me: Person) -> list[ConsentEvent]:
    from mamori.consent import history

    with register.engine.connect() as connection:
        return history(connection, me.actor.id)


@router.post("/consents", status_code=201, summary="Give, refuse or withdraw consent")
async def change_consent(
    request: Request, register: RegisterDep, me: Person, body: ConsentChange
) -> JSONResponse:
    from mamori.consent import record

    def make(session: RegisterSession) -> list[ConsentEvent]:
        how = Collected("web_form", body.language, foreign_information=body.foreign_information)
        return record(session, me.actor, me.actor.id, body.targets, body.decision, how)

    return await created(request, register, me, make)


@router.get("/consents/receipts/{event_id}", summary="The receipt of one of my decisions")
def consent_receipt(register: RegisterDep, me: Person, event_id: str) -> dict[str, Any]:
    from mamori.consent import consent_event, receipt
    from mamori.errors import NotFoundError

    with register.engine.connect() as connection:
        event = consent_event(connection, event_id)
    if event.subject_id != me.actor.id:
        # The same answer as for an unknown id: whether another person's event exists is not
        # for this person to learn.
        raise NotFoundError(f"no consent event {event_id}", field="event_id")
    return receipt(register.policy, event)


@router.get("/access", summary="Who read my data, when and for what purpose")
def who_read(
    register: RegisterDep,
    me: Person,
    since: Annotated[datetime | None, Query()] = None,
) -> Any:
    from mamori.selfservice import who_read_my_data

    with register.session() as session:
        return plain(who_read_my_data(session, me.actor, since=since))


@router.get("/recipients", summary="Who received my data (provision records)")
def who_received(register: RegisterDep, me: Person) -> Any:
    from mamori.selfservice import who_received_my_data

    with register.session() as session:
        return plain(who_received_my_data(session, me.actor))


@router.get("/requests", summary="My requests and where each stands")
def my_requests(register: RegisterDep, me: Person) -> list[RightsRequest]:
    from mamori.selfservice import my_requests as requests_of_mine

    with register.session() as session:
        return requests_of_mine(session, me.actor)


@router.post("/requests", status_code=201, summary="Make a request (disclosure, deletion...)")
async def file_mine(
    request: Request, register: RegisterDep, me: Person, body: MyRequest
) -> JSONResponse:
    from mamori.rights import file_request

    def make(session: RegisterSession) -> RightsRequest:
        return file_request(
            session,
            me.actor,
            me.actor.id,
            body.kind,
            channel="online",
            jurisdiction=body.jurisdiction,
            form=body.form,
            scope=body.scope,
        )

    return await created(request, register, me, make)
