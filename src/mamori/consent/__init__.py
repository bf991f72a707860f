"""The consent ledger: what each person consented to, refused or withdrew, and when.

    from mamori.consent import Collected, give, withdraw, status

    how = Collected(method="web_form", language="ja")
    with register.session() as session:
        give(session, Actor.subject("u1"), "u1", ["provision:partners"], how)

Targets are consent-based purposes (`newsletter`), provisions (`provision:<key>`), modules
(`module:<key>`) and cookie categories (`cookies:<category>`): see `consent_targets`.
"""

from mamori.consent.ledger import (
    COLLECTION_METHODS,
    Collected,
    CollectionMethod,
    ConsentAnswers,
    ConsentDecision,
    ConsentEvent,
    ConsentLedger,
    ConsentState,
    ConsentStatus,
    give,
    history,
    record,
    refuse,
    require_renewal,
    status,
    withdraw,
)
from mamori.consent.targets import (
    GPC_CATEGORIES,
    ConsentTarget,
    TargetKind,
    consent_targets,
    target_of,
)

__all__ = [
    "COLLECTION_METHODS",
    "GPC_CATEGORIES",
    "Collected",
    "CollectionMethod",
    "ConsentAnswers",
    "ConsentDecision",
    "ConsentEvent",
    "ConsentLedger",
    "ConsentState",
    "ConsentStatus",
    "ConsentTarget",
    "TargetKind",
    "consent_targets",
    "give",
    "history",
    "record",
    "refuse",
    "require_renewal",
    "status",
    "target_of",
    "withdraw",
]
