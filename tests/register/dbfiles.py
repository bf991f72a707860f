"""What a register leaves on disk, and copies of its database, for the reliability tests.

- `Planted`: unique values, each carrying a token of 12 hex digits, searched for in bytes (UTF-8,
  and hex-encoded as pg_dump writes bytea) without scanning the bytes once per value.
- `sqlite_files`: the database file of a SQLite URL with its -wal and -shm files.
- `pg_dump` / `restored_copy`: a dump of a PostgreSQL database with the server's own binaries
  (skipped, saying why, when they are not installed), and a new database restored from one.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TOKEN_LENGTH = 12


class Planted:
    """Values the test stored, found again in any bytes by their tokens."""

    def __init__(self) -> None:
        self._plain: dict[bytes, bytes] = {}
        self._hexed: dict[bytes, bytes] = {}
        self.values: list[str] = []

    def __len__(self) -> int:
        return len(self.values)

    def token(self, *, digits: bool = False) -> str:
        """A fresh token (hex digits, or decimal digits for phone numbers), never given twice."""
        while True:
            token = (
                f"{secrets.randbelow(10**TOKEN_LENGTH):0{TOKEN_LENGTH}d}"
                if digits
                else secrets.token_hex(TOKEN_LENGTH // 2)
            )
            if token.encode() not in self._plain:
                return token

    def add(self, token: str, value: str) -> str:
        assert token in value
        assert token.encode() not in self._plain
        self._plain[token.encode()] = value.encode()
        self._hexed[token.encode().hex().encode()] = value.encode().hex().encode()
        self.values.append(value)
        return value

    def found_in(self, data: bytes) -> list[str]:
        """Every planted value whose UTF-8 bytes, or their hex text, occur in `data`."""
        hits = _scan(data, self._plain, TOKEN_LENGTH) | _scan(data, self._hexed, 2 * TOKEN_LENGTH)
        by_bytes = {value.encode(): value for value in self.values}
        by_hex = {value.encode().hex().encode(): value for value in self.values}
        return sorted({by_bytes.get(hit) or by_hex[hit] for hit in hits})


def _scan(data: bytes, needles: dict[bytes, bytes], width: int) -> set[bytes]:
    # A value can only occur where its token does, and tokens are runs of hex digits: look up
    # each window of each such run, then confirm the whole value.
    hits: set[bytes] = set()
    for run in re.finditer(rb"[0-9a-f]{%d,}" % width, data):
        text = run.group()
        for start in range(len(text) - width + 1):
            value = needles.get(text[start : start + width])
            if value is not None and value in data:
                hits.add(value)
    return hits


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    assert database, url
    return Path(database)


def sqlite_files(url: str) -> dict[str, bytes]:
    """The database file of `url` and its -wal and -shm files, those that exist, by name."""
    path = sqlite_path(url)
    found = {}
    for suffix in ("", "-wal", "-shm"):
        file = path.with_name(path.name + suffix)
        if file.exists():
            found[file.name] = file.read_bytes()
    return found


def pg_tool(name: str) -> Path:
    tool = PG_BIN / name
    if not tool.exists():
        pytest.skip(f"{tool} not found: install postgresql-client-15 to match the server")
    return tool


def libpq_url(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def pg_dump(url: str, *, custom: bool = False) -> bytes:
    """A dump of the database at `url`: plain SQL text, or pg_restore's custom format."""
    command = [str(pg_tool("pg_dump")), "--no-owner", "--dbname", libpq_url(url)]
    if custom:
        command.append("--format=custom")
    return subprocess.run(command, capture_output=True, check=True).stdout


@contextmanager
def restored_copy(url: str, dump: bytes) -> Iterator[str]:
    """A new database on the same server restored from a custom-format `dump`; dropped after."""
    import psycopg

    admin = os.environ.get("MAMORI_TEST_POSTGRES_URL") or url
    name = f"mamori_test_reliability_copy_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(admin), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            [str(pg_tool("pg_restore")), "--no-owner", "--dbname", libpq_url(url, name)],
            input=dump,
            capture_output=True,
            check=True,
        )
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq_url(admin), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
