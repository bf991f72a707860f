"""Retention: every item, record and log kept only as long as the policy or the law says.

    from mamori.retention import plan, run

    report = plan(connection, policy)                 # what is due now, what expires when
    with register.session() as session:
        summary = run(session)                        # erase / expire what is due, audited

Items follow `items.<key>.retention` in the policy; when each value was collected and last used
is read from the audit log (the register's tables stay its own). Provision and receipt records
expire through `mamori.provision`; the audit log is kept. See docs/retention.md.
"""

from mamori.retention._plan import RetentionPlan, plan
from mamori.retention._report import DueSubject, KindReport, Status
from mamori.retention._run import (
    RETENTION_ACTOR,
    RetentionRun,
    RetentionSummary,
    last_run,
    run,
)
from mamori.retention._scheduler import RetentionScheduler

__all__ = [
    "RETENTION_ACTOR",
    "DueSubject",
    "KindReport",
    "RetentionPlan",
    "RetentionRun",
    "RetentionScheduler",
    "RetentionSummary",
    "Status",
    "last_run",
    "plan",
    "run",
]
