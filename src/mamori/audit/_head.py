"""The audit head: the latest signed checkpoint, kept in a small file outside the database.

Someone who can write the database can delete the newest events *and* the checkpoints that cover
them; the chain that remains is intact. The head file, kept next to the keyring rather than in the
database, still names the later checkpoint, so verification notices the missing tail.

It is replaced atomically (temporary file, fsync, rename, fsync of the directory) and only ever
moves forward: a writer holding an older checkpoint leaves a newer head alone.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mamori.audit._signing import Checkpoint
from mamori.errors import IntegrityError

if TYPE_CHECKING:
    from mamori.config import Settings

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: heads are still atomic, writers not serialised
    fcntl = None  # type: ignore[assignment]

__all__ = ["HEAD_FORMAT", "default_head_path", "read_head", "write_head"]

log = logging.getLogger(__name__)

HEAD_FORMAT = "mamori-audit-head/1"


def default_head_path(settings: Settings | None = None) -> Path:
    """The head file the settings name (MAMORI_AUDIT_HEAD_PATH), by default ``audit-head.json``
    beside the keyring: outside the database, backed up with the keys."""
    from mamori.config import Settings

    return (settings or Settings()).effective_audit_head_path()


def read_head(path: Path) -> Checkpoint | None:
    """The checkpoint the head file holds; None when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IntegrityError(
            f"audit head {path} cannot be read ({error.strerror}); check its permissions"
        ) from None
    try:
        data = json.loads(text)
        if data["format"] != HEAD_FORMAT:
            raise ValueError(data["format"])
        return Checkpoint(
            seq=int(data["seq"]),
            hash=bytes.fromhex(data["hash"]),
            time_us=int(data["time_us"]),
            key_id=str(data["key_id"]),
            signature=base64.b64decode(data["signature"], validate=True),
        )
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise IntegrityError(
            f"{path} is not a Mamori audit head ({HEAD_FORMAT}); restore it from a backup"
        ) from None


def _encode(checkpoint: Checkpoint) -> str:
    return json.dumps(
        {
            "format": HEAD_FORMAT,
            "seq": checkpoint.seq,
            "hash": checkpoint.hash.hex(),
            "time_us": checkpoint.time_us,
            "time": checkpoint.time.isoformat(),
            "key_id": checkpoint.key_id,
            "signature": base64.b64encode(checkpoint.signature).decode("ascii"),
        },
        indent=2,
    )


def write_head(path: Path, checkpoint: Checkpoint, *, force: bool = False) -> bool:
    """Make `checkpoint` the head unless the file already holds one at a later or equal seq
    (with `force`, replace it whatever it holds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = read_head(path)
        except IntegrityError:
            log.warning("audit head %s was unreadable and is replaced", path)
            current = None
        if current is not None and current.seq >= checkpoint.seq and not force:
            return False
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(_encode(checkpoint))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        _fsync_directory(path.parent)
    return True


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open a directory
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
