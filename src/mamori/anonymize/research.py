"""Research hand-over (seed promise AZ-6): no direct identifiers, declared k, a recorded release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from mamori.anonymize._data import DataInput, read_table
from mamori.anonymize.engine import AnonymizationResult, anonymize
from mamori.anonymize.hierarchy import Hierarchy
from mamori.anonymize.records import ReleaseRecord
from mamori.errors import AnonymizationError

__all__ = ["AnonymizedRelease", "ResearchExport", "release_record", "research_export"]


@dataclass(frozen=True)
class AnonymizedRelease:
    """A release made from an anonymized table: the table's columns and rows are its own."""

    result: AnonymizationResult

    @property
    def columns(self) -> tuple[str, ...]:
        return self.result.columns

    def rows(self) -> Iterator[tuple[str, ...]]:
        return self.result.rows()

    def to_dicts(self) -> list[dict[str, str]]:
        return self.result.to_dicts()


@dataclass(frozen=True)
class ResearchExport(AnonymizedRelease):
    removed: tuple[str, ...]  # direct identifiers present in the input and left out
    record: ReleaseRecord


def release_record(
    result: AnonymizationResult,
    *,
    kind: str,
    recipient: str | None,
    purpose: str | None,
    terms: str | None = None,
    legal_basis: str | None = None,
    third_party_provision_allowed: bool = True,
    extra: Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
) -> ReleaseRecord:
    """The record of a k-anonymous release, with the generalisation and risk that made it."""
    record = ReleaseRecord(
        kind=kind,
        items=result.columns,
        records=result.records_out,
        recipient=recipient,
        purpose=purpose,
        terms=terms,
        legal_basis=legal_basis,
        third_party_provision_allowed=third_party_provision_allowed,
        parameters={
            **result.parameters,
            "quasi_identifiers": list(result.quasi_identifiers),
            "sensitive": list(result.sensitive),
            "levels": dict(result.levels),
            "suppressed": result.suppressed,
            "source_records": result.records_in,
            "information_loss": result.value,
            "optimal": result.optimal,
            "highest_risk": result.risk_after.highest_risk,
            **(extra or {}),
        },
    )
    return record if now is None else replace(record, created_at=now)


def research_export(
    data: DataInput,
    *,
    direct_identifiers: Sequence[str],
    quasi_identifiers: Sequence[str],
    hierarchies: Mapping[str, Hierarchy | Mapping[str, object]],
    k: int,
    recipient: str,
    terms: str,
    purpose: str = "research",
    sensitive: Sequence[str] = (),
    l_diversity: int | None = None,
    suppression_limit: float = 0.0,
    keep: Sequence[str] = (),
    metric: str = "loss",
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> ResearchExport:
    """Hand a table to researchers: identifiers out, quasi-identifiers generalised to k."""
    if not recipient.strip() or not terms.strip():
        raise AnonymizationError(
            "a research export needs the recipient and the terms of use", field="recipient"
        )
    declared = set(direct_identifiers)
    for option, names in (
        ("quasi_identifiers", quasi_identifiers),
        ("sensitive", sensitive),
        ("keep", keep),
    ):
        clash = sorted(declared & set(names))
        if clash:
            raise AnonymizationError(
                f"direct identifier '{clash[0]}' cannot be released ({option}); leave it out",
                field=option,
            )
    table = read_table(data)
    result = anonymize(
        table,
        quasi_identifiers=quasi_identifiers,
        hierarchies=hierarchies,
        k=k,
        sensitive=sensitive,
        l_diversity=l_diversity,
        suppression_limit=suppression_limit,
        keep=keep,
        metric=metric,
        progress=progress,
    )
    removed = tuple(c for c in table.header if c in declared)
    record = release_record(
        result,
        kind="research_export",
        recipient=recipient,
        purpose=purpose,
        terms=terms,
        extra={"direct_identifiers_removed": list(removed)},
        now=now,
    )
    return ResearchExport(result, removed, record)
