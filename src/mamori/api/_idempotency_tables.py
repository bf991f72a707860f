"""Answers to writes that create, kept under the client's Idempotency-Key so that a retried
request gets the first answer instead of creating twice."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from mamori.db import Base

__all__ = ["idempotency_keys"]

idempotency_keys = Table(
    "api_idempotency_keys",
    Base.metadata,
    # "<actor kind>:<actor id>": one client's keys never answer another's requests.
    Column("principal", String(160), primary_key=True),
    Column("key", String(200), primary_key=True),
    # SHA-256 of method, path and body: the same key with another request is a client bug.
    Column("fingerprint", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    # The answer as sent; it can hold what the client created (ids, never more than the first
    # answer carried).
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
