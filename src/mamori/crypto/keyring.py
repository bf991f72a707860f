"""The keyring: versioned key-encryption keys, versioned blind-index keys and the checkpoint key.

A keyring lives in a JSON file with mode 0600 (`Keyring.create`, `Keyring.load`) or, whole, in the
environment variable MAMORI_KEYRING (`Keyring.from_json`, `Keyring.from_settings`). Rotation adds a
new active version and keeps the old ones, so everything wrapped or indexed before stays readable.

Key material never leaves through `repr`, `status()` or an error message. Within this package the
wrapper, indexer and signer read it through the underscored accessors.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mamori.crypto import _keyring_file as keyfile
from mamori.crypto.signing import CheckpointSigner
from mamori.errors import ConfigError, ConflictError, CryptoError

if TYPE_CHECKING:
    from mamori.config import Settings

__all__ = ["KeyInfo", "KeyKind", "Keyring", "KeyringStatus"]

KeyKind = Literal["kek", "index", "signing"]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What may be shown about one key: never the key itself."""

    kind: KeyKind
    id: str
    version: int
    created_at: datetime
    active: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    source: str
    keys: tuple[KeyInfo, ...]

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "keys": [key.to_dict() for key in self.keys]}


# An atomic rewrite makes a new inode, so (inode, mtime) changes even within one clock tick.
_FileVersion = tuple[int, int]


def _file_version(status: os.stat_result) -> _FileVersion:
    return (status.st_ino, status.st_mtime_ns)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _new_key(prefix: str, version: int) -> keyfile.StoredKey:
    # The random suffix keeps ids of two independently made keyrings apart, so a data key wrapped
    # by another keyring fails as "unknown KEK" instead of as a puzzling authentication failure.
    return keyfile.StoredKey(
        id=f"{prefix}-{version}-{secrets.token_hex(4)}",
        version=version,
        created_at=_now(),
        active=True,
        key=secrets.token_bytes(keyfile.KEY_SIZE),
    )


def _rotated(keys: tuple[keyfile.StoredKey, ...], prefix: str) -> tuple[keyfile.StoredKey, ...]:
    fresh = _new_key(prefix, max(key.version for key in keys) + 1)
    return (*(replace(key, active=False) for key in keys), fresh)


class Keyring:
    """Versioned KEKs and blind-index keys (one active each) and one Ed25519 checkpoint key."""

    _file_version: _FileVersion | None

    def __init__(
        self,
        data: keyfile.KeyringData,
        *,
        path: Path | None,
        source: str,
        file_version: _FileVersion | None = None,
    ) -> None:
        self._path = path
        self._source = source
        self._lock = threading.Lock()
        self._set_data(data, file_version)

    # -- making and loading ------------------------------------------------------------------

    @classmethod
    def generate(cls) -> Keyring:
        """A new keyring in memory only (tests, or to print for MAMORI_KEYRING)."""
        data = keyfile.KeyringData(
            keks=(_new_key("kek", 1),),
            index_keys=(_new_key("idx", 1),),
            signing_key=keyfile.StoredSigningKey(
                id=f"sig-1-{secrets.token_hex(4)}",
                created_at=_now(),
                private_key=secrets.token_bytes(keyfile.KEY_SIZE),
            ),
        )
        return cls(data, path=None, source="generated keyring")

    @classmethod
    def create(cls, path: Path | str, *, force: bool = False) -> Keyring:
        """Make a new keyring and write it to `path` (mode 0600). Refuses to overwrite unless
        `force`: overwriting a keyring makes everything it protected unreadable."""
        path = Path(path)
        if path.exists() and not force:
            raise ConflictError(
                f"keyring file {path} already exists; overwriting it would make every value it "
                "protects unreadable. Keep it, or pass --force if it protects nothing"
            )
        keyring = cls.generate()
        keyring.save(path)
        return keyring

    @classmethod
    def load(cls, path: Path | str) -> Keyring:
        """Read a keyring file, refusing one that group or others may read."""
        path = Path(path)
        data, file_version = cls._read(path)
        return cls(data, path=path, source=f"keyring file {path}", file_version=file_version)

    @classmethod
    def from_json(cls, text: str, *, source: str = "MAMORI_KEYRING") -> Keyring:
        """A keyring from its JSON text, e.g. the value of MAMORI_KEYRING."""
        return cls(keyfile.parse(text, source=source), path=None, source=source)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Keyring:
        """MAMORI_KEYRING when set, otherwise the file at `effective_keyring_path()`."""
        from mamori.config import Settings

        settings = settings or Settings()
        if settings.keyring:
            return cls.from_json(settings.keyring, source="MAMORI_KEYRING")
        return cls.load(settings.effective_keyring_path())

    @staticmethod
    def _read(path: Path) -> tuple[keyfile.KeyringData, _FileVersion]:
        """The parsed file and its modification time, taken from the same open file."""
        try:
            with path.open("rb") as handle:
                status = os.fstat(handle.fileno())
                keyfile.check_permissions(path, status.st_mode)
                text = handle.read().decode("utf-8")
        except FileNotFoundError:
            raise ConfigError(
                f"keyring file {path} does not exist; create one with "
                f"`mamori keys init --path {path}` or set MAMORI_KEYRING_PATH"
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(
                f"keyring file {path} is not UTF-8 text; restore it from a backup"
            ) from None
        except OSError as error:
            raise ConfigError(f"keyring file {path} cannot be read: {error.strerror}") from None
        return keyfile.parse(text, source=f"keyring file {path}"), _file_version(status)

    def to_json(self) -> str:
        """The keyring's JSON text, keys included: for MAMORI_KEYRING or a backup. Keep secret."""
        return keyfile.dump(self._data)

    def save(self, path: Path | str | None = None) -> None:
        """Write the keyring atomically (mode 0600) to `path`, or back to the file it came from."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ConfigError(f"{self._source} has no file to save to; give a path")
        keyfile.write_atomically(target, keyfile.dump(self._data))
        self._path = target
        self._source = f"keyring file {target}"
        self._file_version = _file_version(target.stat())

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def source(self) -> str:
        """Where the keyring came from, for messages: a file path or MAMORI_KEYRING."""
        return self._source

    # -- rotation and status -----------------------------------------------------------------

    def rotate_kek(self) -> KeyInfo:
        """Add a new active KEK; old KEKs stay for unwrapping. Saved at once if file-backed."""
        with self._lock:
            self._catch_up()
            self._commit(replace(self._data, keks=_rotated(self._data.keks, "kek")))
            return self._info("kek", self._data.keks[-1])

    def rotate_index_key(self) -> KeyInfo:
        """Add a new active blind-index key; old ones stay so lookups find older entries."""
        with self._lock:
            self._catch_up()
            self._commit(replace(self._data, index_keys=_rotated(self._data.index_keys, "idx")))
            return self._info("index", self._data.index_keys[-1])

    def _catch_up(self) -> None:
        # Rotating from a stale copy would write the file without keys another process added,
        # and whatever those keys protect would become unreadable.
        if self._path is not None and self._file_changed():
            self._set_data(*self._read(self._path))

    def _commit(self, data: keyfile.KeyringData) -> None:
        # Write first: if the file cannot be written, memory keeps agreeing with the file.
        file_version: _FileVersion | None = None
        if self._path is not None:
            keyfile.write_atomically(self._path, keyfile.dump(data))
            file_version = _file_version(self._path.stat())
        self._set_data(data, file_version)

    def _set_data(self, data: keyfile.KeyringData, file_version: _FileVersion | None) -> None:
        # The active KEK is looked up on every wrap; finding it once per change keeps wraps cheap.
        self._active = next(key for key in data.keks if key.active)
        self._data = data
        self._file_version = file_version

    def _file_changed(self) -> bool:
        # Only a changed file is re-read, so stored rows naming unknown KEKs cannot make every
        # read parse the keyring again.
        if self._path is None:
            return False
        try:
            return _file_version(self._path.stat()) != self._file_version
        except OSError:
            return False

    def reload(self) -> None:
        """Re-read the file, e.g. after `mamori keys rotate` ran in another process."""
        if self._path is not None:
            data, file_version = self._read(self._path)
            with self._lock:
                self._set_data(data, file_version)

    def status(self) -> KeyringStatus:
        """Ids, versions, creation times and active flags of every key; never key material."""
        data = self._data
        signing = data.signing_key
        keys = (
            *(self._info("kek", key) for key in data.keks),
            *(self._info("index", key) for key in data.index_keys),
            KeyInfo("signing", signing.id, 1, signing.created_at, True),
        )
        return KeyringStatus(source=self._source, keys=keys)

    @staticmethod
    def _info(kind: KeyKind, key: keyfile.StoredKey) -> KeyInfo:
        return KeyInfo(kind, key.id, key.version, key.created_at, key.active)

    def checkpoint_signer(self) -> CheckpointSigner:
        """The Ed25519 signer for audit-log checkpoints."""
        signing = self._data.signing_key
        return CheckpointSigner(signing.id, signing.private_key)

    # -- material, for this package only ------------------------------------------------------

    @property
    def active_kek_id(self) -> str:
        return self._active.id

    def _kek(self, key_id: str) -> bytes:
        for attempt in range(2):
            for key in self._data.keks:
                if key.id == key_id:
                    return key.key
            if attempt == 0 and self._file_changed():
                self.reload()  # another process may have rotated the file since we loaded it
        raise CryptoError(
            f"data key is wrapped under KEK {key_id!r}, which {self._source} does not hold; "
            "use the keyring that wrapped it (restore it from a backup if it was replaced)"
        )

    def _index_keys(self) -> list[keyfile.StoredKey]:
        """Blind-index keys, the active one first."""
        return sorted(self._data.index_keys, key=lambda key: (not key.active, -key.version))

    def __repr__(self) -> str:
        return f"Keyring(source={self._source!r}, active_kek={self.active_kek_id!r})"
