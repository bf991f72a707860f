"""`Personal[T]`: a personal value that prints as `<redacted>` everywhere text is made of it.

Wrap a value as soon as it is read or received, and `reveal()` it only at the edge that must show
or store it. Log lines, exception messages, tracebacks with locals, f-strings and `%`-formatting
then carry `<redacted>` instead of the value.

It is deliberately not a dataclass: `dataclasses.asdict()` recurses into dataclass fields and
would copy the value out of an enclosing record.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, Generic, NoReturn, TypeVar

__all__ = ["REDACTED", "Personal"]

REDACTED = "<redacted>"

T = TypeVar("T")
U = TypeVar("U")

# Salting the hash per process keeps hash(Personal(42)) from being 42's well-known hash, so a
# hash printed by a debugging aid does not reveal a small number or a common string.
_HASH_SALT = secrets.token_bytes(16)


class Personal(Generic[T]):
    """An immutable holder of one personal value; its text forms never show the value.

    Two `Personal` values are equal when their values are equal. It is hashable when the value is.
    """

    __slots__ = ("_value",)
    _value: T

    def __init__(self, value: T) -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> T:
        """The value itself. Call it only where the value must be shown, stored or compared."""
        return self._value

    def map(self, function: Callable[[T], U]) -> Personal[U]:
        """Transform the value without revealing it to the caller's scope (e.g. normalise)."""
        return Personal(function(self._value))

    def __repr__(self) -> str:
        return REDACTED

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, format_spec: str) -> str:
        return REDACTED

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Personal):
            return bool(self._value == other._value)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((_HASH_SALT, self._value))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("Personal is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Personal is immutable")

    def __reduce__(self) -> tuple[type[Personal[T]], tuple[T]]:
        return (type(self), (self._value,))
