"""What the register recorded that the privacy notice must publish, read for the notice.

The renderer (`mamori.policy.notice.render_notice`) never opens a database: it takes these facts
as plain data. The callers that have a database (`mamori policy render --database`, the API's
`create_app(..., engine=...)`) read them here. A domain whose records the notice must publish
adds its reader to `read_notice_facts`, and a field to `NoticeFacts`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mamori.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

    from mamori.policy.notice import NoticeFacts

__all__ = ["notice_facts_at", "read_notice_facts", "read_notice_facts_from"]


def read_notice_facts(db: Connection | Session) -> NoticeFacts:
    """The facts the notice publishes, read in the caller's connection or session."""
    from mamori.anonymize import published_announcements
    from mamori.policy.notice import NoticeFacts

    return NoticeFacts(anonymously_processed=published_announcements(db))


def read_notice_facts_from(engine: Engine) -> NoticeFacts:
    """`read_notice_facts` on a connection of its own; a database error is a ConfigError."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as connection:
            return read_notice_facts(connection)
    except DBAPIError as error:
        raise ConfigError(
            f"cannot read the records the notice publishes from {_shown(engine)} "
            f"({type(error.orig).__name__}); check the database and that it is migrated "
            "(`mamori init`)",
            field="database",
        ) from None


def notice_facts_at(url: str) -> NoticeFacts:
    """The facts recorded in the register database at `url`, which must exist and be migrated
    (never created here: a notice rendered from a mistyped path would silently announce
    nothing)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from mamori.db import create_engine, is_current

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "the register database URL does not parse; give one such as "
            "sqlite:///var/mamori.sqlite or postgresql+psycopg://user@host/db",
            field="database",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or not Path(path).exists():
            raise ConfigError(
                f"no SQLite register database at {path}; run `mamori init` or give its URL",
                field="database",
            )
    engine = create_engine(url)
    try:
        try:
            current = is_current(engine)
        except DBAPIError as error:
            raise ConfigError(
                f"cannot reach the register database {_shown(engine)} "
                f"({type(error.orig).__name__}); check its URL",
                field="database",
            ) from None
        if not current:
            raise ConfigError(
                f"the register database {_shown(engine)} is not at the newest schema; "
                "run `mamori init`",
                field="database",
            )
        return read_notice_facts_from(engine)
    finally:
        engine.dispose()


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
