"""Rights requests, for staff who handle them: the queue, each request, and each step of the
workflow. A step the workflow does not allow is refused (409) and changes nothing."""

from __future__ import annotations

import base64
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.auth import require_permission
from mamori.api.pagination import Cursor, Limit, Page, paginate
from mamori.api.v1._common import Now, RegisterDep, Staff, created, plain, session_of
from mamori.register import RegisterSession
from mamori.rights import Refusal, RightsRequest

__all__ = ["router"]

router = APIRouter(
    prefix="/requests",
    tags=["rights requests"],
    dependencies=[Depends(require_permission("requests.handle"))],
)


class NewRequestBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "s_1",
                    "kind": "disclosure",
                    "channel": "email",
                    "jurisdiction": "JP",
                    "form": "electronic",
                }
            ]
        }
    )

    subject_id: str
    kind: str = Field(examples=["disclosure"])
    channel: str = Field(description="A channel kind of the policy: online, email, post...")
    jurisdiction: str | None = None
    form: str | None = Field(default=None, description="electronic or paper, for disclosures.")
    scope: list[str] = Field(default_factory=list, description="Items or purposes concerned.")
    requester: Literal["person", "legal_representative", "proxy"] = "person"
    agent_proof: str | None = Field(default=None, description="The kind of proof an agent gave.")
    reference: str | None = Field(default=None, max_length=128)


class QueueItem(BaseModel):
    urgency: str
    request: dict[str, Any]


class VerifyBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"method": "document"}]})

    method: str = Field(description="A verification method of the policy.")


class FeeBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reference": "bank transfer 2026-12-01"}]}
    )

    reference: str | None = Field(default=None, max_length=128)


class RefuseBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ground": "repeated_without_reason",
                    "reason": "Answered on 2026-11-02; nothing has changed since.",
                }
            ]
        }
    )

    ground: str = Field(description="A refusal ground the policy lists.")
    reason: str = Field(min_length=1, max_length=2000, description="Sent to the person.")


class ExtendBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reasons": "The request covers ten years of records kept in two systems.",
                    "months": 2,
                }
            ]
        }
    )

    reasons: str = Field(min_length=1, max_length=2000)
    months: int = Field(default=2, ge=1, le=2)


class ExcessiveBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"reason": "Fifth identical request this month", "fee": 20, "currency": "EUR"}
            ]
        }
    )

    reason: str = Field(min_length=1, max_length=2000)
    fee: int | None = Field(default=None, ge=0)
    currency: str = Field(default="EUR", min_length=3, max_length=3)


class FulfilBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"values": {"email": "hana.sato@example.org"}, "locale": "ja"}]
        }
    )

    values: dict[str, object] | None = Field(
        default=None, description="The corrected values, for a correction request."
    )
    locale: str | None = None


class FulfilOut(BaseModel):
    request: dict[str, Any]
    package: dict[str, Any] | None = None
    export_base64: str | None = None
    corrected: list[str] = []
    recipients: list[dict[str, Any]] = []
    erased: bool = False
    deleted_items: list[str] = []
    suspended: list[str] = []


@router.get("", summary="The work queue: open requests, overdue and near-due first")
def request_queue(
    register: RegisterDep, now: Now, limit: Limit = 50, cursor: Cursor = None
) -> Page[QueueItem]:
    from mamori.rights import queue

    with register.engine.connect() as connection:
        entries = queue(connection, now)
    rows = [
        QueueItem(urgency=str(entry.urgency), request=plain(entry.request)) for entry in entries
    ]
    return paginate(rows, limit, cursor)


@router.post("", status_code=201, summary="File a request received by post, e-mail or phone")
async def file(
    request: Request, register: RegisterDep, caller: Staff, body: NewRequestBody
) -> JSONResponse:
    from mamori.rights import file_request

    def make(session: RegisterSession) -> RightsRequest:
        return file_request(
            session,
            caller.actor,
            body.subject_id,
            body.kind,
            channel=body.channel,
            jurisdiction=body.jurisdiction,
            form=body.form,
            scope=body.scope,
            requester=body.requester,
            agent_proof=body.agent_proof,
            reference=body.reference,
        )

    return await created(request, register, caller, make)


@router.get("/{request_id}", summary="One request with its steps")
def show(register: RegisterDep, caller: Staff, request_id: str) -> RightsRequest:
    from mamori.rights import show as show_request

    with session_of(register) as session:
        return show_request(session, caller.actor, request_id)


@router.post("/{request_id}/verify", summary="Record the person's identity as verified")
def verify(
    register: RegisterDep, caller: Staff, request_id: str, body: VerifyBody
) -> RightsRequest:
    from mamori.rights import verify_identity

    with session_of(register) as session:
        return verify_identity(session, caller.actor, request_id, body.method)


@router.post("/{request_id}/fee", summary="Record the fee as paid")
def fee(register: RegisterDep, caller: Staff, request_id: str, body: FeeBody) -> RightsRequest:
    from mamori.rights import settle_fee

    with session_of(register) as session:
        return settle_fee(session, caller.actor, request_id, reference=body.reference)


@router.post("/{request_id}/start", summary="Start work on the request")
def start(register: RegisterDep, caller: Staff, request_id: str) -> RightsRequest:
    from mamori.rights import start as start_request

    with session_of(register) as session:
        return start_request(session, caller.actor, request_id)


@router.post("/{request_id}/extend", summary="Extend the deadline (GDPR: by up to two months)")
def extend(
    register: RegisterDep, caller: Staff, request_id: str, body: ExtendBody
) -> RightsRequest:
    from mamori.rights import extend as extend_request

    with session_of(register) as session:
        return extend_request(session, caller.actor, request_id, body.reasons, months=body.months)


@router.post("/{request_id}/excessive", summary="Record a request as manifestly unfounded")
def excessive(
    register: RegisterDep, caller: Staff, request_id: str, body: ExcessiveBody
) -> RightsRequest:
    from mamori.rights import mark_excessive

    with session_of(register) as session:
        return mark_excessive(
            session, caller.actor, request_id, body.reason, fee=body.fee, currency=body.currency
        )


@router.post("/{request_id}/fulfil", summary="Carry the request out and close it")
def fulfil(register: RegisterDep, caller: Staff, request_id: str, body: FulfilBody) -> FulfilOut:
    from mamori.rights import fulfil_request

    with session_of(register) as session:
        done = fulfil_request(
            session, caller.actor, request_id, values=body.values, locale=body.locale
        )
    return FulfilOut(
        request=plain(done.request),
        package=plain(done.package) if done.package is not None else None,
        export_base64=base64.b64encode(done.export).decode() if done.export else None,
        corrected=list(done.corrected),
        recipients=[plain(recipient) for recipient in done.recipients],
        erased=done.erased,
        deleted_items=list(done.deleted_items),
        suspended=list(done.suspended),
    )


@router.post("/{request_id}/refuse", summary="Refuse the request on a ground the policy lists")
def refuse(register: RegisterDep, caller: Staff, request_id: str, body: RefuseBody) -> Refusal:
    from mamori.rights import refuse as refuse_request

    with session_of(register) as session:
        return refuse_request(session, caller.actor, request_id, body.ground, body.reason)


@router.post(
    "/{request_id}/partly-fulfil", summary="Close the request as partly fulfilled, with a ground"
)
def partly(register: RegisterDep, caller: Staff, request_id: str, body: RefuseBody) -> Refusal:
    from mamori.rights import partly_fulfil

    with session_of(register) as session:
        return partly_fulfil(session, caller.actor, request_id, body.ground, body.reason)
