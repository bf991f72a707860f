"""The purposes-by-items table: one row per purpose, one column per item it may use (OP-6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mamori.policy.notice._context import Notice, Text

__all__ = ["Cell", "MaskNote", "Matrix", "Row", "purposes_by_items"]


@dataclass(frozen=True)
class Cell:
    used: bool
    mask: str | None = None
    """How much of the value the purpose sees, when only part of it."""


@dataclass(frozen=True)
class Row:
    key: str
    label: Text
    cells: list[Cell]


@dataclass(frozen=True)
class MaskNote:
    purpose: Text
    item: Text
    mask: str


@dataclass(frozen=True)
class Matrix:
    columns: list[tuple[str, Text]]
    rows: list[Row]
    masks: list[MaskNote]


def purposes_by_items(notice: Notice) -> Matrix:
    """Columns are the items some purpose uses, in the policy's order of items."""
    policy = notice.policy
    used = {key for purpose in policy.purposes.values() for key in purpose.items}
    columns = [key for key in policy.items if key in used]
    rows: list[Row] = []
    masks: list[MaskNote] = []
    for key, purpose in policy.purposes.items():
        cells: list[Cell] = []
        for item in columns:
            mask = purpose.masks.get(item)
            if item not in purpose.items:
                cells.append(Cell(used=False))
            elif mask is None:
                cells.append(Cell(used=True))
            else:
                wording = notice.mask(mask)
                cells.append(Cell(used=True, mask=wording))
                masks.append(MaskNote(notice.purpose(key), notice.item(item), wording))
        rows.append(Row(key, notice.purpose(key), cells))
    return Matrix([(key, notice.item(key)) for key in columns], rows, masks)
