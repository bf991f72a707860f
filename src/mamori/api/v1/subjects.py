"""Subjects and their items, for staff and the service's application: every read and write
names a purpose the policy declares, and the register decides and audits each one."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.v1._common import RegisterDep, Staff, created, session_of
from mamori.register import RegisterSession

__all__ = ["router"]

router = APIRouter(prefix="/subjects", tags=["subjects and items"])

_ID = r"^[A-Za-z0-9_.:-]{1,128}$"
Purpose = Annotated[
    str, Query(min_length=1, max_length=200, description="A purpose the policy declares.")
]


class NewSubjectBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "member",
                    "collection_point": "registration",
                    "values": {"name": "Hana Sato", "email": "hana@example.org"},
                }
            ]
        }
    )

    id: str | None = Field(
        default=None, pattern=_ID, description="Your own opaque id; one is made when absent."
    )
    kind: str = Field(description="A subject kind of the policy.", examples=["member"])
    collection_point: str = Field(description="Where the values were collected.")
    values: dict[str, object] = Field(description="Item key to value.")


class SubjectOut(BaseModel):
    id: str
    kind: str
    created_at: datetime
    erased_at: datetime | None
    suspended: list[str]
    communities: list[str]
    items_held: list[str]


class ItemValues(BaseModel):
    subject_id: str
    purpose: str
    values: dict[str, str]


class WriteBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"purpose": "service", "values": {"email": "hana.sato@example.org"}}]
        }
    )

    purpose: str = Field(description="The purpose the write is for.")
    values: dict[str, object] = Field(min_length=1)


class SearchBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"item": "email", "value": "hana@example.org", "purpose": "service"}]
        }
    )

    item: str = Field(description="A searchable item of the policy, e.g. email.")
    value: str = Field(max_length=2000)
    purpose: str


class SearchOut(BaseModel):
    subject_ids: list[str]


@router.post("", status_code=201, summary="Register a subject at a collection point")
async def create_subject(
    request: Request, register: RegisterDep, caller: Staff, body: NewSubjectBody
) -> JSONResponse:
    subject_id = body.id or secrets.token_hex(12)

    def make(session: RegisterSession) -> SubjectOut:
        session.create_subject(
            caller.actor,
            subject_id,
            kind=body.kind,
            collection_point=body.collection_point,
            values=body.values,
        )
        return _subject_out(session, caller, subject_id)

    return await created(request, register, caller, make)


@router.get("/{subject_id}", summary="What the register knows of a subject, values aside")
def subject(register: RegisterDep, caller: Staff, subject_id: str) -> SubjectOut:
    with session_of(register) as session:
        return _subject_out(session, caller, subject_id)


@router.get("/{subject_id}/items", summary="Read a subject's items for a purpose")
async def read_items(
    register: RegisterDep,
    caller: Staff,
    subject_id: str,
    purpose: Purpose,
    items: Annotated[list[str] | None, Query(description="Only these items.")] = None,
) -> ItemValues:
    # Async, so run on the event loop: the most frequent call of all is a few indexed queries,
    # and two hops to a worker thread and back cost more than that. Its audit event is written
    # together with those of the reads that end in the same turn of the loop.
    async with register.reading() as session:
        data = session.read(caller.actor, subject_id, purpose, items)
    values = {key: str(value.reveal()) for key, value in data.items()}
    return ItemValues(subject_id=subject_id, purpose=purpose, values=values)


@router.patch("/{subject_id}/items", summary="Write a subject's items for a purpose")
def write_items(
    register: RegisterDep, caller: Staff, subject_id: str, body: WriteBody
) -> dict[str, list[str]]:
    with session_of(register) as session:
        session.write(caller.actor, subject_id, body.purpose, body.values)
    return {"written": sorted(body.values)}


@router.delete(
    "/{subject_id}/items/{item_key}", summary="Delete one item of a subject for a purpose"
)
def delete_item(
    register: RegisterDep, caller: Staff, subject_id: str, item_key: str, purpose: Purpose
) -> dict[str, list[str]]:
    with session_of(register) as session:
        session.delete_items(caller.actor, subject_id, [item_key], purpose)
    return {"deleted": [item_key]}


@router.post(
    "/search",
    summary="Find subjects by a searchable item (the value travels in the body, never the URL)",
)
def search(register: RegisterDep, caller: Staff, body: SearchBody) -> SearchOut:
    with session_of(register) as session:
        found = session.find(caller.actor, body.item, body.value, body.purpose)
    return SearchOut(subject_ids=found)


def _subject_out(session: RegisterSession, caller: Staff, subject_id: str) -> SubjectOut:
    info = session.subject_info(caller.actor, subject_id)
    return SubjectOut(
        id=info.id,
        kind=info.kind,
        created_at=info.created_at,
        erased_at=info.erased_at,
        suspended=sorted(info.suspended),
        communities=sorted(info.communities),
        items_held=sorted(info.items_held),
    )
