"""The consent ledger: what each person consented to, refused or withdrew, and when.

    from mamori.consent import Collected, give, withdraw, status

    how = Collected(method="web_form", language="ja")
    with register.session() as session:
        give(session, Actor.subject("u1"), "u1", ["provision:partners"], how)

Each event has a Kantara receipt (`receipt`); a person's records export in the ISO/IEC TS
27560 shape (`export_record`); `Sec-GPC: 1` refuses what it covers (`honour_gpc`); `expiring`
lists consents about to lapse. Targets are consent-based purposes (`newsletter`), provisions
(`provision:<key>`), modules (`module:<key>`) and cookie categories (`cookies:<category>`): see
`consent_targets`.
"""

from mamori.consent.allows import allows
from mamori.consent.expiry import Lapsing, expiring
from mamori.consent.gpc import GPC_HEADER, gpc_requested, gpc_targets, honour_gpc
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
from mamori.consent.receipts import KANTARA_VERSION, consent_event, receipt
from mamori.consent.records import RECORD_SCHEMA_VERSION, export_record
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
    "GPC_HEADER",
    "KANTARA_VERSION",
    "RECORD_SCHEMA_VERSION",
    "Collected",
    "CollectionMethod",
    "ConsentAnswers",
    "ConsentDecision",
    "ConsentEvent",
    "ConsentLedger",
    "ConsentState",
    "ConsentStatus",
    "ConsentTarget",
    "Lapsing",
    "TargetKind",
    "allows",
    "consent_event",
    "consent_targets",
    "expiring",
    "export_record",
    "give",
    "gpc_requested",
    "gpc_targets",
    "history",
    "honour_gpc",
    "receipt",
    "record",
    "refuse",
    "require_renewal",
    "status",
    "target_of",
    "withdraw",
]
