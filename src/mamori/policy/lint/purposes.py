"""Rules on items, purposes, collection points and roles (APPI Arts. 17-21, 23; GDPR 5-9, 21)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import (
    FINANCIAL_CATEGORIES,
    SENSITIVE_CATEGORIES_APPI,
    SENSITIVE_CATEGORIES_GDPR,
    category_under,
    is_eu,
    key_list,
)
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_EXCEPTION_BASES = frozenset({"legal_obligation", "vital_interest", "public_interest"})
"""Legal bases that match the exceptions of APPI Art. 20(2)(i)-(iv) and GDPR Art. 9(2)(b)-(j)."""


@rule(
    "SOC-2-UNUSED-ITEM",
    severity="warning",
    citation="SOC-2; APPI Art. 17(1), 18(1); GDPR Art. 5(1)(c)",
    fix="add the item to the purposes that need it, or stop collecting it",
)
def unused_item(policy: Policy) -> Iterator[Hit]:
    """An item that no purpose uses.

    Only what a purpose needs may be collected (data minimisation). An item held but used by no
    purpose is either collected for nothing or used for a purpose the policy does not announce.
    """
    used = {item for purpose in policy.purposes.values() for item in purpose.items}
    for key in policy.items:
        if key not in used:
            yield Hit(("items", key), f"item '{key}' is used by no purpose")


@rule(
    "APPI-21-COLLECTED-WITHOUT-PURPOSE",
    severity="warning",
    citation="APPI Art. 21(2); GDPR Art. 13(1)(c)",
    fix="add to the collection point a purpose that uses the item, or drop the item from it",
)
def collected_without_purpose(policy: Policy) -> Iterator[Hit]:
    """A collection point collects an item that none of its purposes uses.

    The purposes shown at a collection point must explain every item collected there: a form
    shows its purposes before the person fills it in.
    """
    for point_key, point in policy.collection_points.items():
        shown = [policy.purposes[key] for key in point.purposes if key in policy.purposes]
        for index, item in enumerate(point.items):
            if not any(item in purpose.items for purpose in shown):
                yield Hit(
                    ("collection_points", point_key, "items", index),
                    f"collection point '{point_key}' collects '{item}' but none of its purposes "
                    f"({key_list(point.purposes) or 'none'}) uses it",
                )


@rule(
    "APPI-21-UNCOLLECTED-ITEM",
    severity="info",
    citation="APPI Art. 21(2)",
    fix="list the item in the collection point where the person gives it",
)
def uncollected_item(policy: Policy) -> Iterator[Hit]:
    """An item the person gives that appears in no collection point.

    Only checked when the policy declares collection points: then every item the person gives
    should have one, so that its purposes are shown before it is collected.
    """
    if not policy.collection_points:
        return
    collected = {item for point in policy.collection_points.values() for item in point.items}
    for key, item in policy.items.items():
        if item.source == "person" and key not in collected:
            yield Hit(("items", key), f"item '{key}' is given by the person at no collection point")


@rule(
    "APPI-17-PURPOSE-NO-ITEMS",
    severity="warning",
    citation="APPI Art. 17(1); OP-6",
    fix="list the items the purpose uses, or remove the purpose",
)
def purpose_without_items(policy: Policy) -> Iterator[Hit]:
    """A purpose that uses no item.

    Mamori lets a purpose read exactly its items; a purpose with none can read nothing, and the
    notice's purposes-by-items table shows it empty.
    """
    for key, purpose in policy.purposes.items():
        if not purpose.items:
            yield Hit(("purposes", key, "items"), f"purpose '{key}' uses no item")


@rule(
    "APPI-20-SENSITIVE-WITHOUT-CONSENT",
    severity="error",
    citation="APPI Art. 20(2); GDPR Art. 9(2)",
    fix="base the purpose on consent, or remove the sensitive item from it",
)
def sensitive_without_consent(policy: Policy) -> Iterator[Hit]:
    """A purpose based on contract or legitimate interest uses a sensitive item.

    Special-care-required information may be acquired only with the person's prior consent, or
    under an exception of the law (legal obligation, life and body, public health, public
    bodies); a contract or a legitimate interest is neither (GDPR Art. 9(2) likewise).
    """
    for key, purpose in policy.purposes.items():
        if purpose.legal_basis not in {"contract", "legitimate_interest"}:
            continue
        for index, item_key in enumerate(purpose.items):
            item = policy.items.get(item_key)
            if item is not None and item.sensitive:
                yield Hit(
                    ("purposes", key, "items", index),
                    f"purpose '{key}' ({purpose.legal_basis}) uses the sensitive item '{item_key}'",
                )


@rule(
    "APPI-20-SENSITIVE-NO-CONSENT-PURPOSE",
    severity="warning",
    citation="APPI Art. 20(2)(i)-(iv); GDPR Art. 9(2)",
    fix="add a consent-based purpose for the item, or document the exception that applies",
)
def sensitive_only_by_exception(policy: Policy) -> Iterator[Hit]:
    """A sensitive item that only exception-based purposes use: no purpose asks for consent.

    Acquiring it without consent is lawful only while the exception (legal obligation, vital or
    public interest) really applies to each person.
    """
    for key, item in policy.items.items():
        if not item.sensitive:
            continue
        bases = {p.legal_basis for p in policy.purposes.values() if key in p.items}
        if bases and bases <= _EXCEPTION_BASES:
            yield Hit(
                ("items", key, "sensitive"),
                f"sensitive item '{key}' is used only under {key_list(bases)}, never with consent",
            )


@rule(
    "APPI-2-SENSITIVE-CATEGORY",
    severity="warning",
    citation="APPI Art. 2(3); GDPR Art. 9(1)",
    fix="mark the item sensitive: true",
)
def sensitive_category_not_flagged(policy: Policy) -> Iterator[Hit]:
    """An item whose data category is special-care-required data but which is not sensitive.

    Health, medical history, criminal record, race and creed are special-care-required
    information under the APPI; the GDPR adds biometric data and sexual orientation.
    """
    categories = SENSITIVE_CATEGORIES_GDPR if is_eu(policy) else SENSITIVE_CATEGORIES_APPI
    for key, item in policy.items.items():
        if not item.sensitive and category_under(item.category, categories):
            yield Hit(
                ("items", key, "category"),
                f"item '{key}' has the special category {item.category} but is not sensitive",
            )


@rule(
    "APPI-26-FINANCIAL-HARM",
    severity="warning",
    citation="APPI Art. 26(1); PPC Rules Art. 7(ii)",
    fix="mark the item financial_harm: true",
)
def financial_not_flagged(policy: Policy) -> Iterator[Hit]:
    """A payment or financial item not marked as causing financial harm if leaked.

    A leak of data whose misuse may cause financial loss must be reported to the PPC and the
    persons; the incident workflow relies on this flag to decide.
    """
    for key, item in policy.items.items():
        if not item.financial_harm and category_under(item.category, FINANCIAL_CATEGORIES):
            yield Hit(
                ("items", key, "financial_harm"),
                f"item '{key}' ({item.category}) is not marked financial_harm",
            )


@rule(
    "APPI-26-FINANCIAL-HARM-CATEGORY",
    severity="info",
    citation="APPI Art. 26(1); PPC Rules Art. 7(ii)",
    fix="check the flag; use a user.financial or user.payment category if it is payment data",
)
def financial_flag_other_category(policy: Policy) -> Iterator[Hit]:
    """An item marked financial_harm whose category is neither financial nor payment.

    Often right (a password to a payment account), sometimes a wrong category: worth a look.
    """
    for key, item in policy.items.items():
        if item.financial_harm and not category_under(item.category, FINANCIAL_CATEGORIES):
            yield Hit(
                ("items", key, "category"),
                f"item '{key}' is marked financial_harm but its category is {item.category}",
            )


@rule(
    "APPI-27-SENSITIVE-VISIBLE",
    severity="warning",
    citation="APPI Art. 27(1); GDPR Art. 9(2)(a), 25(2)",
    fix="keep the item private, or show it only with the person's explicit consent",
)
def sensitive_visible(policy: Policy) -> Iterator[Hit]:
    """A sensitive item shown on profiles or in public.

    Showing a value to other members or to everyone provides it to them; for special-care data
    that needs the person's explicit consent and should never be the default.
    """
    for key, item in policy.items.items():
        if item.sensitive and item.visibility != "private":
            yield Hit(
                ("items", key, "visibility"),
                f"sensitive item '{key}' has visibility {item.visibility}",
            )


@rule(
    "GDPR-7-BUNDLED-CONSENT",
    severity="warning",
    citation="GDPR Art. 7(4); Recital 43",
    fix="make the item voluntary, or base a purpose that needs it on contract",
    jurisdictions=("EU",),
)
def bundled_consent(policy: Policy) -> Iterator[Hit]:
    """A required item used only by consent-based purposes.

    If a person must give the item to use the service but it serves only purposes that rest on
    consent, the consent is not free: it is bundled with the service.
    """
    for key, item in policy.items.items():
        bases = {p.legal_basis for p in policy.purposes.values() if key in p.items}
        if item.required and bases == {"consent"}:
            yield Hit(
                ("items", key, "required"),
                f"item '{key}' is required but only consent-based purposes use it",
            )


@rule(
    "GDPR-21-DIRECT-MARKETING",
    severity="warning",
    citation="GDPR Art. 21(2)-(3)",
    fix="set direct_marketing: true so that an objection stops the purpose",
    jurisdictions=("EU",),
)
def marketing_not_direct(policy: Policy) -> Iterator[Hit]:
    """A marketing purpose not marked direct_marketing.

    A person may object to direct marketing at any time, and processing for it must then stop;
    Mamori stops only purposes marked direct_marketing.
    """
    for key, purpose in policy.purposes.items():
        if category_under(purpose.data_use, ("marketing",)) and not purpose.direct_marketing:
            yield Hit(
                ("purposes", key, "direct_marketing"),
                f"purpose '{key}' ({purpose.data_use}) is not marked direct_marketing",
            )


@rule(
    "APPI-17-PROFILING-UNDESCRIBED",
    severity="warning",
    citation="APPI Art. 17(1); PPC guideline (general) 3-1-1",
    fix="describe what is analysed and what it is used for",
)
def profiling_undescribed(policy: Policy) -> Iterator[Hit]:
    """A profiling or targeting purpose without a description.

    The purpose must be specific enough that the person can foresee the analysis of their
    behaviour or interests it involves.
    """
    for key, purpose in policy.purposes.items():
        profiling = ".profiling" in purpose.data_use or ".targeted" in purpose.data_use
        if profiling and purpose.description is None:
            yield Hit(
                ("purposes", key),
                f"purpose '{key}' ({purpose.data_use}) profiles people but has no description",
            )


@rule(
    "APPI-23-ROLE-UNUSED",
    severity="warning",
    citation="APPI Art. 23; PPC guideline (general) Annex 10 (access control)",
    fix="give the role the purposes or permissions it needs, or remove it",
)
def role_unused(policy: Policy) -> Iterator[Hit]:
    """A role that reaches no purpose and has no permission.

    Such a role grants nothing; it is usually a role whose purposes were forgotten.
    """
    for key, role in policy.roles.items():
        if not role.purposes and not role.permissions:
            yield Hit(("roles", key), f"role '{key}' has no purpose and no permission")
