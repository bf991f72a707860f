"""The language to write to a person in: the one they last read a notice in, else the policy's."""

from __future__ import annotations

from sqlalchemy import Connection

from mamori.consent import history
from mamori.notify._templates import LOCALES
from mamori.policy import Policy

__all__ = ["locale_for"]


def locale_for(connection: Connection, policy: Policy, subject_id: str) -> str:
    """The language of the notice the person saw at their latest consent decision (the only
    language the register records for a person), when the messages exist in it; else the
    policy's default locale; else English."""
    for event in reversed(history(connection, subject_id)):
        if event.language in LOCALES:
            return event.language
    if policy.default_locale in LOCALES:
        return policy.default_locale
    return "en"
