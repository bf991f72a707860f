"""The record of retention runs: when each ran, against which moment, and what it did (counts
only), so that `mamori doctor` can tell when the job last ran."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from mamori.db import Base

__all__ = ["runs"]

runs = Table(
    "retention_runs",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    # The moment due dates were judged against (the wall clock unless a run was given `now`).
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("dry_run", Boolean, nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("subjects_erased", Integer, nullable=False),
    Column("items_deleted", Integer, nullable=False),
    Column("records_expired", Integer, nullable=False),
    Column("blocked", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    # Counts per item or record kind, as JSON: never a value, never a subject id.
    Column("counts", Text, nullable=False),
    Index("ix_retention_runs_finished", "dry_run", "finished_at"),
)
