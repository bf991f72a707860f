"""Group commit of audit events for readings (`Register.reading`): the events of the readings
that end while a write transaction runs wait for the next one, and go in together. Internal to
the register package."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mamori.register._state import AuditEntry

__all__ = ["GroupAppender"]


@dataclass
class _Queue:
    """One event loop's waiting events, and its writer task while one runs."""

    waiting: list[tuple[Sequence[AuditEntry], asyncio.Future[None]]] = field(default_factory=list)
    writer: asyncio.Task[None] | None = None


class GroupAppender:
    """Appends events handed in by coroutines through `append`, which writes one batch in a
    transaction of its own. Each event loop has its own queue and writer task.

    The write runs in a worker thread, so that the event loop goes on answering other requests
    (and queueing their events) while the transaction waits for the writers' lock and commits.
    """

    def __init__(self, append: Callable[[list[AuditEntry]], None]) -> None:
        self._append = append
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = (
            weakref.WeakKeyDictionary()
        )

    def enqueue(self, entries: Sequence[AuditEntry]) -> asyncio.Future[None]:
        """Queue `entries`; the future is done once they are committed, or fails as their
        transaction failed. Queued events are written even if nobody awaits the future."""
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        future: asyncio.Future[None] = loop.create_future()
        queue.waiting.append((entries, future))
        if queue.writer is None:
            queue.writer = loop.create_task(self._write(queue))
        return future

    async def _write(self, queue: _Queue) -> None:
        try:
            while queue.waiting:
                batch, queue.waiting = queue.waiting, []
                failure: Exception | None = None
                try:
                    await asyncio.to_thread(
                        self._append, [entry for entries, _ in batch for entry in entries]
                    )
                except Exception as error:
                    failure = error
                for _, future in batch:
                    if future.done():  # its reader was cancelled; the events are written anyway
                        continue
                    if failure is None:
                        future.set_result(None)
                    else:
                        future.set_exception(failure)
        finally:
            queue.writer = None
