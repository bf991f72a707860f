"""The audit events the provision register's tests read back."""

from __future__ import annotations

from mamori.audit import AuditEvent
from mamori.register import Register


def events(register: Register, *, subject_id: str | None = None) -> list[AuditEvent]:
    with register.engine.connect() as connection:
        return register.audit.query(connection, subject_id=subject_id, limit=10_000)


def of_action(register: Register, action: str) -> list[AuditEvent]:
    return [event for event in events(register) if event.action == action]
