"""Consent: where a person stands, the ledger's history, receipts, and decisions recorded by
staff (a paper form, a phone call) or by the service's application (its own consent form)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.auth import require_permission
from mamori.api.v1._common import RegisterDep, Staff, created, plain
from mamori.consent import Collected, ConsentEvent, ConsentStatus
from mamori.register import RegisterSession

__all__ = ["DecisionBody", "router"]

router = APIRouter(
    prefix="/subjects/{subject_id}/consents",
    tags=["consents"],
    dependencies=[Depends(require_permission("consents.record"))],
)


class DecisionBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "targets": ["newsletter", "provision:partners"],
                    "decision": "given",
                    "method": "web_form",
                    "language": "ja",
                }
            ]
        }
    )

    targets: list[str] = Field(
        min_length=1,
        description="Purposes, `provision:<key>`, `module:<key>` or `cookies:<category>`.",
    )
    decision: Literal["given", "refused", "withdrawn"]
    method: Literal["web_form", "api", "paper", "imported"] = "api"
    language: str = Field(description="The language of the notice the person saw.")
    jurisdiction: str | None = None
    foreign_information: bool = Field(
        default=False,
        description="The APPI Art. 28(2) information on a recipient abroad was shown.",
    )
    reference: str | None = Field(default=None, max_length=128)

    def collected(self) -> Collected:
        return Collected(
            method=self.method,
            language=self.language,
            jurisdiction=self.jurisdiction,
            foreign_information=self.foreign_information,
            reference=self.reference,
        )


@router.get("", summary="Where the person stands on each consent target now")
def statuses(
    request: Request, register: RegisterDep, caller: Staff, subject_id: str
) -> list[ConsentStatus]:
    from mamori.consent import status

    with register.session() as session:
        session.require_subject(caller.actor, "read", "consent", subject_id)
        return status(session.connection, register.policy, subject_id)


@router.get("/history", summary="Every decision the ledger holds for the person")
def history(
    register: RegisterDep,
    caller: Staff,
    subject_id: str,
    target: Annotated[str | None, Query()] = None,
) -> list[ConsentEvent]:
    from mamori.consent import history as consent_history

    with register.session() as session:
        session.require_subject(caller.actor, "read", "consent", subject_id)
        return consent_history(session.connection, subject_id, target)


@router.post("", status_code=201, summary="Record the person's decision on consent targets")
async def decide(
    request: Request, register: RegisterDep, caller: Staff, subject_id: str, body: DecisionBody
) -> JSONResponse:
    from mamori.consent import record

    def make(session: RegisterSession) -> list[ConsentEvent]:
        return record(
            session, caller.actor, subject_id, body.targets, body.decision, body.collected()
        )

    return await created(request, register, caller, make)


@router.get("/receipts/{event_id}", summary="The Kantara consent receipt of one decision")
def receipt(
    register: RegisterDep, caller: Staff, subject_id: str, event_id: str
) -> dict[str, object]:
    from mamori.consent import consent_event
    from mamori.consent import receipt as make_receipt
    from mamori.errors import NotFoundError

    with register.session() as session:
        session.require_subject(caller.actor, "read", "consent", subject_id)
        event = consent_event(session.connection, event_id)
        if event.subject_id != subject_id:
            raise NotFoundError(f"no consent event {event_id} for this subject", field="event_id")
        return plain(make_receipt(register.policy, event))  # type: ignore[no-any-return]
