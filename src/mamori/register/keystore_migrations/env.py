"""Alembic environment of the key store (a database of its own; see mamori.register.keystore).

Run by `mamori.register.upgrade_keystore`, which passes its connection in
``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from mamori.register.keystore import keystore_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=context.config.attributes["version_table"],
    target_metadata=keystore_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
