"""Idempotency keys on writes that create (`Idempotency-Key` header, up to 200 characters).

The first answer is stored in the same transaction as what it created, so either both are kept
or neither; a retry with the same key and the same request gets that answer again, with the
header `Idempotent-Replayed: true`; the same key with another request is refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError as DatabaseIntegrityError

from mamori.api._idempotency_tables import idempotency_keys
from mamori.errors import ConflictError, ValidationError
from mamori.register import Actor

__all__ = ["IdempotencyKey", "idempotency_key_of"]

HEADER = "Idempotency-Key"


class IdempotencyKey:
    """One request's key, bound to the caller and to what the request asks."""

    def __init__(self, actor: Actor, key: str, fingerprint: str) -> None:
        self.principal = f"{actor.kind}:{actor.id}"
        self.key = key
        self.fingerprint = fingerprint

    def replay(self, connection: Connection) -> JSONResponse | None:
        """The first answer, when this key was used before for this same request."""
        row = connection.execute(
            select(
                idempotency_keys.c.fingerprint, idempotency_keys.c.status, idempotency_keys.c.body
            ).where(
                idempotency_keys.c.principal == self.principal,
                idempotency_keys.c.key == self.key,
            )
        ).first()
        if row is None:
            return None
        if row.fingerprint != self.fingerprint:
            raise ConflictError(
                f"the {HEADER} was already used for another request; use a new key for each "
                "new request",
                field=HEADER,
            )
        return JSONResponse(
            json.loads(row.body), status_code=row.status, headers={"Idempotent-Replayed": "true"}
        )

    def store(self, connection: Connection, status: int, body: Any, now: datetime) -> None:
        try:
            with connection.begin_nested():
                connection.execute(
                    insert(idempotency_keys).values(
                        principal=self.principal,
                        key=self.key,
                        fingerprint=self.fingerprint,
                        status=status,
                        body=json.dumps(body, ensure_ascii=False, default=str),
                        created_at=now,
                    )
                )
        except DatabaseIntegrityError:
            raise ConflictError(
                f"another request with this {HEADER} is being answered; retry it shortly",
                field=HEADER,
            ) from None


async def idempotency_key_of(request: Request, actor: Actor) -> IdempotencyKey | None:
    """The request's key, or None when the client sent none."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= 200 or not key.isprintable():
        raise ValidationError(
            f"the {HEADER} header is 1 to 200 printable characters (a UUID is a good choice)",
            field=HEADER,
        )
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.url.path}\n".encode())
    digest.update(await request.body())
    return IdempotencyKey(actor, key, digest.hexdigest())
