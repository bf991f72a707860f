"""Wrapping data keys under a key-encryption key: the small KMS interface and its local version.

Each subject's data key is stored only wrapped. Destroying the stored wrapped key (erasure) makes
the subject's values unreadable everywhere, backups included, once no copy of it remains.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mamori.crypto._keyring_file import KEY_ID_PATTERN
from mamori.crypto.keyring import Keyring
from mamori.errors import CryptoError

__all__ = ["KeyWrapper", "LocalKeyWrapper", "WrappedKey"]

_ENCODING_VERSION = 1
_NONCE_SIZE = 12
_DATA_KEY_SIZE = 32
_LOCAL_AAD_PREFIX = b"mamori/kek-wrap/v1\x00"


@dataclass(frozen=True, slots=True)
class WrappedKey:
    """A data key encrypted under the KEK named by `key_id`.

    Store it with `to_bytes()` (a BLOB column) or `to_str()` (a text column); read it back with
    `from_bytes` / `from_str`.
    """

    key_id: str
    blob: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not KEY_ID_PATTERN.fullmatch(self.key_id):
            raise CryptoError(
                f"wrapped key id {self.key_id!r} is not 1-200 characters "
                "from A-Z a-z 0-9 _ : / @ + -"
            )

    def to_bytes(self) -> bytes:
        """Version byte, key-id length byte, key id, blob."""
        key_id = self.key_id.encode("ascii")
        return bytes((_ENCODING_VERSION, len(key_id))) + key_id + self.blob

    @classmethod
    def from_bytes(cls, data: bytes) -> WrappedKey:
        if len(data) < 2 or data[0] != _ENCODING_VERSION:
            raise CryptoError(
                "stored wrapped key does not start with a known encoding version; "
                "it is damaged or was not written by Mamori"
            )
        end = 2 + data[1]
        if len(data) <= end:
            raise CryptoError("stored wrapped key is truncated; restore it from a backup")
        try:
            key_id = data[2:end].decode("ascii")
        except UnicodeDecodeError:
            raise CryptoError("stored wrapped key has a damaged key id") from None
        return cls(key_id, bytes(data[end:]))

    def to_str(self) -> str:
        """`<key_id>.<base64url blob>`; key ids never contain a dot."""
        blob = base64.urlsafe_b64encode(self.blob).rstrip(b"=").decode("ascii")
        return f"{self.key_id}.{blob}"

    @classmethod
    def from_str(cls, text: str) -> WrappedKey:
        key_id, dot, blob = text.partition(".")
        if not dot or not blob:
            raise CryptoError("stored wrapped key is not '<key id>.<base64url>'; it is damaged")
        try:
            raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
        except (binascii.Error, ValueError):
            raise CryptoError(f"stored wrapped key under {key_id!r} is not valid base64") from None
        return cls(key_id, raw)


@runtime_checkable
class KeyWrapper(Protocol):
    """Wraps and unwraps data keys under a key-encryption key held elsewhere (keyring, KMS)."""

    @property
    def active_key_id(self) -> str:
        """The id new wraps are made under."""
        ...

    def wrap(self, data_key: bytes) -> WrappedKey:
        """Encrypt `data_key` under the active KEK."""
        ...

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """The data key; CryptoError when it does not decrypt."""
        ...

    def rewrap(self, wrapped: WrappedKey) -> WrappedKey:
        """`wrapped` under the active KEK; the same object when it already is."""
        ...


class LocalKeyWrapper:
    """AES-256-GCM under the keyring's KEKs; the associated data binds the KEK id."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._ciphers: dict[str, tuple[AESGCM, bytes]] = {}

    @property
    def active_key_id(self) -> str:
        return self._keyring.active_kek_id

    def _cipher(self, key_id: str) -> tuple[AESGCM, bytes]:
        """The AESGCM object of a KEK and the associated data that binds its id."""
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            aad = _LOCAL_AAD_PREFIX + key_id.encode("ascii")
            cipher = self._ciphers[key_id] = (AESGCM(self._keyring._kek(key_id)), aad)
        return cipher

    def wrap(self, data_key: bytes) -> WrappedKey:
        if len(data_key) != _DATA_KEY_SIZE:
            raise CryptoError(
                f"data key must be {_DATA_KEY_SIZE} bytes, got {len(data_key)}; "
                "make one with new_data_key()"
            )
        key_id = self._keyring.active_kek_id
        cipher, aad = self._cipher(key_id)
        nonce = os.urandom(_NONCE_SIZE)
        return WrappedKey(key_id, nonce + cipher.encrypt(nonce, data_key, aad))

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        cipher, aad = self._cipher(wrapped.key_id)
        try:
            data_key = cipher.decrypt(wrapped.blob[:_NONCE_SIZE], wrapped.blob[_NONCE_SIZE:], aad)
        except (InvalidTag, ValueError):
            raise CryptoError(
                f"data key wrapped under KEK {wrapped.key_id!r} does not unwrap: the stored "
                f"wrapped key was altered or belongs to another keyring with that KEK id"
            ) from None
        if len(data_key) != _DATA_KEY_SIZE:
            raise CryptoError(f"data key wrapped under KEK {wrapped.key_id!r} has a wrong size")
        return data_key

    def rewrap(self, wrapped: WrappedKey) -> WrappedKey:
        if wrapped.key_id == self._keyring.active_kek_id:
            return wrapped
        return self.wrap(self.unwrap(wrapped))

    def __repr__(self) -> str:
        return f"LocalKeyWrapper({self._keyring!r})"
