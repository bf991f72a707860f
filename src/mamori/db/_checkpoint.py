"""`WalCheckpointer`: SQLite's write-ahead log copied into the database file by a thread of its
own, so that no request waits for it.

By default SQLite makes the commit that takes the log past 1,000 pages do the copy, and the copy
syncs the disk: a stall of several milliseconds (tens on a slow disk) for whichever request
committed, every few hundred audited reads. While the checkpointer runs, commits leave the copy
to it; it copies every `every` in PASSIVE mode, which waits for no reader and no writer, then
copies the few pages appended meanwhile with the writers held (a millisecond or two), so that
the log starts over. When it stops, commits go back to copying themselves. Other processes on
the same file (the workers of `mamori serve --workers N`) leave the copy to it through
`relieve_commits`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import Engine

from mamori._periodic import PeriodicJob
from mamori.db._engine import SQLITE_AUTOCHECKPOINT, is_sqlite_file, sqlite_writers
from mamori.errors import ConfigError

__all__ = ["WalCheckpoint", "WalCheckpointer"]

# Past this, the second copy runs with the writers going on: the log then restarts a run later.
_WRITERS_WAIT = 5.0


class WalCheckpoint(NamedTuple):
    """What one run found: pages in the log, and how many of them are now in the database file
    (fewer when a reader still needs the older pages; the next run copies them)."""

    log_pages: int
    copied_pages: int


class WalCheckpointer(PeriodicJob[WalCheckpoint]):
    name = "wal checkpoint"

    def __init__(self, engine: Engine, *, every: timedelta = timedelta(seconds=1)) -> None:
        if not self.applies_to(engine):
            raise ConfigError(
                "the WAL checkpointer is for an SQLite database file", field="database_url"
            )
        super().__init__(every)
        self._engine = engine

    @staticmethod
    def applies_to(engine: Engine) -> bool:
        """Whether `engine` is on an SQLite database file (the only kind with this log)."""
        return is_sqlite_file(engine)

    @staticmethod
    def relieve_commits(engine: Engine) -> None:
        """Make the commits on `engine` leave the copy to a checkpointer: this one, or one that
        another process runs on the same file."""
        sqlite_writers(engine).autocheckpoint = 0

    def start(self) -> None:
        self.relieve_commits(self._engine)
        super().start()

    def stop(self, timeout: float | None = None) -> None:
        super().stop(timeout)
        sqlite_writers(self._engine).autocheckpoint = SQLITE_AUTOCHECKPOINT

    def run_once(self) -> WalCheckpoint:
        raw = self._engine.raw_connection()
        try:
            driver: Any = raw.driver_connection
            driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            # The log starts over (instead of growing) only when a writer begins with every page
            # copied, which never happens under steady writes while the copy above takes its
            # milliseconds: copy what was appended meanwhile with the writers held.
            writers = sqlite_writers(self._engine)
            held = writers.acquire(timeout=_WRITERS_WAIT)
            try:
                _busy, log_pages, copied = driver.execute(
                    "PRAGMA wal_checkpoint(PASSIVE)"
                ).fetchone()
            finally:
                if held:
                    writers.release()
        finally:
            raw.close()
        return WalCheckpoint(int(log_pages), int(copied))
