"""Test doubles for the crypto domain. Imports httpx: use it from tests only.

`FakeVaultTransit` emulates the parts of Vault's transit engine that `VaultTransitWrapper` calls
(encrypt, decrypt, rewrap and reading a key's latest version), with real AES-256-GCM per key
version, behind an `httpx.MockTransport`:

    fake = FakeVaultTransit(token="t")
    wrapper = VaultTransitWrapper("http://vault.test", "t", "mamori", transport=fake.transport)
    fake.rotate()  # as `vault write -f transit/keys/mamori/rotate` would
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets

import httpx
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["FakeVaultTransit"]


class FakeVaultTransit:
    """An in-memory transit engine mounted at `mount`, accepting one token."""

    def __init__(self, *, token: str, mount: str = "transit") -> None:
        self.token = token
        self.mount = mount
        self.keys: dict[str, list[bytes]] = {}
        self.requests: list[tuple[str, str]] = []
        """(method, path) of every request received, for assertions."""
        self.transport = httpx.MockTransport(self._handle)

    def rotate(self, name: str) -> int:
        """Add a key version (creating the key if needed); returns the latest version."""
        self.keys.setdefault(name, []).append(secrets.token_bytes(32))
        return len(self.keys[name])

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        if request.headers.get("X-Vault-Token") != self.token:
            return _error(403, "permission denied")
        parts = request.url.path.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "v1" or parts[1] != self.mount:
            return _error(404, "no handler for route")
        operation, name = parts[2], parts[3]
        if request.method == "GET" and operation == "keys":
            if name not in self.keys:
                return _error(404, "key not found")
            return _data({"name": name, "latest_version": len(self.keys[name])})
        if request.method != "POST" or operation not in ("encrypt", "decrypt", "rewrap"):
            return _error(405, "unsupported operation")
        try:
            body = json.loads(request.content)
        except ValueError:
            return _error(400, "failed to parse JSON input")
        if operation == "encrypt":
            if name not in self.keys:
                self.rotate(name)  # like Vault, encrypt creates the key on first use
            try:
                plaintext = base64.b64decode(body.get("plaintext", ""), validate=True)
            except (binascii.Error, ValueError):
                return _error(400, "failed to base64-decode plaintext")
            return _data(self._seal(name, plaintext))
        if name not in self.keys:
            return _error(400, "encryption key not found")
        plaintext_or_error = self._open(name, str(body.get("ciphertext", "")))
        if isinstance(plaintext_or_error, httpx.Response):
            return plaintext_or_error
        if operation == "decrypt":
            return _data({"plaintext": base64.b64encode(plaintext_or_error).decode("ascii")})
        return _data(self._seal(name, plaintext_or_error))

    def _seal(self, name: str, plaintext: bytes) -> dict[str, object]:
        version = len(self.keys[name])
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[name][-1]).encrypt(nonce, plaintext, None)
        ciphertext = f"vault:v{version}:{base64.b64encode(nonce + sealed).decode('ascii')}"
        return {"ciphertext": ciphertext, "key_version": version}

    def _open(self, name: str, ciphertext: str) -> bytes | httpx.Response:
        prefix, _, rest = ciphertext.partition(":")
        tag, _, payload = rest.partition(":")
        if prefix != "vault" or not tag.startswith("v") or not tag[1:].isdigit():
            return _error(400, "invalid ciphertext: no prefix")
        version = int(tag[1:])
        if not 1 <= version <= len(self.keys[name]):
            return _error(400, "invalid ciphertext: key version not found")
        try:
            raw = base64.b64decode(payload, validate=True)
            return AESGCM(self.keys[name][version - 1]).decrypt(raw[:12], raw[12:], None)
        except (binascii.Error, ValueError, InvalidTag):
            return _error(400, "cipher: message authentication failed")


def _data(data: dict[str, object]) -> httpx.Response:
    return httpx.Response(200, json={"request_id": secrets.token_hex(8), "data": data})


def _error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"errors": [message]})
