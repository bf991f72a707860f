"""`mamori doctor`: check a deployment; exit status 1 when a check fails.

    mamori doctor [--home var] [--ssl-certfile cert.pem --ssl-keyfile key.pem | --behind-tls-proxy]
                  [--retention-hours 26] [--format json]

TLS options also come from MAMORI_SSL_CERTFILE, MAMORI_SSL_KEYFILE, MAMORI_BEHIND_TLS_PROXY=1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mamori.cli._options import (
    AuditHeadOption,
    DatabaseOption,
    FormatOption,
    HomeOption,
    KeyringOption,
    KeystoreOption,
    OutputFormat,
    PolicyOption,
    echo_json,
)
from mamori.cli._register import settings_for

__all__ = ["doctor"]

_MARK = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def doctor(
    ssl_certfile: Annotated[
        Path | None,
        typer.Option(
            "--ssl-certfile", envvar="MAMORI_SSL_CERTFILE", help="The server's TLS certificate."
        ),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None,
        typer.Option("--ssl-keyfile", envvar="MAMORI_SSL_KEYFILE", help="Its private key."),
    ] = None,
    behind_tls_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-tls-proxy",
            envvar="MAMORI_BEHIND_TLS_PROXY",
            help="A reverse proxy in front terminates TLS.",
        ),
    ] = False,
    retention_hours: Annotated[
        float,
        typer.Option(
            "--retention-hours", min=0.01, help="How recent the last retention run must be."
        ),
    ] = 26.0,
    home: HomeOption = None,
    policy: PolicyOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    keyring: KeyringOption = None,
    audit_head: AuditHeadOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Check this deployment: keyring, key store, policy, migrations, audit log, retention, TLS."""
    from datetime import timedelta

    from mamori.doctor import TlsSetup, run_checks

    settings = settings_for(home, database, keystore, keyring=keyring, audit_head=audit_head)
    if policy is not None:
        settings = settings.model_copy(update={"policy_path": policy})
    report = run_checks(
        settings,
        tls=TlsSetup(ssl_certfile, ssl_keyfile, behind_tls_proxy),
        retention_within=timedelta(hours=retention_hours),
    )
    if output is OutputFormat.JSON:
        echo_json(report.to_dict())
    else:
        for check in report.checks:
            typer.echo(f"{_MARK[check.status]} {check.name}: {check.message}")
            if check.fix and check.status != "ok":
                typer.echo(f"     fix: {check.fix}")
    if not report.ok:
        raise typer.Exit(1)
