"""Database plumbing shared by every domain: engine, sessions, the declarative base, migrations.

    from mamori.db import create_engine, transaction, upgrade

    engine = create_engine("sqlite:///var/mamori.sqlite")
    upgrade(engine)                     # Alembic migrations: the only way a schema is made
    with transaction(engine) as session:
        ...                             # services flush; the block commits or rolls back

Domains import this package and declare their tables on `Base`; the only way back is by name,
in `MODEL_MODULES`, so that the migrations see every table.
"""

from __future__ import annotations

from mamori.db._base import NAMING_CONVENTION, Base
from mamori.db._checkpoint import WalCheckpoint, WalCheckpointer
from mamori.db._engine import create_engine, read_snapshot
from mamori.db._json import json_field
from mamori.db._migrate import (
    MAIN_HISTORY,
    MODEL_MODULES,
    MigrationHistory,
    alembic_config,
    current_revision,
    head_revision,
    is_current,
    load_models,
    upgrade,
)
from mamori.db._prepared import Prepared
from mamori.db._session import on_commit, session_factory, transaction

__all__ = [
    "MAIN_HISTORY",
    "MODEL_MODULES",
    "NAMING_CONVENTION",
    "Base",
    "MigrationHistory",
    "Prepared",
    "WalCheckpoint",
    "WalCheckpointer",
    "alembic_config",
    "create_engine",
    "current_revision",
    "head_revision",
    "is_current",
    "json_field",
    "load_models",
    "on_commit",
    "read_snapshot",
    "session_factory",
    "transaction",
    "upgrade",
]
