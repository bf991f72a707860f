"""Third-party provision: the gate, its records, receipts, entrustees, joint use and modules.

This part keeps the records beside the gate: APPI Art. 30 receipt records (`record_receipt`),
the Art. 25 supervision log of entrustees (`log_supervision`), and what entrustees, joint users
and modules concern a person (`sharing_for`), for the disclosure package.
"""

from mamori.provision.entrustment import (
    SUPERVISION_KINDS,
    EntrusteeFacts,
    SupervisionEntry,
    SupervisionKind,
    entrustees_of,
    log_supervision,
    supervision_log,
)
from mamori.provision.receipts import (
    FOREIGN_RECEIPT_BASES,
    RECEIPT_BASES,
    RECORD_KEEPER_PERMISSION,
    Provider,
    ReceiptBasis,
    ReceiptRecord,
    expire_receipts,
    list_receipts,
    receipts_of,
    record_receipt,
)
from mamori.provision.sharing import JointUseFacts, ModuleFacts, SharingFacts, sharing_for

__all__ = [
    "FOREIGN_RECEIPT_BASES",
    "RECEIPT_BASES",
    "RECORD_KEEPER_PERMISSION",
    "SUPERVISION_KINDS",
    "EntrusteeFacts",
    "JointUseFacts",
    "ModuleFacts",
    "Provider",
    "ReceiptBasis",
    "ReceiptRecord",
    "SharingFacts",
    "SupervisionEntry",
    "SupervisionKind",
    "entrustees_of",
    "expire_receipts",
    "list_receipts",
    "log_supervision",
    "receipts_of",
    "record_receipt",
    "sharing_for",
    "supervision_log",
]
