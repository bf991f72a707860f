"""Alembic migrations: the only way a Mamori schema is made, in production and in tests.

One linear history for the whole application lives in ``mamori/db/migrations/versions``
(``0001_audit_log.py``, ``0002_...``). Each domain lists its model module in `MODEL_MODULES` so
that autogenerate, and the test that the models and the migrations agree, see every table.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, MetaData
from sqlalchemy.engine import URL

from mamori.db._base import Base
from mamori.db._engine import create_engine
from mamori.errors import ConfigError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions: it costs a quarter of a second that an application
# reading and writing its database never needs.

__all__ = [
    "MAIN_HISTORY",
    "MODEL_MODULES",
    "MigrationHistory",
    "alembic_config",
    "current_revision",
    "head_revision",
    "is_current",
    "load_models",
    "upgrade",
]

# Modules that declare tables on `Base`; add one line per domain (kept here, not discovered, so
# that the migrations never depend on import order).
MODEL_MODULES: tuple[str, ...] = (
    "mamori.audit._models",
    "mamori.register.tables",
    "mamori.anonymize.store",
    "mamori.consent._tables",
    "mamori.provision._register_tables",
    "mamori.rights._tables",
    "mamori.versions._tables",
    "mamori.provision._tables",
    "mamori.notify._tables",
    "mamori.accounts._tables",
    "mamori.api._idempotency_tables",
    "mamori.retention._tables",
    "mamori.incidents._tables",
    "mamori.accesslog._tables",
)

_MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationHistory:
    """A line of migrations and the table that remembers how far a database has come.

    Mamori has two: the main database's (`MAIN_HISTORY`), and the key store's, which the
    register keeps in a database of its own (`mamori.register.KEYSTORE_HISTORY`).
    """

    location: Path
    version_table: str = "alembic_version"


MAIN_HISTORY = MigrationHistory(_MIGRATIONS)


def load_models() -> MetaData:
    """Import every domain's models and return the metadata they share."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


def alembic_config(
    connection: Connection | None = None, history: MigrationHistory = MAIN_HISTORY
) -> Config:
    """An Alembic configuration for the packaged migrations, optionally bound to `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(history.location))
    config.set_main_option("path_separator", "os")
    config.attributes["version_table"] = history.version_table
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def _engine_for(bind: str | URL | Engine) -> Iterator[Engine]:
    if isinstance(bind, Engine):
        yield bind
        return
    engine = create_engine(bind)
    try:
        yield engine
    finally:
        engine.dispose()


def upgrade(
    bind: str | URL | Engine, revision: str = "head", history: MigrationHistory = MAIN_HISTORY
) -> None:
    """Apply the migrations up to `revision` in one transaction."""
    from alembic import command

    with _engine_for(bind) as engine, engine.begin() as connection:
        command.upgrade(alembic_config(connection, history), revision)


def current_revision(
    bind: str | URL | Engine, history: MigrationHistory = MAIN_HISTORY
) -> str | None:
    """The revision the database is at, or None when no migration was ever applied."""
    from alembic.runtime.migration import MigrationContext

    with _engine_for(bind) as engine, engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": history.version_table}
        )
        return context.get_current_revision()


def head_revision(history: MigrationHistory = MAIN_HISTORY) -> str:
    """The newest revision this version of Mamori ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(None, history)).get_current_head()
    if head is None:
        raise ConfigError(f"no migration found in {history.location}; reinstall Mamori")
    return head


def is_current(bind: str | URL | Engine, history: MigrationHistory = MAIN_HISTORY) -> bool:
    """True when the database is migrated to the newest revision this Mamori ships."""
    return current_revision(bind, history) == head_revision(history)
