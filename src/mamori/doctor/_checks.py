"""Each check of a deployment: what it found, ok / warn / fail, and the fix."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from mamori.config import Settings
from mamori.errors import MamoriError

__all__ = ["CheckResult", "DoctorReport", "TlsSetup", "run_checks"]

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    message: str
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "message": self.message, "fix": self.fix}


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        """No check failed (warnings allowed)."""
        return all(check.status != "fail" for check in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [check.to_dict() for check in self.checks]}


@dataclass(frozen=True)
class TlsSetup:
    """How the server is reached: its own certificate, or a reverse proxy that terminates TLS
    (Mamori cannot see the proxy, so the operator declares it)."""

    certfile: Path | None = None
    keyfile: Path | None = None
    behind_proxy: bool = False


def run_checks(
    settings: Settings,
    *,
    tls: TlsSetup | None = None,
    retention_within: timedelta = timedelta(hours=26),
    now: datetime | None = None,
) -> DoctorReport:
    """Every check, each independent of the others' outcome."""
    moment = now or datetime.now(UTC)
    checks: list[Callable[[], CheckResult]] = [
        lambda: _policy(settings),
        lambda: _keyring(settings),
        lambda: _keystore_apart(settings),
        lambda: _migrations(settings),
        lambda: _audit(settings),
        lambda: _retention(settings, retention_within, moment),
        lambda: _tls(tls or TlsSetup()),
    ]
    return DoctorReport(tuple(check() for check in checks))


def _guarded(name: str, fix: str, check: Callable[[], CheckResult]) -> CheckResult:
    try:
        return check()
    except MamoriError as error:
        return CheckResult(name, "fail", error.message, fix)
    except Exception as error:  # a database that cannot be reached, say: a finding, not a crash
        return CheckResult(name, "fail", f"{type(error).__name__} while checking", fix)


def _policy(settings: Settings) -> CheckResult:
    def check() -> CheckResult:
        from mamori.policy import load_policy

        path = settings.effective_policy_path()
        policy = load_policy(path)
        return CheckResult("policy", "ok", f"{path} loads: {policy.name} version {policy.version}")

    return _guarded(
        "policy", "fix the policy file named (mamori policy lint), or set MAMORI_POLICY", check
    )


def _keyring(settings: Settings) -> CheckResult:
    if settings.keyring:
        return CheckResult(
            "keyring", "ok", "the keyring comes from MAMORI_KEYRING (a secret manager)"
        )
    path = settings.effective_keyring_path()
    try:
        info = path.stat()
    except FileNotFoundError:
        return CheckResult(
            "keyring",
            "fail",
            f"no keyring file at {path}",
            "run `mamori init` or set MAMORI_KEYRING_PATH",
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return CheckResult(
            "keyring",
            "fail",
            f"{path} is open to group or others (mode {mode:04o})",
            f"chmod 600 {path}",
        )
    if info.st_uid != os.geteuid():
        return CheckResult(
            "keyring",
            "fail",
            f"{path} belongs to uid {info.st_uid}, not to the user running Mamori ({os.geteuid()})",
            f"chown {os.geteuid()} {path}",
        )
    return CheckResult("keyring", "ok", f"{path} is mode {mode:04o}, owned by this user")


def _keystore_apart(settings: Settings) -> CheckResult:
    if settings.effective_keystore_url() == settings.effective_database_url():
        return CheckResult(
            "keystore",
            "fail",
            "the key store is the register's own database: a register backup then holds the "
            "data keys, and erased subjects can be read again from it",
            "give MAMORI_KEYSTORE_URL a database of its own",
        )
    return CheckResult("keystore", "ok", "the data keys are in a database apart from the register")


def _migrations(settings: Settings) -> CheckResult:
    def check() -> CheckResult:
        from mamori.db import current_revision, head_revision
        from mamori.register import KEYSTORE_HISTORY

        behind = []
        for what, url, history in (
            ("register", settings.effective_database_url(), None),
            ("key store", settings.effective_keystore_url(), KEYSTORE_HISTORY),
        ):
            found = current_revision(url) if history is None else current_revision(url, history)
            wanted = head_revision() if history is None else head_revision(history)
            if found != wanted:
                behind.append(f"{what} at {found or 'nothing'}, Mamori ships {wanted}")
        if behind:
            return CheckResult("migrations", "fail", "; ".join(behind), "run `mamori init`")
        return CheckResult("migrations", "ok", "the register and the key store are current")

    return _guarded("migrations", "check MAMORI_DATABASE_URL and run `mamori init`", check)


def _audit(settings: Settings) -> CheckResult:
    def check() -> CheckResult:
        from mamori.audit import AuditLog
        from mamori.crypto import Keyring
        from mamori.db import create_engine

        verifiers = []
        # Without the keyring (its own check reports why) the chain is still checked.
        with contextlib.suppress(MamoriError):
            verifiers.append(Keyring.from_settings(settings).checkpoint_signer().verifier())
        log = AuditLog(head_path=settings.effective_audit_head_path(), verifiers=verifiers)
        engine = create_engine(settings.effective_database_url())
        try:
            report = log.verify(engine)
        finally:
            engine.dispose()
        if not report.ok:
            return CheckResult(
                "audit_log",
                "fail",
                f"the audit log does not verify: {report.first_problem}",
                "read `mamori audit verify`; restore from a backup if the log was tampered with",
            )
        signed = "" if report.signatures_checked else " (signatures not checked: no keyring)"
        return CheckResult("audit_log", "ok", f"{report.events_checked} events verify{signed}")

    return _guarded("audit_log", "run `mamori audit verify` for the details", check)


def _retention(settings: Settings, within: timedelta, now: datetime) -> CheckResult:
    fix = (
        "run `mamori retention run`, or start the retention scheduler in the server "
        "(RetentionScheduler)"
    )

    def check() -> CheckResult:
        from mamori.db import create_engine
        from mamori.retention import last_run

        engine = create_engine(settings.effective_database_url())
        try:
            with engine.connect() as connection:
                found = last_run(connection)
        finally:
            engine.dispose()
        if found is None:
            return CheckResult("retention", "fail", "the retention job never ran", fix)
        age = now - found.finished_at
        hours = age.total_seconds() / 3600
        if age > within:
            return CheckResult(
                "retention",
                "fail",
                f"the retention job last ran {hours:.0f} hours ago (limit "
                f"{within.total_seconds() / 3600:.0f})",
                fix,
            )
        return CheckResult(
            "retention", "ok", f"the retention job ran {hours:.1f} hours ago ({found.id})"
        )

    return _guarded("retention", fix, check)


def _tls(tls: TlsSetup) -> CheckResult:
    if tls.certfile is not None:
        missing = [str(p) for p in (tls.certfile, tls.keyfile) if p is not None and not p.is_file()]
        if missing:
            return CheckResult(
                "tls",
                "fail",
                f"no file at {', '.join(missing)}",
                "give the certificate and key files",
            )
        if tls.keyfile is None:
            return CheckResult(
                "tls", "warn", "a certificate without --ssl-keyfile", "give --ssl-keyfile"
            )
        if stat.S_IMODE(tls.keyfile.stat().st_mode) & 0o077:
            return CheckResult(
                "tls",
                "fail",
                f"{tls.keyfile} is open to group or others",
                f"chmod 600 {tls.keyfile}",
            )
        return CheckResult("tls", "ok", f"the server serves HTTPS with {tls.certfile}")
    if tls.behind_proxy:
        return CheckResult("tls", "ok", "declared behind a reverse proxy that terminates TLS")
    return CheckResult(
        "tls",
        "warn",
        "no TLS configured: personal data would travel in clear unless a proxy terminates TLS",
        "give --ssl-certfile/--ssl-keyfile (MAMORI_SSL_CERTFILE/MAMORI_SSL_KEYFILE), or declare "
        "the proxy with --behind-tls-proxy (MAMORI_BEHIND_TLS_PROXY=1)",
    )
