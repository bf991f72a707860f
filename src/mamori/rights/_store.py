"""Reading and writing request rows, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from mamori.errors import NotFoundError
from mamori.rights._tables import request_steps, requests
from mamori.rights.model import RequestStep, RightsRequest

__all__ = ["add_step", "insert_request", "load", "load_many", "save"]

_TIMES = frozenset(
    {
        "received_at",
        "due_at",
        "suit_possible_at",
        "extended_at",
        "verified_at",
        "fee_settled_at",
        "started_at",
        "closed_at",
    }
)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every moment Mamori stores is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _request(row: Mapping[Any, Any], steps: tuple[RequestStep, ...]) -> RightsRequest:
    fields = dict(row)
    for name in _TIMES:
        fields[name] = _aware(fields[name])
    fields["scope"] = tuple(fields["scope"].split())
    fields["manifestly_excessive"] = bool(fields["manifestly_excessive"])
    return RightsRequest(**fields, steps=steps)


def _steps(connection: Connection, request_ids: list[str]) -> dict[str, list[RequestStep]]:
    found: dict[str, list[RequestStep]] = {request_id: [] for request_id in request_ids}
    if not request_ids:
        return found
    rows = connection.execute(
        select(request_steps)
        .where(request_steps.c.request_id.in_(request_ids))
        .order_by(request_steps.c.request_id, request_steps.c.seq)
    )
    for row in rows:
        at = _aware(row.at)
        assert at is not None
        found[row.request_id].append(
            RequestStep(
                row.seq, row.action, row.state, at, row.actor_kind, row.actor_id, row.detail
            )
        )
    return found


def load(connection: Connection, request_id: str, *, for_update: bool = False) -> RightsRequest:
    """The request with its steps; NotFoundError when there is none."""
    query = select(requests).where(requests.c.id == request_id)
    if for_update:
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        raise NotFoundError(f"no request {request_id}", field="request_id")
    return _request(row, tuple(_steps(connection, [request_id])[request_id]))


def load_many(connection: Connection, query: Any) -> list[RightsRequest]:
    """The requests a select on the requests table finds, in its order, with their steps."""
    rows = list(connection.execute(query).mappings())
    steps = _steps(connection, [row["id"] for row in rows])
    return [_request(row, tuple(steps[row["id"]])) for row in rows]


def insert_request(connection: Connection, request: RightsRequest) -> None:
    values = {name: value for name, value in request.__dict__.items() if name != "steps"}
    values["scope"] = " ".join(request.scope)
    connection.execute(insert(requests).values(**values))


def save(connection: Connection, request_id: str, changes: Mapping[str, object]) -> None:
    connection.execute(update(requests).where(requests.c.id == request_id).values(**changes))


def add_step(
    connection: Connection,
    request_id: str,
    *,
    action: str,
    state: str,
    at: datetime,
    actor_kind: str,
    actor_id: str,
    detail: str | None = None,
) -> None:
    last = connection.execute(
        select(func.max(request_steps.c.seq)).where(request_steps.c.request_id == request_id)
    ).scalar()
    connection.execute(
        insert(request_steps).values(
            request_id=request_id,
            seq=(last or 0) + 1,
            action=action,
            state=state,
            at=at,
            actor_kind=actor_kind,
            actor_id=actor_id,
            detail=detail,
        )
    )
