"""Any single tampering with a checkpointed log is found, and located, wherever it happens."""

import hashlib
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mamori.audit import GENESIS_HASH, AuditLog
from mamori.db import create_engine, transaction, upgrade
from tests.audit.conftest import entry
from tests.audit.signer import Ed25519Signer

EVENTS = 30  # checkpoints (and the head) at 10, 20 and 30


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AuditLog]:
    directory = tmp_path_factory.mktemp("tamper")
    path = directory / "log.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    audit = AuditLog(
        signer=Ed25519Signer(), head_path=directory / "audit-head.json", checkpoint_every=10
    )
    for start in range(0, EVENTS, 10):
        with transaction(engine) as session:
            audit.append_many(session, [entry(n) for n in range(start + 1, start + 11)])
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, audit


def _shift(conn: sqlite3.Connection, first: int, by: int) -> None:
    conn.execute("UPDATE audit_event SET seq = -(seq + ?) WHERE seq >= ?", (by, first))
    conn.execute("UPDATE audit_event SET seq = -seq WHERE seq < 0")


def tamper(conn: sqlite3.Connection, attack: str, k: int, j: int) -> int:
    """Carry out `attack` around event k (and j); return the first seq that must be reported."""
    if attack == "edit":
        conn.execute(
            "UPDATE audit_event SET body = replace(body, '\"read\"', '\"erase\"') WHERE seq = ?",
            (k,),
        )
    elif attack == "edit_hash":
        conn.execute("UPDATE audit_event SET hash = zeroblob(32) WHERE seq = ?", (k,))
    elif attack == "delete":
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (k,))
    elif attack == "delete_renumber":
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (k,))
        _shift(conn, k + 1, -1)
    elif attack == "insert":
        _shift(conn, k, 1)
        # A forged event: the next one's body, made to read another subject, and its hash.
        conn.execute(
            "INSERT INTO audit_event (seq, body, hash) "
            "SELECT ?, replace(body, '\"u-', '\"forged-'), hash FROM audit_event WHERE seq = ?",
            (k, k + 1),
        )
    elif attack == "swap":
        k, j = min(k, j), max(k, j)
        conn.execute("UPDATE audit_event SET seq = -1 WHERE seq = ?", (k,))
        conn.execute("UPDATE audit_event SET seq = ? WHERE seq = ?", (k, j))
        conn.execute("UPDATE audit_event SET seq = ? WHERE seq = -1", (j,))
    elif attack == "truncate":
        conn.execute("DELETE FROM audit_event WHERE seq >= ?", (k,))
        conn.execute(
            "UPDATE audit_tail SET seq = ?, hash = coalesce((SELECT hash FROM "
            "audit_event WHERE seq = ?), hash)",
            (k - 1, k - 1),
        )
    elif attack == "rewrite":
        # Edit event k, then recompute every later hash and the tail: the chain is whole again,
        # and only the checkpoint after k (signed over the old hashes) can tell.
        conn.execute(
            "UPDATE audit_event SET body = replace(body, '\"read\"', '\"erase\"') WHERE seq = ?",
            (k,),
        )
        previous = conn.execute("SELECT hash FROM audit_event WHERE seq = ?", (k - 1,)).fetchone()
        chain = previous[0] if previous else GENESIS_HASH
        for seq, body in conn.execute(
            "SELECT seq, body FROM audit_event WHERE seq >= ? ORDER BY seq", (k,)
        ).fetchall():
            chain = hashlib.sha256(chain + body.encode()).digest()
            conn.execute("UPDATE audit_event SET hash = ? WHERE seq = ?", (chain, seq))
        conn.execute("UPDATE audit_tail SET hash = ?", (chain,))
        return (k - 1) // 10 * 10 + 1
    elif attack == "truncate_with_checkpoints":
        conn.execute("DELETE FROM audit_event WHERE seq >= ?", (k,))
        conn.execute("DELETE FROM audit_checkpoint WHERE seq >= ?", (k,))
        conn.execute(
            "UPDATE audit_tail SET seq = ?, hash = coalesce((SELECT hash FROM "
            "audit_event WHERE seq = ?), hash)",
            (k - 1, k - 1),
        )
    return k


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    attack=st.sampled_from(
        [
            "edit",
            "edit_hash",
            "delete",
            "delete_renumber",
            "insert",
            "swap",
            "truncate",
            "rewrite",
            "truncate_with_checkpoints",
        ]
    ),
    k=st.integers(1, EVENTS),
    j=st.integers(1, EVENTS),
)
def test_any_single_tampering_is_found_where_it_happened(
    original: tuple[Path, AuditLog], tmp_path: Path, attack: str, k: int, j: int
) -> None:
    if attack == "swap" and k == j:
        j = k % EVENTS + 1
    source, audit = original
    path = tmp_path / f"{uuid.uuid4().hex}.sqlite"  # hypothesis reruns examples: fresh files
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path)
    with conn:
        expected = tamper(conn, attack, k, j)
    conn.close()
    engine = create_engine(f"sqlite:///{path}")
    report = audit.verify(engine)
    engine.dispose()
    assert not report.ok
    assert report.first_bad_seq is not None
    assert report.first_bad_seq <= expected
    if attack != "edit_hash" or k == EVENTS:
        # Only a stored hash changed in the middle is ambiguous about which row is at fault.
        assert report.first_bad_seq == expected, report.problems
