"""The register a command works on: the settings its options give (--home, --database,
--keystore, --keyring, --audit-head over MAMORI_*), a session on it, a read-only connection for
listings, and the staff member --actor/--role name.

Heavy modules load inside the functions: importing this module must not load SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mamori.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from mamori.config import Settings
    from mamori.policy import Policy
    from mamori.register import Actor, Register, RegisterSession

__all__ = [
    "opened_register",
    "register_connection",
    "register_session",
    "settings_for",
    "staff_actor",
]


def settings_for(
    home: Path | None = None,
    database: str | None = None,
    keystore: str | None = None,
    *,
    keyring: Path | None = None,
    audit_head: Path | None = None,
) -> Settings:
    """MAMORI_* settings, with what the options give in their place."""
    from mamori.config import Settings

    settings = Settings(home=home) if home is not None else Settings()
    changes: dict[str, object] = {
        name: value
        for name, value in (
            ("database_url", database),
            ("keystore_url", keystore),
            ("keyring_path", keyring),
            ("audit_head_path", audit_head),
        )
        if value is not None
    }
    if keyring is not None:
        changes["keyring"] = None  # a keyring file named by the option wins over MAMORI_KEYRING
    return settings.model_copy(update=changes)


@contextmanager
def opened_register(settings: Settings, policy: Policy | Path | str | None) -> Iterator[Register]:
    """The register `mamori init` made (checked by `open_register`), closed afterwards; a
    database failure on the way becomes a ConfigError naming the database."""
    from sqlalchemy.exc import DBAPIError

    from mamori import open_register

    try:
        register = open_register(settings, policy)
        try:
            yield register
        finally:
            register.close()
    except DBAPIError as error:
        raise ConfigError(
            f"the register database {_shown(settings)} failed ({type(error.orig).__name__}); "
            "nothing was recorded",
            field="database",
        ) from None


@contextmanager
def register_session(
    settings: Settings, policy: Policy | Path | str | None
) -> Iterator[RegisterSession]:
    """One register session (one transaction), committed when the block ends without error."""
    with opened_register(settings, policy) as register, register.session() as session:
        yield session


@contextmanager
def register_connection(settings: Settings) -> Iterator[Connection]:
    """A connection on the register database for listings: no policy, keyring or key store
    needed, and nothing written."""
    from sqlalchemy.exc import DBAPIError

    from mamori.db import create_engine

    url = settings.effective_database_url()
    _require_sqlite_file(url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    except DBAPIError as error:
        raise ConfigError(
            f"cannot read the register database {_shown(settings)} "
            f"({type(error.orig).__name__}); check --database and that the database is "
            "migrated (`mamori init`)",
            field="database",
        ) from None
    finally:
        engine.dispose()


def staff_actor(actor_id: str, roles: list[str] | None) -> Actor:
    from mamori.register import Actor

    return Actor.staff(actor_id, *(roles or []))


def _require_sqlite_file(url: str) -> None:
    # Connecting would create an empty SQLite file, and the listing fail on it without a hint.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # create_engine names the problem
    if parsed.get_backend_name() == "sqlite" and not (
        parsed.database and Path(parsed.database).exists()
    ):
        raise ConfigError(
            f"no SQLite register database at {parsed.database}; run `mamori init` or give "
            "--database",
            field="database",
        )


def _shown(settings: Settings) -> str:
    from mamori._home import shown_url

    return shown_url(settings.effective_database_url())
