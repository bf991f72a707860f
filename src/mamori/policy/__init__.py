"""The privacy policy: its file format, loading and validation, law lint, notice and diff."""

from mamori.policy._problems import PolicyProblem, problems_of
from mamori.policy.diff import Change, PolicyDiff, diff_policies
from mamori.policy.lint import Finding, check_policy
from mamori.policy.loader import (
    SourceMap,
    load_policy,
    load_policy_source,
    parse_policy,
    parse_policy_source,
)
from mamori.policy.model import Policy
from mamori.policy.schema import policy_json_schema, policy_json_schema_text

__all__ = [
    "Change",
    "Finding",
    "Policy",
    "PolicyDiff",
    "PolicyProblem",
    "SourceMap",
    "check_policy",
    "diff_policies",
    "load_policy",
    "load_policy_source",
    "parse_policy",
    "parse_policy_source",
    "policy_json_schema",
    "policy_json_schema_text",
    "problems_of",
]
