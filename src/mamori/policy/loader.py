"""Reading a policy file into an immutable `Policy`, remembering where each value was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from mamori.errors import PolicyError
from mamori.policy.model import Policy

__all__ = ["SourceMap", "load_policy", "load_policy_source", "parse_policy", "parse_policy_source"]

PathTuple = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceMap:
    """Where each value of a policy file stands: path -> (line, column), both 1-based."""

    source: str
    positions: dict[PathTuple, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathTuple) -> tuple[int, int] | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            position = self.positions.get(tuple(path[:end]))
            if position is not None:
                return position
        return None

    def place(self, path: PathTuple) -> str:
        """`file:line:column` for `path` (file alone when unknown)."""
        position = self.locate(path)
        return f"{self.source}:{position[0]}:{position[1]}" if position else self.source


def load_policy(path: str | Path) -> Policy:
    """Load and validate the policy file at `path`."""
    return load_policy_source(path)[0]


def load_policy_source(path: str | Path) -> tuple[Policy, SourceMap]:
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{source}: cannot read the policy file ({error.strerror})") from None
    return parse_policy_source(text, source=str(source))


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Validate policy YAML given as text; `source` names it in error messages."""
    return parse_policy_source(text, source=source)[0]


def parse_policy_source(text: str, *, source: str = "<policy>") -> tuple[Policy, SourceMap]:
    try:
        document = YAML(typ="rt").load(text)
    except YAMLError as error:
        raise PolicyError(f"{source}: not valid YAML ({error})") from None
    source_map = SourceMap(source)
    data = _plain(document, (), source_map.positions)
    try:
        policy = Policy.model_validate(data)
    except PydanticValidationError as error:
        problems = [
            f"{source_map.place(tuple(problem['loc']))}: "
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise PolicyError(
            f"{source}: {len(problems)} problem(s)", problems=list(problems)
        ) from None
    return policy, source_map


def _plain(node: Any, path: PathTuple, positions: dict[PathTuple, tuple[int, int]]) -> Any:
    """Turn ruamel's round-trip nodes into plain data, recording each value's position."""
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            line, column = node.lc.key(key)
            positions[(*path, key)] = (line + 1, column + 1)
            result[str(key) if not isinstance(key, str) else key] = _plain(
                value, (*path, key), positions
            )
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, column = node.lc.item(index)
            positions[(*path, index)] = (line + 1, column + 1)
            items.append(_plain(value, (*path, index), positions))
        return items
    if isinstance(node, str):
        return str(node)
    return node
