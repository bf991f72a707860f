"""How a person is found for sign-in: the policy's searchable e-mail item, looked up through
the register (audited) under a purpose that declares it."""

from __future__ import annotations

import logging

from mamori.crypto import PasswordHasher
from mamori.errors import ConfigError, NotFoundError
from mamori.policy import Policy
from mamori.register import SIGN_IN, Actor, RegisterSession

__all__ = [
    "MAX_SECRET",
    "SIGN_IN",
    "SYSTEM",
    "equal_time_verify",
    "find_person",
    "identifier_item",
    "lookup_purpose",
    "password_item",
]

log = logging.getLogger(__name__)

SYSTEM = Actor.system()
MAX_SECRET = 1024
_MAX_IDENTIFIER = 320

_dummy_hashes: dict[str, str] = {}


def identifier_item(policy: Policy, *, email_only: bool = False) -> str:
    """What a person signs in with: the first searchable item of type email, else (for a
    password, not a link sent by e-mail) the first searchable item of type identifier."""
    kinds = ("email",) if email_only else ("email", "identifier")
    for kind in kinds:
        for key, item in policy.items.items():
            if item.type == kind and item.searchable:
                return key
    raise ConfigError(
        "persons sign in with an item the register can search, and the policy has none: "
        "add `searchable: true` to the policy's item of type email"
        + ("" if email_only else " (or of type identifier, for password sign-in)"),
        field="policy.items",
    )


def password_item(policy: Policy) -> str:
    """The first item of type password."""
    for key, item in policy.items.items():
        if item.type == "password":
            return key
    raise ConfigError(
        "the policy has no item of type password, so persons sign in by link only "
        "(issue_sign_in_link); to offer passwords, declare an item with `type: password`",
        field="policy.items",
    )


def lookup_purpose(policy: Policy, item_key: str) -> str:
    """The first declared purpose listing the identifier item (declaration order): the purpose
    under which the register finds the person, as its audit event records."""
    for key, purpose in policy.purposes.items():
        if item_key in purpose.items:
            return key
    raise ConfigError(
        f"no purpose of the policy declares item '{item_key}', so the register cannot look a "
        "person up by it to sign them in: list it in the items of the purpose that runs the "
        "service (an authentication or registration purpose)",
        field="policy.purposes",
    )


def find_person(
    session: RegisterSession, identifier: object, *, email_only: bool = False
) -> str | None:
    """The one registered person whose identifier item equals `identifier`, or None (also when
    several share it: signing in to one of them at random would be worse than refusing)."""
    if not isinstance(identifier, str) or not identifier.strip():
        return None
    if len(identifier) > _MAX_IDENTIFIER:
        return None
    policy = session.policy
    item = identifier_item(policy, email_only=email_only)
    found = session.find(SYSTEM, item, identifier, lookup_purpose(policy, item))
    registered = []
    for subject_id in found:
        try:
            kind = session.require_subject(SYSTEM, "subject.sign_in", SIGN_IN, subject_id)
        except NotFoundError:
            continue
        declared = policy.subject_kinds.get(kind)
        if declared is not None and declared.registered:
            registered.append(subject_id)
    if len(registered) > 1:
        log.warning(
            "%d registered subjects share one sign-in identifier (%s); sign-in refused",
            len(registered),
            ", ".join(registered),
        )
        return None
    return registered[0] if registered else None


def equal_time_verify(hasher: PasswordHasher, password: object) -> None:
    """Verify against a hash of nothing, so that an unknown id costs what a wrong password
    costs and timing does not tell whether an account exists."""
    parameters = repr(hasher)
    dummy = _dummy_hashes.get(parameters)
    if dummy is None:
        dummy = _dummy_hashes[parameters] = hasher.hash("mamori: no such account")
    if isinstance(password, str) and len(password) <= MAX_SECRET:
        hasher.verify(dummy, password)
