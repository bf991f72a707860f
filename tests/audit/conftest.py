from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditEntry, AuditLog
from mamori.db import transaction
from tests.audit.signer import Ed25519Signer

Fill = Callable[..., None]


@pytest.fixture
def signer() -> Ed25519Signer:
    return Ed25519Signer()


@pytest.fixture
def head_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "audit-head.json"


@pytest.fixture
def audit(signer: Ed25519Signer, head_path: Path) -> AuditLog:
    """A log that signs a checkpoint every 10 events and keeps its head file in tmp_path."""
    return AuditLog(signer=signer, head_path=head_path, checkpoint_every=10)


def entry(number: int, **fields: object) -> AuditEntry:
    values: dict[str, object] = {
        "actor_kind": "staff",
        "actor_id": f"st-{number % 3}",
        "role": "support",
        "action": "read",
        "purpose": "support",
        "subject_id": f"u-{number}",
        "item_keys": ("email", "phone"),
        "outcome": "allowed",
        "rule": "purpose_items",
    }
    values.update(fields)
    return AuditEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def fill(engine: Engine, audit: AuditLog) -> Fill:
    """fill(n): append events 1..n, ten per committed transaction (so checkpoints land at 10s)."""

    def run(count: int, *, batch: int = 10) -> None:
        for start in range(0, count, batch):
            with transaction(engine) as session:
                audit.append_many(
                    session, [entry(n) for n in range(start + 1, min(start + batch, count) + 1)]
                )

    return run
