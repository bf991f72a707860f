"""Who receives a provision: a recipient the policy declares, or one named for the case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import Policy
from mamori.policy.model import Provision, Recipient
from mamori.provision.records import RecordedRecipient

__all__ = ["AdHocRecipient", "ForeignRoute", "RecipientArgument", "resolve_recipient"]

ForeignRoute = Literal["consent", "equivalent_system", "adequacy"]
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class AdHocRecipient:
    """A recipient the policy does not name: a court, a police station, a partner of a
    provision the policy describes only by kind. Its name, address and representative go into
    the record (never into the audit log)."""

    name: str
    address: str | None = None
    representative: str | None = None
    country: str = "JP"
    """ISO 3166-1 alpha-2 code."""
    foreign_route: ForeignRoute | None = None
    """Outside Japan: how APPI Art. 28 is met."""


RecipientArgument = str | AdHocRecipient | Recipient
"""A recipient key of the policy, or a recipient named for this provision."""


def resolve_recipient(
    policy: Policy, provision_key: str | None, provision: Provision | None, given: object
) -> RecordedRecipient:
    """The recipient to record, checked against the provision; AccessDeniedError (rule
    provision_recipient) for one the provision does not allow, ValidationError when missing."""
    if isinstance(given, str):
        declared = policy.recipients.get(given)
        allowed = provision.recipients if provision is not None else list(policy.recipients)
        if declared is None or given not in allowed:
            where = f"provision '{provision_key}'" if provision_key else "the policy"
            raise AccessDeniedError(
                f"{where} names no recipient '{given}'; its recipients: "
                f"{', '.join(allowed) or 'none by key'}",
                rule="provision_recipient",
                field="recipient",
            )
        return _declared(given, declared)
    if given is None:
        if provision is not None and len(provision.recipients) == 1:
            key = provision.recipients[0]
            return _declared(key, policy.recipients[key])
        if provision is not None and provision.recipients:
            raise ValidationError(
                f"provision '{provision_key}' has several recipients; name one of "
                f"{', '.join(provision.recipients)}",
                field="recipient",
            )
        raise ValidationError(
            "name the recipient (its name, address and representative go into the record)",
            field="recipient",
        )
    if provision is not None and provision.recipients:
        # A provision that names its recipients goes to them only.
        raise AccessDeniedError(
            f"provision '{provision_key}' goes only to {', '.join(provision.recipients)}; "
            "give one of these keys",
            rule="provision_recipient",
            field="recipient",
        )
    if isinstance(given, Recipient):
        return _declared(None, given)
    if isinstance(given, AdHocRecipient):
        return _ad_hoc(given)
    raise ValidationError(
        "a recipient is a recipient key of the policy or an AdHocRecipient", field="recipient"
    )


def _declared(key: str | None, recipient: Recipient) -> RecordedRecipient:
    return RecordedRecipient(
        name=dict(recipient.name),
        address=None if recipient.address is None else dict(recipient.address),
        representative=None if recipient.representative is None else dict(recipient.representative),
        country=recipient.country,
        key=key,
        foreign_route=recipient.foreign_route,
    )


def _ad_hoc(given: AdHocRecipient) -> RecordedRecipient:
    if not isinstance(given.name, str) or not given.name.strip():
        raise ValidationError("the recipient needs a name for the record", field="recipient.name")
    if not isinstance(given.country, str) or not _COUNTRY.fullmatch(given.country):
        raise ValidationError(
            "the recipient's country is an ISO 3166-1 alpha-2 code such as JP or US",
            field="recipient.country",
        )
    if given.foreign_route not in (None, "consent", "equivalent_system", "adequacy"):
        raise ValidationError(
            "foreign_route is consent, equivalent_system or adequacy",
            field="recipient.foreign_route",
        )
    return RecordedRecipient(
        name={"*": given.name.strip()},
        address=None if not given.address else {"*": given.address},
        representative=None if not given.representative else {"*": given.representative},
        country=given.country,
        key=None,
        foreign_route=given.foreign_route,
    )
