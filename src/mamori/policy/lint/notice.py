"""Rules on what the public notice must say (APPI Art. 32 and Cabinet Order Art. 10; GDPR 13)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import is_jp, laws
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_SECURITY_KINDS = (
    "basic_policy",
    "handling_rules",
    "organizational",
    "human",
    "physical",
    "technical",
)


@rule(
    "APPI-32-PUBLIC-FACTS",
    severity="warning",
    citation="APPI Art. 32(1); Cabinet Order Art. 10",
    fix="add the missing fact to the policy",
    jurisdictions=("JP",),
)
def public_facts(policy: Policy) -> Iterator[Hit]:
    """A fact the APPI wants on the public page is missing.

    The page must give the operator's name, address and (for a company) representative, all
    purposes, the procedure and fees for requests, the security measures taken and where to
    complain. Each missing fact is one finding; a warning, because it is the text that falls
    short, not something Mamori must refuse to run.
    """
    organization = policy.organization
    if organization.address is None:
        yield Hit(
            ("organization", "address"),
            "the operator's address is not given",
            fix="add organization.address",
            citation="APPI Art. 32(1)(i)",
        )
    if organization.representative is None:
        yield Hit(
            ("organization", "representative"),
            "the operator's representative is not given",
            fix="add organization.representative (name and title)",
            citation="APPI Art. 32(1)(i)",
        )
    if "complaints" not in organization.contacts:
        yield Hit(
            ("organization", "contacts"),
            "no contact point for complaints is given",
            fix="add organization.contacts.complaints",
            citation="APPI Art. 32(1)(iv); Cabinet Order Art. 10(ii)",
        )
    if not policy.security_measures:
        yield Hit(
            ("security_measures",),
            "the security measures taken are not described",
            fix="list the measures under security_measures",
            citation="APPI Art. 32(1)(iv); Cabinet Order Art. 10(i)",
        )


@rule(
    "APPI-23-SECURITY-KINDS",
    severity="info",
    citation="APPI Art. 23; PPC guideline (general) Annex 10",
    fix="describe a measure of each missing kind, or say why none is needed",
    jurisdictions=("JP",),
)
def security_kinds(policy: Policy) -> Iterator[Hit]:
    """Some kinds of security measure of the PPC guideline are not described.

    The guideline groups measures as basic policy, handling rules, organisational, human,
    physical and technical; a notice usually says something of each.
    """
    present = {measure.kind for measure in policy.security_measures}
    missing = [kind for kind in _SECURITY_KINDS if kind not in present]
    if missing:
        yield Hit(
            ("security_measures",),
            f"no security measure of kind {', '.join(missing)}",
        )


@rule(
    "APPI-23-FOREIGN-ENVIRONMENT",
    severity="warning",
    citation="APPI Art. 23, 32(1)(iv); PPC guideline (general) 10-7",
    fix="add a security measure of kind foreign_environment naming the country and its regime",
    jurisdictions=("JP",),
)
def foreign_environment(policy: Policy) -> Iterator[Hit]:
    """Data is stored or handled abroad but the foreign legal environment is not described.

    An operator that keeps data in a foreign country must know that country's data-protection
    rules and say so among its security measures.
    """
    countries = {
        country.upper() for location in policy.storage for country in location.countries
    } | {
        entrustee.country.upper()
        for entrustee in policy.entrustees.values()
        if entrustee.country is not None
    }
    foreign = sorted(countries - {"JP"})
    described = any(m.kind == "foreign_environment" for m in policy.security_measures)
    if foreign and not described:
        yield Hit(
            ("security_measures",),
            f"data is kept in {', '.join(foreign)} but no foreign_environment measure is given",
        )


@rule(
    "GDPR-13-CONTROLLER",
    severity="warning",
    citation="GDPR Art. 13(1)(a)",
    fix="add organization.address and a contact point",
    jurisdictions=("EU",),
)
def controller_identity(policy: Policy) -> Iterator[Hit]:
    """The controller's address or contact details are missing.

    The notice identifies the controller and tells how to reach it.
    """
    organization = policy.organization
    if organization.address is None:
        yield Hit(("organization", "address"), "the controller's address is not given")
    if not organization.contacts:
        yield Hit(("organization", "contacts"), "no contact point of the controller is given")


@rule(
    "GDPR-13-DPO",
    severity="info",
    citation="GDPR Art. 13(1)(b), 37",
    fix="name the data protection officer in organization.privacy_officer, if there is one",
    jurisdictions=("EU",),
)
def data_protection_officer(policy: Policy) -> Iterator[Hit]:
    """No data protection officer is named.

    Needed only where Art. 37 requires a DPO (large-scale monitoring or special categories).
    """
    if policy.organization.privacy_officer is None:
        yield Hit(("organization",), "no data protection officer is named")


@rule(
    "GDPR-13-RETENTION",
    severity="warning",
    citation="GDPR Art. 13(2)(a), 5(1)(e)",
    fix="give the item a retention (a period, or starts: account_deletion)",
    jurisdictions=("EU",),
)
def retention_missing(policy: Policy) -> Iterator[Hit]:
    """A personal item without a retention period.

    The notice must say how long data is kept, or the criteria for deciding it.
    """
    for key, item in policy.items.items():
        if item.personal and item.retention is None:
            yield Hit(("items", key), f"item '{key}' has no retention")


@rule(
    "APPI-21-CHANGES-ANNOUNCED",
    severity="info",
    citation="APPI Art. 17(2), 21(3); GDPR Art. 13(3); OA-5",
    fix="say in changes how changes of the policy are announced",
)
def changes_announced(policy: Policy) -> Iterator[Hit]:
    """The policy does not say how its changes are announced.

    A change of purposes must be notified or published (APPI), and people told before data is
    used for a new purpose (GDPR); the notice usually says where.
    """
    if policy.changes is None:
        where = "notified or published" if is_jp(policy) else "announced"
        yield Hit(
            ("changes",),
            f"the policy does not say how changes are {where}",
            citation=laws(policy, jp="APPI Art. 17(2), 21(3)", eu="GDPR Art. 13(3)", always="OA-5"),
        )
