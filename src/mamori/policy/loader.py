"""Reading a policy file into an immutable `Policy`."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticValidationError

from mamori.errors import PolicyError
from mamori.policy.model import Policy

__all__ = ["load_policy", "parse_policy"]


def load_policy(path: str | Path) -> Policy:
    """Load and validate the policy file at `path`."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{source}: cannot read the policy file ({error.strerror})") from None
    return parse_policy(text, source=str(source))


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Validate policy YAML given as text; `source` names it in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PolicyError(f"{source}: not valid YAML ({error})") from None
    try:
        return Policy.model_validate(data)
    except PydanticValidationError as error:
        problems = [
            f"{source}: {'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise PolicyError(
            f"{source}: {len(problems)} problem(s)", problems=list(problems)
        ) from None
