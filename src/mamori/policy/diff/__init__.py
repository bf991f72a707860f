"""Policy changes: a structured diff of two versions, each change classified as editorial,
notify (within a reasonably related scope) or consent_required (docs/policy-changes.md)."""

from mamori.policy.diff._diff import CLASSIFICATION_RULES, diff_policies
from mamori.policy.diff._model import (
    CLASSIFICATIONS,
    Affected,
    Change,
    ChangeKind,
    Classification,
    PolicyDiff,
    strongest,
)

__all__ = [
    "CLASSIFICATIONS",
    "CLASSIFICATION_RULES",
    "Affected",
    "Change",
    "ChangeKind",
    "Classification",
    "PolicyDiff",
    "diff_policies",
    "strongest",
]
