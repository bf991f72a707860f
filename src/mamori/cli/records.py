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

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import DatabaseOption, KeystoreOption, OutputFormat
from mamori.cli.release import _register, _require_file, _shown
from mamori.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Connection

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

PolicyOption = Annotated[
    Path, typer.Option("--policy", help="The policy file the register enforces.")
]
ActorOption = Annotated[str, typer.Option("--actor", help="Your staff id (never a name).")]
RolesOption = Annotated[
    list[str], typer.Option("--role", help="A role you hold (repeat for several).")
]
KeyringOption = Annotated[
    Path | None,
    typer.Option(
        "--keyring",
        help="Keyring file; default: MAMORI_KEYRING, MAMORI_KEYRING_PATH, var/keyring.json.",
        show_default=False,
    ),
]
AuditHeadOption = Annotated[
    Path | None,
    typer.Option(
        "--audit-head",
        help="The audit head file; default: audit-head.json beside the keyring.",
        show_default=False,
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


@app.command("receipt")
def receipt(
    subject: Annotated[str, typer.Argument(metavar="SUBJECT", help="The person's subject id.")],
    policy_path: PolicyOption,
    actor_id: ActorOption,
    roles: RolesOption,
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
    from mamori.register import Actor

    actor = Actor.staff(actor_id, *roles)
    provider = Provider(
        provider_name, provider_address, provider_representative, provider_country, individual
    )
    published = _day(opt_out_published)
    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        record = record_receipt(
            session,
            actor,
            subject,
            provider=provider,
            acquisition=acquisition,
            items=items,
            basis=basis,  # type: ignore[arg-type]
            opt_out_published=published,
            contract=contract,
            received_at=_utc(received_at),
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

    with _connection(database) as connection:
        found = list_receipts(connection, subject_id=subject)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no receipt recorded")
    for record in found:
        typer.echo(
            f"{record.received_at.isoformat(timespec='seconds')}  {record.subject_id:<16} "
            f"from {record.provider.name} ({record.provider.country}) by {record.basis}: "
            f"{', '.join(record.items)}; kept until {record.retain_until.date().isoformat()}; "
            f"id {record.id}"
        )


@app.command("expire")
def expire(
    policy_path: PolicyOption,
    actor_id: ActorOption,
    roles: RolesOption,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
) -> None:
    """Delete the receipt records whose retention ended."""
    from mamori.provision import expire_receipts
    from mamori.register import Actor

    actor = Actor.staff(actor_id, *roles)
    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        gone = expire_receipts(session, actor)
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
    policy_path: PolicyOption,
    actor_id: ActorOption,
    roles: RolesOption,
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
    from mamori.register import Actor

    actor = Actor.staff(actor_id, *roles)
    with _session(policy_path, database, keystore, keyring, audit_head) as session:
        entry = log_supervision(
            session,
            actor,
            entrustee,
            kind,  # type: ignore[arg-type]
            summary,
            reference,
            _utc(at),
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

    with _connection(database) as connection:
        found = supervision_log(connection, entrustee)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([e.to_dict() for e in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("no supervision logged")
    for entry in found:
        typer.echo(
            f"{entry.at.date().isoformat()}  {entry.entrustee:<16} {entry.kind:<24} "
            f"{entry.summary}" + (f" [{entry.reference}]" if entry.reference else "")
        )


# -- helpers ----------------------------------------------------------------------------------


@contextmanager
def _session(
    policy_path: Path,
    database: str | None,
    keystore: str | None,
    keyring: Path | None,
    audit_head: Path | None,
) -> Iterator[RegisterSession]:
    """One register session (one transaction) on the configured databases."""
    from mamori.policy import load_policy

    policy = load_policy(policy_path)
    with (
        _register(policy, database, keystore, keyring, audit_head) as register,
        register.session() as session,
    ):
        yield session


@contextmanager
def _connection(database: str | None) -> Iterator[Connection]:
    from sqlalchemy.exc import DBAPIError

    from mamori.config import Settings
    from mamori.db import create_engine

    url = database or Settings().effective_database_url()
    _require_file(url, "register database")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    except DBAPIError as error:
        raise ConfigError(
            f"cannot read the records in {_shown(url)} ({type(error.orig).__name__}); "
            "check --database and that the database is migrated (`mamori init`)",
            field="database",
        ) from None
    finally:
        engine.dispose()


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)
