"""Making checkpoints, and keeping the head file an anchor the database cannot move.

A checkpoint is only signed over a chain that still extends (1) the last checkpoint whose
signature verifies and (2) the checkpoint in the head file. So a log that was cut or rewritten
since is never blessed by a later checkpoint, and the head file keeps naming what was lost until
someone looks (`mamori audit verify`) and decides (`publish_head(engine, adopt=True)`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy import Connection

from mamori.audit._canonical import GENESIS_HASH
from mamori.audit._head import read_head, write_head
from mamori.audit._signing import Checkpoint, Signer, Verifier
from mamori.audit._store import all_checkpoints, checkpoint_at, events_between, insert_checkpoint
from mamori.errors import IntegrityError

__all__ = ["check_head", "check_segment", "latest_trusted", "make_checkpoint"]

_VERIFY = "run `mamori audit verify`"


def latest_trusted(
    conn: Connection, verifiers: Mapping[str, Verifier], before: int | None = None
) -> Checkpoint | None:
    """The newest checkpoint (before seq `before`) whose signature verifies."""
    for checkpoint in reversed(all_checkpoints(conn)):
        if before is not None and checkpoint.seq >= before:
            continue
        verifier = verifiers.get(checkpoint.key_id)
        if verifier is not None and checkpoint.is_signed_by(verifier):
            return checkpoint
    return None


def check_segment(
    conn: Connection, seq: int, start: int, start_hash: bytes | None, chain_head: bytes
) -> None:
    """Raise unless events start+1..seq chain from `start_hash` (None: trust the first event's
    stored hash) to `chain_head`."""
    previous, expected = start_hash, start + 1
    for row_seq, body, stored in events_between(conn, start, seq):
        if row_seq != expected or (
            previous is not None and hashlib.sha256(previous + body).digest() != stored
        ):
            break
        previous, expected = stored, expected + 1
    if expected != seq + 1 or previous != chain_head:
        raise IntegrityError(
            f"the audit chain from seq {start} to {seq} does not match its signed past; {_VERIFY}"
        )


def check_head(
    conn: Connection, head_path: Path, seq: int, verifiers: Mapping[str, Verifier]
) -> Checkpoint | None:
    """The head file's checkpoint, provided the log up to `seq` still contains it."""
    head = read_head(head_path)  # an unreadable head raises IntegrityError
    if head is None:
        if any(checkpoint.seq > 0 for checkpoint in all_checkpoints(conn)):
            raise IntegrityError(
                f"the audit head {head_path} is missing although the database holds checkpoints; "
                "restore it from a backup, or, once `mamori audit verify` is understood, adopt "
                "the database's state with publish_head(engine, adopt=True)"
            )
        return None
    verifier = verifiers.get(head.key_id)
    if verifier is not None and not head.is_signed_by(verifier):
        raise IntegrityError(f"the signature of the audit head {head_path} does not verify")
    if head.seq > seq:
        raise IntegrityError(
            f"the audit log ends at seq {seq} but the head file names seq {head.seq}: "
            f"its tail is missing; {_VERIFY}"
        )
    if head.seq > 0:
        check_segment(conn, head.seq, head.seq - 1, None, head.hash)
    return head


def make_checkpoint(
    conn: Connection,
    seq: int,
    chain_head: bytes,
    *,
    signer: Signer,
    verifiers: Mapping[str, Verifier],
    head_path: Path | None,
    clock: Callable[[], int],
    known: tuple[int, bytes] | None = None,
) -> Checkpoint:
    """Sign (seq, chain_head) in the caller's transaction, which must hold the tail lock.

    The chain is re-read from the last trusted checkpoint, or from `known`, a later (seq, hash)
    the caller knows to be on the intact chain (it checked it, or appended it itself): cheaper,
    and it also catches a rewrite of events after the last checkpoint that this process wrote.
    """
    head = check_head(conn, head_path, seq, verifiers) if head_path is not None else None
    existing = checkpoint_at(conn, seq)
    if existing is not None:
        return existing
    trusted = latest_trusted(conn, verifiers, before=seq)
    start, start_hash = (trusted.seq, trusted.hash) if trusted else (0, GENESIS_HASH)
    if known is not None and start <= known[0] <= seq:
        start, start_hash = known
    check_segment(conn, seq, start, start_hash, chain_head)
    if head_path is not None and head is None:
        # Before the first checkpoint commits, a head at seq 0 (true of any log). Otherwise a
        # crash between that commit and the head write would leave checkpoints and no head,
        # which is what deleting the head file looks like.
        genesis = Checkpoint.signed(signer, seq=0, chain_head=GENESIS_HASH, time_us=clock())
        write_head(head_path, genesis)
    made = Checkpoint.signed(signer, seq=seq, chain_head=chain_head, time_us=clock())
    insert_checkpoint(conn, made)
    return made
