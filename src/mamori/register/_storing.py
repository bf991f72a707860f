"""How values are stored: validated by type, then sealed (ciphertext), indexed (blind index) or
hashed (passwords). Internal to the register package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, insert

from mamori.crypto import IndexKind, Personal
from mamori.errors import ValidationError
from mamori.policy import Policy
from mamori.policy.model import Item
from mamori.register._state import SessionState, SubjectRow, utcnow
from mamori.register.tables import blind_indexes, credentials, values
from mamori.register.validation import validate_value

__all__ = ["StoredRows", "StoringMixin", "index_kind"]


@dataclass
class StoredRows:
    """What storing values writes: ciphertexts, blind indexes and password hashes."""

    values: list[dict[str, object]] = field(default_factory=list)
    indexes: list[dict[str, object]] = field(default_factory=list)
    credentials: list[dict[str, object]] = field(default_factory=list)

    def extend(self, other: StoredRows) -> None:
        self.values.extend(other.values)
        self.indexes.extend(other.indexes)
        self.credentials.extend(other.credentials)


class StoringMixin:
    _state: SessionState
    _policy: Policy

    def _held_by(self, key: str, kind: str) -> bool:
        kinds = self._policy.items[key].subject_kinds
        return kinds is None or kind in kinds

    def _validated(self, given: Mapping[str, object], kind: str) -> dict[str, str]:
        checked: dict[str, str] = {}
        for key, given_value in given.items():
            # A value read from the register comes wrapped; it may go straight back in.
            value = given_value.reveal() if isinstance(given_value, Personal) else given_value
            item = self._policy.items.get(key)
            if item is None:
                raise ValidationError(f"the policy declares no item '{key}'", field=f"values.{key}")
            if not self._held_by(key, kind):
                raise ValidationError(f"'{key}' is not held for {kind}s", field=f"values.{key}")
            if item.type == "password":
                if not isinstance(value, str) or len(value) < 8:
                    raise ValidationError(
                        f"{key} must be a text of at least 8 characters", field=f"values.{key}"
                    )
                checked[key] = value
            else:
                checked[key] = validate_value(key, item, value)
        return checked

    def _store(self, row: SubjectRow, checked: Mapping[str, str]) -> None:
        """Replace the given items' stored forms (ciphertext, blind index, password hash)."""
        connection = self._state.connection
        keys = list(checked)
        for table in (values, blind_indexes, credentials):
            connection.execute(
                delete(table).where(table.c.subject_id == row.id, table.c.item_key.in_(keys))
            )
        self._insert(self._stored_rows(row.id, row.key_ref, checked))

    def _stored_rows(
        self, subject_id: str, key_ref: str | None, checked: Mapping[str, str]
    ) -> StoredRows:
        register = self._state.register
        cipher = register.cipher(subject_id, key_ref)
        now = utcnow()
        stored = StoredRows()
        for key, value in checked.items():
            item = self._policy.items[key]
            if item.type == "password":
                stored.credentials.append(
                    {
                        "subject_id": subject_id,
                        "item_key": key,
                        "hash": register.passwords.hash(value),
                        "updated_at": now,
                    }
                )
                continue
            blob = cipher.encrypt(value.encode("utf-8"), subject_id=subject_id, item_key=key)
            stored.values.append(
                {"subject_id": subject_id, "item_key": key, "ciphertext": blob, "updated_at": now}
            )
            if item.searchable:
                version, digest = register.indexer.compute(key, value, kind=index_kind(item))
                stored.indexes.append(
                    {
                        "subject_id": subject_id,
                        "item_key": key,
                        "key_version": version,
                        "digest": digest,
                    }
                )
        return stored

    def _insert(self, stored: StoredRows) -> None:
        # Straight to the driver: SQLAlchemy's per-row parameter work costs more than the insert.
        for table, rows in (
            (values, stored.values),
            (blind_indexes, stored.indexes),
            (credentials, stored.credentials),
        ):
            if rows:
                self._state.insert_many(table.name, rows)

    def _store_credential(self, subject_id: str, item_key: str, hashed: str) -> None:
        connection = self._state.connection
        where = (credentials.c.subject_id == subject_id) & (credentials.c.item_key == item_key)
        connection.execute(delete(credentials).where(where))
        connection.execute(
            insert(credentials).values(
                subject_id=subject_id, item_key=item_key, hash=hashed, updated_at=utcnow()
            )
        )


def index_kind(item: Item) -> IndexKind:
    return "email" if item.type == "email" else "generic"
