"""Lists come a page at a time: `limit` (1-200, 50 by default) and the opaque `cursor` the
previous page gave as `next_cursor` (null on the last page)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from mamori.errors import ValidationError

__all__ = ["Cursor", "Limit", "Page", "cursor_at", "offset_of", "paginate"]

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=200, description="How many entries per page.")]
Cursor = Annotated[
    str | None, Query(description="The `next_cursor` of the previous page.", max_length=64)
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def paginate(rows: Sequence[T], limit: int, cursor: str | None) -> Page[T]:
    start = offset_of(cursor)
    end = start + limit
    following = cursor_at(end) if end < len(rows) else None
    return Page[T](items=list(rows[start:end]), next_cursor=following)


def cursor_at(offset: int) -> str:
    """The cursor of the page that starts at `offset`."""
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def offset_of(cursor: str | None) -> int:
    """Where the page `cursor` names starts."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if text.startswith("o") and text[1:].isdigit():
            return int(text[1:])
    except ValueError:
        pass
    raise ValidationError(
        "cursor is not one this API gave; pass the next_cursor of the previous page",
        field="cursor",
    )
