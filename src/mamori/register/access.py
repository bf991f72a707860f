"""The access check: may this actor use these items of this subject for this purpose?

Pure policy logic, no storage: `decide` is given the facts it needs and returns a `Decision`
naming the rule that allowed or refused. The register runs it before every read or write and
audits the outcome either way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal, Protocol

from mamori.policy.model import RESERVED_PURPOSES, Mask, Policy
from mamori.register.actors import Actor

__all__ = [
    "EXCEPTION_PREFIX",
    "INCIDENT",
    "PROFILE",
    "PROVISION_PREFIX",
    "PUBLIC",
    "REQUEST",
    "RESERVED_PURPOSES",
    "SELF",
    "SIGN_IN",
    "ConsentChecker",
    "Decision",
    "NoConsentLedger",
    "SubjectFacts",
    "apply_mask",
    "consent_target",
    "decide",
    "has_permission",
]

SELF = "self"
"""The person reaching their own data: a right (APPI Art. 33, GDPR Art. 15), not a purpose."""
PROFILE = "profile"
"""Another member reading a profile: only profile or public items the owner shares (AZ-2)."""
PUBLIC = "public"
"""Anyone reading what the policy marks public."""
REQUEST = "request"
"""Staff answering a person's request (APPI Arts. 33-35, GDPR Arts. 15-21): every item held, as
`self` reaches it, whatever the person suspended; each event names the request."""
SIGN_IN = "sign_in"
"""The system sending a person the sign-in link they asked for: their e-mail address only,
whatever they suspended (signing in is how they reach their data and rights)."""
INCIDENT = "incident"
"""The system telling a person of an incident that concerns their data (APPI Art. 26(2), GDPR
Art. 34): their e-mail address only, whatever they suspended; each event names the incident."""
# RESERVED_PURPOSES, which no policy may declare, is these six (mamori.policy.model).

PROVISION_PREFIX = "provision:"
"""`provision:<key>`: the values a declared provision hands to its recipients."""
EXCEPTION_PREFIX = "exception:"
"""`exception:<name>`: a provision without consent under a legal exception the policy allows
(APPI Art. 27(1)); the provision gate records the justification before it reads."""

Mode = Literal["read", "write"]


class ConsentChecker(Protocol):
    """Answers from the consent ledger, now: `target` is a purpose key or `provision:<key>`."""

    def has_consent(self, subject_id: str, target: str) -> bool:
        """The person gave consent, it has not been withdrawn, expired or outdated."""
        ...

    def has_refused(self, subject_id: str, target: str) -> bool:
        """The person refused or withdrew (an opt-out provision stops for them)."""
        ...


class NoConsentLedger:
    """The answer with no ledger attached: no consent is ever recorded."""

    def has_consent(self, subject_id: str, target: str) -> bool:
        return False

    def has_refused(self, subject_id: str, target: str) -> bool:
        return False


def consent_target(policy: Policy, purpose: str) -> str | None:
    """The ledger entry `decide` asks about for `purpose`, or None when it asks none."""
    if purpose.startswith(PROVISION_PREFIX):
        provision = policy.provisions.get(purpose.removeprefix(PROVISION_PREFIX))
        return purpose if provision is not None else None
    declared = policy.purposes.get(purpose)
    return purpose if declared is not None and declared.legal_basis == "consent" else None


@dataclass(frozen=True)
class SubjectFacts:
    """What the check needs to know about the subject whose data is reached."""

    id: str
    kind: str
    communities: frozenset[str] = frozenset()
    suspended: frozenset[str] = frozenset()
    """Purposes the person suspended or objected to; "*" for every purpose."""
    hidden: frozenset[str] = frozenset()
    """Profile items the person chose not to share."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    reason: str
    items: tuple[str, ...] = ()
    masks: dict[str, Mask] = field(default_factory=dict)


def decide(
    policy: Policy,
    actor: Actor,
    subject: SubjectFacts,
    purpose: str,
    items: Collection[str] | None,
    *,
    mode: Mode = "read",
    consent: ConsentChecker | None = None,
    reader_hidden: frozenset[str] = frozenset(),
) -> Decision:
    """Allow or refuse; `items=None` asks for every item the purpose may use.

    `reader_hidden` is what the reading member hides on their own profile; when the policy
    states reciprocity (AZ-10), the reader cannot see those items on others' profiles either.
    """
    held = _items_held(policy, subject.kind)
    if items is not None:
        unknown = sorted(set(items) - set(policy.items))
        if unknown:
            return _refuse("item_declared", f"the policy declares no item {', '.join(unknown)}")
    if purpose == SELF:
        if actor.kind != "subject" or actor.id != subject.id:
            return _refuse("self_only", "only the person themself reaches their data as 'self'")
        return _decide_own_data(policy, subject, items, held, mode, "self")
    if purpose == REQUEST:
        if not has_permission(policy, actor, "requests.handle"):
            return _refuse(
                "request_handler",
                f"actor {actor.id} has no role with permission requests.handle",
            )
        return _decide_own_data(policy, subject, items, held, mode, "request")
    if purpose in (SIGN_IN, INCIDENT):
        return _decide_owed_message(policy, actor, purpose, items, held, mode)
    if purpose in (PROFILE, PUBLIC):
        if policy.reciprocity is None:
            reader_hidden = frozenset()
        return _decide_profile(policy, actor, subject, purpose, items, held, mode, reader_hidden)
    if purpose.startswith((PROVISION_PREFIX, EXCEPTION_PREFIX)):
        if mode == "write":
            return _refuse("provision_read_only", "a provision reads values; it never writes")
        return _decide_provision(policy, actor, subject, purpose, items, held, consent)
    declared = policy.purposes.get(purpose)
    if declared is None:
        return _refuse("purpose_declared", f"the policy declares no purpose '{purpose}'")
    if declared.subject_kinds is not None and subject.kind not in declared.subject_kinds:
        return _refuse(
            "subject_kind", f"purpose '{purpose}' does not apply to subjects of kind {subject.kind}"
        )
    wanted = tuple(declared.items if items is None else items)
    outside = [item for item in wanted if item not in declared.items]
    if outside:
        return _refuse(
            "purpose_items",
            f"purpose '{purpose}' does not declare item(s) {', '.join(outside)}",
        )
    refusal = _check_actor(policy, actor, subject, purpose)
    if refusal is not None:
        return refusal
    if "*" in subject.suspended or purpose in subject.suspended:
        return _refuse(
            "suspended", f"the person has suspended use of their data for purpose '{purpose}'"
        )
    if declared.legal_basis == "consent" and not (consent or NoConsentLedger()).has_consent(
        subject.id, purpose
    ):
        return _refuse("consent", f"purpose '{purpose}' needs the person's consent, not given")
    granted = tuple(item for item in wanted if item in held)
    masks = {item: declared.masks[item] for item in granted if item in declared.masks}
    if mode == "write" and masks:
        return _refuse(
            "masked_write",
            f"purpose '{purpose}' sees {', '.join(sorted(masks))} only masked and cannot write it",
        )
    return Decision(True, "purpose", f"purpose '{purpose}' declares these items", granted, masks)


def _decide_provision(
    policy: Policy,
    actor: Actor,
    subject: SubjectFacts,
    purpose: str,
    items: Collection[str] | None,
    held: tuple[str, ...],
    consent: ConsentChecker | None,
) -> Decision:
    """A provision reads for its recipients: only staff allowed to run provisions (or the
    system), only what the provision declares, and only with the person's consent, or without
    their refusal for an opt-out provision. A legal exception needs no consent and overrides a
    suspension (a court order is not stopped by an objection), but must be one the policy
    allows."""
    if not has_permission(policy, actor, "provisions.run"):
        return _refuse(
            "provision_role", f"actor {actor.id} has no role with permission provisions.run"
        )
    if purpose.startswith(EXCEPTION_PREFIX):
        exception = purpose.removeprefix(EXCEPTION_PREFIX)
        if exception not in policy.legal_exceptions:
            return _refuse(
                "legal_exception", f"the policy allows no provision under exception '{exception}'"
            )
        declared = tuple(key for key, item in policy.items.items() if item.type != "password")
        rule = "legal_exception"
    else:
        key = purpose.removeprefix(PROVISION_PREFIX)
        provision = policy.provisions.get(key)
        if provision is None:
            return _refuse("provision_declared", f"the policy declares no provision '{key}'")
        if provision.basis in ("sale", "lending"):
            return _refuse("provision_sale", "personal data is never sold or lent")
        if {"*", purpose, f"{PROVISION_PREFIX}*"} & subject.suspended:
            return _refuse("suspended", f"the person has stopped provision '{key}'")
        checker = consent or NoConsentLedger()
        if provision.basis == "consent" and not checker.has_consent(subject.id, purpose):
            return _refuse("consent", f"provision '{key}' needs the person's consent, not given")
        if provision.basis == "opt_out" and checker.has_refused(subject.id, purpose):
            return _refuse("consent", f"the person opted out of provision '{key}'")
        declared = tuple(provision.items)
        rule = f"provision_{provision.basis}"
    wanted = declared if items is None else tuple(items)
    outside = [item for item in wanted if item not in declared]
    if outside:
        return _refuse("purpose_items", f"'{purpose}' cannot provide item(s) {', '.join(outside)}")
    granted = tuple(item for item in wanted if item in held)
    return Decision(True, rule, f"'{purpose}' provides these items", granted)


def has_permission(policy: Policy, actor: Actor, permission: str) -> bool:
    """The system, or staff with a role that has `permission`."""
    if actor.kind == "system":
        return True
    return actor.kind == "staff" and any(
        permission in policy.roles[role].permissions for role in actor.roles if role in policy.roles
    )


def _check_actor(
    policy: Policy, actor: Actor, subject: SubjectFacts, purpose: str
) -> Decision | None:
    if actor.kind == "subject":
        return _refuse(
            "role_purpose",
            f"a person reaches their own data through '{SELF}', not purpose '{purpose}'",
        )
    roles = [policy.roles[role] for role in sorted(actor.roles) if role in policy.roles]
    if actor.kind == "community_admin":
        community = policy.communities
        admin_purposes = community.admin_purposes if community else []
        if purpose not in admin_purposes and not any(
            role.community_scoped and purpose in role.purposes for role in roles
        ):
            return _refuse("role_purpose", f"community admins may not use purpose '{purpose}'")
        if actor.community not in subject.communities:
            return _refuse(
                "community_scope",
                f"subject {subject.id} is not a member of community '{actor.community}'",
            )
        return None
    if actor.kind == "system":
        return None
    if not any(purpose in role.purposes and actor.kind in role.actor_kinds for role in roles):
        held = ", ".join(sorted(actor.roles)) or "no role"
        return _refuse(
            "role_purpose", f"actor {actor.id} ({held}) has no role that may use '{purpose}'"
        )
    return None


def _decide_own_data(
    policy: Policy,
    subject: SubjectFacts,
    items: Collection[str] | None,
    held: tuple[str, ...],
    mode: Mode,
    rule: str,
) -> Decision:
    """Every item held, for the person (`self`) or for staff answering their request; only the
    person sets their own password."""
    wanted = held if items is None else tuple(items)
    if mode == "read" or rule == REQUEST:
        if items is not None and any(policy.items[item].type == "password" for item in wanted):
            if mode == "write":
                return _refuse("password_self_only", "only the person sets their own password")
            return _refuse("password_unreadable", "a password is stored only as a hash")
        wanted = tuple(item for item in wanted if policy.items[item].type != "password")
    outside = [item for item in wanted if item not in held]
    if outside:
        return _refuse(
            "subject_kind",
            f"item(s) {', '.join(outside)} are not held for subjects of kind {subject.kind}",
        )
    return Decision(True, rule, "the person's own data, for the person or their request", wanted)


def _decide_owed_message(
    policy: Policy,
    actor: Actor,
    purpose: str,
    items: Collection[str] | None,
    held: tuple[str, ...],
    mode: Mode,
) -> Decision:
    """A message the person is owed whatever they suspended: the link they asked for, the
    notice of an incident. Only the system sends it, to their e-mail address."""
    if actor.kind != "system":
        return _refuse(f"{purpose}_system", f"only the system reads an address for '{purpose}'")
    if mode == "write":
        return _refuse(f"{purpose}_read_only", f"'{purpose}' reads an address; it never writes")
    addresses = tuple(item for item in held if policy.items[item].type == "email")
    wanted = addresses if items is None else tuple(items)
    outside = [item for item in wanted if item not in addresses]
    if outside:
        return _refuse(
            f"{purpose}_items",
            f"'{purpose}' reads only the person's e-mail address, not {', '.join(outside)}",
        )
    return Decision(True, purpose, "a message the person is owed", wanted)


def _decide_profile(
    policy: Policy,
    actor: Actor,
    subject: SubjectFacts,
    purpose: str,
    items: Collection[str] | None,
    held: tuple[str, ...],
    mode: Mode,
    reader_hidden: frozenset[str],
) -> Decision:
    if mode == "write":
        return _refuse("profile_read_only", f"'{purpose}' reads profiles; it never writes")
    visible_levels = {"public"} if purpose == PUBLIC else {"profile", "public"}
    if purpose == PROFILE and actor.kind != "subject":
        return _refuse("profile_members", "profiles are read by signed-in members")
    if purpose == PROFILE and not _is_registered(policy, subject.kind):
        return _refuse("profile_members", f"subjects of kind {subject.kind} have no profile")
    shown = [
        item
        for item in held
        if policy.items[item].visibility in visible_levels and item not in subject.hidden
    ]
    reciprocal = [item for item in shown if item in reader_hidden]
    if items is None:
        granted = tuple(item for item in shown if item not in reader_hidden)
        return Decision(True, "visibility", "items the person shares on their profile", granted)
    hidden = [item for item in items if item not in shown]
    if hidden:
        return _refuse("visibility", f"item(s) {', '.join(hidden)} are not shared on the profile")
    blocked = [item for item in items if item in reciprocal]
    if blocked:
        return _refuse(
            "reciprocity",
            f"you hide {', '.join(blocked)} on your own profile, so you cannot see it on others'",
        )
    return Decision(True, "visibility", "items the person shares on their profile", tuple(items))


def _items_held(policy: Policy, kind: str) -> tuple[str, ...]:
    return tuple(
        key
        for key, item in policy.items.items()
        if item.subject_kinds is None or kind in item.subject_kinds
    )


def _is_registered(policy: Policy, kind: str) -> bool:
    declared = policy.subject_kinds.get(kind)
    return declared is not None and declared.registered


def _refuse(rule: str, reason: str) -> Decision:
    return Decision(False, rule, reason)


def apply_mask(mask: Mask, value: str) -> str:
    """The part of `value` a masked purpose may see."""
    if mask.keep_first is not None:
        return value[: mask.keep_first] + "*" * max(len(value) - mask.keep_first, 0)
    if mask.keep_last is not None:
        return "*" * max(len(value) - mask.keep_last, 0) + value[-mask.keep_last :]
    if mask.year:
        return value[:4]
    local, _, domain = value.partition("@")
    return f"*@{domain}" if domain else "*" * len(local)
