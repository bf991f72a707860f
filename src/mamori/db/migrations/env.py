"""Alembic environment of Mamori.

Run programmatically by `mamori.db.upgrade` (which passes its connection in
``config.attributes["connection"]``), or by the ``alembic`` command for development:
``alembic -c src/mamori/db/alembic.ini revision --autogenerate --rev-id 0002 -m "..."``, which reads
the database URL from ``-x url=...`` or the Mamori settings (MAMORI_DATABASE_URL).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from mamori.config import Settings
from mamori.db._engine import create_engine
from mamori.db._migrate import load_models

# Two processes upgrading one PostgreSQL database at once take turns on this lock.
_MIGRATION_LOCK = 0x6D616D6F


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    return (
        url
        or context.config.get_main_option("sqlalchemy.url")
        or (Settings().effective_database_url())
    )


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        version_table=context.config.attributes.get("version_table", "alembic_version"),
        target_metadata=load_models(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if context.config.config_file_name is not None:
        fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    engine = create_engine(_url())
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=load_models(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    _run_online()
