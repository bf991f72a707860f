"""`backup(url, destination)` and `restore(source, url)`: the register database (with its audit
log) or the key store, to one file and back. The keyring is never in either: it is a file or an
environment variable of its own (docs/backup.md)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from mamori.audit import AuditLog, Verifier, VerifyReport, read_head
from mamori.backup import _engines
from mamori.backup._manifest import (
    BackupManifest,
    Content,
    DatabaseKind,
    extract_payload,
    read_manifest,
    sha256_of,
    write_backup,
)
from mamori.db import MAIN_HISTORY, MigrationHistory, create_engine, current_revision
from mamori.errors import ConfigError, ConflictError, ValidationError

__all__ = ["RestoreReport", "backup", "restore"]


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put back, and whether the restored audit log verifies."""

    manifest: BackupManifest
    audit: VerifyReport | None
    head_note: str | None
    head_adopted: bool

    @property
    def ok(self) -> bool:
        return self.audit is None or self.audit.ok

    def to_dict(self) -> dict[str, Any]:
        audit = self.audit
        return {
            "ok": self.ok,
            "manifest": self.manifest.to_dict(),
            "audit": None
            if audit is None
            else {
                "ok": audit.ok,
                "events_checked": audit.events_checked,
                "last_seq": audit.last_seq,
                "checkpoints_checked": audit.checkpoints_checked,
                "signatures_checked": audit.signatures_checked,
                "first_problem": str(audit.first_problem) if audit.first_problem else None,
            },
            "head_note": self.head_note,
            "head_adopted": self.head_adopted,
        }


def backup(
    url: str,
    destination: Path,
    *,
    content: Content = "register",
    head_path: Path | None = None,
    pg_bin: Path | None = None,
    overwrite: bool = False,
) -> BackupManifest:
    """Copy the database at `url` into the backup file `destination` (refused when it exists,
    unless `overwrite`); returns the manifest written into it."""
    if destination.exists() and not overwrite:
        raise ConflictError(
            f"{destination} exists; choose another file or pass --overwrite", field="destination"
        )
    parsed = _engines.parse(url)
    kind = _kind(parsed)
    if kind == "postgresql":
        _engines.find_pg_tool("pg_dump", pg_bin)  # before anything else: the likeliest miss
    with _reaching(parsed):
        revision = current_revision(url, _history(content))
    if revision is None:
        raise ValidationError(
            f"the {content} database is not migrated: nothing to back up; check --database",
            field="database",
        )
    with _reaching(parsed):
        last_seq = _last_seq(url) if content == "register" else None
    head = read_head(head_path) if head_path is not None and content == "register" else None
    with tempfile.TemporaryDirectory(dir=destination.parent) as folder:
        payload = Path(folder) / "payload"
        if kind == "sqlite":
            _engines.dump_sqlite(parsed, payload)
        else:
            _engines.dump_postgres(parsed, payload, pg_bin)
        manifest = BackupManifest(
            mamori_version=_mamori_version(),
            content=content,
            database_kind=kind,
            revision=revision,
            created_at=datetime.now(UTC),
            payload="database.sqlite" if kind == "sqlite" else "database.pgdump",
            payload_sha256=sha256_of(payload),
            payload_bytes=payload.stat().st_size,
            audit_last_seq=last_seq,
            audit_head_seq=head.seq if head is not None else None,
            audit_head_hash=head.hash.hex() if head is not None else None,
        )
        write_backup(destination, manifest, payload)
    return manifest


def restore(
    source: Path,
    url: str,
    *,
    force: bool = False,
    head_path: Path | None = None,
    verifiers: Iterable[Verifier] = (),
    adopt_head: bool = False,
    pg_bin: Path | None = None,
) -> RestoreReport:
    """Put the backup `source` into the database at `url`: refused when that database holds
    tables, unless `force`. A register backup's audit log is verified afterwards (chain and
    checkpoints; signatures with `verifiers`), and compared with the head file at `head_path`;
    `adopt_head` then makes the head file follow the restored log."""
    manifest = read_manifest(source)
    parsed = _engines.parse(url)
    kind = _kind(parsed)
    if kind != manifest.database_kind:
        raise ValidationError(
            f"{source} is a {manifest.database_kind} backup and cannot be restored into "
            f"{kind}; restore it into a {manifest.database_kind} database",
            field="database",
        )
    if kind == "postgresql":
        _engines.find_pg_tool("pg_restore", pg_bin)
    with _reaching(parsed):
        empty = _is_empty(parsed, url)
    if not force and not empty:
        raise ConflictError(
            "the target database is not empty; restore into an empty database, or pass "
            "--force to replace what it holds",
            field="database",
        )
    folder_parent = _engines.sqlite_path(parsed).parent if kind == "sqlite" else None
    with tempfile.TemporaryDirectory(dir=folder_parent) as folder:
        payload = extract_payload(source, manifest, Path(folder))
        if kind == "sqlite":
            _engines.restore_sqlite(payload, parsed)
        else:
            _engines.restore_postgres(payload, parsed, pg_bin, clean=force)
    if manifest.content != "register":
        return RestoreReport(manifest, None, None, False)
    engine = create_engine(url)
    try:
        report = AuditLog(verifiers=verifiers).verify(engine)
        note = _head_note(head_path, report)
        adopted = False
        if adopt_head and head_path is not None and report.ok:
            AuditLog(head_path=head_path, verifiers=verifiers).publish_head(engine, adopt=True)
            adopted = True
    finally:
        engine.dispose()
    return RestoreReport(manifest, report, note, adopted)


@contextmanager
def _reaching(url: URL) -> Iterator[None]:
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as error:
        shown = url.render_as_string(hide_password=True)
        raise ConfigError(
            f"cannot reach the database {shown} ({type(error.orig).__name__}); check --database "
            "and that the server runs",
            field="database",
        ) from None


def _head_note(head_path: Path | None, report: VerifyReport) -> str | None:
    if head_path is None:
        return None
    head = read_head(head_path)
    if head is None:
        return f"no audit head file at {head_path}"
    if head.seq > report.last_seq:
        return (
            f"the audit head file names event {head.seq}, the restored log ends at event "
            f"{report.last_seq}: the events recorded after the backup are not in it (expected "
            "when restoring an older backup; keep the current head file as the evidence, and "
            "pass --adopt-head once you have recorded why)"
        )
    return None


def _kind(url: URL) -> DatabaseKind:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return "sqlite"
    if backend in ("postgresql", "postgres"):
        return "postgresql"
    raise ValidationError(
        f"cannot back up a {backend} database; Mamori runs on SQLite or PostgreSQL",
        field="database",
    )


def _history(content: Content) -> MigrationHistory:
    if content == "keystore":
        from mamori.register import KEYSTORE_HISTORY

        return KEYSTORE_HISTORY
    return MAIN_HISTORY


def _is_empty(parsed: URL, url: str) -> bool:
    if parsed.get_backend_name() == "sqlite":
        return _engines.sqlite_is_empty(parsed)
    from sqlalchemy import inspect

    engine = create_engine(url)
    try:
        return not inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _last_seq(url: str) -> int | None:
    engine = create_engine(url)
    try:
        newest = AuditLog().query(engine, limit=1, newest_first=True)
    finally:
        engine.dispose()
    return newest[0].seq if newest else None


def _mamori_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mamori")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"
