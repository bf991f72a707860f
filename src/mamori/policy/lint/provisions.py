"""Rules on third-party provision, foreign recipients, entrustment and joint use (APPI 25-29)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import (
    APPI_EQUIVALENT_COUNTRIES,
    DIRECT_IDENTIFIER_CATEGORIES,
    REFERABLE_CATEGORIES,
    category_under,
    key_list,
)
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_SUPERVISION_LAWS = (("JP", "APPI Art. 25; OP-11"), ("EU", "GDPR Art. 28(1), 28(3)(h)"))


@rule(
    "SOC-6-SALE-OR-LENDING",
    severity="error",
    citation="SOC-6; APPI Art. 27(1)",
    fix="provide only with consent (basis: consent) or remove the provision",
)
def sale_or_lending(policy: Policy) -> Iterator[Hit]:
    """A provision whose basis is sale or lending.

    Selling or lending personal data is not a basis of provision: Mamori refuses to run it. The
    basis can be written only so that this rule can name it.
    """
    for key, provision in policy.provisions.items():
        if provision.basis in {"sale", "lending"}:
            yield Hit(
                ("provisions", key, "basis"),
                f"provision '{key}' has basis {provision.basis}: personal data is never "
                f"{'sold' if provision.basis == 'sale' else 'lent'}",
            )


@rule(
    "APPI-27-OPT-OUT-SENSITIVE",
    severity="error",
    citation="APPI Art. 27(2)",
    fix="provide the sensitive items only with consent (a separate provision with basis consent)",
)
def opt_out_sensitive(policy: Policy) -> Iterator[Hit]:
    """An opt-out provision that includes a sensitive item.

    Special-care-required information can never be provided by opt-out.
    """
    for key, provision in policy.provisions.items():
        if provision.basis != "opt_out":
            continue
        for index, item_key in enumerate(provision.items):
            item = policy.items.get(item_key)
            if item is not None and item.sensitive:
                yield Hit(
                    ("provisions", key, "items", index),
                    f"opt-out provision '{key}' includes the sensitive item '{item_key}'",
                )


@rule(
    "APPI-27-OPT-OUT-NOT-FILED",
    severity="error",
    citation="APPI Art. 27(2)-(4); PPC Rules Art. 11",
    fix="file the opt-out notification with the PPC and give its start date in opt_out_started",
    jurisdictions=("JP",),
)
def opt_out_not_filed(policy: Policy) -> Iterator[Hit]:
    """An opt-out provision without the start date of its filing.

    Opt-out provision is lawful only after notifying the PPC of the statutory items and waiting
    until the PPC publishes them; without that, the provision has neither consent nor a basis.
    """
    for key, provision in policy.provisions.items():
        if provision.basis == "opt_out" and not provision.opt_out_started:
            yield Hit(
                ("provisions", key, "basis"),
                f"opt-out provision '{key}' gives no filing start date (opt_out_started)",
            )


@rule(
    "GDPR-6-OPT-OUT",
    severity="warning",
    citation="GDPR Art. 6(1), 7",
    fix="base the provision on consent for EU subjects",
    jurisdictions=("EU",),
)
def opt_out_under_gdpr(policy: Policy) -> Iterator[Hit]:
    """An opt-out provision in a policy under the GDPR.

    Silence is not consent under the GDPR; an opt-out disclosure needs another basis, such as a
    legitimate interest that survives the balancing test, which the policy does not show.
    """
    for key, provision in policy.provisions.items():
        if provision.basis == "opt_out":
            yield Hit(
                ("provisions", key, "basis"),
                f"provision '{key}' relies on opt-out, which the GDPR does not recognise",
            )


@rule(
    "APPI-27-RECIPIENT-PURPOSES",
    severity="warning",
    citation="APPI Art. 27(1)-(2); GDPR Art. 13(1)(e)",
    fix="list what the recipients use the data for in recipient_purposes",
)
def provision_without_purposes(policy: Policy) -> Iterator[Hit]:
    """A provision that does not say what the recipients use the data for.

    Consent to a provision is informed only if the person knows the recipients' purposes (OP-7).
    """
    for key, provision in policy.provisions.items():
        if not provision.recipient_purposes:
            yield Hit(
                ("provisions", key, "recipient_purposes"),
                f"provision '{key}' gives no purpose of its recipients",
            )


@rule(
    "APPI-31-REFERABLE",
    severity="info",
    citation="APPI Art. 31(1); PPC Rules Art. 26-28",
    fix="set personally_referable to say whether the recipient links the data to people",
    jurisdictions=("JP",),
)
def personally_referable(policy: Policy) -> Iterator[Hit]:
    """A provision whose personally_referable flag looks wrong for its items.

    Cookie or device IDs, browsing history and location provided without anything that names
    the person are personally referable information: if the recipient is expected to link them
    to a person, the provider must first confirm that the person consented. With a name or an
    e-mail address among the items, the provision is of personal data and the flag does not
    apply.
    """
    for key, provision in policy.provisions.items():
        categories = [policy.items[k].category for k in provision.items if k in policy.items]
        if not categories:
            continue
        referable = all(category_under(c, REFERABLE_CATEGORIES) for c in categories)
        direct = any(category_under(c, DIRECT_IDENTIFIER_CATEGORIES) for c in categories)
        if referable and not provision.personally_referable:
            yield Hit(
                ("provisions", key, "items"),
                f"provision '{key}' provides only referable items (device, behaviour, location) "
                "but is not marked personally_referable",
            )
        elif direct and provision.personally_referable:
            yield Hit(
                ("provisions", key, "personally_referable"),
                f"provision '{key}' is marked personally_referable but provides items that "
                "identify the person",
            )


@rule(
    "APPI-29-RECIPIENT-UNNAMED",
    severity="info",
    citation="APPI Art. 28(2), 29(1); PPC Rules Art. 20",
    fix="name the recipients when they are known; each provision record names its recipient",
    jurisdictions=("JP",),
)
def recipient_unnamed(policy: Policy) -> Iterator[Hit]:
    """A provision that describes its recipients without naming them.

    Allowed, but each run must then name the recipient for its provision record, and a
    recipient abroad needs the Art. 28 information (country, regime, measures) before consent.
    """
    for key, provision in policy.provisions.items():
        if not provision.recipients:
            yield Hit(
                ("provisions", key, "recipient_description"),
                f"provision '{key}' names no recipient",
            )


@rule(
    "APPI-29-RECIPIENT-IDENTITY",
    severity="info",
    citation="APPI Art. 29(1); PPC Rules Art. 20",
    fix="give the recipient's address and, for a company, its representative",
    jurisdictions=("JP",),
)
def recipient_identity(policy: Policy) -> Iterator[Hit]:
    """A named recipient without address or representative.

    Provision records identify the third party; the address and the representative of a company
    are what the Rules ask for in most records, and what a person sees on disclosure.
    """
    for key, recipient in policy.recipients.items():
        missing = [
            name
            for name, value in (
                ("address", recipient.address),
                ("representative", recipient.representative),
            )
            if value is None
        ]
        if missing:
            yield Hit(
                ("recipients", key),
                f"recipient '{key}' has no {' or '.join(missing)}",
            )


@rule(
    "APPI-28-FOREIGN-RECIPIENT",
    severity="warning",
    citation="APPI Art. 28(1)-(2); PPC Rules Art. 16-17",
    fix="set foreign_route; for the consent route also country_regime and recipient_measures",
    jurisdictions=("JP",),
)
def foreign_recipient(policy: Policy) -> Iterator[Hit]:
    """A recipient outside Japan without the Art. 28 information.

    Provision to a third party in a foreign country needs either consent given after the person
    was told the country, its data-protection regime and the recipient's measures, or a
    recipient in an equivalent country or with an equivalent system.
    """
    for key, recipient in policy.recipients.items():
        if recipient.country.upper() == "JP":
            continue
        path = ("recipients", key)
        if recipient.foreign_route is None:
            yield Hit(
                (*path, "country"),
                f"recipient '{key}' is in {recipient.country} but has no foreign_route",
            )
        elif recipient.foreign_route == "consent":
            if recipient.country_regime is None:
                yield Hit(
                    (*path, "foreign_route"),
                    f"recipient '{key}' (consent route) gives no country_regime",
                    citation="APPI Art. 28(2); PPC Rules Art. 17(2)(ii)",
                )
            if recipient.recipient_measures is None:
                yield Hit(
                    (*path, "foreign_route"),
                    f"recipient '{key}' (consent route) gives no recipient_measures",
                    citation="APPI Art. 28(2); PPC Rules Art. 17(2)(iii)",
                )


@rule(
    "APPI-28-ROUTE-COUNTRY",
    severity="warning",
    citation="APPI Art. 28(1); PPC Rules Art. 15; PPC Notice No. 1 of 2019",
    fix="use foreign_route consent or equivalent_system for this country",
    jurisdictions=("JP",),
)
def route_country(policy: Policy) -> Iterator[Hit]:
    """A recipient on the adequacy route in a country the PPC has not designated.

    Only the EEA and the United Kingdom are designated as having an equivalent system.
    """
    for key, recipient in policy.recipients.items():
        country = recipient.country.upper()
        if recipient.foreign_route == "adequacy" and country not in APPI_EQUIVALENT_COUNTRIES:
            yield Hit(
                ("recipients", key, "foreign_route"),
                f"recipient '{key}' uses the adequacy route but {country} is not designated",
            )


@rule(
    "APPI-27-5-JOINT-USE-FACTS",
    severity="warning",
    citation="APPI Art. 27(5)(iii)",
    fix="declare each joint use under joint_use with its items, joint users, purposes and the "
    "responsible person's name, address and representative",
)
def joint_use_facts(policy: Policy) -> Iterator[Hit]:
    """Joint use mentioned or declared without the facts the law wants announced in advance.

    Joint use is not provision only if the items, the joint users, their purposes and the name,
    address and representative of the person responsible are announced before it starts (OP-12).
    """
    if policy.joint_use_note is not None and not policy.joint_use:
        yield Hit(
            ("joint_use_note",),
            "the policy mentions joint use but declares none: its items, joint users, purposes "
            "and responsible person are not announced",
        )
    for key, joint in policy.joint_use.items():
        missing = [
            name
            for name, absent in (
                ("items", not joint.items),
                ("purposes", not joint.purposes),
                ("responsible_address", joint.responsible_address is None),
                ("responsible_representative", joint.responsible_representative is None),
            )
            if absent
        ]
        if missing:
            yield Hit(("joint_use", key), f"joint use '{key}' does not give {key_list(missing)}")


@rule(
    "APPI-25-ENTRUSTEE-SUPERVISION",
    severity="warning",
    citation="APPI Art. 25; GDPR Art. 28; OP-11",
    fix="describe how the entrustee is supervised (selection, contract, audits)",
)
def entrustee_supervision(policy: Policy) -> Iterator[Hit]:
    """An entrustee without a description of its supervision.

    The operator must supervise its entrustees (a GDPR processor must offer guarantees and allow
    audits); the register keeps a supervision log for each.
    """
    laws = [law for jurisdiction, law in _SUPERVISION_LAWS if jurisdiction in policy.jurisdictions]
    for key, entrustee in policy.entrustees.items():
        if entrustee.supervision is None:
            yield Hit(
                ("entrustees", key),
                f"entrustee '{key}' has no supervision",
                citation="; ".join(laws) or None,
            )


@rule(
    "APPI-28-FOREIGN-ENTRUSTEE",
    severity="info",
    citation="APPI Art. 28(1); PPC guideline (foreign) 2",
    fix="check the entrustee's country or system before entrusting; note the route in the policy",
    jurisdictions=("JP",),
)
def foreign_entrustee(policy: Policy) -> Iterator[Hit]:
    """An entrustee outside Japan.

    Entrustment abroad is provision to a foreign third party under Art. 28: it needs consent, a
    designated country or an equivalent system. The policy format has no route for entrustees
    yet, so this is a reminder, not a finding of fault.
    """
    for key, entrustee in policy.entrustees.items():
        if entrustee.country is not None and entrustee.country.upper() != "JP":
            yield Hit(
                ("entrustees", key, "country"),
                f"entrustee '{key}' is in {entrustee.country.upper()}",
            )
