"""The package a recipient receives: the values of a provision, as JSON or CSV.

The only place the gate reveals values. Both forms state the recipient, the provision (or the
legal exception), the items and the date, so that a package read alone says what it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from mamori.errors import ValidationError
from mamori.provision.records import RecordedRecipient
from mamori.register import SubjectData

__all__ = ["Package", "PackageFormat", "Provided"]

PackageFormat = Literal["json", "csv"]


@dataclass(frozen=True)
class Package:
    """What goes to the recipient. `rows` holds the values (printed as <redacted>)."""

    recipient: RecordedRecipient
    provision: str | None
    exception: str | None
    items: tuple[str, ...]
    provided_at: datetime
    record_ids: tuple[str, ...]
    rows: Mapping[str, SubjectData] = field(repr=False)

    def header(self) -> dict[str, object]:
        """What the package is, without values."""
        recipient = self.recipient
        return {
            "recipient": {
                "name": recipient.name,
                "address": recipient.address,
                "representative": recipient.representative,
                "country": recipient.country,
            },
            "provision": self.provision,
            "legal_exception": self.exception,
            "items": list(self.items),
            "provided_at": self.provided_at.isoformat(),
            "records": list(self.record_ids),
        }

    def to_json(self) -> str:
        """The package as a JSON document: the header, then one object per person, a line
        each (each line by the C encoder: a package may hold a hundred thousand persons)."""
        header = json.dumps(self.header(), ensure_ascii=False, indent=2)
        rows = ",\n    ".join(
            json.dumps(
                {
                    "subject_id": subject_id,
                    **{key: values[key].reveal() for key in self.items if key in values},
                },
                ensure_ascii=False,
            )
            for subject_id, values in self.rows.items()
        )
        body = f"\n    {rows}\n  " if rows else ""
        return f'{header[:-2]},\n  "subjects": [{body}]\n}}'

    def to_csv(self) -> str:
        """The package as CSV: `#` lines state the header, then a row per person with
        subject_id and one column per item (empty when the person has no value)."""
        out = io.StringIO()
        for key, value in self.header().items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            out.write(f"# {key}: {shown}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["subject_id", *self.items])
        for subject_id, values in self.rows.items():
            writer.writerow(
                [subject_id, *(values[key].reveal() if key in values else "" for key in self.items)]
            )
        return out.getvalue()

    def write(self, path: Path, format: PackageFormat | None = None) -> None:
        """Write the package to `path`, as `format` or as its suffix says (.json, .csv)."""
        chosen = format or path.suffix.lower().lstrip(".")
        if chosen not in ("json", "csv"):
            raise ValidationError(
                f"a package is written as json or csv, not '{chosen}'; give --format or a "
                ".json/.csv file name",
                field="format",
            )
        text = self.to_json() if chosen == "json" else self.to_csv()
        path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Provided:
    """The outcome of `provide`: the package, the records written and what was skipped."""

    package: Package
    record_ids: tuple[str, ...]
    provided: int
    skipped: dict[str, int]
    """Persons left out, counted by the rule that left them out (consent, suspended, ...)."""

    def to_json(self) -> str:
        return self.package.to_json()

    def to_csv(self) -> str:
        return self.package.to_csv()
