"""A register enforcing a seed's policy, on a test database, for the scenarios that run a seed's
promises through the register (statistics and research releases)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import Engine

from mamori.anonymize import ReleaseRecord, list_releases
from mamori.crypto import Keyring
from mamori.policy import Policy, load_policy
from mamori.register import Actor, NewSubject, Register, upgrade_keystore

__all__ = ["EXAMPLES", "load_seed", "open_seed_register", "populate", "releases", "values_in"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
APP = Actor.application()
LOADER = Actor.system("import")  # a bulk import is the system's job, as in `mamori demo load`


def load_seed(name: str) -> Policy:
    return load_policy(EXAMPLES / name / "policy.yaml")


def open_seed_register(engine: Engine, seed: str, tmp_path: Path) -> Register:
    """A register on the migrated test database `engine` with the seed's policy; its key store
    is SQLite beside it, its keyring and audit head in `tmp_path`."""
    keystore_url = f"sqlite:///{tmp_path / 'keys.sqlite'}"
    upgrade_keystore(keystore_url)
    return Register.open(
        engine.url.render_as_string(hide_password=False),
        load_seed(seed),
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=keystore_url,
        audit_head=tmp_path / "audit-head.json",
    )


def populate(
    register: Register,
    collected: Iterable[NewSubject],
    *,
    collection_point: str,
    later: Mapping[str, Mapping[str, str]] | None = None,
    later_purpose: str | None = None,
) -> None:
    """Import the subjects at a collection point, then write `later[subject]` values for
    `later_purpose` (items the service adds as it is used) as the application."""
    with register.session() as session:
        session.import_subjects(LOADER, collected, collection_point=collection_point)
    if later:
        assert later_purpose is not None
        with register.session() as session:
            for subject, values in later.items():
                session.write(APP, subject, later_purpose, values)


def releases(register: Register) -> list[ReleaseRecord]:
    with register.engine.connect() as connection:
        return list_releases(connection)


def values_in(texts: Iterable[str], secrets: Iterable[str]) -> list[str]:
    """The secrets (names, e-mail addresses...) that appear in any of the texts."""
    joined = "\n".join(texts)
    return [secret for secret in secrets if secret in joined]
