"""Third-party provision: the gate, the packages recipients receive, the APPI Art. 29 and
Art. 31 records (docs/provision.md); and the records kept beside them: Art. 30 receipt records,
the Art. 25 supervision log of entrustees, and which entrustees, joint users and modules concern
a person, for the disclosure package (docs/provision-register.md).
"""

from mamori.provision._recipients import AdHocRecipient, ForeignRoute, RecipientArgument
from mamori.provision.entrustment import (
    SUPERVISION_KINDS,
    EntrusteeFacts,
    SupervisionEntry,
    SupervisionKind,
    entrustees_of,
    log_supervision,
    supervision_log,
)
from mamori.provision.gate import CONFIRMATION_METHOD, provide
from mamori.provision.package import Package, PackageFormat, Provided
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
from mamori.provision.records import (
    ProvisionBasisUsed,
    ProvisionRecord,
    RecordedRecipient,
    RecordSubject,
    expire_records,
    list_records,
    record_subjects,
    records_of,
    retention_end,
)
from mamori.provision.sharing import JointUseFacts, ModuleFacts, SharingFacts, sharing_for

__all__ = [
    "CONFIRMATION_METHOD",
    "FOREIGN_RECEIPT_BASES",
    "RECEIPT_BASES",
    "RECORD_KEEPER_PERMISSION",
    "SUPERVISION_KINDS",
    "AdHocRecipient",
    "EntrusteeFacts",
    "ForeignRoute",
    "JointUseFacts",
    "ModuleFacts",
    "Package",
    "PackageFormat",
    "Provided",
    "Provider",
    "ProvisionBasisUsed",
    "ProvisionRecord",
    "ReceiptBasis",
    "ReceiptRecord",
    "RecipientArgument",
    "RecordSubject",
    "RecordedRecipient",
    "SharingFacts",
    "SupervisionEntry",
    "SupervisionKind",
    "entrustees_of",
    "expire_receipts",
    "expire_records",
    "list_receipts",
    "list_records",
    "log_supervision",
    "provide",
    "receipts_of",
    "record_receipt",
    "record_subjects",
    "records_of",
    "retention_end",
    "sharing_for",
    "supervision_log",
]
