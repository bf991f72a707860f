"""`RetentionScheduler`: runs retention every so often in a background thread.

    scheduler = RetentionScheduler(register, every=timedelta(hours=6))
    scheduler.start()          # a first run at once, then one every six hours
    ...
    scheduler.stop()           # waits for a run in progress to finish

Each run is one register session (one transaction). A run that fails is logged (class name
only) and kept as `last_error`; the next one is tried on time.
"""

from __future__ import annotations

from datetime import timedelta

from mamori._periodic import PeriodicJob
from mamori.register import Actor, Register
from mamori.retention._run import RETENTION_ACTOR, RetentionSummary, run

__all__ = ["RetentionScheduler"]


class RetentionScheduler(PeriodicJob[RetentionSummary]):
    name = "retention"

    def __init__(
        self,
        register: Register,
        *,
        every: timedelta = timedelta(hours=24),
        actor: Actor = RETENTION_ACTOR,
    ) -> None:
        super().__init__(every)
        self._register = register
        self._actor = actor

    @property
    def last_summary(self) -> RetentionSummary | None:
        return self.last_result

    def run_once(self) -> RetentionSummary:
        """One run now, in its own register session, in the calling thread."""
        with self._register.session() as session:
            summary = run(session, actor=self._actor)
        self._register.audit.publish_head(self._register.engine)
        return summary
