"""Releases a policy declares, run end to end from the register (OP-8, WOX-4, AZ-6).

`run_declared_release(register, policy, "statistics.ad_market_statistics", actor)`:

1. finds the release in the policy (`statistics.<key>` or `research.<key>`) and its purpose;
2. checks that the actor may release data (a role with the `statistics.release` permission),
   and audits a refusal;
3. reads the release's items of every subject through `RegisterSession.read` for that purpose
   (`mamori.anonymize.source`): the register checks the actor's role and audits every read;
   masked items arrive masked; the direct identifiers of a research hand-over are never read;
4. makes the statistics table (each dimension counted at the first level of its hierarchy,
   small cells suppressed) or the research export (quasi-identifiers generalised to k);
5. records the release (`mamori.anonymize.store`) and audits it, in one transaction.

An error before step 5 records nothing (the reads already made stay audited: they happened).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from mamori.anonymize._declare import (
    Declared,
    Section,
    check_policy_matches,
    direct_identifiers,
    find_release,
    hierarchies_for,
    require_release_permission,
)
from mamori.anonymize.hierarchy import TOP, Hierarchy
from mamori.anonymize.records import ReleaseRecord
from mamori.anonymize.research import ResearchExport, research_export
from mamori.anonymize.source import NOT_GIVEN, RegisterRows, read_register
from mamori.anonymize.stats import StatisticsRelease, statistics_table
from mamori.anonymize.store import record_release
from mamori.errors import AnonymizationError, ValidationError
from mamori.policy.model import ResearchRelease, text_in

if TYPE_CHECKING:
    from mamori.policy import Policy
    from mamori.register import Actor, Register

__all__ = [
    "OTHER",
    "DeclaredRelease",
    "prepare_declared_release",
    "record_declared_release",
    "run_declared_release",
]

Hierarchies = Mapping[str, Hierarchy | Mapping[str, object]]

OTHER = "(other)"
"""The label of a statistics dimension's values that too few people hold to be shown."""


@dataclass(frozen=True)
class DeclaredRelease:
    """A declared release made from the register: its table and its record."""

    section: Section
    key: str
    record: ReleaseRecord
    statistics: StatisticsRelease | None = None
    export: ResearchExport | None = None

    @property
    def declared_as(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def columns(self) -> tuple[str, ...]:
        if self.statistics is not None:
            return (*self.statistics.dimensions, "count")
        assert self.export is not None
        return self.export.columns

    def rows(self) -> list[tuple[str, ...]]:
        """The released table; a suppressed count is an empty text (never why it was)."""
        if self.statistics is not None:
            return [
                (*cell.key, "" if cell.count is None else str(cell.count))
                for cell in self.statistics.cells
            ]
        assert self.export is not None
        return list(self.export.rows())


@dataclass(frozen=True)
class _Request:
    register: Register
    actor: Actor
    declared: Declared
    purpose: str
    recipient: str
    hierarchies: Hierarchies | None
    hierarchy_dir: str | Path | None
    kinds: Collection[str] | None
    now: dt.datetime


def prepare_declared_release(
    register: Register,
    policy: Policy,
    release_key: str,
    actor: Actor,
    *,
    recipient: str | None = None,
    hierarchies: Hierarchies | None = None,
    hierarchy_dir: str | Path | None = None,
    suppression_limit: float = 0.0,
    kinds: Collection[str] | None = None,
    now: dt.datetime | None = None,
) -> DeclaredRelease:
    """Steps 1-4: the release made and its record; nothing recorded yet.

    `recipient` names who receives it (default: the policy's description of the recipients).
    `hierarchies` (a Hierarchy or a spec per item) win over the policy's, which win over the
    files of `hierarchy_dir` (`<item>.csv` or `*_hierarchy_<item>.csv`). `suppression_limit`
    is the share of records a research export may suppress to reach k. `kinds` limits the
    subjects read (default: the kinds the release's purpose covers).
    """
    check_policy_matches(register, policy)
    declared = find_release(policy, release_key)
    purpose = declared.release.purpose
    if purpose is None:
        raise ValidationError(
            f"{declared.name} names no purpose; add 'purpose: <key>' to it: the register is "
            "read only for a declared purpose",
            field=f"{declared.name}.purpose",
        )
    require_release_permission(register, actor, declared, purpose)
    locale = policy.default_locale
    release = declared.release
    request = _Request(
        register,
        actor,
        declared,
        purpose,
        recipient or text_in(release.recipient_description, locale),
        hierarchies,
        hierarchy_dir,
        kinds,
        now or dt.datetime.now(dt.UTC),
    )
    context: dict[str, object] = {
        "label": text_in(release.label, locale),
        "recipient_purposes": [
            text_in(text, locale) for text in getattr(release, "recipient_purposes", [])
        ],
    }
    if isinstance(release, ResearchRelease):
        terms = text_in(release.terms, locale)
        export, extra = _research(request, release, terms, suppression_limit)
        record = _finish(export.record, policy, request, {**context, **extra})
        return DeclaredRelease(
            "research", declared.key, record, export=replace(export, record=record)
        )
    table, extra = _statistics(request, release.dimensions, release.min_cell_size)
    record = _finish(table.record, policy, request, {**context, **extra})
    return DeclaredRelease(
        "statistics", declared.key, record, statistics=replace(table, record=record)
    )


def run_declared_release(
    register: Register,
    policy: Policy,
    release_key: str,
    actor: Actor,
    *,
    recipient: str | None = None,
    hierarchies: Hierarchies | None = None,
    hierarchy_dir: str | Path | None = None,
    suppression_limit: float = 0.0,
    kinds: Collection[str] | None = None,
    now: dt.datetime | None = None,
) -> DeclaredRelease:
    """Make the declared release from the register and record it (the module's five steps).

    The record and its audit event commit in a transaction of their own on the register's
    engine. To record in a transaction of yours (e.g. with the output written), call
    `prepare_declared_release`, then `record_declared_release` inside your transaction: the
    reads must be over before it starts (SQLite has one writer, and every read is audited).
    """
    made = prepare_declared_release(
        register,
        policy,
        release_key,
        actor,
        recipient=recipient,
        hierarchies=hierarchies,
        hierarchy_dir=hierarchy_dir,
        suppression_limit=suppression_limit,
        kinds=kinds,
        now=now,
    )
    with register.engine.begin() as connection:
        record_declared_release(register, connection, made, actor)
    return made


def record_declared_release(
    register: Register, connection: Connection, made: DeclaredRelease, actor: Actor
) -> None:
    """Step 5: the release record and its audit event, in the caller's transaction."""
    record_release(connection, made.record)
    register.audit.append(
        connection,
        actor_kind=actor.kind,
        actor_id=actor.id,
        role=actor.audit_role,
        action="release",
        outcome="allowed",
        rule=f"release.{made.section}",
        purpose=made.record.purpose,
        item_keys=made.record.items,
        request_id=made.record.id,  # the release record this event stands for
    )


def _statistics(
    request: _Request, dimensions: list[str], min_cell_size: int
) -> tuple[StatisticsRelease, dict[str, object]]:
    dims = list(dict.fromkeys(dimensions))
    declared = request.declared
    found, shown = hierarchies_for(
        dims,
        declared.release.hierarchies,
        request.hierarchies,
        request.hierarchy_dir,
        declared.name,
        required=False,
    )
    # Only the dimensions are read: the counts need nothing else.
    rows = read_register(
        request.register, request.actor, request.purpose, dims, kinds=request.kinds
    )
    # A table shows its labels even where it withholds the count: a free-text value (a log
    # line, an address) held by fewer than min_cell_size people would be published as a label.
    # Choices are the policy's own words, and hierarchies already group values.
    items = request.register.policy.items
    free = [n for n in dims if n not in found and not (n in items and items[n].type == "choice")]
    columns, grouped = _group_rare(rows.columns, free, min_cell_size, OTHER)
    table = statistics_table(
        columns,
        dimensions=dims,
        min_cell_size=min_cell_size,
        recipient=request.recipient,
        purpose=request.purpose,
        recode={name: (hierarchy, 1) for name, hierarchy in found.items()},
        now=request.now,
    )
    return table, {**_source(rows), "hierarchies": shown, "rare_values_grouped": grouped}


def _research(
    request: _Request, release: ResearchRelease, terms: str, suppression_limit: float
) -> tuple[ResearchExport, dict[str, object]]:
    name = request.declared.name
    removed = direct_identifiers(request.register.policy, release.items, request.purpose)
    for field_name, chosen in (
        ("quasi_identifiers", release.quasi_identifiers),
        ("sensitive", release.sensitive),
    ):
        clash = [item for item in chosen if item in removed]
        if clash:
            raise AnonymizationError(
                f"{name}.{field_name}: '{clash[0]}' is a direct identifier and cannot be "
                "released; remove it, or mask it in the release's purpose",
                field=f"{name}.{field_name}",
            )
    quasi = list(dict.fromkeys(release.quasi_identifiers))
    sensitive = list(dict.fromkeys(release.sensitive))
    keep = [i for i in dict.fromkeys(release.items) if i not in {*quasi, *sensitive, *removed}]
    found, shown = hierarchies_for(
        quasi,
        release.hierarchies,
        request.hierarchies,
        request.hierarchy_dir,
        name,
        required=True,
    )
    rows = read_register(
        request.register,
        request.actor,
        request.purpose,
        [*quasi, *sensitive, *keep],
        kinds=request.kinds,
    )
    if rows.rows < release.k:
        left_out = ", ".join(f"{n} {rule}" for rule, n in sorted(rows.skipped.items()))
        raise AnonymizationError(
            f"{name}: k is {release.k} but only {rows.rows} subject(s) could be read for "
            f"purpose '{request.purpose}'"
            + (f" ({left_out} left out)" if left_out else "")
            + "; lower k in the policy, or release when more subjects are registered",
            field=f"{name}.k",
        )
    # A value of a released item that fewer than k people share can point at one of them (a
    # post's text is on their public profile): PPC rules Art. 34(iv), peculiar descriptions.
    columns, recoded = _group_rare(rows.columns, keep, release.k, TOP)
    export = research_export(
        columns,
        direct_identifiers=removed,
        quasi_identifiers=quasi,
        hierarchies=found,
        k=release.k,
        recipient=request.recipient,
        terms=terms,
        purpose=request.purpose,
        sensitive=sensitive,
        l_diversity=release.l_diversity,
        suppression_limit=suppression_limit,
        keep=keep,
        now=request.now,
    )
    extra = {
        **_source(rows),
        "hierarchies": shown,
        "rare_values_recoded": recoded,
        # Left out before reading: these values never left the register.
        "direct_identifiers_removed": removed,
        "direct_identifiers_read": False,
    }
    return export, extra


def _finish(
    record: ReleaseRecord, policy: Policy, request: _Request, extra: Mapping[str, object]
) -> ReleaseRecord:
    return replace(
        record,
        declared_as=request.declared.name,
        actor_id=request.actor.id,
        actor_role=request.actor.audit_role,
        policy_name=policy.name,
        policy_version=policy.version,
        parameters={**record.parameters, **extra},
    )


def _group_rare(
    columns: Mapping[str, list[str]], names: list[str], minimum: int, label: str
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """`columns` with the values of `names` held by fewer than `minimum` rows replaced by
    `label`; and, per name, how many distinct values were replaced."""
    out = dict(columns)
    replaced: dict[str, int] = {}
    for name in names:
        counts = Counter(columns[name])
        rare = {value for value, n in counts.items() if n < minimum and value != NOT_GIVEN}
        replaced[name] = len(rare)
        if rare:
            out[name] = [label if value in rare else value for value in columns[name]]
    return out, replaced


def _source(rows: RegisterRows) -> dict[str, object]:
    return {
        "source": "register",
        "subjects_listed": rows.listed,
        "subjects_read": rows.rows,
        "subjects_left_out": dict(rows.skipped),
    }
