"""A register with one of the seed policies (examples/<seed>/policy.yaml), on each test database,
and what the seed scenarios read back from it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mamori.audit import AuditEvent
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import load_policy
from mamori.register import Register, SubjectData

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@contextmanager
def seed_register(name: str, database_url: str, tmp_path: Path) -> Iterator[Register]:
    """A register for seed `name`, built as `mamori init` does: migrations applied, a fresh
    keyring, the key store in a database of its own."""
    opened = Register.open(
        database_url,
        load_policy(EXAMPLES / name / "policy.yaml"),
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
        audit_head=tmp_path / "audit-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    try:
        yield opened
    finally:
        opened.close()


def events(register: Register, subject_id: str) -> list[AuditEvent]:
    """The audit events about `subject_id`, oldest first."""
    with register.engine.connect() as connection:
        return register.audit.query(connection, subject_id=subject_id, limit=10_000)


def revealed(data: SubjectData) -> dict[str, str]:
    """What a read returned, in clear."""
    return {key: value.reveal() for key, value in data.items()}
