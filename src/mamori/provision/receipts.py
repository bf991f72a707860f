"""APPI Art. 30: receiving personal data from a third party is checked and recorded.

    from mamori.provision import Provider, record_receipt

    facebook = Provider("Meta Platforms, Inc.", "1 Meta Way, Menlo Park, CA", "Mark Zuckerberg",
                        country="US")
    with register.session() as session:            # the caller owns the transaction
        record_receipt(session, Actor.application(), "u1", provider=facebook,
                       acquisition="Given by the user to Facebook; shared as their privacy "
                       "settings allow", items=["external_service_info"], basis="consent")

The check (Art. 30(1)) is that the provider's identity and how it acquired the data are known:
without them nothing is recorded. The record (Art. 30(3), rule 24) holds the provider, the
acquisition, the person (by id), the items (by key), and the fact of the person's consent to
the provider's provision or, for an opt-out provision, the date the PPC published the filing.
A provider abroad needs the person's prior consent or one of the exceptions the policy's
statement on third-party sources lists (OA-3): entrustment, business succession, joint use, or
a provision the law permits. Those receipts need no record by law (Art. 30(1) proviso); the
register records them anyway, as the proof of which exception applied.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select

from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import Policy
from mamori.provision._register_tables import receipt_records
from mamori.register import Actor, RegisterSession, has_permission

__all__ = [
    "FOREIGN_RECEIPT_BASES",
    "RECEIPT_BASES",
    "RECORD_KEEPER_PERMISSION",
    "Provider",
    "ReceiptBasis",
    "ReceiptRecord",
    "expire_receipts",
    "list_receipts",
    "receipts_of",
    "record_receipt",
]

ReceiptBasis = Literal[
    "consent", "opt_out", "entrustment", "business_succession", "joint_use", "by_law"
]
RECEIPT_BASES: tuple[ReceiptBasis, ...] = (
    "consent",
    "opt_out",
    "entrustment",
    "business_succession",
    "joint_use",
    "by_law",
)
FOREIGN_RECEIPT_BASES: tuple[ReceiptBasis, ...] = (
    "consent",
    "entrustment",
    "business_succession",
    "joint_use",
    "by_law",
)
"""What allows a receipt from a provider abroad (OA-3): never an opt-out provision."""

RECORD_KEEPER_PERMISSION = "provisions.run"
"""The staff permission to keep these records: whoever runs provisions manages where data goes
and comes from; `records.read` stays a read-only permission (auditors)."""

RETENTION_YEARS = 3
CONTRACT_RETENTION_YEARS = 1
"""Rule 25 (as rule 21 for Art. 29): 3 years; 1 year when a contract serves as the record."""

_COUNTRY = re.compile(r"[A-Z]{2}")
_LIMITS = {"name": 300, "address": 500, "representative": 300}
_ACTION = "receipt.record"
_PURPOSE = "receipt"


@dataclass(frozen=True)
class Provider:
    """Who provided the data: name, address and, for a company, its representative."""

    name: str
    address: str
    representative: str | None = None
    country: str = "JP"
    """ISO 3166-1 alpha-2 code of where the provider is."""
    individual: bool = False
    """The provider is a person, not a company: no representative to record."""

    @property
    def abroad(self) -> bool:
        return self.country != "JP"


@dataclass(frozen=True)
class ReceiptRecord:
    """One Art. 30 record: data about `subject_id` received from `provider`."""

    id: str
    subject_id: str
    provider: Provider
    acquisition: str
    items: tuple[str, ...]
    basis: ReceiptBasis
    opt_out_published: date | None
    contract: str | None
    received_at: datetime
    recorded_at: datetime
    retain_until: datetime
    actor_kind: str
    actor_id: str
    policy_version: str

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready values (the disclosure package, `mamori records receipts`)."""
        return {
            "id": self.id,
            "subject_id": self.subject_id,
            "provider": {
                "name": self.provider.name,
                "address": self.provider.address,
                "representative": self.provider.representative,
                "country": self.provider.country,
            },
            "acquisition": self.acquisition,
            "items": list(self.items),
            "basis": self.basis,
            "opt_out_published": _iso(self.opt_out_published),
            "contract": self.contract,
            "received_at": self.received_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "retain_until": self.retain_until.isoformat(),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            "policy_version": self.policy_version,
        }


def record_receipt(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    *,
    provider: Provider,
    acquisition: str,
    items: Sequence[str],
    basis: ReceiptBasis,
    opt_out_published: date | None = None,
    contract: str | None = None,
    received_at: datetime | None = None,
) -> ReceiptRecord:
    """Check and record data about `subject_id` received from `provider`.

    Invalid input raises ValidationError naming the field; a receipt the rules refuse raises
    AccessDeniedError, audited; in both cases nothing is recorded.
    """
    policy = session.policy
    keys = _checked(policy, provider, acquisition, items, basis, opt_out_published, contract)
    now = datetime.now(UTC)
    received = _aware(received_at) if received_at is not None else now
    if received > now + timedelta(minutes=5):
        raise ValidationError(
            "received_at is in the future; give when the data was received", field="received_at"
        )
    refusal = _refusal(policy, actor, provider, keys, basis)
    if refusal is not None:
        rule, reason = refusal
        session.record_event(actor, _ACTION, _PURPOSE, subject_id, keys, allowed=False, rule=rule)
        raise AccessDeniedError(reason, rule=rule)
    session.require_subject(actor, _ACTION, _PURPOSE, subject_id)
    years = CONTRACT_RETENTION_YEARS if contract else RETENTION_YEARS
    record = ReceiptRecord(
        id=uuid.uuid4().hex,
        subject_id=subject_id,
        provider=Provider(
            provider.name.strip(),
            provider.address.strip(),
            None if provider.individual else (provider.representative or "").strip(),
            provider.country,
            provider.individual,
        ),
        acquisition=acquisition.strip(),
        items=keys,
        basis=basis,
        opt_out_published=opt_out_published,
        contract=contract,
        received_at=received,
        recorded_at=now,
        retain_until=years_after(received, years),
        actor_kind=actor.kind,
        actor_id=actor.id,
        policy_version=policy.version,
    )
    session.connection.execute(insert(receipt_records).values(_row(record)))
    session.record_event(actor, _ACTION, _PURPOSE, subject_id, keys, rule=f"receipt_{basis}")
    return record


def receipts_of(connection: Connection, subject_id: str) -> list[ReceiptRecord]:
    """The person's receipt records, oldest first (for disclosure, Art. 33(5))."""
    return list_receipts(connection, subject_id=subject_id)


def list_receipts(
    connection: Connection, *, subject_id: str | None = None, limit: int | None = None
) -> list[ReceiptRecord]:
    """Receipt records kept, oldest first; one person's when `subject_id` is given."""
    query = select(receipt_records)
    if subject_id is not None:
        query = query.where(receipt_records.c.subject_id == subject_id)
    query = query.order_by(receipt_records.c.received_at, receipt_records.c.id).limit(limit)
    return [_record(row._mapping) for row in connection.execute(query)]


def expire_receipts(session: RegisterSession, actor: Actor, now: datetime | None = None) -> int:
    """Delete the records whose retention ended; returns how many went. One audit event."""
    if not may_keep_records(session.policy, actor):
        session.record_event(
            actor, "receipt.expire", "retention", None, allowed=False, rule="records_keeper"
        )
        raise AccessDeniedError(
            f"actor {actor.id} may not expire records: it takes the {RECORD_KEEPER_PERMISSION} "
            "permission",
            rule="records_keeper",
        )
    moment = _aware(now) if now is not None else datetime.now(UTC)
    expired = receipt_records.c.retain_until <= moment
    count = session.connection.execute(
        select(func.count()).select_from(receipt_records).where(expired)
    ).scalar_one()
    if count:
        session.connection.execute(delete(receipt_records).where(expired))
    session.record_event(actor, "receipt.expire", "retention", None, rule="receipt_retention")
    return int(count)


def may_keep_records(policy: Policy, actor: Actor, *, application: bool = False) -> bool:
    """The system (jobs, imports), staff with RECORD_KEEPER_PERMISSION, and, when `application`, the
    service's application (what it receives from a linked service, OP-4)."""
    if application and actor.kind == "application":
        return True
    return has_permission(policy, actor, RECORD_KEEPER_PERMISSION)


def years_after(moment: datetime, years: int) -> datetime:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def _checked(
    policy: Policy,
    provider: Provider,
    acquisition: str,
    items: Sequence[str],
    basis: str,
    opt_out_published: date | None,
    contract: str | None,
) -> tuple[str, ...]:
    if not isinstance(provider, Provider):
        raise ValidationError(
            "give the provider as a Provider(name, address, ...)", field="provider"
        )
    fields: dict[str, str | None] = {"name": provider.name, "address": provider.address}
    if not provider.individual:
        fields["representative"] = provider.representative
    for name, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"the provider's {name} is required: APPI Art. 30(1)(i) asks the provider's "
                "identity (name, address and, for a company, its representative) before "
                "receiving; set individual=True for a provider who is a person",
                field=f"provider.{name}",
            )
        if len(value) > _LIMITS[name]:
            raise ValidationError(
                f"the provider's {name} is longer than {_LIMITS[name]} characters",
                field=f"provider.{name}",
            )
    if not isinstance(provider.country, str) or not _COUNTRY.fullmatch(provider.country):
        raise ValidationError(
            "the provider's country is an ISO 3166-1 alpha-2 code such as JP or US",
            field="provider.country",
        )
    if not isinstance(acquisition, str) or not acquisition.strip():
        raise ValidationError(
            "say how the provider acquired the data: APPI Art. 30(1)(ii) asks it before receiving",
            field="acquisition",
        )
    if len(acquisition) > 2000:
        raise ValidationError("acquisition is longer than 2000 characters", field="acquisition")
    if basis not in RECEIPT_BASES:
        raise ValidationError(f"basis must be one of {', '.join(RECEIPT_BASES)}", field="basis")
    if basis == "opt_out" and opt_out_published is None:
        raise ValidationError(
            "an opt-out receipt records the date the PPC published the provider's filing "
            "(APPI Art. 30(3)); give opt_out_published",
            field="opt_out_published",
        )
    if basis != "opt_out" and opt_out_published is not None:
        raise ValidationError(
            "opt_out_published is only for basis opt_out", field="opt_out_published"
        )
    if contract is not None and (not isinstance(contract, str) or not 0 < len(contract) <= 200):
        raise ValidationError("contract is a reference of 1 to 200 characters", field="contract")
    if isinstance(items, str):
        items = [items]
    keys = tuple(dict.fromkeys(items))
    if not keys:
        raise ValidationError("name at least one item received", field="items")
    for index, key in enumerate(keys):
        if key not in policy.items:
            raise ValidationError(
                f"the policy declares no item '{key}'; name the items by their keys",
                field=f"items[{index}]",
            )
    return keys


def _refusal(
    policy: Policy, actor: Actor, provider: Provider, keys: tuple[str, ...], basis: str
) -> tuple[str, str] | None:
    if not may_keep_records(policy, actor, application=True):
        return "records_keeper", (
            f"actor {actor.id} may not record receipts: it takes the {RECORD_KEEPER_PERMISSION} "
            "permission"
        )
    if provider.abroad and basis not in FOREIGN_RECEIPT_BASES:
        return "receipt_foreign", (
            f"a provider in {provider.country} may provide data only with the person's prior "
            f"consent or an exception ({', '.join(FOREIGN_RECEIPT_BASES[1:])}); "
            f"not by {basis}: obtain the person's consent first"
        )
    sensitive = [key for key in keys if policy.items[key].sensitive]
    if basis == "opt_out" and sensitive:
        return "receipt_sensitive_opt_out", (
            f"{', '.join(sensitive)} is special-care-required data, never provided by opt-out "
            "(APPI Art. 27(2)): obtain the person's consent"
        )
    return None


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _row(record: ReceiptRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "subject_id": record.subject_id,
        "provider_name": record.provider.name,
        "provider_address": record.provider.address,
        "provider_representative": record.provider.representative,
        "provider_country": record.provider.country,
        "acquisition": record.acquisition,
        "items": " ".join(record.items),
        "basis": record.basis,
        "opt_out_published": record.opt_out_published,
        "contract": record.contract,
        "received_at": record.received_at,
        "recorded_at": record.recorded_at,
        "retain_until": record.retain_until,
        "actor_kind": record.actor_kind,
        "actor_id": record.actor_id,
        "policy_version": record.policy_version,
    }


def _record(row: Any) -> ReceiptRecord:
    return ReceiptRecord(
        id=row["id"],
        subject_id=row["subject_id"],
        provider=Provider(
            row["provider_name"],
            row["provider_address"],
            row["provider_representative"],
            row["provider_country"],
            row["provider_representative"] is None,
        ),
        acquisition=row["acquisition"],
        items=tuple(row["items"].split()),
        basis=row["basis"],
        opt_out_published=row["opt_out_published"],
        contract=row["contract"],
        received_at=_aware(row["received_at"]),
        recorded_at=_aware(row["recorded_at"]),
        retain_until=_aware(row["retain_until"]),
        actor_kind=row["actor_kind"],
        actor_id=row["actor_id"],
        policy_version=row["policy_version"],
    )
