"""`mamori records ...`: the records kept beside provisions: APPI Art. 30 receipts and the
supervision log of entrustees.

    mamori records receipt u-1 --policy policy.yaml --actor officer-1 --role privacy_officer \\
        --provider-name "Meta Platforms, Inc." --provider-address "1 Meta Way, Menlo Park" \\
        --provider-representative "Mark Zuckerberg" --provider-country US \\
        --acquisition "Shared as the user's privacy settings allow" \\
        --item external_service_info --basis consent
    mamori records receipts [--subject u-1] [--format json]
    mamori records expire --policy policy.yaml --actor officer-1 --role privacy_officer
    mamori records supervision log hosting --kind audit --summary "Yearly review passed" \\
        --reference AUD-7 --policy policy.yaml --actor officer-1 --role privacy_officer
    mamori records supervision list [hosting] [--format json]

Heavy modules load inside the commands.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import (
    ActorOption,
    AuditHeadOption,
    DatabaseOption,
    FormatOption,
    KeyringOption,
    KeystoreOption,
    OutputFormat,
    PolicyFileOption,
    RoleOption,
    echo_listing,
    utc,
)
from mamori.cli._register import (
    register_connection,
    register_session,
    settings_for,
    staff_actor,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from mamori.register import RegisterSession

__all__ = ["app"]

app = typer.Typer(
    help="Records kept beside provisions: receipts from third parties (APPI Art. 30), the "
    "supervision log of entrustees (Art. 25).",
    no_args_is_help=True,
)
supervision_app = typer.Typer(
    help="The supervision log of the entrustees the policy declares.", no_args_is_help=True
)
app.add_typer(supervision_app, name="supervision")

_DATES = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


@app.command("receipt")
def receipt(
    subject: Annotated[str, typer.Argument(metavar="SUBJECT", help="The person's subject id.")],
    policy_path: PolicyFileOption,
    actor_id: ActorOption,
    roles: RoleOption,
    provider_name: Annotated[str, typer.Option("--provider-name", help="Who provided it.")],
    provider_address: Annotated[str, typer.Option("--provider-address", help="Its address.")],
    acquisition: Annotated[
        str, typer.Option("--acquisition", help="How the provider acquired the data.")
    ],
    items: Annotated[list[str], typer.Option("--item", help="An item key received (repeat).")],
    basis: Annotated[
        str,
        typer.Option(
            "--basis",
            help="consent, opt_out, entrustment, business_succession, joint_use or by_law.",
        ),
    ],
    provider_representative: Annotated[
        str | None, typer.Option("--provider-representative", help="Its representative.")
    ] = None,
    provider_country: Annotated[
        str, typer.Option("--provider-country", help="ISO 3166-1 alpha-2 code.")
    ] = "JP",
    individual: Annotated[
        bool, typer.Option("--individual", help="The provider is a person, not a company.")
    ] = False,
    opt_out_published: Annotated[
        datetime | None,
        typer.Option(
            "--opt-out-published",
            formats=["%Y-%m-%d"],
            help="Basis opt_out: the day the PPC published the provider's filing.",
        ),
    ] = None,
    contract: Annotated[
        str | None, typer.Option("--contract", help="The contract serving as the record.")
    ] = None,
    received_at: Annotated[
        datetime | None,
        typer.Option("--received-at", formats=_DATES, help="When it was received (UTC)."),
    ] = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
) -> None:
    """Check and record data about SUBJECT received from a third party (APPI Art. 30)."""
    from mamori.provision import Provider, record_receipt

    provider = Provider(
        provider_name, provider_address, provider_representative, provider_country, individual
    )
    published = _day(opt_out_published)
    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        record = record_receipt(
            session,
            staff_actor(actor_id, roles),
            subject,
            provider=provider,
            acquisition=acquisition,
            items=items,
            basis=basis,  # type: ignore[arg-type]
            opt_out_published=published,
            contract=contract,
            received_at=utc(received_at),
        )
    typer.echo(
        f"receipt {record.id} recorded for {record.subject_id} "
        f"({', '.join(record.items)}); kept until {record.retain_until.date().isoformat()}",
        err=True,
    )


@app.command("receipts")
def receipts(
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only this person's records.")
    ] = None,
    database: DatabaseOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The receipt records kept, oldest first."""
    from mamori.provision import list_receipts

    with register_connection(settings_for(database=database)) as connection:
        found = list_receipts(connection, subject_id=subject)
    echo_listing(
        found,
        output,
        empty="no receipt recorded",
        line=lambda record: (
            f"{record.received_at.isoformat(timespec='seconds')}  {record.subject_id:<16} "
            f"from {record.provider.name} ({record.provider.country}) by {record.basis}: "
            f"{', '.join(record.items)}; kept until {record.retain_until.date().isoformat()}; "
            f"id {record.id}"
        ),
    )


@app.command("expire")
def expire(
    policy_path: PolicyFileOption,
    actor_id: ActorOption,
    roles: RoleOption,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
) -> None:
    """Delete the receipt records whose retention ended."""
    from mamori.provision import expire_receipts

    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        gone = expire_receipts(session, staff_actor(actor_id, roles))
    typer.echo(f"{gone} receipt record(s) past their retention deleted", err=True)


@supervision_app.command("log")
def supervision_log_(
    entrustee: Annotated[str, typer.Argument(metavar="ENTRUSTEE", help="The entrustee's key.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="selection, contract, audit, re_entrustment_approval, incident or termination.",
        ),
    ],
    summary: Annotated[str, typer.Option("--summary", help="What was done (no names).")],
    policy_path: PolicyFileOption,
    actor_id: ActorOption,
    roles: RoleOption,
    reference: Annotated[
        str | None, typer.Option("--reference", help="The document's reference.")
    ] = None,
    at: Annotated[
        datetime | None, typer.Option("--at", formats=_DATES, help="When it was done (UTC).")
    ] = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
) -> None:
    """Add an entry to the supervision log of a declared entrustee (APPI Art. 25)."""
    from mamori.provision import log_supervision

    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        entry = log_supervision(
            session,
            staff_actor(actor_id, roles),
            entrustee,
            kind,  # type: ignore[arg-type]
            summary,
            reference,
            utc(at),
        )
    typer.echo(f"{entry.kind} of {entry.entrustee} logged; id {entry.id}", err=True)


@supervision_app.command("list")
def supervision_list(
    entrustee: Annotated[
        str | None, typer.Argument(metavar="[ENTRUSTEE]", help="Only this entrustee's entries.")
    ] = None,
    database: DatabaseOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """The supervision log, oldest first."""
    from mamori.provision import supervision_log

    with register_connection(settings_for(database=database)) as connection:
        found = supervision_log(connection, entrustee)
    echo_listing(
        found,
        output,
        empty="no supervision logged",
        line=lambda entry: (
            f"{entry.at.date().isoformat()}  {entry.entrustee:<16} {entry.kind:<24} "
            f"{entry.summary}" + (f" [{entry.reference}]" if entry.reference else "")
        ),
    )


# -- helpers ----------------------------------------------------------------------------------


def _session(
    policy_path: Path,
    database: str | None,
    keystore: str | None,
    keyring: Path | None,
    audit_head: Path | None,
) -> AbstractContextManager[RegisterSession]:
    """One register session (one transaction) on the configured databases."""
    settings = settings_for(
        database=database, keystore=keystore, keyring=keyring, audit_head=audit_head
    )
    return register_session(settings, policy_path)


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()
