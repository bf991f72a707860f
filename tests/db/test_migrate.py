import re
import warnings
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from mamori.db import (
    alembic_config,
    create_engine,
    current_revision,
    head_revision,
    is_current,
    load_models,
    upgrade,
)


def test_a_new_database_has_no_revision(database_url: str) -> None:
    assert (current_revision(database_url), is_current(database_url)) == (None, False)


def test_upgrade_brings_a_database_to_the_newest_revision(database_url: str) -> None:
    upgrade(database_url)
    assert current_revision(database_url) == head_revision()
    assert is_current(database_url)


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables


def test_the_models_and_the_migrated_schema_agree(engine: Engine) -> None:
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("error")  # a computed column that differs only warns
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, load_models())
    assert differences == []


def test_every_migration_downgrades_and_upgrades_again(database_url: str) -> None:
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert is_current(engine)
    engine.dispose()


def test_revisions_form_one_numbered_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(reversed(list(script.walk_revisions())))
    assert len(script.get_heads()) == 1
    for number, revision in enumerate(revisions, start=1):
        assert revision.revision == f"{number:04d}"
        assert revision.down_revision == (None if number == 1 else f"{number - 1:04d}")
        assert re.fullmatch(rf"{number:04d}_[a-z0-9_]+\.py", Path(revision.path).name)


def test_an_access_log_made_before_tombstones_keeps_its_keys_and_takes_tombstones(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    upgrade(engine, revision="0014")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO access_log_keys (id, wrapped, created_at) VALUES ('k1', :w, :at)"),
            {"w": b"wrapped key", "at": datetime(2026, 12, 1, tzinfo=UTC)},
        )
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO access_log_keys (id, wrapped, created_at, destroyed_at) "
                "VALUES ('k2', NULL, :at, :at)"
            ),
            {"at": datetime(2026, 12, 6, tzinfo=UTC)},
        )
        rows = conn.execute(text("SELECT id, wrapped FROM access_log_keys ORDER BY id")).all()
    engine.dispose()
    assert [(key_id, None if wrapped is None else bytes(wrapped)) for key_id, wrapped in rows] == [
        ("k1", b"wrapped key"),
        ("k2", None),
    ]
