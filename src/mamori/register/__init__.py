"""The register: the one place where personal data is read or written, for a declared purpose."""

from mamori.register._lifecycle import SubjectInfo
from mamori.register._reading import PERSONAL_RULES, BatchRead, SubjectData
from mamori.register.access import (
    EXCEPTION_PREFIX,
    INCIDENT,
    PROFILE,
    PROVISION_PREFIX,
    PUBLIC,
    REQUEST,
    RESERVED_PURPOSES,
    SELF,
    SIGN_IN,
    ConsentChecker,
    Decision,
    NoConsentLedger,
    SubjectFacts,
    apply_mask,
    consent_target,
    decide,
    has_permission,
)
from mamori.register.actors import Actor
from mamori.register.keystore import KEYSTORE_HISTORY, KeyStore, upgrade_keystore
from mamori.register.register import ConsentSource, Register
from mamori.register.session import NewSubject, RegisterSession

__all__ = [
    "EXCEPTION_PREFIX",
    "INCIDENT",
    "KEYSTORE_HISTORY",
    "PERSONAL_RULES",
    "PROFILE",
    "PROVISION_PREFIX",
    "PUBLIC",
    "REQUEST",
    "RESERVED_PURPOSES",
    "SELF",
    "SIGN_IN",
    "Actor",
    "BatchRead",
    "ConsentChecker",
    "ConsentSource",
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
    "consent_target",
    "decide",
    "has_permission",
    "upgrade_keystore",
]
