"""Reading personal data: one subject, many subjects, or finding them by a value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from mamori.crypto import Personal
from mamori.errors import AccessDeniedError, MamoriError, ValidationError
from mamori.register._deciding import DecidingMixin, require_request_id
from mamori.register._state import AuditEntry, SubjectRow
from mamori.register._storing import index_kind
from mamori.register.access import ConsentChecker, Decision, apply_mask, consent_target
from mamori.register.actors import Actor
from mamori.register.tables import blind_indexes

__all__ = ["PERSONAL_RULES", "BatchRead", "ReadingMixin", "SubjectData"]

SubjectData = dict[str, Personal[str]]
"""Item key -> value; values print as <redacted> until revealed."""

PERSONAL_RULES = frozenset(
    {"suspended", "consent", "subject_kind", "subject_unknown", "subject_erased", "community_scope"}
)
"""Refusals that concern one person, not the request: a batch read skips that person."""


@dataclass(frozen=True)
class BatchRead:
    """What `read_many` read: values by subject, and the subjects skipped with their rule."""

    values: dict[str, SubjectData] = field(repr=False)
    refused: dict[str, str]


class ReadingMixin(DecidingMixin):
    def read(
        self,
        actor: Actor,
        subject_id: str,
        purpose: str,
        items: Iterable[str] | None = None,
        *,
        request_id: str | None = None,
    ) -> SubjectData:
        """The values of `items` (all the purpose may use when None), if the policy allows.
        `request_id` names the person's request that purpose `request` answers."""
        asked = None if items is None else tuple(items)
        entry = AuditEntry(actor, "read", purpose, subject_id, asked or (), False, "", request_id)
        with self._state.operation(entry):
            require_request_id(purpose, request_id)
            found, blobs = self._state.subject_with_values(subject_id)
            row = self._state.require(found, actor, "read", purpose, subject_id, asked or ())
            decision = self._decide(actor, row, purpose, asked, "read")
            self._state.check(decision, entry)
            values = self._decrypt(row, decision.items, blobs)
            self._state.allowed(decision, entry)
            masks = decision.masks
            return {
                key: Personal(apply_mask(masks[key], value) if key in masks else value)
                for key, value in values.items()
            }

    def read_many(
        self,
        actor: Actor,
        subject_ids: Iterable[str],
        purpose: str,
        items: Iterable[str] | None = None,
        *,
        chunk: int = 500,
    ) -> BatchRead:
        """`read` for many subjects, a few queries per `chunk` of them: one audit event per
        subject. A refusal that concerns one person (see PERSONAL_RULES) skips that person; any
        other refusal (the actor's role, an item outside the purpose) stops the whole read."""
        asked = None if items is None else tuple(items)
        ids = list(dict.fromkeys(subject_ids))
        target = consent_target(self._policy, purpose)
        read: dict[str, SubjectData] = {}
        refused: dict[str, str] = {}
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            found = self._state.subjects_with_values(part)
            checker = None
            if target is not None:
                checker = self._state.register.consent.checker(
                    self._state.connection, part, [target]
                )
            decided = self._decide_many(actor, found, purpose, asked, checker)
            for subject_id in part:
                entry = AuditEntry(actor, "read", purpose, subject_id, asked or (), False, "")
                row, blobs = found.get(subject_id, (None, {}))
                if row is None or row.erased:
                    rule = "subject_unknown" if row is None else "subject_erased"
                    self._state.record(replace(entry, rule=rule))
                    refused[subject_id] = rule
                    continue
                with self._state.operation(entry):
                    decision = decided.get(subject_id) or self._decide(
                        actor, row, purpose, asked, "read", checker
                    )
                    if not decision.allowed and decision.rule in PERSONAL_RULES:
                        self._state.record(replace(entry, rule=decision.rule))
                        refused[subject_id] = decision.rule
                        continue
                    self._state.check(decision, entry)
                    values = self._decrypt(row, decision.items, blobs)
                    self._state.allowed(decision, entry)
                    read[subject_id] = {
                        key: Personal(
                            apply_mask(decision.masks[key], value)
                            if key in decision.masks
                            else value
                        )
                        for key, value in values.items()
                    }
        return BatchRead(read, refused)

    def _decide_many(
        self,
        actor: Actor,
        found: Mapping[str, tuple[SubjectRow, dict[str, bytes]]],
        purpose: str,
        asked: tuple[str, ...] | None,
        checker: ConsentChecker | None,
    ) -> dict[str, Decision]:
        """The decisions for a chunk, decided ahead so that the data keys of the persons who
        will be read (and only theirs) load in one key store query instead of one each. A
        decision that raises is left to the loop, which audits it in order."""
        decided: dict[str, Decision] = {}
        wanted: list[str] = []
        for subject_id, (row, blobs) in found.items():
            if row.erased:
                continue
            try:
                decision = self._decide(actor, row, purpose, asked, "read", checker)
            except MamoriError:
                continue
            decided[subject_id] = decision
            if decision.allowed and row.key_ref and any(item in blobs for item in decision.items):
                wanted.append(row.key_ref)
        self._state.register.load_ciphers(wanted)
        return decided

    def _decrypt(
        self, row: SubjectRow, items: tuple[str, ...], blobs: Mapping[str, bytes]
    ) -> dict[str, str]:
        wanted = [item for item in items if item in blobs]
        if not wanted:
            return {}
        cipher = self._state.register.cipher(row.id, row.key_ref)
        return {
            key: cipher.decrypt(blobs[key], subject_id=row.id, item_key=key).decode("utf-8")
            for key in wanted
        }

    def find(self, actor: Actor, item_key: str, value: str, purpose: str) -> list[str]:
        """Subjects whose `item_key` equals `value`, through its blind index."""
        entry = AuditEntry(actor, "find", purpose, None, (item_key,), False, "searchable")
        with self._state.operation(entry):
            item = self._policy.items.get(item_key)
            if item is None or not item.searchable:
                raise AccessDeniedError(
                    f"item '{item_key}' is not searchable", rule="searchable", field="item"
                )
            declared = self._policy.purposes.get(purpose)
            if declared is None or item_key not in declared.items:
                raise AccessDeniedError(
                    f"purpose '{purpose}' does not declare item '{item_key}'",
                    rule="purpose_items",
                    field="purpose",
                )
            if not isinstance(value, str):
                raise ValidationError(f"the {item_key} to find must be text", field="value")
            found: set[str] = set()
            for version, digest in self._state.register.indexer.candidates(
                item_key, value, kind=index_kind(item)
            ):
                rows = self._state.connection.execute(
                    select(blind_indexes.c.subject_id).where(
                        blind_indexes.c.item_key == item_key,
                        blind_indexes.c.key_version == version,
                        blind_indexes.c.digest == digest,
                    )
                )
                found.update(subject for (subject,) in rows)
            self._state.record(replace(entry, allowed=True, rule="purpose"))
            return sorted(found)
