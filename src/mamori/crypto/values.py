"""Encrypting item values under a subject's data key (AES-256-GCM).

Stored form: one version byte, a random 96-bit nonce, then the ciphertext and its 16-byte tag.
The associated data binds the subject id and the item key, so a ciphertext copied to another
subject or item fails to decrypt instead of being read as that subject's or item's value.

`ValueCipher` keeps the AESGCM object for a data key; make one per subject when reading or writing
several values (the register's hot path), rather than calling `encrypt_value` / `decrypt_value`.
"""

from __future__ import annotations

import functools
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mamori.errors import CryptoError

__all__ = [
    "DATA_KEY_SIZE",
    "VALUE_FORMAT_VERSION",
    "ValueCipher",
    "decrypt_value",
    "encrypt_value",
    "new_data_key",
]

DATA_KEY_SIZE = 32
VALUE_FORMAT_VERSION = 1
_VERSION_BYTE = bytes((VALUE_FORMAT_VERSION,))
_NONCE_SIZE = 12
_TAG_SIZE = 16
_AAD_PREFIX = b"mamori/value/v1\x00"


def new_data_key() -> bytes:
    """A fresh random 32-byte data key (one per subject)."""
    return secrets.token_bytes(DATA_KEY_SIZE)


@functools.lru_cache(maxsize=8192)
def _associated_data(subject_id: str, item_key: str) -> bytes:
    # Length-prefixing keeps ("ab", "c") and ("a", "bc") apart. Cached because building it costs
    # about as much as the decryption itself; the arguments are ids, never personal values.
    subject = subject_id.encode("utf-8")
    item = item_key.encode("utf-8")
    return (
        _AAD_PREFIX
        + len(subject).to_bytes(4, "big")
        + subject
        + len(item).to_bytes(4, "big")
        + item
    )


class ValueCipher:
    """Encrypts and decrypts values under one data key; reuse it across values of a subject."""

    __slots__ = ("_aesgcm",)

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != DATA_KEY_SIZE:
            raise CryptoError(
                f"data key must be {DATA_KEY_SIZE} bytes, got {len(data_key)}; "
                "make one with new_data_key()"
            )
        self._aesgcm = AESGCM(data_key)

    def encrypt(self, plaintext: bytes, *, subject_id: str, item_key: str) -> bytes:
        """Version byte + nonce + ciphertext and tag, bound to this subject and item."""
        nonce = os.urandom(_NONCE_SIZE)
        aad = _associated_data(subject_id, item_key)
        return _VERSION_BYTE + nonce + self._aesgcm.encrypt(nonce, plaintext, aad)

    def decrypt(self, ciphertext: bytes, *, subject_id: str, item_key: str) -> bytes:
        """The plaintext; CryptoError naming the subject and item (never the value) otherwise."""
        if len(ciphertext) < 1 + _NONCE_SIZE + _TAG_SIZE:
            raise CryptoError(
                f"stored value of item {item_key!r} of subject {subject_id!r} is truncated "
                f"({len(ciphertext)} bytes); restore it from a backup"
            )
        if ciphertext[0] != VALUE_FORMAT_VERSION:
            raise CryptoError(
                f"stored value of item {item_key!r} of subject {subject_id!r} has unknown "
                f"format version {ciphertext[0]}; it is damaged or from a newer Mamori"
            )
        try:
            return self._aesgcm.decrypt(
                ciphertext[1 : 1 + _NONCE_SIZE],
                ciphertext[1 + _NONCE_SIZE :],
                _associated_data(subject_id, item_key),
            )
        except InvalidTag:
            raise CryptoError(
                f"stored value of item {item_key!r} of subject {subject_id!r} does not decrypt: "
                "it was altered, copied from another subject or item, or the data key is wrong"
            ) from None

    def __repr__(self) -> str:
        return "ValueCipher(<data key>)"


def encrypt_value(data_key: bytes, plaintext: bytes, *, subject_id: str, item_key: str) -> bytes:
    """One-off `ValueCipher(data_key).encrypt(...)`."""
    return ValueCipher(data_key).encrypt(plaintext, subject_id=subject_id, item_key=item_key)


def decrypt_value(data_key: bytes, ciphertext: bytes, *, subject_id: str, item_key: str) -> bytes:
    """One-off `ValueCipher(data_key).decrypt(...)`."""
    return ValueCipher(data_key).decrypt(ciphertext, subject_id=subject_id, item_key=item_key)
