"""The privacy policy: its file format, loading and validation, law lint, notice and diff."""

from mamori.policy.loader import load_policy, parse_policy
from mamori.policy.model import Policy

__all__ = ["Policy", "load_policy", "parse_policy"]
