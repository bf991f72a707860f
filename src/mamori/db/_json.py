"""One JSON field of a text column, in the SQL of each supported database.

Used for generated columns (``Computed(json_field(...))``) and filters over JSON text columns:
SQLite has ``json_extract``, PostgreSQL casts the text to ``jsonb``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import BigInteger, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from mamori.errors import ValidationError

__all__ = ["json_field"]

_KEY = re.compile(r"[a-z][a-z0-9_]{0,62}")


class json_field(ColumnElement[Any]):  # noqa: N801 - reads like the SQL function it renders
    """``json_field(column, "key")``: the value at ``key`` of a JSON object stored as text.

    Strings come back as text, JSON null as NULL; with ``integer=True`` the value is an integer.
    """

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 - SQLAlchemy's cache key protocol
        ("expr", InternalTraversal.dp_clauseelement),
        ("key", InternalTraversal.dp_string),
        ("integer", InternalTraversal.dp_boolean),
    ]

    def __init__(self, expr: ColumnElement[Any], key: str, *, integer: bool = False) -> None:
        if not _KEY.fullmatch(key):
            raise ValidationError(
                "json_field key must be lower-case letters, digits and _", field="key"
            )
        self.expr = expr
        self.key = key
        self.integer = integer
        self.type = BigInteger() if integer else Text()


@compiles(json_field)
def _compile_sqlite(element: json_field, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_extract({compiler.process(element.expr, **kw)}, '$.{element.key}')"


@compiles(json_field, "postgresql")
def _compile_postgresql(element: json_field, compiler: SQLCompiler, **kw: Any) -> str:
    text = f"(CAST({compiler.process(element.expr, **kw)} AS JSONB) ->> '{element.key}')"
    return f"CAST({text} AS BIGINT)" if element.integer else text
