"""What a declared release needs from the policy: the release, the right to release it, the
direct identifiers it must leave out, and the hierarchies of its dimensions or quasi-identifiers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mamori.anonymize.declared import hierarchy_from_spec
from mamori.anonymize.hierarchy import TOP, Hierarchy, HierarchyTable, load_hierarchies
from mamori.anonymize.source import NOT_GIVEN
from mamori.errors import AccessDeniedError, AnonymizationError, ConfigError, NotFoundError
from mamori.policy.model import HierarchySpec, ResearchRelease, StatisticsRelease

if TYPE_CHECKING:
    from mamori.policy import Policy
    from mamori.register import Actor, Register

__all__ = [
    "RELEASE_PERMISSION",
    "Declared",
    "check_policy_matches",
    "direct_identifiers",
    "find_release",
    "hierarchies_for",
    "require_release_permission",
]

Section = Literal["statistics", "research"]
RELEASE_PERMISSION = "statistics.release"

# The law lint's list (mamori.policy.lint, AZ-6-DIRECT-IDENTIFIER), plus the codes that link a
# row back to its person (APPI measures 2 and 3: identification and linking codes).
_DIRECT_CATEGORIES = (
    "user.name",
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.fax_number",
    "user.contact.address",
    "user.government_id",
    "user.account",
    "user.authorization",
    "user.unique_id",
)
_LINKING_TYPES = frozenset({"email", "phone", "identifier", "password"})


@dataclass(frozen=True)
class Declared:
    section: Section
    key: str
    release: StatisticsRelease | ResearchRelease

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


def check_policy_matches(register: Register, policy: Policy) -> None:
    """The release must be declared by the policy the register enforces on its reads."""
    if policy.content_hash != register.policy.content_hash:
        raise ConfigError(
            f"the register enforces another policy ({register.policy.name} "
            f"{register.policy.version}) than the one given ({policy.name} {policy.version}); "
            "open the register with the policy that declares the release",
            field="policy",
        )


def find_release(policy: Policy, release_key: str) -> Declared:
    """`statistics.<key>`, `research.<key>`, or a bare key declared in one section only."""
    section, dot, key = release_key.partition(".")
    found: list[Declared] = []
    if dot and section in ("statistics", "research"):
        chosen: Section = "statistics" if section == "statistics" else "research"
        table = policy.statistics if chosen == "statistics" else policy.research
        if key in table:
            found.append(Declared(chosen, key, table[key]))
    elif not dot:
        if release_key in policy.statistics:
            found.append(Declared("statistics", release_key, policy.statistics[release_key]))
        if release_key in policy.research:
            found.append(Declared("research", release_key, policy.research[release_key]))
    if len(found) == 1:
        return found[0]
    declared = [f"statistics.{k}" for k in policy.statistics]
    declared += [f"research.{k}" for k in policy.research]
    if len(found) > 1:
        raise NotFoundError(
            f"'{release_key}' names a statistics and a research release; write "
            f"statistics.{release_key} or research.{release_key}",
            field="release",
        )
    hint = f"declared: {', '.join(declared)}" if declared else "it declares none"
    raise NotFoundError(
        f"the policy declares no release '{release_key}' ({hint}); declare it under statistics "
        "or research in the policy file",
        field="release",
    )


def require_release_permission(
    register: Register, actor: Actor, release: Declared, purpose: str
) -> None:
    """The actor holds a role with the `statistics.release` permission; a refusal is audited."""
    policy = register.policy
    if actor.kind == "system" or any(
        RELEASE_PERMISSION in role.permissions and actor.kind in role.actor_kinds
        for role in (policy.roles[name] for name in sorted(actor.roles) if name in policy.roles)
    ):
        return
    with register.engine.begin() as connection:
        register.audit.append(
            connection,
            actor_kind=actor.kind,
            actor_id=actor.id,
            role=actor.audit_role,
            action="release",
            outcome="refused",
            rule="release_permission",
            purpose=purpose,
        )
    held = ", ".join(sorted(actor.roles)) or "no role"
    raise AccessDeniedError(
        f"actor {actor.id} ({held}) may not release {release.name}: it needs a role with the "
        f"permission {RELEASE_PERMISSION}",
        rule="release_permission",
    )


def direct_identifiers(policy: Policy, items: Sequence[str], purpose: str) -> list[str]:
    """The release's items that name or reach a person, or link a row back to them; an item the
    purpose masks (a postal-code prefix, a year of birth) is released masked instead."""
    declared = policy.purposes.get(purpose)
    masked = set(declared.masks) if declared is not None else set()
    found = []
    for key in dict.fromkeys(items):
        item = policy.items.get(key)
        if item is None or key in masked:
            continue
        category = item.category
        direct = any(category == c or category.startswith(c + ".") for c in _DIRECT_CATEGORIES)
        if direct or item.type in _LINKING_TYPES or item.pseudonym_of is not None:
            found.append(key)
    return found


def hierarchies_for(
    columns: Sequence[str],
    declared: Mapping[str, HierarchySpec],
    given: Mapping[str, Hierarchy | Mapping[str, object]] | None,
    directory: str | Path | None,
    release: str,
    *,
    required: bool,
) -> tuple[dict[str, Hierarchy], dict[str, object]]:
    """Each column's hierarchy (given, else the policy's, else a file of `directory`), able to
    place `NOT_GIVEN`; and how each was found, for the record."""
    found: dict[str, Hierarchy] = {}
    shown: dict[str, object] = {}
    for name in columns:
        if given is not None and name in given:
            spec = given[name]
            found[name] = hierarchy_from_spec(spec) if isinstance(spec, Mapping) else spec
            shown[name] = dict(spec) if isinstance(spec, Mapping) else "given"
        elif name in declared:
            spec_dict = declared[name].model_dump(exclude_none=True)
            found[name] = hierarchy_from_spec(spec_dict)
            shown[name] = {"policy": spec_dict}
    missing = [name for name in columns if name not in found]
    if missing and directory is not None:
        folder = Path(directory)
        present = [name for name in missing if required or _has_file(folder, name)]
        for name, table in load_hierarchies(folder, present).items():
            found[name] = table
            shown[name] = {"file": table.source}
    if required:
        absent = [name for name in columns if name not in found]
        if absent:
            raise AnonymizationError(
                f"{release}: no hierarchy for quasi-identifier '{absent[0]}'; declare one under "
                f"{release}.hierarchies, or give a folder of hierarchy files",
                field=f"{release}.hierarchies",
            )
    return {name: NotGivenAware(h) for name, h in found.items()}, shown


def _has_file(folder: Path, name: str) -> bool:
    return (folder / f"{name}.csv").is_file() or any(folder.glob(f"*_hierarchy_{name}.csv"))


@dataclass(frozen=True)
class NotGivenAware:
    """A hierarchy that also places `NOT_GIVEN` (a subject without the item): a group of its
    own at every level, `*` at the top."""

    inner: Hierarchy

    @property
    def height(self) -> int:
        return self.inner.height

    @property
    def source(self) -> str:
        return str(getattr(self.inner, "source", type(self.inner).__name__))

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        present = [value for value in values if value != NOT_GIVEN]
        row = (NOT_GIVEN,) * (self.height - 1) + (TOP,)
        if not present:
            return HierarchyTable((row,), self.source)
        table = self.inner.table_for(present, column=column)
        if NOT_GIVEN not in values or NOT_GIVEN in table.index():
            return table
        return HierarchyTable((*table.rows, row), table.source)
