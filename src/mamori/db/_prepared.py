"""`Prepared`: a SELECT compiled once per dialect and run straight on the driver's cursor.

For the few queries that run on every HTTP call (an API key's lookup): SQLAlchemy's execution
machinery, and the `Connection` a transaction needs, cost several times the query itself. The
columns come back converted by their SQLAlchemy types, so a row reads as `connection.execute`
would give it.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.engine import Dialect

from mamori.errors import ConfigError

__all__ = ["Prepared"]

_Converter = Callable[[Any], Any] | None
_Ready = tuple[str, tuple[str, ...] | None, list[_Converter]]


class Prepared:
    """`statement`, ready to run with `first` on an Engine (a pooled connection of its own, no
    transaction: one SELECT sees one snapshot) or on a Connection (inside its transaction).

    Parameters reach the driver as given: the statement may only bind values that need no
    conversion (strings, numbers), which is checked when it is first compiled for a dialect.
    """

    def __init__(self, statement: Select[Any]) -> None:
        self._statement = statement
        names = [str(column.key) for column in statement.selected_columns]
        if len(set(names)) != len(names):
            raise ConfigError("a prepared SELECT needs distinct column names", field="statement")
        self._row = namedtuple("PreparedRow", names)  # type: ignore[misc]  # names known at run time
        self._compiled: dict[str, _Ready] = {}

    def first(
        self, db: Engine | Connection, params: Mapping[str, object]
    ) -> tuple[Any, ...] | None:
        """The first row (a named tuple), or None."""
        if isinstance(db, Engine):
            raw = db.raw_connection()
            try:
                return self._first(raw.driver_connection, db.dialect, params)
            finally:
                raw.close()
        return self._first(db.connection.driver_connection, db.dialect, params)

    def _first(
        self, driver: Any, dialect: Dialect, params: Mapping[str, object]
    ) -> tuple[Any, ...] | None:
        sql, positions, converters = self._for(dialect)
        arguments = tuple(params[name] for name in positions) if positions else dict(params)
        cursor = driver.cursor()
        try:
            cursor.execute(sql, arguments)
            found = cursor.fetchone()
        finally:
            cursor.close()
        if found is None:
            return None
        return self._row(
            *(
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, found, strict=True)
            )
        )

    def _for(self, dialect: Dialect) -> _Ready:
        if dialect.name not in self._compiled:
            compiled = self._statement.compile(dialect=dialect)
            for name, bind in compiled.binds.items():
                if bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
                    raise ConfigError(
                        f"a prepared SELECT binds only values the driver takes as they are; "
                        f"{name} is a {bind.type}",
                        field="statement",
                    )
            converters: list[_Converter] = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self._statement.selected_columns
            ]
            positions = tuple(compiled.positiontup) if compiled.positiontup else None
            self._compiled[dialect.name] = (str(compiled), positions, converters)
        return self._compiled[dialect.name]
