"""The keyring's JSON form: parsing with errors that name the source and the place, and the
atomic, owner-only write.

    {
      "format": "mamori-keyring", "format_version": 1,
      "keks":       [{"id": "kek-1-9f3a1c0b", "version": 1, "created_at": "...", "active": true,
                      "key": "<base64, 32 bytes>"}],
      "index_keys": [{"id": "idx-1-...", ...same fields...}],
      "signing_key": {"id": "sig-1-...", "created_at": "...", "private_key": "<base64, 32 bytes>"}
    }

Error messages never include a field's value: the values are keys.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mamori.errors import ConfigError

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "KEY_ID_PATTERN",
    "KEY_SIZE",
    "KeyringData",
    "StoredKey",
    "StoredSigningKey",
    "check_permissions",
    "dump",
    "parse",
    "write_atomically",
]

FORMAT = "mamori-keyring"
FORMAT_VERSION = 1
KEY_SIZE = 32
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_:/@+-]{1,200}")


@dataclass(frozen=True, slots=True)
class StoredKey:
    id: str
    version: int
    created_at: datetime
    active: bool
    key: bytes

    def __repr__(self) -> str:
        return f"StoredKey(id={self.id!r}, version={self.version}, active={self.active})"


@dataclass(frozen=True, slots=True)
class StoredSigningKey:
    id: str
    created_at: datetime
    private_key: bytes

    def __repr__(self) -> str:
        return f"StoredSigningKey(id={self.id!r})"


@dataclass(frozen=True, slots=True)
class KeyringData:
    keks: tuple[StoredKey, ...]
    index_keys: tuple[StoredKey, ...]
    signing_key: StoredSigningKey


class _ProblemError(Exception):
    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")


def parse(text: str, *, source: str) -> KeyringData:
    """Parse and check the JSON text of a keyring; `source` names it in errors."""
    fix = "restore it from a backup, or create a new one with `mamori keys init`"
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            f"{fix}"
        ) from None
    try:
        return _parse_document(document)
    except _ProblemError as problem:
        raise ConfigError(f"{source}: {problem}; {fix}") from None


def _parse_document(document: Any) -> KeyringData:
    if not isinstance(document, dict):
        raise _ProblemError("top level", "expected a JSON object")
    if document.get("format") != FORMAT:
        raise _ProblemError("format", f"expected {FORMAT!r}; this is not a Mamori keyring")
    if document.get("format_version") != FORMAT_VERSION:
        raise _ProblemError(
            "format_version",
            f"expected {FORMAT_VERSION}; this keyring was written by another Mamori version",
        )
    keks = _parse_versioned(document, "keks")
    index_keys = _parse_versioned(document, "index_keys")
    signing = document.get("signing_key")
    if not isinstance(signing, dict):
        raise _ProblemError("signing_key", "missing, or not an object")
    signing_key = StoredSigningKey(
        id=_key_id(signing, "signing_key"),
        created_at=_timestamp(signing, "signing_key"),
        private_key=_key_bytes(signing, "signing_key", "private_key"),
    )
    all_ids = [key.id for key in keks + index_keys] + [signing_key.id]
    duplicates = sorted({key_id for key_id in all_ids if all_ids.count(key_id) > 1})
    if duplicates:
        raise _ProblemError("ids", f"key id {duplicates[0]!r} is used more than once")
    return KeyringData(keks=keks, index_keys=index_keys, signing_key=signing_key)


def _parse_versioned(document: dict[str, Any], name: str) -> tuple[StoredKey, ...]:
    entries = document.get(name)
    if not isinstance(entries, list) or not entries:
        raise _ProblemError(name, "missing, or not a non-empty list")
    keys: list[StoredKey] = []
    for index, entry in enumerate(entries):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            raise _ProblemError(where, "expected an object")
        version = entry.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _ProblemError(f"{where}.version", "expected a positive integer")
        active = entry.get("active")
        if not isinstance(active, bool):
            raise _ProblemError(f"{where}.active", "expected true or false")
        keys.append(
            StoredKey(
                id=_key_id(entry, where),
                version=version,
                created_at=_timestamp(entry, where),
                active=active,
                key=_key_bytes(entry, where, "key"),
            )
        )
    versions = [key.version for key in keys]
    if len(set(versions)) != len(versions):
        raise _ProblemError(name, "two keys have the same version")
    active_count = sum(key.active for key in keys)
    if active_count != 1:
        raise _ProblemError(name, f"exactly one key must be active, found {active_count}")
    return tuple(keys)


def _key_id(entry: dict[str, Any], where: str) -> str:
    key_id = entry.get("id")
    if not isinstance(key_id, str) or not KEY_ID_PATTERN.fullmatch(key_id):
        raise _ProblemError(f"{where}.id", "expected 1-200 characters from A-Z a-z 0-9 _ : / @ + -")
    return key_id


def _timestamp(entry: dict[str, Any], where: str) -> datetime:
    value = entry.get("created_at")
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed
    raise _ProblemError(f"{where}.created_at", "expected an ISO 8601 time with a UTC offset")


def _key_bytes(entry: dict[str, Any], where: str, field: str) -> bytes:
    value = entry.get(field)
    if not isinstance(value, str):
        raise _ProblemError(f"{where}.{field}", "missing, or not a base64 string")
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _ProblemError(f"{where}.{field}", "not valid base64") from None
    if len(key) != KEY_SIZE:
        raise _ProblemError(f"{where}.{field}", f"expected {KEY_SIZE} bytes, found {len(key)}")
    return key


def dump(data: KeyringData) -> str:
    """The JSON text of a keyring (holds the keys themselves: keep it secret)."""

    def versioned(key: StoredKey) -> dict[str, object]:
        return {
            "id": key.id,
            "version": key.version,
            "created_at": key.created_at.isoformat(),
            "active": key.active,
            "key": base64.b64encode(key.key).decode("ascii"),
        }

    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "keks": [versioned(key) for key in data.keks],
        "index_keys": [versioned(key) for key in data.index_keys],
        "signing_key": {
            "id": data.signing_key.id,
            "created_at": data.signing_key.created_at.isoformat(),
            "private_key": base64.b64encode(data.signing_key.private_key).decode("ascii"),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def check_permissions(path: Path, st_mode: int) -> None:
    """Refuse a keyring file that anyone but its owner may read or write."""
    if os.name == "nt":  # POSIX modes mean nothing there; rely on the ACLs
        return
    mode = stat.S_IMODE(st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"keyring file {path} is open to group or others (mode {mode:04o}); "
            f"run `chmod 600 {path}` and check who could have read it"
        )


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` with mode 0600: temp file in the same folder, fsync, rename.

    A crash leaves either the old file or the new one, never a half-written keyring.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkstemp creates the file with mode 0600, so the keys are never readable by others.
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    if os.name != "nt":
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
