"""The audit log: every access, allowed or refused, as a hash-chained event with no personal value.

    from mamori.audit import AuditLog

    audit = AuditLog(signer=keyring_signer, head_path=default_head_path())
    with transaction(engine) as session:
        audit.append(session, actor_kind="staff", actor_id="st-7", role="support",
                     action="read", purpose="support", subject_id="u-42",
                     item_keys=["email"], outcome="allowed", rule="purpose_items")
    report = audit.verify(engine)      # report.ok, report.first_problem

See docs/audit.md for the design and the threat model.
"""

from __future__ import annotations

from mamori.audit._canonical import GENESIS_HASH
from mamori.audit._chain import Problem, ProblemKind
from mamori.audit._entry import (
    ID_PATTERN,
    KEY_PATTERN,
    Action,
    ActorKind,
    AuditEntry,
    AuditEvent,
    Outcome,
)
from mamori.audit._head import default_head_path, read_head
from mamori.audit._log import DEFAULT_CHECKPOINT_EVERY, AuditLog
from mamori.audit._signing import Checkpoint, Signer, Verifier
from mamori.audit._verify import VerifyReport

__all__ = [
    "DEFAULT_CHECKPOINT_EVERY",
    "GENESIS_HASH",
    "ID_PATTERN",
    "KEY_PATTERN",
    "Action",
    "ActorKind",
    "AuditEntry",
    "AuditEvent",
    "AuditLog",
    "Checkpoint",
    "Outcome",
    "Problem",
    "ProblemKind",
    "Signer",
    "Verifier",
    "VerifyReport",
    "default_head_path",
    "read_head",
]
