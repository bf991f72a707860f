"""Blind indexes: keyed HMACs that let the register find a subject by an encrypted value.

digest = HMAC-SHA256(index key of version v, domain || len(item key) || item key || normalised)
truncated to 16 bytes. The item key in the MAC input makes the same e-mail address give unrelated
digests under "email" and "billing_email", so two columns cannot be joined on their indexes.

16 bytes (128 bits) keep the index column and its B-tree small while collisions stay out of reach
(the birthday bound is about 2**64 values per item key). A hit is still confirmed by decrypting
the candidate's value, so a collision could cost a decryption, never a wrong answer.

Lookups across rotation: store `(version, digest)` with each value; look up with every pair from
`candidates()` (one per known index key) and re-index a hit under the active version when seen.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from typing import Literal, NamedTuple

from mamori.crypto.keyring import Keyring
from mamori.crypto.personal import Personal

__all__ = ["DIGEST_SIZE", "BlindIndex", "BlindIndexer", "IndexKind", "normalise"]

DIGEST_SIZE = 16
IndexKind = Literal["email", "generic"]
_DOMAIN = b"mamori/blind-index/v1\x00"


class BlindIndex(NamedTuple):
    version: int
    digest: bytes


def normalise(value: str, kind: IndexKind = "generic") -> str:
    """The form that is indexed: NFKC and surrounding space removed; e-mail also case-folded.

    NFKC for e-mail as well, so that a full-width address typed with a Japanese input method
    (ｍａｉｌ＠ｅｘａｍｐｌｅ．ｊｐ) finds the same subject as its ASCII spelling.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    if kind == "email":
        return text.casefold()
    return text


class BlindIndexer:
    """Computes blind indexes with the keyring's index keys (the active one for writes)."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._macs: dict[str, hmac.HMAC] = {}

    def _digest(self, key_id: str, key: bytes, message: bytes) -> bytes:
        base = self._macs.get(key_id)
        if base is None:
            base = self._macs[key_id] = hmac.new(key, digestmod=hashlib.sha256)
        mac = base.copy()  # copying skips re-deriving the HMAC pads from the key on every call
        mac.update(message)
        return mac.digest()[:DIGEST_SIZE]

    @staticmethod
    def _message(item_key: str, value: str | Personal[str], kind: IndexKind) -> bytes:
        raw = value.reveal() if isinstance(value, Personal) else value
        item = item_key.encode("utf-8")
        return _DOMAIN + len(item).to_bytes(4, "big") + item + normalise(raw, kind).encode("utf-8")

    def compute(
        self, item_key: str, value: str | Personal[str], *, kind: IndexKind = "generic"
    ) -> BlindIndex:
        """`(version, digest)` under the active index key: what to store with a new value."""
        message = self._message(item_key, value, kind)
        key = self._keyring._index_keys()[0]
        return BlindIndex(key.version, self._digest(key.id, key.key, message))

    def candidates(
        self, item_key: str, value: str | Personal[str], *, kind: IndexKind = "generic"
    ) -> list[BlindIndex]:
        """`(version, digest)` under every known index key, the active one first: what to look
        up, so that values indexed before a rotation are still found."""
        message = self._message(item_key, value, kind)
        return [
            BlindIndex(key.version, self._digest(key.id, key.key, message))
            for key in self._keyring._index_keys()
        ]

    def __repr__(self) -> str:
        return f"BlindIndexer({self._keyring!r})"
