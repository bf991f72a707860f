"""Crypto: keyring, envelope encryption of item values, blind indexes, passwords, redaction.

    keyring  = Keyring.from_settings()             # MAMORI_KEYRING or the keyring file
    wrapper  = LocalKeyWrapper(keyring)            # or VaultTransitWrapper(...)
    data_key = new_data_key()                      # one per subject
    stored   = wrapper.wrap(data_key).to_bytes()   # keep only the wrapped form
    cipher   = ValueCipher(wrapper.unwrap(WrappedKey.from_bytes(stored)))
    blob     = cipher.encrypt(b"...", subject_id="s-1", item_key="email")

`VaultTransitWrapper` is imported lazily (it needs the `vault` extra, httpx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mamori.crypto.blind_index import DIGEST_SIZE, BlindIndex, BlindIndexer, IndexKind, normalise
from mamori.crypto.keyring import KeyInfo, KeyKind, Keyring, KeyringStatus
from mamori.crypto.passwords import PasswordHasher
from mamori.crypto.personal import REDACTED, Personal
from mamori.crypto.signing import CheckpointSigner, CheckpointVerifier
from mamori.crypto.values import (
    DATA_KEY_SIZE,
    ValueCipher,
    decrypt_value,
    encrypt_value,
    new_data_key,
)
from mamori.crypto.wrapping import KeyWrapper, LocalKeyWrapper, WrappedKey

if TYPE_CHECKING:
    from mamori.crypto.vault import VaultTransitWrapper

__all__ = [
    "DATA_KEY_SIZE",
    "DIGEST_SIZE",
    "REDACTED",
    "BlindIndex",
    "BlindIndexer",
    "CheckpointSigner",
    "CheckpointVerifier",
    "IndexKind",
    "KeyInfo",
    "KeyKind",
    "KeyWrapper",
    "Keyring",
    "KeyringStatus",
    "LocalKeyWrapper",
    "PasswordHasher",
    "Personal",
    "ValueCipher",
    "VaultTransitWrapper",
    "WrappedKey",
    "decrypt_value",
    "encrypt_value",
    "new_data_key",
    "normalise",
]


def __getattr__(name: str) -> Any:
    if name == "VaultTransitWrapper":
        from mamori.crypto.vault import VaultTransitWrapper

        return VaultTransitWrapper
    raise AttributeError(f"module 'mamori.crypto' has no attribute {name!r}")
