"""What a person can consent to under a policy: its consent targets.

- a consent-based purpose, by its key (`newsletter`);
- a declared provision with basis consent or opt-out, as `provision:<key>`;
- an information-gathering module that is not essential, as `module:<key>`;
- a category of cookies that is not essential, as `cookies:<category>`.

The register's access check asks about the first two; modules and cookies are asked about by
the service that loads them (the portal's banner, a tag manager).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from mamori.audit import KEY_PATTERN
from mamori.errors import ValidationError
from mamori.policy import Policy

__all__ = ["GPC_CATEGORIES", "ConsentTarget", "TargetKind", "consent_targets", "target_of"]

_KEY = re.compile(KEY_PATTERN)

TargetKind = Literal["purpose", "provision", "module", "cookies"]

GPC_CATEGORIES = frozenset({"analytics", "advertising"})
"""Module and cookie categories a Global Privacy Control signal refuses: they send data about
the person to another company. Provisions are always covered; first-party purposes never."""


@dataclass(frozen=True)
class ConsentTarget:
    name: str
    kind: TargetKind
    key: str
    """The purpose, provision or module key, or the cookie category."""
    expiry: timedelta | None = None
    """Consent lapses this long after it was given, unless given again."""
    opt_out: bool = False
    """An opt-out provision: it runs until the person refuses."""
    foreign_information: bool = False
    """A recipient abroad on the consent route: the APPI Art. 28(2) information (country, its
    regime, the recipient's measures) must have been shown with the consent."""
    gpc: bool = False
    """A Global Privacy Control signal counts as refusal of it."""


def consent_targets(policy: Policy) -> dict[str, ConsentTarget]:
    """Every target the policy offers, by name, in the order of the policy file."""
    targets: list[ConsentTarget] = [
        ConsentTarget(key, "purpose", key, expiry=purpose.consent_expiry)
        for key, purpose in policy.purposes.items()
        if purpose.legal_basis == "consent"
    ]
    for key, provision in policy.provisions.items():
        if provision.basis not in ("consent", "opt_out"):
            continue  # sale or lending never runs (SOC-6): nothing to consent to
        abroad = [policy.recipients[name] for name in provision.recipients]
        targets.append(
            ConsentTarget(
                f"provision:{key}",
                "provision",
                key,
                expiry=provision.consent_expiry,
                opt_out=provision.basis == "opt_out",
                foreign_information=any(
                    recipient.country != "JP" and recipient.foreign_route == "consent"
                    for recipient in abroad
                ),
                gpc=True,
            )
        )
    for key, module in policy.modules.items():
        if module.category != "essential":
            targets.append(
                ConsentTarget(f"module:{key}", "module", key, gpc=module.category in GPC_CATEGORIES)
            )
    categories = dict.fromkeys(cookie.category for cookie in policy.cookies.values())
    for category in categories:
        if category != "essential":
            targets.append(
                ConsentTarget(
                    f"cookies:{category}", "cookies", category, gpc=category in GPC_CATEGORIES
                )
            )
    return {target.name: target for target in targets}


def target_of(policy: Policy, name: str, field: str = "target") -> ConsentTarget:
    """The target `name`, or a ValidationError that lists the policy's targets."""
    targets = consent_targets(policy)
    found = targets.get(name)
    if found is None:
        offered = ", ".join(targets) or "none"
        shown = name if isinstance(name, str) and _KEY.fullmatch(name) else "this"
        raise ValidationError(
            f"the policy asks no consent for '{shown}'; its consent targets are: {offered}",
            field=field,
        )
    return found
