"""Third-party provision: the gate, the packages recipients receive, and the APPI Art. 29 and
Art. 31 records (docs/provision.md)."""

from mamori.provision._recipients import AdHocRecipient, ForeignRoute, RecipientArgument
from mamori.provision.gate import CONFIRMATION_METHOD, provide
from mamori.provision.package import Package, PackageFormat, Provided
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

__all__ = [
    "CONFIRMATION_METHOD",
    "AdHocRecipient",
    "ForeignRoute",
    "Package",
    "PackageFormat",
    "Provided",
    "ProvisionBasisUsed",
    "ProvisionRecord",
    "RecipientArgument",
    "RecordSubject",
    "RecordedRecipient",
    "expire_records",
    "list_records",
    "provide",
    "record_subjects",
    "records_of",
    "retention_end",
]
