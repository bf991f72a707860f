"""`DeliveryScheduler`: runs `deliver_due` every so often in a background thread (what
`mamori serve --notify-every` starts).

    scheduler = DeliveryScheduler(register, settings, every=timedelta(minutes=1))
    scheduler.start()          # a first run at once, then one every minute
    ...
    scheduler.stop()           # waits for a run in progress to finish

A run that fails (the SMTP server down is not a failure: the outbox retries those) is logged
with the error's class and, for a settings error, its message (which names the setting, never
a person); the next run is tried on time. The server never stops because of it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from mamori.config import Settings
from mamori.errors import ConfigError, ValidationError
from mamori.notify.delivery import deliver_due
from mamori.notify.outbox import DeliveryReport
from mamori.notify.transports import Transport
from mamori.register import Register

__all__ = ["DeliveryScheduler"]

log = logging.getLogger(__name__)


class DeliveryScheduler:
    def __init__(
        self,
        register: Register,
        settings: Settings | None = None,
        *,
        every: timedelta = timedelta(minutes=1),
        transport: Transport | None = None,
        limit: int = 100,
    ) -> None:
        if every <= timedelta(0):
            raise ValidationError("the delivery interval must be positive", field="every")
        self._register = register
        self._settings = settings
        self._every = every
        self._transport = transport
        self._limit = limit
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._done = threading.Condition()
        self._runs = 0
        self.last_report: DeliveryReport | None = None
        self.last_error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def runs(self) -> int:
        """How many runs finished (successfully or not) since `start`."""
        with self._done:
            return self._runs

    def run_once(self) -> DeliveryReport:
        """One run now, in the calling thread."""
        return deliver_due(
            self._register, self._settings, transport=self._transport, limit=self._limit
        )

    def start(self) -> None:
        """Start the thread: a first run at once, then one every `every`."""
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="mamori-notify", daemon=True)
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
                self.last_report = self.run_once()
                self.last_error = None
            except Exception as error:  # a failed run must not stop the next ones, nor the server
                self.last_error = error
                # A settings error names the setting; any other error's text may echo data.
                detail = f": {error.message}" if isinstance(error, ConfigError) else ""
                log.error("notification delivery failed: %s%s", type(error).__name__, detail)
            with self._done:
                self._runs += 1
                self._done.notify_all()
            self._stopping.wait(self._every.total_seconds())
