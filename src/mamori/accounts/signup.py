"""Signing up: a person registers themself at the policy's sign-up point (the collection point
`registration`, else the first online one that collects a searchable e-mail address), with the
consents they ticked on the same form, in one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from mamori.errors import NotFoundError, ValidationError
from mamori.policy.model import CollectionPoint, Policy
from mamori.register import Actor, Register

__all__ = ["sign_up", "sign_up_point"]


def sign_up_point(policy: Policy) -> tuple[str, CollectionPoint] | None:
    point = policy.collection_points.get("registration")
    if point is not None and point.online:
        return "registration", point
    for key, candidate in policy.collection_points.items():
        searchable = [
            item
            for item in candidate.items
            if policy.items[item].searchable and policy.items[item].type == "email"
        ]
        if candidate.online and searchable:
            return key, candidate
    return None


def sign_up(
    register: Register,
    values: Mapping[str, object],
    consents: Sequence[str],
    language: str,
) -> str:
    """Register a new person with `values` and their consents; their new subject id."""
    from mamori.consent import Collected, give

    policy = register.policy
    found = sign_up_point(policy)
    if found is None:
        raise NotFoundError(
            "the policy declares no online collection point to sign up at (name one "
            "`registration`)",
            field="collection_point",
        )
    key, point = found
    outside = [target for target in consents if target not in point.purposes]
    if outside:
        raise ValidationError(
            f"{', '.join(outside)} is not a purpose of the sign-up form", field="consents"
        )
    kinds = point.subject_kinds or [
        name for name, kind in policy.subject_kinds.items() if kind.registered
    ]
    subject_id = f"s_{secrets.token_hex(12)}"
    person = Actor.subject(subject_id)
    with register.session() as session:
        session.create_subject(
            person, subject_id, kind=kinds[0], collection_point=key, values=values
        )
        if consents:
            give(session, person, subject_id, consents, Collected("web_form", language))
    return subject_id
