"""A register holding synthetic members, for the releases read from it: the policy of
tests/anonymize/fixtures/releases.yaml, and members added through the register's import."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import Engine

from mamori.crypto import Keyring
from mamori.policy import Policy
from mamori.register import Actor, NewSubject, Register, upgrade_keystore

__all__ = ["RELEASES_POLICY", "add_members", "member_values", "open_register"]

RELEASES_POLICY = Path(__file__).parent / "fixtures" / "releases.yaml"


def open_register(engine: Engine, policy: Policy, tmp_path: Path) -> Register:
    """A register on the migrated test database `engine`, its key store beside it in SQLite."""
    keystore_url = f"sqlite:///{tmp_path / 'keys.sqlite'}"
    upgrade_keystore(keystore_url)
    return Register.open(
        engine.url.render_as_string(hide_password=False),
        policy,
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=keystore_url,
        audit_head=tmp_path / "audit-head.json",
    )


def member_values(index: int, rng: random.Random) -> dict[str, str]:
    values = {
        "name": f"Member Name {index}",
        "username": f"user{index:04d}",
        "birth_year": str(rng.randint(1950, 2005)),
        "postal_code": f"{rng.randint(100, 199)}-{rng.randint(0, 9999):04d}",
        "usage": rng.choice(["daily", "weekly", "weekly", "monthly"]),
        "login_count": str(index),
    }
    if index % 10:  # every tenth member gives no gender (a voluntary item)
        values["gender"] = rng.choice(["female", "male", "female", "male", "other"])
    return values


def add_members(register: Register, count: int, *, guests: int = 0, seed: int = 7) -> list[str]:
    """`count` members m0000... and `guests` guests g0000..., through the register's import."""
    rng = random.Random(seed)
    subjects = [NewSubject(f"m{i:04d}", "member", member_values(i, rng)) for i in range(count)] + [
        NewSubject(f"g{i:04d}", "guest", {"usage": "daily", "gender": "other"})
        for i in range(guests)
    ]
    with register.session() as session:
        session.import_subjects(Actor.application(), subjects, collection_point="signup")
    return [subject.subject_id for subject in subjects]
