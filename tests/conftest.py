"""Fixtures shared by every domain's tests.

- ``database_url``: each test runs on SQLite (a file in tmp_path) and on PostgreSQL (a fresh
  throwaway database made from MAMORI_TEST_POSTGRES_URL, dropped when the session ends; skipped,
  saying why, when the variable is not set). The database is empty. ``sqlite_url`` and
  ``postgres_url`` give one of them.
- ``engine``: an engine on a fresh database of each kind with the migrations applied (the only way
  a schema is made, in tests too: each test gets a copy of a database `upgrade` migrated at the
  start of the session). Its URL is ``engine.url``.
- ``registers``: opens registers (tests/registers.py) on ``engine``, closed after the test.
- ``run_until_killed``: starts a child process doing writes, SIGKILLs it partway and returns what
  it acknowledged; ``assert_kills_lose_nothing`` runs rounds of that on one database and checks
  that every acknowledged write is stored and the log still verifies. See below.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mamori.db import create_engine, upgrade
from tests.registers import Registers

POSTGRES_ENV = "MAMORI_TEST_POSTGRES_URL"


def _database_prefix() -> str:
    # Helpers share one PostgreSQL server: name databases after this checkout (its worktree).
    checkout = Path(__file__).resolve().parent.parent.name.lower()
    return "mamori_test_" + re.sub(r"[^a-z0-9]+", "_", checkout)[:24]


def _libpq_url(sqlalchemy_url: str, database: str | None = None) -> str:
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


@contextmanager
def _throwaway_postgres(template: str = "template1") -> Iterator[str]:
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (`make test` sets it when it can)")
    import psycopg

    name = f"{_database_prefix()}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq_url(admin_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _to_drop.append(name)


# Dropping a database waits on the server's checkpointing; doing it once, at the end of the
# session, keeps each test's teardown instant.
_to_drop: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _drop_throwaway_databases() -> Iterator[None]:
    yield
    admin_url = os.environ.get(POSTGRES_ENV)
    if not _to_drop or not admin_url:
        return
    import psycopg

    with psycopg.connect(_libpq_url(admin_url), autocommit=True) as admin:
        while _to_drop:
            admin.execute(f'DROP DATABASE IF EXISTS "{_to_drop.pop()}" WITH (FORCE)')


def _migrated(url: str) -> None:
    engine = create_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, empty SQLite database file."""
    return f"sqlite:///{tmp_path / 'mamori.sqlite'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped after the test."""
    with _throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each test that uses `database_url` or `engine` runs once per supported database."""
    kind: str = request.param
    return kind


@pytest.fixture
def database_url(database_kind: str, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of each supported kind, as a SQLAlchemy URL."""
    url: str = request.getfixturevalue(f"{database_kind.replace('postgresql', 'postgres')}_url")
    return url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    _migrated(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[str]:
    with _throwaway_postgres() as url:
        _migrated(url)
        yield str(make_url(url).database)


@pytest.fixture
def engine(database_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a fresh database of each kind with every migration applied.

    Each test gets a copy of one database migrated by `upgrade` at the start of the session
    (copying is faster than migrating). Its URL is ``engine.url``; it is not ``database_url``,
    which stays an empty database.
    """
    if database_kind == "sqlite":
        path = tmp_path / "migrated.sqlite"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        created = create_engine(f"sqlite:///{path}")
        try:
            yield created
        finally:
            created.dispose()
        return
    with _throwaway_postgres(request.getfixturevalue("_postgres_template")) as url:
        created = create_engine(url)
        try:
            yield created
        finally:
            created.dispose()


@pytest.fixture
def registers(engine: Engine, tmp_path: Path) -> Iterator[Registers]:
    opened = Registers(engine, tmp_path)
    yield opened
    opened.close()


@dataclass(frozen=True)
class KilledRun:
    acknowledged: list[str]
    """Every line the child printed (one per committed write) before it died."""
    returncode: int
    stderr: str


def run_until_killed(
    argv: Sequence[str],
    *,
    kill_after: int,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> KilledRun:
    """Run `argv`, SIGKILL it once it has printed `kill_after` lines, return all it printed.

    The child must print one line per write *after* that write's transaction committed, and
    flush each line: a printed line is a promise that the write is durable. Lines still in the
    pipe when the kill lands were printed before it, so they count too. The test then checks that
    every acknowledged write is present. Fails if the child exits on its own first.
    """
    process = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        acknowledged: list[str] = []
        while len(acknowledged) < kill_after:
            line = process.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
        if len(acknowledged) < kill_after:
            process.wait()
            pytest.fail(
                f"the child exited ({process.returncode}) after {len(acknowledged)} writes, "
                f"before the kill at {kill_after}:\n{process.stderr.read()}"
            )
        process.send_signal(signal.SIGKILL)
        acknowledged.extend(line.strip() for line in process.stdout.read().splitlines())
        returncode = process.wait()
        return KilledRun([a for a in acknowledged if a], returncode, process.stderr.read())
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()


def assert_kills_lose_nothing(
    argv_for_round: Callable[[int], Sequence[str]],
    *,
    kill_points: Sequence[int],
    stored: Callable[[], Collection[str]],
    log_is_intact: Callable[[], bool],
) -> list[KilledRun]:
    """One child per kill point, all on the same database: after each SIGKILL, every line the
    child acknowledged must be among `stored()` and `log_is_intact()` must hold."""
    runs = []
    for round_, kill_after in enumerate(kill_points):
        run = run_until_killed(argv_for_round(round_), kill_after=kill_after)
        assert run.returncode == -signal.SIGKILL, run.stderr
        lost = set(run.acknowledged) - set(stored())
        assert not lost, f"round {round_}: acknowledged writes lost after SIGKILL: {sorted(lost)}"
        assert log_is_intact(), f"round {round_}: the log does not verify after SIGKILL"
        runs.append(run)
    return runs


@pytest.fixture(name="run_until_killed")
def run_until_killed_fixture() -> Callable[..., KilledRun]:
    """The `run_until_killed` harness, for tests that prove a hard kill loses no acknowledged
    write."""
    return run_until_killed


@pytest.fixture(name="assert_kills_lose_nothing")
def assert_kills_lose_nothing_fixture() -> Callable[..., list[KilledRun]]:
    """The `assert_kills_lose_nothing` harness: rounds of run, SIGKILL, check."""
    return assert_kills_lose_nothing
