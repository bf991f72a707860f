"""Which requests cost a fee, and how much.

- APPI Art. 38: a fee only for notifying the purposes and for disclosure (including disclosure
  of provision records), as the policy publishes it; e.g. 1,000 yen per disclosure request,
  charged on application whatever the outcome (OA-6). Never for correction or deletion.
- GDPR Art. 12(5): requests are free; a reasonable fee only for a request recorded as manifestly
  unfounded or excessive (`mark_excessive`). Mamori never charges for correction or deletion,
  under either law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mamori.policy import Policy

__all__ = [
    "APPI_FEE_KINDS",
    "EXCESSIVE_BASIS",
    "NEVER_CHARGED",
    "POLICY_BASIS",
    "FeeDue",
    "fee_due",
]

APPI_FEE_KINDS = frozenset({"disclosure", "provision_records", "purpose_notification"})
NEVER_CHARGED = frozenset({"correction", "deletion"})
POLICY_BASIS = "policy"
EXCESSIVE_BASIS = "manifestly_unfounded_or_excessive"


@dataclass(frozen=True)
class FeeDue:
    """A fee a request owes: its amount, when it is charged, and on what basis."""

    amount: int
    currency: str
    charged: Literal["on_application", "on_fulfilment"] = "on_application"
    refundable: bool = False
    basis: str = POLICY_BASIS


def fee_due(policy: Policy, kind: str, jurisdiction: str) -> FeeDue | None:
    """The fee the policy sets for a request of `kind` from a person under `jurisdiction`, if the
    law lets it be charged; None when the request is free."""
    if jurisdiction != "JP" or kind not in APPI_FEE_KINDS:
        return None
    for fee in policy.rights.fees:
        if fee.request == kind and "JP" in fee.jurisdictions and fee.amount > 0:
            return FeeDue(fee.amount, fee.currency, fee.charged, fee.refundable)
    return None
