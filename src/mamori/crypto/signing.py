"""Ed25519 signatures for audit-log checkpoints.

The audit log signs each checkpoint (a hash of the chain so far) so that someone who can rewrite
the log's table still cannot forge a checkpoint. `public_key` lets an auditor verify without the
keyring.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = ["CheckpointSigner", "CheckpointVerifier"]


class CheckpointVerifier:
    """Verifies checkpoint signatures with a public key only."""

    def __init__(self, key_id: str, public_key: bytes) -> None:
        self.key_id = key_id
        self._public = Ed25519PublicKey.from_public_bytes(public_key)
        self.public_key: bytes = public_key

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when `signature` is this key's signature of `data`; False otherwise."""
        try:
            self._public.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"{type(self).__name__}(key_id={self.key_id!r})"


class CheckpointSigner(CheckpointVerifier):
    """Signs and verifies checkpoints: `key_id`, `sign(data)`, `verify(data, signature)`."""

    def __init__(self, key_id: str, private_key: bytes) -> None:
        self._private = Ed25519PrivateKey.from_private_bytes(private_key)
        public = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        super().__init__(key_id, public)

    def sign(self, data: bytes) -> bytes:
        """A 64-byte Ed25519 signature of `data`."""
        return self._private.sign(data)

    def verifier(self) -> CheckpointVerifier:
        """The public half, to hand to whoever checks the log without holding the keyring."""
        return CheckpointVerifier(self.key_id, self.public_key)
