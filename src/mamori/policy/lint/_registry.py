"""The rule registry: each law-lint rule is a small function registered with its id and article."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mamori.policy.model import Jurisdiction, Policy

if TYPE_CHECKING:
    from mamori.policy.loader import SourceMap

__all__ = [
    "GROUPS",
    "SEVERITIES",
    "Finding",
    "Hit",
    "PathTuple",
    "Rule",
    "Severity",
    "check_policy",
    "format_path",
    "rule",
    "rules",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
PathTuple = tuple[str | int, ...]

GROUPS: dict[str, str] = {
    "notice": "What the notice must say",
    "purposes": "Items, purposes, collection and roles",
    "provisions": "Provision, foreign recipients, entrustment, joint use",
    "rights": "Requests: fees, kinds, refusals, deadlines",
    "trackers": "Cookies and modules",
    "transfers": "Storage and transfers out of the EU",
    "releases": "Statistics and research",
}
"""Each rule module (a group of rules) and its title, in the order findings and docs use."""


def format_path(path: PathTuple) -> str:
    """`("purposes", "marketing", "items", 2)` -> `purposes.marketing.items[2]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Hit:
    """What a rule reports: where, what, and optionally a more precise fix or article."""

    path: PathTuple
    message: str
    fix: str | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem the law lint found in a policy, with the place, the article and the fix."""

    rule: str
    severity: Severity
    message: str
    path: PathTuple
    citation: str
    fix: str
    place: str | None = None

    @property
    def location(self) -> str:
        """The dotted path, e.g. `purposes.marketing.items[2]` (`(policy)` for the whole file)."""
        return format_path(self.path) or "(policy)"

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "path": self.location,
            "place": self.place,
            "citation": self.citation,
            "fix": self.fix,
        }


RuleCheck = Callable[[Policy], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. `summary` and `description` come from the function's docstring."""

    id: str
    severity: Severity
    citation: str
    fix: str
    group: str
    summary: str
    description: str
    jurisdictions: tuple[Jurisdiction, ...] | None
    check: RuleCheck

    def applies_to(self, policy: Policy) -> bool:
        return self.jurisdictions is None or any(
            jurisdiction in policy.jurisdictions for jurisdiction in self.jurisdictions
        )


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    severity: Severity,
    citation: str,
    fix: str,
    jurisdictions: tuple[Jurisdiction, ...] | None = None,
) -> Callable[[RuleCheck], RuleCheck]:
    """Register a rule. The first docstring line is its summary; the rest, its explanation.

    `jurisdictions` limits the rule to policies under one of them (None: every policy).
    """

    def register(check: RuleCheck) -> RuleCheck:
        if id in _REGISTRY:
            raise ValueError(f"lint rule {id} is registered twice")
        doc = inspect.cleandoc(check.__doc__ or "")
        if not doc:
            raise ValueError(f"lint rule {id} needs a docstring: it is the rule's documentation")
        summary, _, description = doc.partition("\n")
        _REGISTRY[id] = Rule(
            id=id,
            severity=severity,
            citation=citation,
            fix=fix,
            group=check.__module__.rsplit(".", 1)[-1],
            summary=summary.strip(),
            description=" ".join(description.split()),
            jurisdictions=jurisdictions,
            check=check,
        )
        return check

    return register


def rules() -> tuple[Rule, ...]:
    """Every registered rule: group by group (GROUPS), each in the order its module defines."""
    groups = list(GROUPS)
    ordered = sorted(
        enumerate(_REGISTRY.values()),
        key=lambda pair: (
            groups.index(pair[1].group) if pair[1].group in groups else len(groups),
            pair[0],
        ),
    )
    return tuple(registered for _, registered in ordered)


_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def check_policy(policy: Policy, source_map: SourceMap | None = None) -> list[Finding]:
    """Run every rule that applies to `policy`; findings come most severe first.

    Never raises on a valid Policy: a rule that fails is reported as an error finding of its own
    id (a bug in Mamori, not in the policy), so a run never ends in a traceback.
    """
    findings: list[Finding] = []
    ordered = rules()
    order = {registered.id: index for index, registered in enumerate(ordered)}
    for registered in ordered:
        if not registered.applies_to(policy):
            continue
        severity = registered.severity
        try:
            hits = list(registered.check(policy))
        except Exception as failure:  # a lint bug must not hide the other findings
            severity = "error"
            hits = [
                Hit(
                    (),
                    f"the rule failed ({type(failure).__name__}); this is a bug in Mamori, "
                    "please report it with the policy file",
                    fix="report the bug; the other rules ran normally",
                )
            ]
        for hit in hits:
            findings.append(
                Finding(
                    rule=registered.id,
                    severity=severity,
                    message=hit.message,
                    path=hit.path,
                    citation=hit.citation or registered.citation,
                    fix=hit.fix or registered.fix,
                    place=source_map.place(hit.path) if source_map is not None else None,
                )
            )
    findings.sort(key=lambda found: (_RANK[found.severity], order[found.rule]))
    return findings
