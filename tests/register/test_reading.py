"""`Register.reading`: a read in a snapshot, its audit event written with those of the readings
that end together, before the reader leaves the block."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from tests.loops import run_apart

from mamori.errors import AccessDeniedError, MamoriError
from mamori.register import Actor, Register

APP = Actor.application()


def _reads(register: Register) -> list[tuple[str | None, str, str]]:
    with register.engine.connect() as connection:
        return [
            (entry.subject_id, str(entry.outcome), entry.rule)
            for entry in register.audit.query(connection)
            if entry.action == "read"
        ]


_REFUSE_AUDIT_EVENTS = {
    "sqlite": [
        "CREATE TRIGGER no_room BEFORE INSERT ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION no_room() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$",
        "CREATE TRIGGER no_room BEFORE INSERT ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION no_room()",
    ],
}
"""A full disk, as the audit log's writer meets it."""


async def _read_email(register: Register, subject_id: str) -> str:
    async with register.reading() as session:
        data = session.read(APP, subject_id, "service", ["email"])
    return str(data["email"].reveal())


def test_a_reading_returns_the_values_and_leaves_its_event(shop: Register) -> None:
    assert run_apart(_read_email(shop, "m1")) == "m1@example.org"
    assert _reads(shop) == [("m1", "allowed", "purpose")]
    assert shop.audit.verify(shop.engine).ok


def test_readings_that_end_together_share_one_write(shop: Register) -> None:
    if shop.engine.dialect.name != "sqlite":
        pytest.skip("counts the statements SQLite's driver runs")
    statements: list[str] = []

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    async def read_all() -> list[str]:
        return await asyncio.gather(*(_read_email(shop, f"m{n}") for n in (1, 2, 3)))

    shop.engine.dispose()
    event.listen(shop.engine, "connect", trace)
    try:
        emails = run_apart(read_all())
    finally:
        event.remove(shop.engine, "connect", trace)
    begun = [statement for statement in statements if statement.startswith("BEGIN")]
    assert emails == ["m1@example.org", "m2@example.org", "m3@example.org"]
    assert begun == ["BEGIN DEFERRED"] * 3 + ["BEGIN IMMEDIATE"]
    assert sorted(subject for subject, _, _ in _reads(shop)) == ["m1", "m2", "m3"]


def test_a_refusal_in_a_reading_is_audited_and_raised(shop: Register) -> None:
    support = Actor.staff("s1", "support")

    async def refused() -> None:
        async with shop.reading() as session:
            session.read(support, "m1", "provision:partners")

    with pytest.raises(AccessDeniedError):
        run_apart(refused())
    assert _reads(shop) == [("m1", "refused", "provision_role")]


def test_a_write_in_a_reading_fails_and_changes_nothing(shop: Register) -> None:
    async def write() -> None:
        async with shop.reading() as session:
            session.suspend(Actor.subject("m1"), "m1", "provision:*")

    with pytest.raises((DBAPIError, MamoriError)):
        run_apart(write())
    with shop.session() as session:
        assert session.subject_info(Actor.subject("m1"), "m1").suspended == frozenset()
    # The connection it ran on writes again once back in the pool.
    with shop.session() as session:
        session.suspend(Actor.subject("m1"), "m1", "provision:*")


def test_the_reader_gets_nothing_when_its_event_cannot_be_written(shop: Register) -> None:
    with shop.engine.begin() as connection:
        for statement in _REFUSE_AUDIT_EVENTS[shop.engine.dialect.name]:
            connection.execute(text(statement))
    revealed: list[str] = []

    async def read() -> None:
        revealed.append(await _read_email(shop, "m1"))

    # As the writer meets the error: a refused insert on SQLite, the trigger's own on PostgreSQL.
    with pytest.raises((MamoriError, psycopg.Error), match=r"refused audit events|disk full"):
        run_apart(read())
    assert revealed == []


def test_the_event_of_a_cancelled_reader_is_still_written(shop: Register) -> None:
    async def cancelled() -> None:
        reader = asyncio.create_task(_read_email(shop, "m1"))
        await asyncio.sleep(0)  # the reader runs until it waits for its write
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader

    run_apart(cancelled())
    assert _reads(shop) == [("m1", "allowed", "purpose")]
