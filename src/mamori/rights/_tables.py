"""The request workflow's tables: one row per request (its kind, who asked, how far it has come,
its fee and deadline) and one row per step it took.

Ids, keys, dates and amounts only. The free text of a request (what to correct, the new value)
is personal and is never stored here: corrections reach the register itself, encrypted. The
only text kept is the operator's own explanation to the person (a refusal's or an extension's
reasons), which the workflow checks for e-mail addresses and long numbers before storing.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from mamori.db import Base

__all__ = ["request_steps", "requests"]

_metadata = Base.metadata

requests = Table(
    "rights_requests",
    _metadata,
    Column("id", String(32), primary_key=True),
    # No cascade: erasure keeps the subject row, and the request must outlive the erasure it
    # asked for.
    Column("subject_id", String(128), ForeignKey("register_subjects.id"), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("form", String(16)),
    # disclosure: electronic | paper; portability: json | csv.
    Column("scope", String(2000), nullable=False, default=""),
    # Space-separated keys (items, purposes or provisions); empty means all of them.
    Column("channel", String(16), nullable=False),
    Column("jurisdiction", String(8), nullable=False),
    Column("requester", String(24), nullable=False),
    Column("agent_proof", String(64)),
    Column("reference", String(128)),
    Column("state", String(24), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("suit_possible_at", DateTime(timezone=True)),
    Column("extension_months", Integer),
    Column("extension_reasons", Text),
    Column("extended_at", DateTime(timezone=True)),
    Column("verification_method", String(16)),
    Column("verified_at", DateTime(timezone=True)),
    Column("fee_amount", Integer),
    Column("fee_currency", String(3)),
    Column("fee_charged", String(16)),
    Column("fee_basis", String(40)),
    Column("fee_settled_at", DateTime(timezone=True)),
    Column("fee_reference", String(128)),
    Column("manifestly_excessive", Boolean, nullable=False, default=False),
    Column("excessive_reason", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("refusal_ground", String(40)),
    Column("refusal_reason", Text),
    Index("ix_rights_requests_subject", "subject_id", "received_at"),
    Index("ix_rights_requests_open", "closed_at", "due_at"),
)

request_steps = Table(
    "rights_request_steps",
    _metadata,
    Column("request_id", String(32), ForeignKey("rights_requests.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("action", String(32), nullable=False),
    Column("state", String(24), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("detail", String(64)),
    # The method, ground or fee basis of the step: a key, never text.
)
