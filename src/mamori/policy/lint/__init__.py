"""Law lint: rules from the APPI, the GDPR and the seeds' promises, run on a policy.

Each rule is a small function registered with a stable id, a severity, the article it comes from
and a fix (see `_registry.rule`); one module per group of rules. `check_policy` runs them all.
"""

# The rule modules register their rules on import (GROUPS orders them).
from mamori.policy.lint import (  # noqa: F401
    notice,
    provisions,
    purposes,
    releases,
    rights,
    trackers,
    transfers,
)
from mamori.policy.lint._docs import rules_markdown
from mamori.policy.lint._registry import (
    GROUPS,
    SEVERITIES,
    Finding,
    Rule,
    Severity,
    check_policy,
    format_path,
    rules,
)

__all__ = [
    "GROUPS",
    "SEVERITIES",
    "Finding",
    "Rule",
    "Severity",
    "check_policy",
    "format_path",
    "rules",
    "rules_markdown",
]
