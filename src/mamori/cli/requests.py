"""`mamori requests ...`: staff work people's requests, step by step.

    mamori requests file m1 disclosure --channel email --form paper --actor st-1 --role support
    mamori requests verify REQUEST document --actor st-1 --role support
    mamori requests fee REQUEST --reference receipt-77 ...
    mamori requests start|fulfil REQUEST ...
    mamori requests refuse REQUEST repeated_without_reason --reason "..." ...
    mamori requests extend REQUEST --reasons "..." ...
    mamori requests show REQUEST ... | mamori requests queue ...

The register comes from --home/--database/--keystore and --policy (or MAMORI_*), as made by
`mamori init`. Heavy modules load inside the commands.
"""

from __future__ import annotations

import json
from datetime import datetime
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
    echo_json,
    utc,
)
from mamori.cli._register import register_session, settings_for, staff_actor
from mamori.errors import ValidationError

if TYPE_CHECKING:
    from mamori.rights import DisclosurePackage, Fulfilment, Refusal, RightsRequest

__all__ = ["app"]

app = typer.Typer(
    help="People's requests (disclosure, correction, deletion...): file, verify, fee, start, "
    "fulfil, refuse, extend, show, queue.",
    no_args_is_help=True,
)

RequestArg = Annotated[str, typer.Argument(metavar="REQUEST", help="The request id.")]


_ANSWERED_WITH_A_FILE = frozenset(
    {"disclosure", "provision_records", "purpose_notification", "portability"}
)


def _read_values(path: Path) -> dict[str, object]:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            f"cannot read {path} as JSON ({type(error).__name__})", field="--values"
        ) from None
    if not isinstance(values, dict):
        raise ValidationError(
            f"{path} must hold one JSON object: item key to value", field="--values"
        )
    return values


def _write_answer(
    out: Path, export: bytes | None, package: DisclosurePackage, language: str | None
) -> None:
    """The answer, readable by its owner only: it holds the person's values."""
    if export is not None:
        data = export
    elif out.suffix == ".html":
        data = package.to_html(language).encode("utf-8")
    else:
        data = package.to_json().encode("utf-8")
    out.touch(mode=0o600, exist_ok=True)
    out.chmod(0o600)  # an existing file keeps its mode through touch
    out.write_bytes(data)
    typer.echo(f"wrote {out}", err=True)


def _what_was_done(done: Fulfilment) -> list[str]:
    lines = []
    if done.corrected:
        lines.append(f"corrected: {', '.join(done.corrected)}")
        names = [
            recipient.key or next(iter(recipient.name.values())) for recipient in done.recipients
        ]
        if names:
            lines.append(
                f"tell the recipients of the old values (GDPR Art. 19): {'; '.join(names)}"
            )
    if done.erased:
        lines.append("erased: the data key is destroyed; the provision records remain")
    if done.deleted_items:
        lines.append(f"deleted: {', '.join(done.deleted_items)}")
    if done.suspended:
        lines.append(f"stopped: {', '.join(done.suspended)}")
    return lines


def _echo(request: RightsRequest) -> None:
    fee = (
        f"; fee {request.fee_amount} {request.fee_currency}"
        f" {'settled' if request.fee_settled_at else 'due'}"
        if request.fee_amount
        else ""
    )
    typer.echo(
        f"{request.id}  {request.kind} of {request.subject_id} ({request.jurisdiction}): "
        f"{request.state}, due {request.due_at.isoformat(timespec='minutes')}{fee}"
    )


def _echo_refusal(refusal: Refusal) -> None:
    _echo(refusal.request)
    typer.echo(f"ground: {refusal.ground}\nreason: {refusal.reason}")
    for statement in refusal.statements():
        typer.echo(statement)


@app.command("file")
def file_(
    subject_id: Annotated[str, typer.Argument(metavar="SUBJECT", help="The person's id.")],
    kind: Annotated[str, typer.Argument(help="disclosure, correction, deletion, ...")],
    channel: Annotated[str, typer.Option("--channel", help="online, email, post...")],
    actor: ActorOption,
    roles: RoleOption,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="JP or EU; default: the policy's first.")
    ] = None,
    form: Annotated[
        str | None, typer.Option("--form", help="electronic|paper; portability: json|csv.")
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="An item, purpose or provision key (repeat); none: all."),
    ] = None,
    requester: Annotated[
        str, typer.Option("--requester", help="person, legal_representative, appointed_proxy.")
    ] = "person",
    proof: Annotated[
        str | None,
        typer.Option("--proof", help="An agent's proof kind: power_of_attorney..."),
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="The letter's or e-mail's opaque id.")
    ] = None,
    received: Annotated[
        datetime | None, typer.Option("--received", help="When it arrived; default: now (UTC).")
    ] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Record a request as received: its deadline and any fee follow from the policy."""
    from mamori.rights import file_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        request = file_request(
            session,
            staff_actor(actor, roles),
            subject_id,
            kind,
            channel=channel,
            jurisdiction=jurisdiction,
            form=form,
            scope=scope or (),
            requester=requester,
            agent_proof=proof,
            reference=reference,
            received_at=utc(received),
        )
    _echo(request)


@app.command("verify")
def verify(
    request_id: RequestArg,
    method: Annotated[str, typer.Argument(help="session, email_code, document, in_person...")],
    actor: ActorOption,
    roles: RoleOption,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Record the identity check by a method the policy lists (the fact and method only).

    A document checked by staff (a driver's licence) is never copied into Mamori."""
    from mamori.rights import verify_identity

    with register_session(settings_for(home, database, keystore), policy) as session:
        _echo(verify_identity(session, staff_actor(actor, roles), request_id, method))


@app.command("fee")
def fee(
    request_id: RequestArg,
    actor: ActorOption,
    roles: RoleOption,
    reference: Annotated[
        str | None, typer.Option("--reference", help="The payment's opaque id.")
    ] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Record that the fee due was paid."""
    from mamori.rights import settle_fee

    with register_session(settings_for(home, database, keystore), policy) as session:
        _echo(settle_fee(session, staff_actor(actor, roles), request_id, reference=reference))


@app.command("start")
def start(
    request_id: RequestArg,
    actor: ActorOption,
    roles: RoleOption,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Begin the work (identity verified, any fee on application settled)."""
    from mamori.rights import start as start_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        _echo(start_request(session, staff_actor(actor, roles), request_id))


@app.command("fulfil")
def fulfil(
    request_id: RequestArg,
    actor: ActorOption,
    roles: RoleOption,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The answer for the person, .json or .html (a portability export in the form "
            "they chose): needed for disclosure, provision records, purpose notification and "
            "portability.",
            show_default=False,
        ),
    ] = None,
    values_file: Annotated[
        Path | None,
        typer.Option(
            "--values",
            help="For a correction: a JSON file of item key to corrected value (values never go "
            "on the command line).",
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--lang", help="The language of an .html answer.")
    ] = None,
    partly: Annotated[
        str | None,
        typer.Option("--partly", metavar="GROUND", help="Answered in part; the refusal ground."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="With --partly: what the person is told.")
    ] = None,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Answer the request: what it asks is done through the register (the package written to
    --out, the values corrected, the account erased, the use stopped), then it is closed; or
    it is answered in part with --partly GROUND --reason TEXT."""
    from mamori.rights import fulfil_request, partly_fulfil
    from mamori.rights import show as show_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        staff = staff_actor(actor, roles)
        if partly is not None:
            _echo_refusal(partly_fulfil(session, staff, request_id, partly, reason or ""))
            return
        kind = show_request(session, staff, request_id).kind
        if kind in _ANSWERED_WITH_A_FILE and out is None:
            raise ValidationError(
                f"a {kind} request is answered with a file: give --out FILE (.json or .html)",
                field="--out",
            )
        values = _read_values(values_file) if values_file is not None else None
        done = fulfil_request(session, staff, request_id, values=values, locale=language)
        if out is not None and done.package is not None:
            _write_answer(out, done.export, done.package, language)
    _echo(done.request)
    for line in _what_was_done(done):
        typer.echo(f"  {line}")


@app.command("refuse")
def refuse(
    request_id: RequestArg,
    ground: Annotated[str, typer.Argument(help="A refusal ground the policy lists.")],
    reason: Annotated[str, typer.Option("--reason", help="What the person is told.")],
    actor: ActorOption,
    roles: RoleOption,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Refuse on a ground the policy lists, with the reason (GDPR: and the remedies)."""
    from mamori.rights import refuse as refuse_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        staff = staff_actor(actor, roles)
        _echo_refusal(refuse_request(session, staff, request_id, ground, reason))


@app.command("extend")
def extend(
    request_id: RequestArg,
    reasons: Annotated[str, typer.Option("--reasons", help="What the person is told.")],
    actor: ActorOption,
    roles: RoleOption,
    months: Annotated[int, typer.Option("--months", help="1 or 2.")] = 2,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Extend a GDPR request's deadline, once, within its first month."""
    from mamori.rights import extend as extend_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        staff = staff_actor(actor, roles)
        _echo(extend_request(session, staff, request_id, reasons, months=months))


@app.command("show")
def show(
    request_id: RequestArg,
    actor: ActorOption,
    roles: RoleOption,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """A request and the steps it took."""
    from mamori.rights import show as show_request

    with register_session(settings_for(home, database, keystore), policy) as session:
        request = show_request(session, staff_actor(actor, roles), request_id)
    if output is OutputFormat.JSON:
        echo_json(request.to_dict())
        return
    _echo(request)
    for step in request.steps:
        detail = f" ({step.detail})" if step.detail else ""
        typer.echo(
            f"  {step.at.isoformat(timespec='minutes')}  {step.action:<13} -> {step.state}"
            f"{detail} by {step.actor_id}"
        )


@app.command("queue")
def queue(
    actor: ActorOption,
    roles: RoleOption,
    output: FormatOption = OutputFormat.TEXT,
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
) -> None:
    """Open requests: overdue first, then near due (three days), then by due date."""
    from datetime import UTC

    from mamori.errors import AccessDeniedError
    from mamori.rights import can_handle
    from mamori.rights import queue as open_queue

    with register_session(settings_for(home, database, keystore), policy) as session:
        staff = staff_actor(actor, roles)
        if not can_handle(session.policy, staff):
            raise AccessDeniedError(
                f"actor {staff.id} needs a role with the requests.handle permission",
                rule="requests_handle",
            )
        entries = open_queue(session.connection, datetime.now(UTC))
    if output is OutputFormat.JSON:
        echo_json([{"urgency": e.urgency, **e.request.to_dict()} for e in entries])
        return
    if not entries:
        typer.echo("no open request")
    for entry in entries:
        typer.echo(f"{entry.urgency:<9} ", nl=False)
        _echo(entry.request)
