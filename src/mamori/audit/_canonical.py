"""The bytes that are hashed and signed.

An event's canonical bytes are its ``body``: compact JSON with a fixed key order, written by
`encode_body` and stored as is. The chain is ``hash_n = SHA-256(hash_{n-1} || body_n)`` from
`GENESIS_HASH`. Verification therefore hashes the stored bytes without parsing them, and the body
carries its own ``seq`` so that a row moved to another position no longer fits the chain.

Because every text field was validated against `ID_PATTERN` or `KEY_PATTERN` (no quotes, no
backslashes, no control characters), the JSON needs no escaping and is built with one f-string.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mamori.audit._entry import (
    ActorKind,
    AuditEntry,
    AuditEvent,
    Outcome,
    from_microseconds,
)
from mamori.errors import IntegrityError

__all__ = [
    "GENESIS_HASH",
    "body_seq",
    "chain_hash",
    "checkpoint_message",
    "decode_body",
    "encode_body",
]

GENESIS_HASH = hashlib.sha256(b"mamori audit log v1").digest()
"""The hash "before" event 1. Migration 0001 writes it into the chain's tail."""

_SEQ_PREFIX = b'{"seq":'


def _optional(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def encode_body(seq: int, time_us: int, entry: AuditEntry) -> str:
    items = ",".join(f'"{key}"' for key in entry.item_keys)
    return (
        f'{{"seq":{seq},"time":{time_us},"actor_kind":"{entry.actor_kind.value}",'
        f'"actor":"{entry.actor_id}","role":{_optional(entry.role)},'
        f'"action":"{entry.action}","purpose":{_optional(entry.purpose)},'
        f'"subject":{_optional(entry.subject_id)},"items":[{items}],'
        f'"outcome":"{entry.outcome.value}","rule":"{entry.rule}",'
        f'"request":{_optional(entry.request_id)}}}'
    )


def chain_hash(previous: bytes, body: bytes) -> bytes:
    return hashlib.sha256(previous + body).digest()


def decode_body(seq: int, body: str | bytes) -> AuditEvent:
    try:
        fields: dict[str, Any] = json.loads(body)
        return _event(seq, fields)
    except (ValueError, KeyError, TypeError):
        raise IntegrityError(
            f"audit event {seq} cannot be read back; run `mamori audit verify`"
        ) from None


def _event(seq: int, fields: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        seq=seq,
        time=from_microseconds(fields["time"]),
        actor_kind=ActorKind(fields["actor_kind"]),
        actor_id=fields["actor"],
        role=fields["role"],
        action=fields["action"],
        purpose=fields["purpose"],
        subject_id=fields["subject"],
        item_keys=tuple(fields["items"]),
        outcome=Outcome(fields["outcome"]),
        rule=fields["rule"],
        request_id=fields["request"],
    )


def body_seq(body: bytes) -> int | None:
    """The seq a body claims, or None when it does not start like a body `encode_body` wrote."""
    if not body.startswith(_SEQ_PREFIX):
        return None
    end = body.find(b",", len(_SEQ_PREFIX))
    digits = body[len(_SEQ_PREFIX) : end]
    return int(digits) if end > 0 and digits.isdigit() else None


def checkpoint_message(seq: int, chain_head: bytes, time_us: int, key_id: str) -> bytes:
    """What a checkpoint's signature covers."""
    return f"mamori-audit-checkpoint/1|{seq}|{chain_head.hex()}|{time_us}|{key_id}".encode()
