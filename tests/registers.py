"""Registers for tests: opened on a test database with a fast password hasher, and members."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy
from mamori.register import Actor, Register

__all__ = ["FAST_PASSWORDS", "Registers", "add_members"]

FAST_PASSWORDS = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)

_MEMBER_VALUES = {
    "postal_code": "1500001",
    "gender": "female",
}


class Registers:
    """Opens registers on one database sharing one keyring, key store and audit head, as a
    service reopens its register (after a policy activation, say); `close()` closes them all.

    Give it the `engine` fixture (a migrated copy of a template database: much faster than
    migrating each time) or a database URL."""

    def __init__(self, database: Engine | str, tmp_path: Path) -> None:
        self._url = (
            database.url.render_as_string(hide_password=False)
            if isinstance(database, Engine)
            else database
        )
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
            passwords=FAST_PASSWORDS,
            migrate=True,
        )
        self._opened.append(register)
        return register

    def close(self) -> None:
        for register in self._opened:
            register.close()


def add_members(
    register: Register, *items: str, count: int = 3, collection_point: str = "registration"
) -> None:
    """Members m1..m<count> with a name, an e-mail and `items` (postal_code, gender, cookie_id)."""
    with register.session() as session:
        for number in range(1, count + 1):
            values = {"name": f"Member {number}", "email": f"m{number}@example.org"}
            for item in items:
                values[item] = f"ck-{number}" if item == "cookie_id" else _MEMBER_VALUES[item]
            session.create_subject(
                Actor.application(),
                f"m{number}",
                kind="member",
                collection_point=collection_point,
                values=values,
            )
