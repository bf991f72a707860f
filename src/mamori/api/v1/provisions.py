"""Provision to third parties: run a declared provision, record a legal exception, and the
records APPI Art. 29-31 ask for; entrustees (with their supervision log), joint use and
modules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from mamori.api.auth import require_permission
from mamori.api.pagination import Cursor, Limit, Page, paginate
from mamori.api.v1._common import RegisterDep, Staff, created
from mamori.register import RegisterSession

__all__ = ["router"]

router = APIRouter(tags=["provisions and records"])
_RUN = [Depends(require_permission("provisions.run"))]
_READ = [Depends(require_permission("records.read"))]


class RecipientBody(BaseModel):
    """A recipient the policy does not name (a court, a police station)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Shibuya Police Station",
                    "address": "1-1 Udagawa-cho, Shibuya, Tokyo",
                    "country": "JP",
                }
            ]
        }
    )

    name: str = Field(max_length=500)
    address: str | None = Field(default=None, max_length=1000)
    representative: str | None = Field(default=None, max_length=500)
    country: str = Field(default="JP", min_length=2, max_length=2)


class ProvisionBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_ids": ["s_1", "s_2"],
                    "recipient": "adco",
                    "contract_reference": "C-2026-014",
                }
            ]
        }
    )

    subject_ids: list[str] = Field(min_length=1, max_length=100_000)
    recipient: str | RecipientBody | None = Field(
        default=None, description="A recipient key of the provision, or one it describes."
    )
    items: list[str] | None = Field(default=None, description="Fewer items than declared.")
    bulk: bool = False
    contract_reference: str | None = Field(default=None, max_length=128)


class ExceptionBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "exception": "laws_and_regulations",
                    "justification": "Written police inquiry (Code of Criminal Procedure 197(2))",
                    "requester_reference": "Shibuya-2026-118",
                    "subject_ids": ["s_1"],
                    "recipient": {"name": "Shibuya Police Station", "country": "JP"},
                    "items": ["name", "email"],
                }
            ]
        }
    )

    exception: str = Field(description="A legal exception the policy lists (APPI Art. 27(1)).")
    justification: str = Field(min_length=1, max_length=4000)
    requester_reference: str = Field(min_length=1, max_length=128)
    subject_ids: list[str] = Field(min_length=1, max_length=10_000)
    recipient: RecipientBody
    items: list[str] = Field(min_length=1)


class ProvidedOut(BaseModel):
    header: dict[str, Any]
    rows: dict[str, dict[str, str]] | None = Field(
        description="The values sent; null in a replayed answer (values are never kept)."
    )
    provided: int
    skipped: dict[str, int]


class SupervisionBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "audit",
                    "summary": "Yearly on-site audit of the mailing contractor: no findings",
                    "reference": "AUD-2026-03",
                }
            ]
        }
    )

    kind: Literal[
        "selection", "contract", "audit", "re_entrustment_approval", "incident", "termination"
    ]
    summary: str = Field(min_length=1, max_length=4000)
    reference: str | None = Field(default=None, max_length=128)


@router.post(
    "/provisions/{provision}/runs",
    status_code=201,
    dependencies=_RUN,
    summary="Run a declared provision: the package for the recipient, and its records",
)
async def run_provision(
    request: Request, register: RegisterDep, caller: Staff, provision: str, body: ProvisionBody
) -> JSONResponse:
    from mamori.provision import provide

    def make(session: RegisterSession) -> ProvidedOut:
        done = provide(
            session,
            caller.actor,
            body.subject_ids,
            provision=provision,
            recipient=_recipient(body.recipient),
            items=body.items,
            bulk=body.bulk,
            contract_reference=body.contract_reference,
        )
        return _provided(done)

    return await created(request, register, caller, make, kept=_without_values)


@router.post(
    "/provisions/exceptions",
    status_code=201,
    dependencies=_RUN,
    summary="Provide under a legal exception, with its justification and the requester's reference",
)
async def run_exception(
    request: Request, register: RegisterDep, caller: Staff, body: ExceptionBody
) -> JSONResponse:
    from mamori.provision import provide

    def make(session: RegisterSession) -> ProvidedOut:
        done = provide(
            session,
            caller.actor,
            body.subject_ids,
            exception=body.exception,
            recipient=_recipient(body.recipient),
            items=body.items,
            justification=body.justification,
            requester_reference=body.requester_reference,
        )
        return _provided(done)

    return await created(request, register, caller, make, kept=_without_values)


@router.get("/records", dependencies=_READ, summary="Provision records (APPI Art. 29 and 31)")
def records(
    register: RegisterDep,
    provision: Annotated[str | None, Query()] = None,
    recipient: Annotated[str | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[dict[str, Any]]:
    from mamori.provision import list_records

    with register.engine.connect() as connection:
        found = list_records(connection, provision=provision, recipient=recipient)
    return paginate([record.to_dict() for record in found], limit, cursor)


@router.get("/receipts", dependencies=_READ, summary="Receipt records (APPI Art. 30)")
def receipts(
    register: RegisterDep,
    subject_id: Annotated[str | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[dict[str, Any]]:
    from mamori.provision import list_receipts

    with register.engine.connect() as connection:
        found = list_receipts(connection, subject_id=subject_id)
    return paginate([receipt.to_dict() for receipt in found], limit, cursor)


@router.get("/entrustees", summary="Entrustees, with the items they handle")
def entrustees(register: RegisterDep, caller: Staff) -> list[dict[str, Any]]:
    from mamori.provision import entrustees_of

    return [facts.to_dict() for facts in entrustees_of(register.policy)]


@router.get(
    "/entrustees/{entrustee}/supervision",
    dependencies=_READ,
    summary="The supervision log of one entrustee (APPI Art. 25)",
)
def supervision(register: RegisterDep, entrustee: str) -> list[dict[str, Any]]:
    from mamori.provision import supervision_log

    with register.engine.connect() as connection:
        return [entry.to_dict() for entry in supervision_log(connection, entrustee)]


@router.post(
    "/entrustees/{entrustee}/supervision",
    status_code=201,
    dependencies=_RUN,
    summary="Log a supervision step: selection, contract, audit...",
)
async def log_step(
    request: Request,
    register: RegisterDep,
    caller: Staff,
    entrustee: str,
    body: SupervisionBody,
) -> JSONResponse:
    from mamori.provision import log_supervision

    def make(session: RegisterSession) -> dict[str, Any]:
        entry = log_supervision(
            session, caller.actor, entrustee, body.kind, body.summary, body.reference
        )
        return entry.to_dict()

    return await created(request, register, caller, make)


@router.get("/sharing", summary="Joint use and modules, with the items each concerns")
def sharing(register: RegisterDep, caller: Staff) -> dict[str, Any]:
    from mamori.provision import sharing_for

    facts = sharing_for(register.policy, register.policy.items)
    shared: dict[str, Any] = facts.to_dict()
    return shared


def _recipient(value: str | RecipientBody | None) -> Any:
    from mamori.provision import AdHocRecipient

    if isinstance(value, RecipientBody):
        return AdHocRecipient(
            name=value.name,
            address=value.address,
            representative=value.representative,
            country=value.country,
        )
    return value


def _provided(done: Any) -> ProvidedOut:
    rows = {
        subject_id: {key: str(value.reveal()) for key, value in values.items()}
        for subject_id, values in done.package.rows.items()
    }
    return ProvidedOut(
        header=done.package.header(), rows=rows, provided=done.provided, skipped=done.skipped
    )


def _without_values(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "rows": None}
