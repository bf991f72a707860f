"""The register: the one place where personal data is read or written, for a declared purpose."""

from mamori.register.access import (
    PROFILE,
    PUBLIC,
    SELF,
    ConsentChecker,
    Decision,
    NoConsentLedger,
    SubjectFacts,
    apply_mask,
    decide,
)
from mamori.register.actors import Actor

__all__ = [
    "PROFILE",
    "PUBLIC",
    "SELF",
    "Actor",
    "ConsentChecker",
    "Decision",
    "NoConsentLedger",
    "SubjectFacts",
    "apply_mask",
    "decide",
]
