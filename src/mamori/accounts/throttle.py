"""Throttling of sign-in: too many recent failures for one principal or from one client, and
the next attempt is refused before any password is checked.

Failures are rows keyed by a keyed hash of (scope, principal) and of the client's address:
after `PRINCIPAL_LIMIT` failures in `WINDOW` for one principal, or `CLIENT_LIMIT` from one client,
`check` raises `TooManyAttemptsError` with `retry_after` seconds. A success clears the
principal's failures (not the client's: one good password must not unlock a spray of guesses
at other accounts). Rows older than the window are deleted whenever a failure is recorded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from mamori.accounts._common import stored_moment
from mamori.accounts._tables import sign_in_failures
from mamori.crypto import BlindIndexer, IndexKind
from mamori.errors import AccessDeniedError, ValidationError

__all__ = [
    "CLIENT_LIMIT",
    "PRINCIPAL_LIMIT",
    "WINDOW",
    "TooManyAttemptsError",
    "check",
    "clear",
    "keys_for",
    "record_failure",
]

WINDOW = timedelta(minutes=15)
PRINCIPAL_LIMIT = 5
CLIENT_LIMIT = 20


class TooManyAttemptsError(AccessDeniedError):
    """Sign-in refused for a while: too many recent failures. `retry_after` is in seconds."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"too many failed sign-ins; wait {retry_after} seconds and try again",
            rule="too_many_attempts",
        )
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "retry_after": self.retry_after}


def keys_for(
    indexer: BlindIndexer, scope: str, principal: str, client: str, *, email: bool = False
) -> tuple[str, str]:
    """The failure keys of a principal in `scope` (a staff id, a person's identifier) and of a
    client (an IP address, as the HTTP layer sees it): keyed HMACs of the keyring's blind-index
    key, so a copy of the table does not say who tried (an e-mail address or an IP has too few
    possible values for a plain hash to hide it)."""
    if not isinstance(client, str) or not client:
        raise ValidationError("give the client's address (its IP) for throttling", field="client")
    kind: IndexKind = "email" if email else "generic"
    return (
        indexer.compute(f"throttle.{scope}", principal, kind=kind).digest.hex(),
        indexer.compute("throttle.client", client).digest.hex(),
    )


def check(connection: Connection, principal: str, client: str, *, now: datetime) -> None:
    """Raise TooManyAttemptsError when either key has reached its limit within the window."""
    waits = [
        _wait(connection, key, limit, now)
        for key, limit in ((principal, PRINCIPAL_LIMIT), (client, CLIENT_LIMIT))
    ]
    longest = max(waits)
    if longest > 0:
        raise TooManyAttemptsError(longest)


def record_failure(connection: Connection, keys: Sequence[str], *, now: datetime) -> None:
    connection.execute(delete(sign_in_failures).where(sign_in_failures.c.failed_at <= now - WINDOW))
    connection.execute(insert(sign_in_failures), [{"key": key, "failed_at": now} for key in keys])


def clear(connection: Connection, key: str) -> None:
    connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))


def _wait(connection: Connection, key: str, limit: int, now: datetime) -> int:
    """Seconds until the failures of `key` in the window fall below `limit` (0: not blocked)."""
    times = [
        stored_moment(value)
        for value in connection.execute(
            select(sign_in_failures.c.failed_at)
            .where(sign_in_failures.c.key == key, sign_in_failures.c.failed_at > now - WINDOW)
            .order_by(sign_in_failures.c.failed_at)
        ).scalars()
    ]
    if len(times) < limit:
        return 0
    # The attempt is allowed again once enough of the oldest failures have left the window.
    leaves = times[len(times) - limit] + WINDOW
    return max(1, math.ceil((leaves - now).total_seconds()))
