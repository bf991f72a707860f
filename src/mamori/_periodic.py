"""`PeriodicJob`: one job run every so often in a background thread, for the schedulers that
`mamori serve` starts (retention, notification delivery).

A run that fails is kept as `last_error` and logged by `describe_failure`, whose default names
only the error's class (any other text may echo personal data); the next run is tried on time,
and the server never stops because of it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Generic, TypeVar

from mamori.errors import ValidationError

__all__ = ["PeriodicJob"]

Result = TypeVar("Result")
log = logging.getLogger(__name__)


class PeriodicJob(Generic[Result]):
    name = "job"
    """The thread's name is mamori-<name>; the log says "<name> run failed"."""

    def __init__(self, every: timedelta) -> None:
        if every <= timedelta(0):
            raise ValidationError(f"the {self.name} interval must be positive", field="every")
        self._every = every
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._done = threading.Condition()
        self._runs = 0
        self.last_result: Result | None = None
        self.last_error: BaseException | None = None

    def run_once(self) -> Result:
        """One run now, in the calling thread."""
        raise NotImplementedError

    def describe_failure(self, error: Exception) -> str:
        return type(error).__name__

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def runs(self) -> int:
        """How many runs finished (successfully or not) since `start`."""
        with self._done:
            return self._runs

    def start(self) -> None:
        """Start the thread: a first run at once, then one every `every`."""
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name=f"mamori-{self.name}", daemon=True)
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
                self.last_result = self.run_once()
                self.last_error = None
            except Exception as error:  # a failed run must not stop the next ones, nor the server
                self.last_error = error
                log.error("%s run failed: %s", self.name, self.describe_failure(error))
            with self._done:
                self._runs += 1
                self._done.notify_all()
            self._stopping.wait(self._every.total_seconds())
