"""`AccessLog`: request metadata recorded in batches, sealed, as the policy declares.

    log = AccessLog(register, truncate_ip=True)
    log.record(ip="203.0.113.7", cookie="c-81f", user_agent="Mozilla/5.0 ...", page="/news")
    log.flush()                      # one INSERT of every buffered request (executemany)

`record` only appends to a buffer (thread-safe); the buffer is written when it holds
`batch_size` requests, on `flush()`, or, once `start()` was called, by a background thread
every `interval` seconds, so that a request never waits on the database. `close()` flushes.

A batch is a unit of its own: the log owns that transaction (its rows are no part of a
register session), as a service's access log outlives the request that produced it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from mamori.accesslog._declared import Declaration, declaration
from mamori.accesslog._keys import KeyChain, key_id_of
from mamori.accesslog._record import AccessRecord
from mamori.accesslog._tables import FIELDS, entries
from mamori.errors import ValidationError
from mamori.register import Register

__all__ = ["AccessLog", "seal"]

log = logging.getLogger(__name__)

UNLINKED_AAD = "accesslog"


class AccessLog:
    """Buffers request metadata and writes it in batches for one collection point."""

    def __init__(
        self,
        register: Register,
        *,
        point: str | None = None,
        truncate_ip: bool = False,
        batch_size: int = 1000,
        max_pending: int = 100_000,
        interval: float = 1.0,
    ) -> None:
        if batch_size < 1:
            raise ValidationError("batch_size must be at least 1", field="batch_size")
        if max_pending < batch_size:
            raise ValidationError("max_pending must be at least batch_size", field="max_pending")
        if interval <= 0:
            raise ValidationError("interval must be positive", field="interval")
        self._register = register
        self.declaration: Declaration = declaration(register.policy, point)
        self.truncate_ip = truncate_ip
        self.batch_size = batch_size
        self.max_pending = max_pending
        self.interval = interval
        self._keys = KeyChain(register.wrapper)
        self._buffer: list[AccessRecord] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.dropped = 0
        """Requests not kept because `max_pending` were waiting (the database lagged)."""
        self.dropped_erased = 0
        """Requests of erased subjects, not kept (their key is destroyed)."""
        self.last_error: BaseException | None = None

    # -- recording -----------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._buffer)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def record(
        self,
        *,
        at: datetime | None = None,
        ip: str | None = None,
        cookie: str | None = None,
        user_agent: str | None = None,
        page: str | None = None,
        subject_id: str | None = None,
    ) -> None:
        """Buffer one request. Fields the collection point does not declare are not kept, and
        `subject_id` only when the point is declared `linked`. ValidationError (naming the
        field, never the value) for an IP address that is none, a non-text, a bad subject id."""
        self.add(
            AccessRecord.of(
                at=at,
                ip=ip,
                cookie=cookie,
                user_agent=user_agent,
                page=page,
                subject_id=subject_id,
                truncate=self.truncate_ip,
            )
        )

    def add(self, record: AccessRecord) -> None:
        """Buffer a record already checked (`AccessRecord.of`)."""
        self.add_many((record,))

    def add_many(self, records: Iterable[AccessRecord]) -> None:
        with self._lock:
            room = self.max_pending - len(self._buffer)
            batch = list(records)
            if len(batch) > room:
                self.dropped += len(batch) - room
                batch = batch[:room]
            self._buffer.extend(batch)
            full = len(self._buffer) >= self.batch_size
        if full:
            if self.running:
                self._wake.set()
            else:
                self.flush()

    # -- writing -------------------------------------------------------------------------------

    def flush(self) -> int:
        """Write everything buffered, `batch_size` rows per INSERT; returns how many."""
        done = 0
        with self._write_lock:
            while True:
                with self._lock:
                    batch = self._buffer[: self.batch_size]
                    del self._buffer[: self.batch_size]
                if not batch:
                    return done
                try:
                    self._write(batch)
                except Exception:
                    self._put_back(batch)
                    raise
                done += len(batch)

    def _put_back(self, batch: list[AccessRecord]) -> None:
        """A batch the database refused waits again, first in line, for the next flush; only
        what exceeds `max_pending` is dropped (and counted)."""
        with self._lock:
            self._buffer[:0] = batch
            excess = len(self._buffer) - self.max_pending
            if excess > 0:
                self.dropped += excess
                del self._buffer[self.max_pending :]

    def _write(self, batch: list[AccessRecord]) -> None:
        register = self._register
        linked = self.declaration.linked
        ciphers, destroyed = self._keys.for_writing(
            register.engine,
            {key_id_of(record.subject_id if linked else None) for record in batch},
        )
        if destroyed:
            kept = [record for record in batch if key_id_of(record.subject_id) not in destroyed]
            self.dropped_erased += len(batch) - len(kept)
            batch = kept
            if not batch:
                return
        rows = seal(batch, self.declaration, ciphers)
        with register.engine.begin() as connection:
            # A subject erased since its key was looked up: its rows would outlive the erasure.
            live = self._keys.still_live(connection, {row["key_id"] for row in rows})
            kept_rows = [row for row in rows if row["key_id"] in live]
            if kept_rows:
                connection.execute(insert(entries), kept_rows)
        self.dropped_erased += len(rows) - len(kept_rows)
        self.written += len(kept_rows)

    # -- background ----------------------------------------------------------------------------

    def start(self) -> None:
        """Write from a background thread from now on: every `interval` seconds, and at once
        when `batch_size` requests wait."""
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="mamori-accesslog", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the background thread (if any) and write what is left."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.flush()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                self.flush()
                self.last_error = None
            except Exception as error:  # the next interval tries again; requests go on
                self.last_error = error
                log.error("access log batch not written: %s", type(error).__name__)

    def __enter__(self) -> AccessLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def seal(
    batch: Iterable[AccessRecord], declared: Declaration, ciphers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The rows of a batch: each declared field sealed under its key, bound to the row's
    subject (or to no one) and to the field."""
    linked = declared.linked
    kept = [name for name in FIELDS if name in declared.fields]
    rows = []
    for record in batch:
        subject = record.subject_id if linked else None
        key_id = key_id_of(subject)
        cipher = ciphers[key_id]
        aad = subject if subject is not None else UNLINKED_AAD
        row: dict[str, Any] = dict.fromkeys(FIELDS)
        row.update(at=record.at, point=declared.point, subject_id=subject, key_id=key_id)
        for name in kept:
            value = getattr(record, name)
            if value is not None:
                row[name] = cipher.encrypt(value.encode("utf-8"), subject_id=aad, item_key=name)
        rows.append(row)
    return rows
