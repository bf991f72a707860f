"""Checkpoints and the keys that sign them.

The crypto domain provides signers; this module only names the shape it needs (structural typing,
so the audit log never imports the keyring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mamori.audit._canonical import checkpoint_message
from mamori.audit._entry import from_microseconds

__all__ = ["Checkpoint", "Signer", "Verifier"]


class Verifier(Protocol):
    """Checks signatures made under one key."""

    @property
    def key_id(self) -> str: ...

    def verify(self, data: bytes, signature: bytes) -> bool: ...


class Signer(Verifier, Protocol):
    """Signs checkpoints; for example an Ed25519 key held by the keyring."""

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement: "the chain had `hash` at `seq`, at `time_us`"."""

    seq: int
    hash: bytes
    time_us: int
    key_id: str
    signature: bytes

    @property
    def time(self) -> datetime:
        return from_microseconds(self.time_us)

    def message(self) -> bytes:
        return checkpoint_message(self.seq, self.hash, self.time_us, self.key_id)

    @classmethod
    def signed(cls, signer: Signer, *, seq: int, chain_head: bytes, time_us: int) -> Checkpoint:
        message = checkpoint_message(seq, chain_head, time_us, signer.key_id)
        return cls(seq, chain_head, time_us, signer.key_id, signer.sign(message))

    def is_signed_by(self, verifier: Verifier) -> bool:
        if verifier.key_id != self.key_id:
            return False
        try:
            return bool(verifier.verify(self.message(), self.signature))
        except Exception:  # a verifier may raise on a malformed signature instead of saying no
            return False
