"""The access log, for staff whose role may use the purpose asked for (the purpose is the
permission: the policy's roles name the purposes each may use)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from mamori.accesslog import read_log
from mamori.api.pagination import Cursor, Page, cursor_at, offset_of
from mamori.api.v1._common import RegisterDep, Staff, session_of

__all__ = ["router"]

router = APIRouter(prefix="/access-log", tags=["access-log"])


@router.get("", summary="Requests recorded in the access log, for a declared purpose")
def entries(
    register: RegisterDep,
    principal: Staff,
    purpose: Annotated[str, Query(description="A purpose the policy declares.")],
    since: Annotated[datetime | None, Query(description="Inclusive (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Exclusive (ISO 8601).")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> Page[dict[str, Any]]:
    offset = offset_of(cursor)
    with session_of(register) as session:
        found = read_log(
            session,
            principal.actor,
            purpose,
            since=since,
            until=until,
            limit=limit + 1,
            offset=offset,
        )
    following = cursor_at(offset + limit) if len(found) > limit else None
    return Page[dict[str, Any]](
        items=[entry.to_dict() for entry in found[:limit]], next_cursor=following
    )
