"""The working directory (MAMORI_HOME): what `mamori init` makes and `open_register` opens.

A home holds the keyring, the register's database, the key store (the wrapped data keys, in a
database of their own so that no copy of the register outlives an erasure) and the audit head.
Every location can be moved elsewhere by a setting (`mamori.config.Settings`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mamori.config import Settings
from mamori.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mamori.crypto import Keyring, PasswordHasher
    from mamori.db import MigrationHistory
    from mamori.policy import Policy
    from mamori.register import ConsentSource, KeyStore, Register

__all__ = ["HomeReport", "Migrated", "find_keystore", "init_home", "open_register", "shown_url"]

KeyringOutcome = Literal["created", "kept", "replaced", "environment"]
HeadOutcome = Literal["created", "kept", "missing"]


@dataclass(frozen=True)
class Migrated:
    """One database brought to the newest schema: its URL (password hidden), before and after."""

    url: str
    before: str | None
    after: str

    @property
    def created(self) -> bool:
        return self.before is None

    @property
    def upgraded(self) -> bool:
        return self.before is not None and self.before != self.after


@dataclass(frozen=True)
class HomeReport:
    """What `init_home` found and did."""

    home: Path
    keyring: KeyringOutcome
    keyring_source: str
    database: Migrated
    keystore: Migrated
    audit_head: HeadOutcome
    audit_head_path: Path

    @property
    def was_initialised(self) -> bool:
        return not (self.database.created and self.keystore.created)


def init_home(settings: Settings | None = None, *, force: bool = False) -> HomeReport:
    """Create (or bring up to date) a working directory: keyring, both databases, audit head.

    Idempotent: run again, it keeps the keyring, applies new migrations and says so. It never
    replaces a keyring that stored data depends on, even with `force=True` (which only replaces
    a keyring file nothing depends on yet, e.g. a damaged one beside an empty register).
    """
    from mamori.audit import AuditLog
    from mamori.db import MAIN_HISTORY, create_engine, upgrade
    from mamori.register import KEYSTORE_HISTORY, KeyStore

    settings = settings or Settings()
    home = settings.home
    database_url = settings.effective_database_url()
    keystore_url = settings.effective_keystore_url()
    for url in (database_url, keystore_url):
        create_engine(url).dispose()  # a bad URL is refused before anything is made
    _make_dir(home, "working directory", "--home or MAMORI_HOME")
    with _engine(database_url) as engine, _engine(keystore_url) as keys_engine:
        db_before = _revision(engine, database_url, MAIN_HISTORY)
        keys_before = _revision(keys_engine, keystore_url, KEYSTORE_HISTORY)
        head_path = settings.effective_audit_head_path()
        data_keys = 0 if keys_before is None else _count_data_keys(KeyStore(keys_engine))
        events = 0 if db_before is None else _count_events(engine, head_path)
        # Checkpoints without events: the genesis one a first init signs. Counting them needs a
        # verification, quick while the log is empty (and not needed once it is not).
        checkpoints = 0 if db_before is None or events else _count_checkpoints(engine)
        depends = _dependents(data_keys, events, checkpoints)
        keyring, outcome = _keyring(settings, force=force, depends=depends)
        with _reachable(database_url):
            upgrade(engine)
        with _reachable(keystore_url):
            upgrade(keys_engine, history=KEYSTORE_HISTORY)
        for url, before in ((database_url, db_before), (keystore_url, keys_before)):
            if before is None:
                _restrict(url)
        audit = AuditLog(signer=keyring.checkpoint_signer(), head_path=head_path)
        if outcome == "replaced":
            head_path.unlink(missing_ok=True)  # signed by the replaced key; no event needs it
        head: HeadOutcome = "kept"
        if not head_path.exists():
            head = "missing" if events else "created"
        if head == "created":
            _make_dir(head_path.parent, "audit head folder", "MAMORI_AUDIT_HEAD_PATH")
            audit.checkpoint(engine)  # a signed head at the genesis of the chain
        return HomeReport(
            home=home,
            keyring=outcome,
            keyring_source=keyring.source,
            database=Migrated(_shown(database_url), db_before, _head(MAIN_HISTORY)),
            keystore=Migrated(_shown(keystore_url), keys_before, _head(KEYSTORE_HISTORY)),
            audit_head=head,
            audit_head_path=head_path,
        )


def open_register(
    settings: Settings | None = None,
    policy: Policy | str | os.PathLike[str] | None = None,
    *,
    passwords: PasswordHasher | None = None,
    consent: ConsentSource | None = None,
) -> Register:
    """The register the settings describe (MAMORI_HOME, MAMORI_DATABASE_URL, ...), enforcing
    `policy` (a Policy or a file; MAMORI_POLICY when None). The databases must have been made
    by `mamori init`; close the register with `register.close()` when done."""
    from mamori.crypto import Keyring
    from mamori.db import MAIN_HISTORY
    from mamori.policy import Policy, load_policy
    from mamori.register import KEYSTORE_HISTORY, Register

    settings = settings or Settings()
    if not isinstance(policy, Policy):
        policy = load_policy(
            Path(policy) if policy is not None else settings.effective_policy_path()
        )
    databases = (
        (settings.effective_database_url(), MAIN_HISTORY, "database"),
        (settings.effective_keystore_url(), KEYSTORE_HISTORY, "key store"),
    )
    for url, _, what in databases:
        _require_file(url, what)
    keyring = Keyring.from_settings(settings)
    for url, history, what in databases:
        with _engine(url) as engine:
            _require_current(engine, url, what, history)
    return Register.open(
        settings.effective_database_url(),
        policy,
        keyring,
        keystore_url=settings.effective_keystore_url(),
        audit_head=settings.effective_audit_head_path(),
        passwords=passwords,
        consent=consent,
    )


def find_keystore(url: str) -> KeyStore | None:
    """The key store at `url`, or None when there is none yet (no SQLite file, or a database
    without its schema): key commands then have no data key to look after. Never creates one."""
    from mamori.db import create_engine
    from mamori.register import KEYSTORE_HISTORY, KeyStore

    path = _sqlite_path(url)
    if path is not None and not path.exists():
        return None
    engine = create_engine(url)
    try:
        found = _revision(engine, url, KEYSTORE_HISTORY)
        if found is not None:
            _check_revision(found, url, "key store", KEYSTORE_HISTORY)
            return KeyStore(engine)
    except BaseException:
        engine.dispose()
        raise
    engine.dispose()
    return None


def shown_url(url: str) -> str:
    """`url` with its password hidden, for messages."""
    return _shown(url)


# -- the keyring ------------------------------------------------------------------------------


def _keyring(settings: Settings, *, force: bool, depends: str) -> tuple[Keyring, KeyringOutcome]:
    from mamori.crypto import Keyring

    if settings.keyring:
        if force:
            raise ConfigError(
                "--force replaces a keyring file, but the keyring comes from MAMORI_KEYRING; "
                "unset it to make a file, or run without --force",
                field="force",
            )
        return Keyring.from_json(settings.keyring), "environment"
    path = settings.effective_keyring_path()
    if path.exists() and not force:
        return Keyring.load(path), "kept"
    if path.exists():
        if depends:
            raise ConfigError(
                f"refusing to replace the keyring {path}: {depends} depend on it and could never "
                "be read or verified again. Restore a damaged keyring from its backup; to start "
                "afresh, use a new --home",
                field="force",
            )
        _make_dir(path.parent, "keyring folder", "MAMORI_KEYRING_PATH")
        return Keyring.create(path, force=True), "replaced"
    if depends:
        raise ConfigError(
            f"there is no keyring at {path}, but {depends} need one: restore the keyring "
            "from its backup (or set MAMORI_KEYRING_PATH or MAMORI_KEYRING); a new keyring "
            "could read none of it",
            field="keyring",
        )
    _make_dir(path.parent, "keyring folder", "MAMORI_KEYRING_PATH")
    return Keyring.create(path), "created"


def _dependents(data_keys: int, events: int, checkpoints: int) -> str:
    found = []
    if data_keys:
        found.append(f"{data_keys} data key(s) in the key store")
    if events:
        found.append(f"{events} audit event(s)")
    if checkpoints:
        found.append(f"{checkpoints} signed audit checkpoint(s)")
    return " and ".join(found)


def _count_data_keys(keystore: KeyStore) -> int:
    # Every stored key waits for a KEK that does not exist: the count of all keys.
    return keystore.pending_rewrap("")


def _count_events(engine: Engine, head_path: Path) -> int:
    from mamori.audit import AuditLog

    newest = AuditLog(head_path=head_path).query(engine, limit=1, newest_first=True)
    return newest[0].seq if newest else 0


def _count_checkpoints(engine: Engine) -> int:
    from mamori.audit import AuditLog

    return AuditLog().verify(engine).checkpoints_checked


# -- databases --------------------------------------------------------------------------------


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    from mamori.db import create_engine

    _make_sqlite_parent(url)
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _reachable(url: str) -> Iterator[None]:
    """Turn a database that cannot be opened into a ConfigError naming it (never a password)."""
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "unknown error"
        raise ConfigError(
            f"cannot open the database {_shown(url)}: {reason}; check the URL, that the server "
            "runs and that this user may create tables",
            field="database_url",
        ) from None


def _revision(engine: Engine, url: str, history: MigrationHistory) -> str | None:
    from mamori.db import current_revision

    with _reachable(url):
        return current_revision(engine, history)


def _head(history: MigrationHistory) -> str:
    from mamori.db import head_revision

    return head_revision(history)


def _require_file(url: str, what: str) -> None:
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        raise ConfigError(
            f"there is no {what} at {path}; run `mamori init` first (or set MAMORI_HOME)",
            field="database_url" if what == "database" else "keystore_url",
        )


def _require_current(engine: Engine, url: str, what: str, history: MigrationHistory) -> None:
    _check_revision(_revision(engine, url, history), url, what, history)


def _check_revision(found: str | None, url: str, what: str, history: MigrationHistory) -> None:
    wanted = _head(history)
    if found != wanted:
        state = "has no Mamori schema" if found is None else f"is at revision {found}"
        raise ConfigError(
            f"the {what} {_shown(url)} {state} but this Mamori needs {wanted}: not at the newest "
            "schema; run `mamori init`",
            field="database_url" if what == "database" else "keystore_url",
        )


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # create_engine names the problem
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _make_sqlite_parent(url: str) -> None:
    path = _sqlite_path(url)
    if path is not None:
        _make_dir(path.parent, "database folder", "the database URL")


def _restrict(url: str) -> None:
    # A new SQLite file is only for this user (its -wal and -shm files take the same mode).
    path = _sqlite_path(url)
    if path is not None and path.exists():
        path.chmod(0o600)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def _make_dir(path: Path, what: str, setting: str) -> None:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"cannot create the {what} {path} ({error.strerror}); choose another with "
            f"{setting}, or fix the permissions of its parent",
            field="home",
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(
            f"the {what} {path} is not writable; choose another with {setting}, or fix its "
            "permissions",
            field="home",
        )
