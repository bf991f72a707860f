"""`VaultTransitWrapper`: data keys wrapped by HashiCorp Vault's transit secrets engine.

The KEK never leaves Vault. Calls, with token auth (X-Vault-Token):

    POST /v1/<mount>/encrypt/<name>   {"plaintext": b64}   -> data.ciphertext, data.key_version
    POST /v1/<mount>/decrypt/<name>   {"ciphertext": ...}  -> data.plaintext (b64)
    POST /v1/<mount>/rewrap/<name>    {"ciphertext": ...}  -> data.ciphertext, data.key_version
    GET  /v1/<mount>/keys/<name>                           -> data.latest_version

A wrapped key's id is `vault:<mount>/<name>:v<version>` and its blob is Vault's ciphertext string.
Needs httpx: `pip install 'mamori[vault]'`.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import TYPE_CHECKING, Any

from mamori.crypto._keyring_file import KEY_ID_PATTERN
from mamori.crypto.wrapping import WrappedKey
from mamori.errors import ConfigError, CryptoError

if TYPE_CHECKING:
    import httpx

__all__ = ["VaultTransitWrapper"]

_INSTALL_HINT = "VaultTransitWrapper needs httpx; install it with `pip install 'mamori[vault]'`"


def _import_httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise ConfigError(_INSTALL_HINT) from None
    return httpx


class VaultTransitWrapper:
    """A `KeyWrapper` whose KEK is the Vault transit key `key_name` at `address`."""

    def __init__(
        self,
        address: str,
        token: str,
        key_name: str,
        *,
        mount: str = "transit",
        namespace: str | None = None,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        httpx_module = _import_httpx()
        self._label = f"{mount.strip('/')}/{key_name}"
        self._prefix = f"vault:{self._label}:v"
        if not KEY_ID_PATTERN.fullmatch(f"{self._prefix}1"):
            raise ConfigError(
                f"Vault mount {mount!r} and key name {key_name!r} may only use "
                "A-Z a-z 0-9 _ : / @ + - (they become part of stored key ids)"
            )
        headers = {"X-Vault-Token": token}
        if namespace:
            headers["X-Vault-Namespace"] = namespace
        self._address = address.rstrip("/")
        self._path = f"/v1/{mount.strip('/')}"
        self._key_name = key_name
        self._latest: int | None = None
        self._httpx = httpx_module
        self._client: httpx.Client = httpx_module.Client(
            base_url=self._address, headers=headers, timeout=timeout, transport=transport
        )

    @classmethod
    def from_env(cls, key_name: str, *, mount: str = "transit") -> VaultTransitWrapper:
        """Address and token from VAULT_ADDR and VAULT_TOKEN (and VAULT_NAMESPACE if set)."""
        address, token = os.environ.get("VAULT_ADDR"), os.environ.get("VAULT_TOKEN")
        if not address or not token:
            raise ConfigError("VaultTransitWrapper.from_env needs VAULT_ADDR and VAULT_TOKEN set")
        return cls(
            address, token, key_name, mount=mount, namespace=os.environ.get("VAULT_NAMESPACE")
        )

    # -- KeyWrapper ----------------------------------------------------------------------------

    @property
    def active_key_id(self) -> str:
        """The latest transit key version, read from Vault once, then from each answer."""
        if self._latest is None:
            data = self._call("GET", "keys")
            self._latest = _int(data, "latest_version", "keys")
        return f"{self._prefix}{self._latest}"

    def wrap(self, data_key: bytes) -> WrappedKey:
        plaintext = base64.b64encode(data_key).decode("ascii")
        data = self._call("POST", "encrypt", {"plaintext": plaintext})
        return self._wrapped(data, "encrypt")

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        data = self._call("POST", "decrypt", {"ciphertext": self._ciphertext(wrapped)}, wrapped)
        try:
            return base64.b64decode(str(data["plaintext"]), validate=True)
        except (KeyError, binascii.Error, ValueError):
            raise CryptoError(
                f"Vault's decrypt answer for {wrapped.key_id!r} has no usable plaintext"
            ) from None

    def rewrap(self, wrapped: WrappedKey) -> WrappedKey:
        """Vault re-encrypts under its latest version; an unchanged version returns `wrapped`."""
        data = self._call("POST", "rewrap", {"ciphertext": self._ciphertext(wrapped)}, wrapped)
        fresh = self._wrapped(data, "rewrap")
        return wrapped if fresh.key_id == wrapped.key_id else fresh

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"VaultTransitWrapper({self._address!r}, key={self._label!r})"

    # -- plumbing --------------------------------------------------------------------------------

    def _ciphertext(self, wrapped: WrappedKey) -> str:
        if not wrapped.key_id.startswith(self._prefix):
            raise CryptoError(
                f"data key is wrapped under {wrapped.key_id!r}, not by this Vault transit key "
                f"({self._label}); configure the wrapper that wrapped it"
            )
        return wrapped.blob.decode("ascii")

    def _wrapped(self, data: dict[str, Any], operation: str) -> WrappedKey:
        ciphertext = data.get("ciphertext")
        if not isinstance(ciphertext, str):
            raise CryptoError(f"Vault's {operation} answer has no ciphertext")
        self._latest = _int(data, "key_version", operation)
        return WrappedKey(f"{self._prefix}{self._latest}", ciphertext.encode("ascii"))

    def _call(
        self,
        method: str,
        operation: str,
        body: dict[str, str] | None = None,
        wrapped: WrappedKey | None = None,
    ) -> dict[str, Any]:
        url = f"{self._path}/{operation}/{self._key_name}"
        where = f"Vault at {self._address} ({method} {url})"
        try:
            response = self._client.request(method, url, json=body)
        except self._httpx.HTTPError as error:
            raise CryptoError(
                f"{where} did not answer ({type(error).__name__}); check VAULT_ADDR, the "
                "network and that Vault is unsealed"
            ) from None
        if response.status_code in (401, 403):
            raise CryptoError(
                f"{where} refused the token ({response.status_code}); give a token whose policy "
                f"grants {'read' if method == 'GET' else 'update'} on {url[4:]}"
            )
        if response.status_code >= 400:
            subject = f" the data key wrapped under {wrapped.key_id!r}" if wrapped else ""
            raise CryptoError(
                f"{where} could not {operation}{subject} ({response.status_code}: "
                f"{_errors(response)})"
            )
        try:
            data = response.json()["data"]
        except (ValueError, KeyError, TypeError):
            raise CryptoError(f"{where} answered without a JSON 'data' object") from None
        if not isinstance(data, dict):
            raise CryptoError(f"{where} answered without a JSON 'data' object")
        return data


def _int(data: dict[str, Any], name: str, operation: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CryptoError(f"Vault's {operation} answer has no usable {name}")
    return value


def _errors(response: httpx.Response) -> str:
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        errors = None
    if isinstance(errors, list) and errors:
        return "; ".join(str(error) for error in errors)[:300]
    return response.reason_phrase or "no reason given"
