"""`mamori serve`: the HTTP API, the portal and the notice on a register made by `mamori init`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mamori.cli._options import DatabaseOption, HomeOption, KeystoreOption, PolicyOption
from mamori.cli._register import opened_register, settings_for
from mamori.errors import ConfigError

if TYPE_CHECKING:
    from mamori.config import Settings
    from mamori.register import Register

__all__ = ["serve", "serve_register"]


def serve(
    policy: PolicyOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    keystore: KeystoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    ssl_certfile: Annotated[
        Path | None,
        typer.Option("--ssl-certfile", help="TLS certificate (PEM); serve HTTPS with it."),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None, typer.Option("--ssl-keyfile", help="The certificate's private key (PEM).")
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Behind a reverse proxy that ends TLS: the proxy's addresses, whose "
            "X-Forwarded-Proto and X-Forwarded-For headers are trusted (docs/api.md).",
            show_default=False,
        ),
    ] = None,
    retention_hours: Annotated[
        float,
        typer.Option(
            "--retention-every",
            min=0,
            help="Hours between retention runs inside the server (0: none; run "
            "`mamori retention run` from cron instead).",
        ),
    ] = 24,
    notify_minutes: Annotated[
        float,
        typer.Option(
            "--notify-every",
            min=0,
            help="Minutes between deliveries of due messages inside the server (0: none; run "
            "`mamori notify deliver` from cron instead).",
        ),
    ] = 1,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes, each with its own connections; on SQLite their writers "
            "queue on a lock file beside the database (docs/api.md).",
        ),
    ] = 1,
) -> None:
    """Serve the API (/api/v1, docs at /api/docs), the portal and the notice; run the
    retention job every --retention-every hours and deliver messages every --notify-every
    minutes."""
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise ConfigError(
            "give both --ssl-certfile and --ssl-keyfile to serve HTTPS (or neither, behind a "
            "reverse proxy that ends TLS)",
            field="ssl_certfile" if ssl_certfile is None else "ssl_keyfile",
        )
    for path in (ssl_certfile, ssl_keyfile):
        if path is not None and not path.is_file():
            raise ConfigError(f"no file {path}", field="ssl_certfile")
    settings = settings_for(home, database, keystore)
    with opened_register(settings, policy) as register:
        serve_register(
            register,
            host=host,
            port=port,
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            forwarded_allow_ips=forwarded_allow_ips,
            retention_hours=retention_hours,
            notify_minutes=notify_minutes,
            settings=settings,
            workers=workers,
            policy_file=policy or settings.effective_policy_path(),
        )


def serve_register(
    register: Register,
    *,
    host: str,
    port: int,
    ssl_certfile: Path | None = None,
    ssl_keyfile: Path | None = None,
    forwarded_allow_ips: str | None = None,
    retention_hours: float = 24,
    notify_minutes: float = 0,
    settings: Settings | None = None,
    banner: list[str] | None = None,
    workers: int = 1,
    policy_file: Path | None = None,
) -> None:
    """Serve `register` until Ctrl+C (what `mamori serve` and `mamori demo run` share).

    With `workers` above 1, that many processes serve, each opening the register that
    `settings` and `policy_file` describe; this process runs the background jobs.
    """
    import uvicorn

    from mamori.api import WORKER_APP, create_app, freeze_heap, worker_environment

    tls = ssl_certfile is not None or forwarded_allow_ips is not None
    if not tls and not _is_loopback(host):
        typer.echo(
            "Warning: plain HTTP on a public interface; serve HTTPS (--ssl-certfile) or "
            "behind a TLS proxy (--forwarded-allow-ips). Sign-in needs HTTPS there.",
            err=True,
        )
    # Plain HTTP on this machine only (development, `make run`): the browser would drop a
    # Secure cookie there.
    secure_cookies = tls or not _is_loopback(host)
    if workers > 1:
        if settings is None or policy_file is None:
            raise ConfigError(
                "several workers need the settings and the policy file", field="workers"
            )
        application: Any = WORKER_APP
        workers_setup: AbstractContextManager[None] = worker_environment(
            settings, policy_file, secure_cookies=secure_cookies
        )
    else:
        application = create_app(register.policy, register=register, secure_cookies=secure_cookies)
        freeze_heap()
        workers_setup = nullcontext()
    scheme = "https" if ssl_certfile is not None else "http"
    shown_host = f"[{host}]" if ":" in host else host
    address = f"{scheme}://{shown_host}:{port}"
    typer.echo(f"Mamori: {register.policy.name} at {address}/")
    typer.echo(f"  portal: {address}/portal   API docs: {address}/api/docs")
    for line in banner or []:
        typer.echo(line)
    typer.echo("Press Ctrl+C to stop.")
    with (
        workers_setup,
        _wal_job(register),
        _retention_job(register, retention_hours),
        _notify_job(register, notify_minutes, settings),
    ):
        uvicorn.run(
            application,
            factory=workers > 1,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            ssl_certfile=str(ssl_certfile) if ssl_certfile is not None else None,
            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile is not None else None,
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
            # Request lines carry no personal values by design, but uvicorn's access log
            # would still keep addresses outside the policy's access log: off.
            access_log=False,
        )


@contextmanager
def _wal_job(register: Register) -> Iterator[None]:
    # On SQLite, the log is copied into the database file by a thread of its own rather than
    # by whichever request's commit crosses the threshold (mamori.db.WalCheckpointer).
    from mamori.db import WalCheckpointer

    if not WalCheckpointer.applies_to(register.engine):
        yield
        return
    checkpointer = WalCheckpointer(register.engine)
    checkpointer.start()
    try:
        yield
    finally:
        checkpointer.stop(timeout=60)


@contextmanager
def _retention_job(register: Register, hours: float) -> Iterator[None]:
    if hours == 0:
        yield
        return
    from datetime import timedelta

    from mamori.retention import RetentionScheduler

    scheduler = RetentionScheduler(register, every=timedelta(hours=hours))
    scheduler.start()
    try:
        yield
    finally:
        scheduler.stop(timeout=60)


@contextmanager
def _notify_job(register: Register, minutes: float, settings: Settings | None) -> Iterator[None]:
    if minutes == 0:
        yield
        return
    from datetime import timedelta

    from mamori.notify import DeliveryScheduler

    scheduler = DeliveryScheduler(register, settings, every=timedelta(minutes=minutes))
    scheduler.start()
    try:
        yield
    finally:
        scheduler.stop(timeout=60)


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
