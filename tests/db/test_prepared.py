"""Prepared: a SELECT run on the driver's cursor reads as SQLAlchemy would read it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, bindparam, select

from mamori.db import Prepared, create_engine
from mamori.errors import ConfigError

_metadata = MetaData()
_things = Table(
    "prepared_things",
    _metadata,
    Column("id", String(16), primary_key=True),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("gone_at", DateTime(timezone=True)),
)
MADE = datetime(2026, 12, 6, 3, 30, 15, 123456, tzinfo=UTC)
BY_ID = Prepared(
    select(_things.c.id, _things.c.made_at, _things.c.gone_at).where(
        _things.c.id == bindparam("thing")
    )
)


@pytest.fixture
def things(engine: Engine) -> Engine:
    _metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(_things.insert().values(id="a", made_at=MADE))
    return engine


def _plain(engine: Engine, thing: str) -> tuple[object, ...]:
    with engine.connect() as connection:
        row = connection.execute(select(_things).where(_things.c.id == thing)).one()
    return tuple(row)


def test_a_row_reads_as_sqlalchemy_reads_it(things: Engine) -> None:
    row = BY_ID.first(things, {"thing": "a"})
    assert row is not None
    assert tuple(row) == _plain(things, "a")
    assert (row.id, row.gone_at) == ("a", None)  # type: ignore[attr-defined]
    assert row.made_at.replace(tzinfo=UTC) == MADE  # type: ignore[attr-defined]


def test_no_row_is_none(things: Engine) -> None:
    assert BY_ID.first(things, {"thing": "zz"}) is None


def test_on_a_connection_it_sees_that_transactions_own_writes(things: Engine) -> None:
    with things.begin() as connection:
        connection.execute(_things.insert().values(id="b", made_at=MADE))
        row = BY_ID.first(connection, {"thing": "b"})
        connection.rollback()
    assert row is not None
    assert BY_ID.first(things, {"thing": "b"}) is None


def test_two_columns_of_one_name_are_refused() -> None:
    other = Table("prepared_others", MetaData(), Column("id", String(16)))
    with pytest.raises(ConfigError, match="distinct column names"):
        Prepared(select(_things.c.id, other.c.id))


def test_a_parameter_the_driver_cannot_take_as_it_is_is_refused(sqlite_url: str) -> None:
    # SQLite's driver takes no datetime: SQLAlchemy would have turned it into text first.
    engine = create_engine(sqlite_url)
    _metadata.create_all(engine)
    by_time = Prepared(select(_things.c.id).where(_things.c.made_at == bindparam("at", MADE)))
    with pytest.raises(ConfigError, match="takes as they are") as refused:
        by_time.first(engine, {"at": MADE})
    engine.dispose()
    assert refused.value.field == "statement"
