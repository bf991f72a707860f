"""What the /api/v1 routers share: the register, the clock, the caller, and how a write that
creates answers (201, idempotent)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from mamori.api.auth import (
    Principal,
    current_principal,
    current_time,
    now_of,
    require_staff,
    require_subject,
)
from mamori.api.deps import current_register
from mamori.api.idempotency import idempotency_key_of
from mamori.register import Register, RegisterSession

__all__ = [
    "Caller",
    "Now",
    "Person",
    "RegisterDep",
    "Staff",
    "created",
    "plain",
    "session_of",
]

RegisterDep = Annotated[Register, Depends(current_register)]
Now = Annotated[datetime, Depends(current_time)]
Caller = Annotated[Principal, Depends(current_principal)]
Staff = Annotated[Principal, Depends(require_staff)]
Person = Annotated[Principal, Depends(require_subject)]


@contextmanager
def session_of(register: Register) -> Iterator[RegisterSession]:
    """One register session: the request's one transaction."""
    with register.session() as session:
        yield session


def plain(value: Any) -> Any:
    """Domain results as JSON-ready data: through their own `to_dict()` when they have one
    (it knows what to reveal), else field by field."""
    if isinstance(value, list | tuple):
        return [plain(entry) for entry in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable_encoder(to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable_encoder(dataclasses.asdict(value))
    return jsonable_encoder(value)


async def created(
    request: Request,
    register: Register,
    principal: Principal,
    make: Callable[[RegisterSession], Any],
    *,
    kept: Callable[[Any], Any] | None = None,
) -> JSONResponse:
    """Run `make` in one session and answer 201 with what it made; with an Idempotency-Key,
    a retry gets the first answer and makes nothing. `kept` trims what is stored for the
    retry when the answer carries personal values (which are stored nowhere in plain form)."""
    from starlette.concurrency import run_in_threadpool

    key = await idempotency_key_of(request, principal.actor)

    def run() -> JSONResponse:
        with register.session() as session:
            if key is not None:
                replay = key.replay(session.connection)
                if replay is not None:
                    return replay
            body = plain(make(session))
            if key is not None:
                stored = kept(body) if kept is not None else body
                key.store(session.connection, 201, stored, now_of(request))
        return JSONResponse(body, status_code=201)

    return await run_in_threadpool(run)
