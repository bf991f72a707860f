"""What a consent target is about, in words a receipt or a record can carry: its label, the
data it covers, who else receives it, and the controller that asks. Built from the policy
only: ids, keys and the policy's own texts, never a person's value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mamori.consent.targets import ConsentTarget
from mamori.policy import Policy
from mamori.policy.model import Contact, text_in

__all__ = ["DataCovered", "TargetFacts", "controller", "duration", "facts", "localized"]


@dataclass(frozen=True)
class DataCovered:
    """One kind of data a target covers: an item (key and category), a cookie, or what a
    module sends (its text, no key)."""

    type: str
    attribute_id: str
    sensitive: bool = False


@dataclass(frozen=True)
class TargetFacts:
    label: str
    categories: tuple[str, ...]
    """What the use is for: the purpose's data use, the recipients' purposes, the module's."""
    data: tuple[DataCovered, ...]
    third_party: bool
    third_parties: tuple[dict[str, str], ...]
    """Each recipient or provider: name, and address, representative, country when known."""
    lawful_basis: str
    purpose_type: str
    primary: bool = False


def localized(policy: Policy, text: dict[str, str] | None, language: str) -> str:
    """The text in `language`, falling back on the policy's default locale; "" for none."""
    if text is None:
        return ""
    return text_in(text, language, (policy.default_locale,))


def duration(value: timedelta | None) -> str | None:
    """An ISO 8601 duration (days and seconds), or None."""
    if value is None:
        return None
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    if not rest:
        return f"P{days}D"
    return f"P{days}DT{rest}S" if days else f"PT{rest}S"


def facts(policy: Policy, target: ConsentTarget, language: str) -> TargetFacts:
    """The facts of one target of `policy`, its texts in `language`."""
    if target.kind == "purpose":
        purpose = policy.purposes[target.key]
        return TargetFacts(
            label=localized(policy, purpose.label, language),
            categories=(purpose.data_use,),
            data=_items(policy, purpose.items),
            third_party=False,
            third_parties=(),
            lawful_basis=purpose.legal_basis,
            purpose_type=purpose.data_use,
            primary=purpose.data_use.startswith("essential"),
        )
    if target.kind == "provision":
        provision = policy.provisions[target.key]
        recipients: list[dict[str, str]] = []
        for key in provision.recipients:
            recipient = policy.recipients[key]
            recipients.append(
                {
                    "id": key,
                    "name": localized(policy, recipient.name, language),
                    "address": localized(policy, recipient.address, language),
                    "representative": localized(policy, recipient.representative, language),
                    "country": recipient.country,
                }
            )
        if not recipients and provision.recipient_description is not None:
            described = localized(policy, provision.recipient_description, language)
            recipients.append({"id": "", "name": described})
        return TargetFacts(
            label=localized(policy, provision.label, language),
            categories=tuple(
                localized(policy, text, language) for text in provision.recipient_purposes
            ),
            data=_items(policy, provision.items),
            third_party=True,
            third_parties=tuple(recipients),
            lawful_basis="opt_out" if target.opt_out else "consent",
            purpose_type="third_party_provision",
        )
    if target.kind == "module":
        module = policy.modules[target.key]
        provider = {"id": target.key, "name": localized(policy, module.provider, language)}
        if module.provider_country is not None:
            provider["country"] = module.provider_country
        return TargetFacts(
            label=localized(policy, module.label, language),
            categories=(localized(policy, module.purpose, language),),
            data=tuple(
                DataCovered(localized(policy, sent, language), f"{target.key}.sends[{index}]")
                for index, sent in enumerate(module.sends)
            ),
            third_party=True,
            third_parties=(provider,),
            lawful_basis="consent",
            purpose_type="information_gathering_module",
        )
    cookies = {
        key: cookie for key, cookie in policy.cookies.items() if cookie.category == target.key
    }
    providers = dict.fromkeys(
        localized(policy, cookie.provider, language) for cookie in cookies.values()
    )
    return TargetFacts(
        label=", ".join(localized(policy, cookie.label, language) for cookie in cookies.values()),
        categories=tuple(
            dict.fromkeys(
                localized(policy, cookie.purpose, language) for cookie in cookies.values()
            )
        ),
        data=tuple(DataCovered("cookie", key) for key in cookies),
        third_party=target.gpc,
        third_parties=tuple({"id": "", "name": name} for name in providers) if target.gpc else (),
        lawful_basis="consent",
        purpose_type=f"cookies.{target.key}",
    )


def _items(policy: Policy, keys: list[str]) -> tuple[DataCovered, ...]:
    return tuple(
        DataCovered(policy.items[key].category, key, policy.items[key].sensitive) for key in keys
    )


def controller(policy: Policy, language: str) -> dict[str, str]:
    """The organization as a PII controller: name, contact, address, e-mail, phone and URL;
    "" where the policy says nothing (the contact is the privacy officer's or representative's
    post or name, the e-mail and phone the first the policy's contacts give)."""
    org = policy.organization
    person = org.privacy_officer or org.representative
    contacts: list[Contact] = [
        org.contacts[kind]
        for kind in ("inquiries", "requests", "complaints")
        if kind in org.contacts
    ]
    for responsible in (org.privacy_officer, org.representative):
        if responsible is not None and responsible.contact is not None:
            contacts.append(responsible.contact)
    address = org.address or next(
        (contact.postal_address for contact in contacts if contact.postal_address), None
    )
    return {
        "name": localized(policy, org.legal_name, language),
        "contact": localized(policy, person.name, language) if person is not None else "",
        "address": localized(policy, address, language),
        "email": next((contact.email for contact in contacts if contact.email), ""),
        "phone": next((contact.phone for contact in contacts if contact.phone), ""),
        "url": org.website or next((contact.url for contact in contacts if contact.url), ""),
    }
