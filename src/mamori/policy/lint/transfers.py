"""Rules on where data is stored and on what basis it leaves the EU (GDPR Arts. 44-49)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import EEA_COUNTRIES, EU_ADEQUATE_COUNTRIES
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_NO_EU_BASIS = frozenset({"domestic", "equivalent_system"})
"""Bases that say nothing about a transfer out of the EU (equivalent_system is the APPI's)."""


@rule(
    "GDPR-44-TRANSFER-BASIS",
    severity="warning",
    citation="GDPR Art. 44-46",
    fix="give a transfer_basis valid for the country: adequacy (where decided), "
    "standard_contractual_clauses, binding_corporate_rules, or an Art. 49 derogation",
    jurisdictions=("EU",),
)
def transfer_basis(policy: Policy) -> Iterator[Hit]:
    """Data stored outside the EEA without a valid transfer basis.

    A transfer out of the EEA needs an adequacy decision for the country, appropriate safeguards
    (standard contractual clauses, binding corporate rules) or a derogation of Art. 49.
    """
    for index, location in enumerate(policy.storage):
        outside = sorted({c.upper() for c in location.countries} - EEA_COUNTRIES)
        if not outside:
            continue
        path = ("storage", index, "transfer_basis")
        if location.transfer_basis in _NO_EU_BASIS:
            yield Hit(
                path,
                f"storage in {', '.join(outside)} has basis {location.transfer_basis}, "
                "which is no basis for leaving the EEA",
            )
        elif location.transfer_basis == "adequacy":
            lacking = [country for country in outside if country not in EU_ADEQUATE_COUNTRIES]
            if lacking:
                yield Hit(path, f"no EU adequacy decision covers {', '.join(lacking)}")
            if "US" in outside:
                yield Hit(
                    path,
                    "adequacy covers the US only for companies certified under the Data "
                    "Privacy Framework",
                    fix="check that the recipient is certified, or use standard contractual "
                    "clauses",
                    citation="GDPR Art. 45; Commission Decision (EU) 2023/1795",
                )


@rule(
    "GDPR-44-COUNTRIES",
    severity="info",
    citation="GDPR Art. 13(1)(f), 30(1)(e)",
    fix="name the countries where the data may be stored",
    jurisdictions=("EU",),
)
def storage_countries(policy: Policy) -> Iterator[Hit]:
    """A storage location that may be outside the EU names no country.

    The notice and the records of processing name the third countries data goes to.
    """
    for index, location in enumerate(policy.storage):
        if not location.countries and location.transfer_basis != "domestic":
            yield Hit(
                ("storage", index, "countries"),
                f"storage location {index + 1} ({location.transfer_basis}) names no country",
            )
