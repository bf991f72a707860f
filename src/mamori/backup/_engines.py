"""Copying a database to a file and back: SQLite through its online backup API, PostgreSQL
through pg_dump / pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from mamori.errors import ConfigError, IntegrityError

__all__ = [
    "dump_postgres",
    "dump_sqlite",
    "find_pg_tool",
    "parse",
    "restore_postgres",
    "restore_sqlite",
    "sqlite_is_empty",
    "sqlite_path",
]


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise ConfigError("an in-memory SQLite database has nothing to back up", field="database")
    return Path(url.database)


def dump_sqlite(url: URL, target: Path) -> None:
    path = sqlite_path(url)
    if not path.exists():
        raise ConfigError(f"no SQLite database at {path}; check --database", field="database")
    # The backup API copies a consistent snapshot page by page while writers go on.
    with _Closing(sqlite3.connect(path)) as live, _Closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it


def restore_sqlite(payload: Path, url: URL) -> None:
    path = sqlite_path(url)
    with _Closing(sqlite3.connect(payload)) as saved, _Closing(sqlite3.connect(path)) as target:
        saved.backup(target)


def sqlite_is_empty(url: URL) -> bool:
    path = sqlite_path(url)
    if not path.exists() or path.stat().st_size == 0:
        return True
    with _Closing(sqlite3.connect(path)) as connection:
        count: int = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return count == 0


def find_pg_tool(name: str, folder: Path | None = None) -> Path:
    """pg_dump or pg_restore: in `folder` when given, else the newest PostgreSQL's bin folder,
    else PATH. A dump needs a pg_dump at least as new as the server."""
    candidates: list[Path] = []
    if folder is not None:
        candidates.append(folder / name)
    else:
        versions = sorted(
            Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
            key=lambda found: int(found.parts[-3]) if found.parts[-3].isdigit() else 0,
            reverse=True,
        )
        candidates += versions
        on_path = shutil.which(name)
        if on_path:
            candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f" in {folder}" if folder is not None else ""
    raise ConfigError(
        f"{name} not found{where}; install the PostgreSQL client tools (Debian/Ubuntu: "
        "apt-get install postgresql-client, the version of your server or newer) or give "
        "--pg-bin DIR",
        field="pg_bin",
    )


def dump_postgres(url: URL, target: Path, pg_bin: Path | None) -> None:
    tool = find_pg_tool("pg_dump", pg_bin)
    dsn, env = _libpq(url)
    _call([str(tool), "-Fc", "--no-owner", "--no-privileges", "-f", str(target), "-d", dsn], env)


def restore_postgres(payload: Path, url: URL, pg_bin: Path | None, *, clean: bool) -> None:
    tool = find_pg_tool("pg_restore", pg_bin)
    dsn, env = _libpq(url)
    command = [
        str(tool),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    _call([*command, "-d", dsn, str(payload)], env)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    # The password goes through the environment, never on a command line others can list.
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _call(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # pg_dump's messages name tables and the server, not row contents.
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise IntegrityError(
            f"{Path(command[0]).name} failed (exit {done.returncode}): {last}", field="database"
        )


class _Closing:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self._connection

    def __exit__(self, *_: object) -> None:
        self._connection.close()


def parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except Exception:
        raise ConfigError(
            "the database URL cannot be read; check --database", field="database"
        ) from None
    return parsed
