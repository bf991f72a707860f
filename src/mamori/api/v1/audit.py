"""The audit log, for those whose role may read it: the events, and the log's verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from mamori.api.auth import require_permission
from mamori.api.pagination import Cursor, Page, cursor_at, offset_of
from mamori.api.v1._common import RegisterDep

__all__ = ["router"]

router = APIRouter(
    prefix="/audit", tags=["audit"], dependencies=[Depends(require_permission("audit.read"))]
)


@router.get("", summary="Audit events matching every filter given")
def events(
    register: RegisterDep,
    subject_id: Annotated[str | None, Query()] = None,
    actor_id: Annotated[str | None, Query()] = None,
    purpose: Annotated[str | None, Query()] = None,
    outcome: Annotated[Literal["allowed", "refused"] | None, Query()] = None,
    since: Annotated[datetime | None, Query(description="Inclusive (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Exclusive (ISO 8601).")] = None,
    newest_first: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> Page[dict[str, Any]]:
    offset = offset_of(cursor)
    found = register.audit.query(
        register.engine,
        subject_id=subject_id,
        actor_id=actor_id,
        purpose=purpose,
        outcome=outcome,
        since=since,
        until=until,
        newest_first=newest_first,
        limit=limit + 1,
        offset=offset,
    )
    following = cursor_at(offset + limit) if len(found) > limit else None
    return Page[dict[str, Any]](
        items=[event.to_dict() for event in found[:limit]], next_cursor=following
    )


@router.get("/verify", summary="Verify the whole log: chain, checkpoints, signatures, head")
def verify(register: RegisterDep) -> dict[str, object]:
    return register.audit.verify(register.engine).to_dict()
