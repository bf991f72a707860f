"""New versions of a policy, made in a test."""

from __future__ import annotations

from typing import Any

from mamori.policy import Policy


def edited(policy: Policy, edit: Any) -> Policy:
    """A new version of `policy`: `edit(document)` changes its JSON form in place; the result
    is validated again, as a file would be."""
    document = policy.model_dump(mode="json")
    edit(document)
    return Policy.model_validate(document)
