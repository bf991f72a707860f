"""`RetentionScheduler`: runs retention every so often in a background thread.

    scheduler = RetentionScheduler(register, every=timedelta(hours=6))
    scheduler.start()          # a first run at once, then one every six hours
    ...
    scheduler.stop()           # waits for a run in progress to finish

Each run is one register session (one transaction). A run that fails is logged (class name
only) and kept as `last_error`; the next one is tried on time.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from mamori.errors import ValidationError
from mamori.register import Actor, Register
from mamori.retention._run import RETENTION_ACTOR, RetentionSummary, run

__all__ = ["RetentionScheduler"]

log = logging.getLogger(__name__)


class RetentionScheduler:
    def __init__(
        self,
        register: Register,
        *,
        every: timedelta = timedelta(hours=24),
        actor: Actor = RETENTION_ACTOR,
    ) -> None:
        if every <= timedelta(0):
            raise ValidationError("the retention interval must be positive", field="every")
        self._register = register
        self._every = every
        self._actor = actor
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._runs = 0
        self.last_summary: RetentionSummary | None = None
        self.last_error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def runs(self) -> int:
        """How many runs finished (successfully or not) since `start`."""
        with self._lock:
            return self._runs

    def run_once(self) -> RetentionSummary:
        """One run now, in its own register session, in the calling thread."""
        with self._register.session() as session:
            summary = run(session, actor=self._actor)
        self._register.audit.publish_head(self._register.engine)
        return summary

    def start(self) -> None:
        """Start the thread: a first run at once, then one every `every`."""
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="mamori-retention", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to stop and wait for it (a run in progress finishes first)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_for_runs(self, count: int, timeout: float | None = None) -> bool:
        """Block until `count` runs have finished since `start`; False on timeout."""
        with self._done:
            return self._done.wait_for(lambda: self._runs >= count, timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.last_summary = self.run_once()
                self.last_error = None
            except Exception as error:  # a failed run must not stop the next ones
                self.last_error = error
                log.error("retention run failed: %s", type(error).__name__)
            with self._done:
                self._runs += 1
                self._done.notify_all()
            self._stopping.wait(self._every.total_seconds())
