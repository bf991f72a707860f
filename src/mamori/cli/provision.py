"""`mamori provision ...`: provide personal data to a third party through the gate, and the
APPI Art. 29 / Art. 31 records it keeps.

    mamori provision run partners --subjects ids.txt --out partners.json \\
        --policy policy.yaml --actor officer-1 --role privacy_officer [--bulk]
    mamori provision exception police_inquiry --subject u-42 --items name,email \\
        --recipient-name "Shibuya Police Station" --justification "..." --reference W-2026-42 \\
        --out inquiry.json --policy policy.yaml --actor officer-1 --role privacy_officer
    mamori provision records [--subject u-42] [--format json]
    mamori provision expire --policy policy.yaml

Heavy modules load inside the commands.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    ActorOption,
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    RoleOption,
    echo_listing,
)
from mamori.cli._register import (
    register_connection,
    register_session,
    settings_for,
    staff_actor,
)

if TYPE_CHECKING:
    from mamori.provision import Provided, ProvisionRecord

__all__ = ["app"]

app = typer.Typer(
    help="Third-party provision: run a declared provision or a legal exception; the records.",
    no_args_is_help=True,
)


class PackageFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


OutOption = Annotated[Path, typer.Option("--out", "-o", help="The package file to write.")]
PackageFormatOption = Annotated[
    PackageFormat | None,
    typer.Option("--format", help="json or csv; default: from the file's suffix, else json."),
]
ItemsOption = Annotated[
    str | None, typer.Option("--items", help="Item keys, comma-separated.", show_default=False)
]


@app.command("run")
def run(
    provision: Annotated[str, typer.Argument(help="The key of a provision the policy declares.")],
    actor_id: ActorOption,
    roles: RoleOption,
    out: OutOption,
    subjects_file: Annotated[
        Path | None,
        typer.Option("--subjects", help="A file of subject ids, one a line.", show_default=False),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every subject not erased.")] = False,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="The recipient key, if several.")
    ] = None,
    items: ItemsOption = None,
    bulk: Annotated[
        bool, typer.Option("--bulk", help="Extend the open bulk record of this provision.")
    ] = False,
    contract: Annotated[
        str | None,
        typer.Option("--contract", help="Reference of the contract serving as the record."),
    ] = None,
    output_format: PackageFormatOption = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Provide a declared provision's items of the consenting subjects (or, for an opt-out
    provision, of those who did not refuse) and record it. Nothing is written on refusal."""
    from mamori.errors import ValidationError
    from mamori.provision import provide

    if (subjects_file is None) == (not every):
        raise ValidationError("give --subjects FILE or --all, not both", field="subjects")

    actor = staff_actor(actor_id, roles)
    with register_session(settings_for(home, database, keystore), policy) as session:
        ids = (
            session.subject_ids(actor, f"provision:{provision}")
            if every
            else _read_ids(subjects_file)
        )
        done = provide(
            session,
            actor,
            ids,
            provision=provision,
            recipient=recipient,
            items=_items(items),
            bulk=bulk,
            contract_reference=contract,
        )
        _write(done, out, output_format)
    _report(done, out)


@app.command("exception")
def exception(
    name: Annotated[str, typer.Argument(help="A legal exception the policy allows.")],
    subjects: Annotated[list[str], typer.Option("--subject", help="A subject id (repeatable).")],
    items: Annotated[str, typer.Option("--items", help="Item keys, comma-separated.")],
    justification: Annotated[
        str, typer.Option("--justification", help="Why the exception applies (kept in the record).")
    ],
    reference: Annotated[
        str, typer.Option("--reference", help="The requester's reference, e.g. a warrant number.")
    ],
    actor_id: ActorOption,
    roles: RoleOption,
    out: OutOption,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="A recipient key of the policy.")
    ] = None,
    recipient_name: Annotated[
        str | None, typer.Option("--recipient-name", help="Who receives it (a court, police).")
    ] = None,
    recipient_address: Annotated[str | None, typer.Option("--recipient-address")] = None,
    recipient_representative: Annotated[
        str | None, typer.Option("--recipient-representative")
    ] = None,
    recipient_country: Annotated[str, typer.Option("--recipient-country")] = "JP",
    output_format: PackageFormatOption = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Provide without consent under a legal exception (APPI Art. 27(1)), with the
    justification and the requester's reference kept in the record."""
    from mamori.errors import ValidationError
    from mamori.provision import AdHocRecipient, RecipientArgument, provide

    chosen: RecipientArgument
    if recipient is not None and recipient_name is None:
        chosen = recipient
    elif recipient_name is not None and recipient is None:
        chosen = AdHocRecipient(
            recipient_name, recipient_address, recipient_representative, recipient_country
        )
    else:
        raise ValidationError(
            "give --recipient KEY or --recipient-name NAME (with its address and representative)",
            field="recipient",
        )
    with register_session(settings_for(home, database, keystore), policy) as session:
        done = provide(
            session,
            staff_actor(actor_id, roles),
            subjects,
            exception=name,
            recipient=chosen,
            items=_items(items),
            justification=justification,
            requester_reference=reference,
        )
        _write(done, out, output_format)
    _report(done, out)


@app.command("records")
def records(
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only the records of this person.")
    ] = None,
    provision: Annotated[str | None, typer.Option("--provision", help="Only of it.")] = None,
    output: FormatOption = OutputFormat.TEXT,
    home: HomeOption = None,
    database: DatabaseOption = None,
) -> None:
    """The provision records (Art. 29, and Art. 31 confirmation records): all, of one
    provision, or of one person (what a disclosure of records shows, APPI Art. 33(5))."""
    from mamori.provision import list_records, records_of

    with register_connection(settings_for(home, database)) as connection:
        if subject is not None:
            found = records_of(connection, subject)
            if provision is not None:
                found = [record for record in found if record.provision == provision]
        else:
            found = list_records(connection, provision=provision)
    echo_listing(found, output, empty="no provision record", line=_line)


@app.command("expire")
def expire(
    actor_id: Annotated[
        str | None, typer.Option("--actor", help="Your staff id; default: the system job.")
    ] = None,
    roles: Annotated[list[str] | None, typer.Option("--role", help="A role you hold.")] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Delete the records whose legal retention period has ended."""
    from mamori.provision import expire_records
    from mamori.register import Actor

    actor = Actor.system() if actor_id is None else staff_actor(actor_id, roles)
    with register_session(settings_for(home, database, keystore), policy) as session:
        count = expire_records(session, actor)
    typer.echo(f"{count} provision record(s) past their retention period deleted")


# -- helpers ----------------------------------------------------------------------------------


def _read_ids(path: Path | None) -> list[str]:
    from mamori.errors import NotFoundError

    assert path is not None
    if not path.is_file():
        raise NotFoundError(f"no subjects file {path}", field="subjects")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _items(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [key.strip() for key in text.split(",") if key.strip()]


def _write(done: Provided, out: Path, chosen: PackageFormat | None) -> None:
    """Written inside the transaction: if the record does not commit, the file is removed."""
    fmt = chosen.value if chosen is not None else ("csv" if out.suffix == ".csv" else "json")
    try:
        done.package.write(out, fmt)  # type: ignore[arg-type]
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _report(done: Provided, out: Path) -> None:
    skipped = ", ".join(f"{count} ({rule})" for rule, count in done.skipped.items()) or "none"
    record = done.record_ids[0] if done.record_ids else "none (nobody provided)"
    typer.echo(
        f"{done.provided} subject(s) provided to {out}; skipped: {skipped}; record {record}",
        err=True,
    )


def _line(record: ProvisionRecord) -> str:
    name = next(iter(record.recipient.name.values()), "-")
    what = record.provision or f"exception:{record.exception}"
    span = record.first_provided_at.date().isoformat()
    if record.last_provided_at.date() != record.first_provided_at.date():
        span += f"..{record.last_provided_at.date().isoformat()}"
    return (
        f"{span}  Art.{record.article} {record.basis:<15} {what:<24} to {name}; "
        f"items {', '.join(record.items)}; {record.provided} provided; "
        f"kept until {record.retain_until.date().isoformat()}; id {record.id}"
    )
