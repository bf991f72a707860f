"""What the rules know about the world: country lists and data categories the law singles out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from mamori.policy.model import Item, Policy

__all__ = [
    "APPI_EQUIVALENT_COUNTRIES",
    "DIRECT_IDENTIFIER_CATEGORIES",
    "EEA_COUNTRIES",
    "EU_ADEQUATE_COUNTRIES",
    "FINANCIAL_CATEGORIES",
    "ONE_MONTH",
    "REFERABLE_CATEGORIES",
    "SENSITIVE_CATEGORIES_APPI",
    "SENSITIVE_CATEGORIES_GDPR",
    "category_under",
    "is_eu",
    "is_jp",
    "items_named",
    "key_list",
    "laws",
]

_EU_MEMBERS = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EEA_COUNTRIES = frozenset(f"{_EU_MEMBERS} IS LI NO".split())
"""The EU member states and the three other EEA states (ISO 3166-1 alpha-2)."""

APPI_EQUIVALENT_COUNTRIES = EEA_COUNTRIES | {"GB"}
"""Countries the PPC designates as having a system equivalent to Japan's (APPI Art. 28(1))."""

_ADEQUATE = "AD AR CA CH FO GB GG IL IM JE JP KR NZ US UY"
EU_ADEQUATE_COUNTRIES = frozenset(_ADEQUATE.split())
"""Countries with an EU adequacy decision (GDPR Art. 45). For CA only commercial organisations,
for US only companies certified under the Data Privacy Framework: the rule says so."""

SENSITIVE_CATEGORIES_APPI = (
    "user.health_and_medical",
    "user.biometric.health",
    "user.criminal_history",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.political_opinion",
)
"""Fideslang categories that are special-care-required information (APPI Art. 2(3): race, creed,
medical history, criminal record, health)."""

SENSITIVE_CATEGORIES_GDPR = (
    *SENSITIVE_CATEGORIES_APPI,
    "user.biometric",
    "user.authorization.biometric",
    "user.demographic.sexual_orientation",
)
"""Special categories of GDPR Art. 9(1) that fideslang can name (it has no trade-union key)."""

FINANCIAL_CATEGORIES = ("user.financial", "user.payment")

DIRECT_IDENTIFIER_CATEGORIES = (
    "user.name",
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.fax_number",
    "user.contact.address",
    "user.government_id",
    "user.account.username",
    "user.authorization",
)
"""Categories whose values name or reach a person directly: never in a research hand-over."""

REFERABLE_CATEGORIES = ("user.device", "user.behavior", "user.location", "user.telemetry")
"""Categories that are personally referable information when held apart from anyone's name:
cookie and device IDs, browsing and purchase history, location (APPI Art. 2(7); PPC guideline)."""

ONE_MONTH = timedelta(days=30)


def category_under(category: str, prefixes: Iterable[str]) -> bool:
    """True when `category` is one of `prefixes` or below one of them in the taxonomy."""
    return any(category == prefix or category.startswith(prefix + ".") for prefix in prefixes)


def is_jp(policy: Policy) -> bool:
    return "JP" in policy.jurisdictions


def is_eu(policy: Policy) -> bool:
    return "EU" in policy.jurisdictions


def key_list(keys: Iterable[str]) -> str:
    return ", ".join(sorted(keys))


def items_named(policy: Policy, keys: Iterable[str]) -> dict[str, Item]:
    """The items of `keys` that the policy declares (a dangling key is the loader's business)."""
    return {key: policy.items[key] for key in keys if key in policy.items}


def laws(policy: Policy, *, jp: str, eu: str, always: str = "") -> str:
    """The citation of the laws among `jp` and `eu` that apply to `policy`, after `always`."""
    parts = [always] if always else []
    parts += [text for text, applies in ((jp, is_jp(policy)), (eu, is_eu(policy))) if applies]
    return "; ".join(parts)
