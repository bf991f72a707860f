"""The manifest a backup file carries: what it holds, from which Mamori and migration, when,
and how far the audit log went. A backup file is a tar of `manifest.json` and the dump."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from mamori.errors import ValidationError

__all__ = ["FORMAT", "BackupManifest", "Content", "DatabaseKind", "read_manifest", "sha256_of"]

FORMAT = "mamori-backup"
MANIFEST = "manifest.json"
Content = Literal["register", "keystore"]
DatabaseKind = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class BackupManifest:
    mamori_version: str
    content: Content
    database_kind: DatabaseKind
    revision: str | None
    created_at: datetime
    payload: str
    payload_sha256: str
    payload_bytes: int
    audit_last_seq: int | None
    """The newest audit event in the backup (register backups only)."""
    audit_head_seq: int | None
    audit_head_hash: str | None
    """The audit head file's checkpoint when the backup was taken, if the head was known."""
    format: str = FORMAT
    format_version: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: Path) -> BackupManifest:
        if data.get("format") != FORMAT or data.get("format_version") != 1:
            raise ValidationError(
                f"{source} is not a Mamori backup (format {data.get('format')!r}, version "
                f"{data.get('format_version')!r}); give a file made by `mamori backup`",
                field="backup",
            )
        try:
            fields = {**data, "created_at": datetime.fromisoformat(data["created_at"])}
            return cls(**fields)
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                f"{source}: the manifest is damaged; take another backup", field="backup"
            ) from None


def write_backup(destination: Path, manifest: BackupManifest, payload: Path) -> None:
    """The tar, written beside the destination and renamed into place."""
    partial = destination.with_name(destination.name + ".partial")
    with tarfile.open(partial, "w") as archive:
        body = json.dumps(manifest.to_dict(), indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        info.mode = 0o600
        archive.addfile(info, io.BytesIO(body))
        archive.add(payload, arcname=manifest.payload)
    partial.chmod(0o600)
    partial.replace(destination)


def read_manifest(source: Path) -> BackupManifest:
    """The manifest of a backup file; ValidationError naming the file when it is none."""
    try:
        with tarfile.open(source, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            data = json.loads(member.read())
    except FileNotFoundError:
        raise ValidationError(f"no backup file {source}", field="backup") from None
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError):
        raise ValidationError(
            f"{source} is not a Mamori backup (no readable manifest.json); give a file made by "
            "`mamori backup`",
            field="backup",
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(f"{source}: the manifest is damaged", field="backup")
    return BackupManifest.from_dict(data, source)


def extract_payload(source: Path, manifest: BackupManifest, folder: Path) -> Path:
    """The dump, extracted into `folder` and checked against the manifest's digest."""
    target = folder / "payload"
    with tarfile.open(source, "r") as archive:
        member = archive.extractfile(manifest.payload)
        if member is None:
            raise ValidationError(f"{source}: the dump is missing", field="backup")
        with target.open("wb") as out:
            while chunk := member.read(1 << 20):
                out.write(chunk)
    if sha256_of(target) != manifest.payload_sha256:
        raise ValidationError(
            f"{source}: the dump does not match the manifest's SHA-256 (damaged or altered); "
            "use another backup",
            field="backup",
        )
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
