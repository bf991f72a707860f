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

from datetime import timedelta

from mamori._periodic import PeriodicJob
from mamori.config import Settings
from mamori.errors import ConfigError
from mamori.notify.delivery import deliver_due
from mamori.notify.outbox import DeliveryReport
from mamori.notify.transports import Transport
from mamori.register import Register

__all__ = ["DeliveryScheduler"]


class DeliveryScheduler(PeriodicJob[DeliveryReport]):
    name = "notification delivery"

    def __init__(
        self,
        register: Register,
        settings: Settings | None = None,
        *,
        every: timedelta = timedelta(minutes=1),
        transport: Transport | None = None,
        limit: int = 100,
    ) -> None:
        super().__init__(every)
        self._register = register
        self._settings = settings
        self._transport = transport
        self._limit = limit

    @property
    def last_report(self) -> DeliveryReport | None:
        return self.last_result

    def run_once(self) -> DeliveryReport:
        return deliver_due(
            self._register, self._settings, transport=self._transport, limit=self._limit
        )

    def describe_failure(self, error: Exception) -> str:
        # A settings error names the setting; any other error's text may echo data.
        detail = f": {error.message}" if isinstance(error, ConfigError) else ""
        return f"{type(error).__name__}{detail}"
