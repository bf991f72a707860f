"""Opening one register again and again with another policy version, as a service restarts
with the new file after `mamori policy activate`: the same databases, keys and audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy
from mamori.register import Register


class Reopener:
    """Opens registers on `database_url` sharing one keyring and key store; `close()` closes
    every register it opened."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self._url = database_url
        self._tmp = tmp_path
        self._keyring = Keyring.create(tmp_path / "keyring.json")
        self._opened: list[Register] = []

    def __call__(self, policy: Policy) -> Register:
        register = Register.open(
            self._url,
            policy,
            self._keyring,
            keystore_url=f"sqlite:///{self._tmp / 'keys.sqlite'}",
            audit_head=self._tmp / "audit-head.json",
            passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
            migrate=True,
        )
        self._opened.append(register)
        return register

    def close(self) -> None:
        for register in self._opened:
            register.close()


def edited(policy: Policy, edit: Any) -> Policy:
    """A new version of `policy`: `edit(document)` changes its JSON form in place; the result
    is validated again, as a file would be."""
    document = policy.model_dump(mode="json")
    edit(document)
    return Policy.model_validate(document)
