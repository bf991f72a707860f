"""No personal value is ever on disk in clear: not in the database file, its WAL, a PostgreSQL
dump, the key store or the audit log; and a ciphertext moved to another row does not decrypt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbfiles import Planted, pg_dump, sqlite_files
from sqlalchemy import text

from mamori.crypto import Keyring
from mamori.errors import CryptoError
from mamori.policy import load_policy
from mamori.register import Actor, Register

FIXTURES = Path(__file__).parent / "fixtures"
APP = Actor.application()
SUBJECTS = 500
BATCH = 100
NOTES = [f"note_{number:02d}" for number in range(1, 16)]


@pytest.fixture
def wide_register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    """A register whose policy holds twenty items per subject, so 10,000 values come quickly."""
    opened = Register.open(
        database_url,
        load_policy(FIXTURES / "at_rest.yaml"),
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
        audit_head=tmp_path / "audit-head.json",
        migrate=True,
    )
    yield opened
    opened.close()


def seed(register: Register) -> Planted:
    """20 unique values for each of 500 subjects, in five transactions."""
    planted = Planted()
    for batch in range(SUBJECTS // BATCH):
        with register.session() as session:
            for number in range(BATCH):
                token = planted.token
                values = {
                    "name": planted.add(t := token(), f"山田 花子 {t}"),
                    "email": planted.add(t := token(), f"hanako.{t}@example.jp"),
                    "phone": planted.add(t := token(digits=True), f"+81-{t}"),
                    "postal_code": planted.add(t := token(), t),
                    "bio": planted.add(t := token(), f"Likes hiking near Kyoto {t}"),
                }
                for key in NOTES:
                    values[key] = planted.add(t := token(), f"メモ {key} {t} à l'été")
                session.create_subject(
                    APP,
                    f"r{batch}-{number}",
                    kind="member",
                    collection_point="registration",
                    values=values,
                )
    return planted


def audit_bodies(register: Register) -> bytes:
    with register.engine.connect() as connection:
        bodies = connection.execute(text("SELECT body FROM audit_event ORDER BY seq")).scalars()
        return b"\n".join(body if isinstance(body, bytes) else body.encode() for body in bodies)


def on_disk(register: Register, database_url: str, tmp_path: Path) -> dict[str, bytes]:
    """Every place the register wrote to, by name: its database (the SQLite files, or a dump
    of the PostgreSQL database), the key store's files, the audit log and its head file."""
    places = sqlite_files(f"sqlite:///{tmp_path / 'keys.sqlite'}")
    places["audit_event bodies"] = audit_bodies(register)
    head = tmp_path / "audit-head.json"
    places[head.name] = head.read_bytes() if head.exists() else b""
    if register.engine.dialect.name == "sqlite":
        places.update(sqlite_files(database_url))
    else:
        places["pg_dump"] = pg_dump(database_url)
    return places


def store_in_clear(register: Register, value: str) -> None:
    """The control: a value stored in clear, as text and as bytes, which the search must find."""
    raw = "BLOB" if register.engine.dialect.name == "sqlite" else "BYTEA"
    with register.engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE leak_control (note TEXT, raw {raw})"))
        connection.execute(
            text("INSERT INTO leak_control VALUES (:note, :raw)"),
            {"note": value, "raw": value.encode()},
        )


@pytest.mark.slow
def test_ten_thousand_values_are_nowhere_on_disk_in_clear(
    wide_register: Register, database_url: str, tmp_path: Path
) -> None:
    planted = seed(wide_register)
    assert len(planted) == 10_000
    with wide_register.session() as session:
        stored = session.read(APP, "r0-0", "service", ["email"])["email"].reveal()
    assert stored in planted.values

    places = on_disk(wide_register, database_url, tmp_path)  # while the register is open
    if wide_register.engine.dialect.name == "sqlite":
        assert len(places["mamori.sqlite-wal"]) > 1_000_000, "the values went through the WAL"
    for place, data in places.items():
        assert planted.found_in(data) == [], place

    wide_register.close()
    for place, data in on_disk(wide_register, database_url, tmp_path).items():
        assert planted.found_in(data) == [], f"{place}, after close"

    store_in_clear(wide_register, planted.values[-1])
    everything = b"".join(on_disk(wide_register, database_url, tmp_path).values())
    assert planted.found_in(everything) == [planted.values[-1]]


def test_the_search_finds_a_value_as_text_or_as_hex() -> None:
    planted = Planted()
    value = planted.add(token := planted.token(), f"Hanako {token}")
    assert planted.found_in(b"..." + value.encode() + b"...") == [value]
    assert planted.found_in(b"\\x00" + value.encode().hex().encode() + b"ff") == [value]
    assert planted.found_in(token.encode()) == []  # the token alone is not the value


# -- moved ciphertexts ----------------------------------------------------------------------

MEMBER = {
    "name": "Hanako Yamada",
    "email": "hanako@example.org",
    "phone": "090-1234-5678",
    "bio": "Likes hiking",
}


def make_member(register: Register, subject_id: str, **overrides: str) -> None:
    with register.session() as session:
        session.create_subject(
            APP,
            subject_id,
            kind="member",
            collection_point="registration",
            values={**MEMBER, **overrides},
        )


def move_ciphertext(register: Register, source: tuple[str, str], target: tuple[str, str]) -> None:
    """What an attacker with write access to the database does: copy one stored value over
    another."""
    with register.engine.begin() as connection:
        blob = connection.execute(
            text("SELECT ciphertext FROM register_values WHERE subject_id=:s AND item_key=:i"),
            {"s": source[0], "i": source[1]},
        ).scalar_one()
        changed = connection.execute(
            text("UPDATE register_values SET ciphertext=:blob WHERE subject_id=:s AND item_key=:i"),
            {"blob": blob, "s": target[0], "i": target[1]},
        ).rowcount
    assert changed == 1


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (("m1", "name"), ("m1", "bio")),
        (("m1", "phone"), ("m1", "name")),
        (("m1", "name"), ("m2", "name")),
        (("m1", "name"), ("m2", "bio")),
    ],
    ids=["same-subject-other-item", "same-subject-swapped", "other-subject", "other-both"],
)
def test_a_moved_ciphertext_fails_naming_subject_and_item_but_no_value(
    register: Register, source: tuple[str, str], target: tuple[str, str]
) -> None:
    make_member(register, "m1")
    make_member(register, "m2", name="Taro Sato", bio="Reads novels")
    move_ciphertext(register, source, target)
    subject, item = target
    with pytest.raises(CryptoError) as failed, register.session() as session:
        session.read(APP, subject, "service", [item])
    message = failed.value.message
    assert f"subject '{subject}'" in message
    assert f"item '{item}'" in message
    for value in (*MEMBER.values(), "Taro", "novels"):
        assert value not in message
    with register.session() as session:  # the rows left alone still read
        untouched = "email" if item != "email" else "phone"
        assert session.read(APP, subject, "service", [untouched])


def test_a_moved_ciphertext_leaves_a_refused_read_in_the_audit_log(register: Register) -> None:
    make_member(register, "m1")
    move_ciphertext(register, ("m1", "name"), ("m1", "bio"))
    with pytest.raises(CryptoError), register.session() as session:
        session.read(APP, "m1", "service", ["bio"])
    with register.engine.connect() as connection:
        last = register.audit.query(connection, subject_id="m1", newest_first=True, limit=1)[0]
    assert (last.action, last.outcome.value, last.rule) == ("read", "refused", "crypto_error")
