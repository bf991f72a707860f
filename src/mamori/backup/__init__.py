"""Backup and restore of the register database (with its audit log) or the key store.

    from mamori.backup import backup, restore

    manifest = backup("sqlite:///var/mamori.sqlite", Path("mamori-2026-11-23.backup"))
    report = restore(Path("mamori-2026-11-23.backup"), "sqlite:///restored.sqlite")
    assert report.ok                                # the restored audit log verifies

SQLite is copied through its online backup API, PostgreSQL with pg_dump -Fc / pg_restore. The
keyring is never in a backup; the key store is backed up apart (`content="keystore"`), on a
short retention, so that erased subjects stay unreadable in old register backups.
"""

from mamori.backup._manifest import BackupManifest, Content, DatabaseKind, read_manifest
from mamori.backup.operations import RestoreReport, backup, restore

__all__ = [
    "BackupManifest",
    "Content",
    "DatabaseKind",
    "RestoreReport",
    "backup",
    "read_manifest",
    "restore",
]
