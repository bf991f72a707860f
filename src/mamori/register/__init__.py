"""The register: the one place where personal data is read or written, for a declared purpose."""

from mamori.register._lifecycle import SubjectInfo
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
from mamori.register.keystore import KEYSTORE_HISTORY, KeyStore, upgrade_keystore
from mamori.register.register import Register
from mamori.register.session import NewSubject, RegisterSession, SubjectData

__all__ = [
    "KEYSTORE_HISTORY",
    "PROFILE",
    "PUBLIC",
    "SELF",
    "Actor",
    "ConsentChecker",
    "Decision",
    "KeyStore",
    "NewSubject",
    "NoConsentLedger",
    "Register",
    "RegisterSession",
    "SubjectData",
    "SubjectFacts",
    "SubjectInfo",
    "apply_mask",
    "decide",
    "upgrade_keystore",
]
