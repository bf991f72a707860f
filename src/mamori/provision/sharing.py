"""Who else handles a person's data without a third-party provision: entrustees, joint users and
information-gathering modules, for the person's disclosure package.

    from mamori.provision import sharing_for

    facts = sharing_for(policy, ["name", "email"])     # the items the person has
    facts.to_dict()                                     # JSON-ready, texts per locale

None of them writes an Art. 29 record: APPI Art. 27(5) says an entrustee (i), a successor (ii)
and a joint user announced in advance (iii) are not third parties, and a module's provider
receives browsing data the browser sends, not personal data the register provides. What the
person is owed is to know of them: the notice names them, and so does the disclosure package,
from the same policy. Pure functions of the policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mamori.policy import Policy
from mamori.provision.entrustment import EntrusteeFacts, entrustees_of

__all__ = ["JointUseFacts", "ModuleFacts", "SharingFacts", "sharing_for"]


@dataclass(frozen=True)
class JointUseFacts:
    """A joint use with the four facts announced in advance (Art. 27(5)(iii)), limited to the
    items the person has."""

    key: str
    items: tuple[str, ...]
    joint_users: dict[str, str]
    purposes: tuple[dict[str, str], ...]
    responsible: dict[str, str]
    responsible_address: dict[str, str] | None
    responsible_representative: dict[str, str] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "items": list(self.items),
            "joint_users": self.joint_users,
            "purposes": list(self.purposes),
            "responsible": {
                "name": self.responsible,
                "address": self.responsible_address,
                "representative": self.responsible_representative,
            },
        }


@dataclass(frozen=True)
class ModuleFacts:
    """An information-gathering module: its provider, what it sends, the provider's policy."""

    key: str
    label: dict[str, str]
    provider: dict[str, str]
    provider_country: str | None
    sends: tuple[dict[str, str], ...]
    purpose: dict[str, str]
    provider_purposes: tuple[dict[str, str], ...]
    category: str
    policy_url: str | None
    terms_url: str | None
    opt_out: dict[str, str] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "provider": self.provider,
            "provider_country": self.provider_country,
            "sends": list(self.sends),
            "purpose": self.purpose,
            "provider_purposes": list(self.provider_purposes),
            "category": self.category,
            "policy_url": self.policy_url,
            "terms_url": self.terms_url,
            "opt_out": self.opt_out,
        }


@dataclass(frozen=True)
class SharingFacts:
    """The entrustees, joint uses and modules that concern one person."""

    entrustees: tuple[EntrusteeFacts, ...]
    joint_uses: tuple[JointUseFacts, ...]
    modules: tuple[ModuleFacts, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entrustees": [entrustee.to_dict() for entrustee in self.entrustees],
            "joint_uses": [joint.to_dict() for joint in self.joint_uses],
            "modules": [module.to_dict() for module in self.modules],
        }


def sharing_for(policy: Policy, item_keys: Iterable[str]) -> SharingFacts:
    """What concerns a person who has `item_keys`.

    An entrustee concerns them when it handles one of those items, or names no items (it
    handles everything, as a host does); each shows the items it handles of theirs. A joint use
    concerns them when it shares one of their items, and shows those. Every module is listed:
    it gathers from the browser of whoever visits, whatever the register holds.
    """
    held = set(item_keys)
    entrustees = []
    for facts in entrustees_of(policy):
        mine = _ordered(facts.items or policy.items, held)
        if mine:
            entrustees.append(_with_items(facts, mine))
    joint_uses = tuple(
        JointUseFacts(
            key=key,
            items=_ordered(joint.items, held),
            joint_users=dict(joint.joint_users),
            purposes=tuple(dict(purpose) for purpose in joint.purposes),
            responsible=dict(joint.responsible),
            responsible_address=_text(joint.responsible_address),
            responsible_representative=_text(joint.responsible_representative),
        )
        for key, joint in policy.joint_use.items()
        if held & set(joint.items)
    )
    modules = tuple(
        ModuleFacts(
            key=key,
            label=dict(module.label),
            provider=dict(module.provider),
            provider_country=module.provider_country,
            sends=tuple(dict(sent) for sent in module.sends),
            purpose=dict(module.purpose),
            provider_purposes=tuple(dict(purpose) for purpose in module.provider_purposes),
            category=module.category,
            policy_url=module.policy_url,
            terms_url=module.terms_url,
            opt_out=_text(module.opt_out),
        )
        for key, module in policy.modules.items()
    )
    return SharingFacts(tuple(entrustees), joint_uses, modules)


def _ordered(keys: Iterable[str], held: set[str]) -> tuple[str, ...]:
    return tuple(key for key in keys if key in held)


def _with_items(facts: EntrusteeFacts, items: tuple[str, ...]) -> EntrusteeFacts:
    return EntrusteeFacts(
        key=facts.key,
        name=facts.name,
        task=facts.task,
        agreement=facts.agreement,
        address=facts.address,
        country=facts.country,
        location=facts.location,
        supervision=facts.supervision,
        items=items,
    )


def _text(text: dict[str, str] | None) -> dict[str, str] | None:
    return None if text is None else dict(text)
