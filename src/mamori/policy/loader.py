"""Reading a policy file into an immutable `Policy`, remembering where each value was written.

Every problem is reported at once, each with its file:line:column, its path in the document,
what is wrong and how to fix it (`PolicyProblem`, collected on `PolicyError.problems`). A file
that is too large, not UTF-8, not YAML, or built to exhaust the reader is refused with a
PolicyError too; nothing is changed by loading, valid or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mamori.errors import PolicyError
from mamori.policy._messages import Finding
from mamori.policy._problems import PathTuple, PolicyProblem, format_path, policy_error, show
from mamori.policy._source import MAX_BYTES, decode, refuse_size
from mamori.policy._validation import validate
from mamori.policy._yaml import read_yaml
from mamori.policy.model import FORMAT_VERSION, Policy

__all__ = [
    "MAX_BYTES",
    "SourceMap",
    "load_policy",
    "load_policy_source",
    "parse_policy",
    "parse_policy_source",
]


@dataclass(frozen=True)
class SourceMap:
    """Where each value of a policy file stands: path -> (line, column), both 1-based.

    A mapping entry is placed at its key, a list element at its first character; `()` is the
    start of the document.
    """

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
    """Load and validate the policy file at `path`; PolicyError lists every problem."""
    return load_policy_source(path)[0]


def load_policy_source(path: str | Path) -> tuple[Policy, SourceMap]:
    """Like `load_policy`, with the SourceMap that places each value in the file."""
    source = Path(path)
    name = str(source)
    try:
        if source.is_dir():
            raise _unreadable(name, "it is a directory", "give the path of the policy.yaml file")
        refuse_size(source.stat().st_size, name)
        with source.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _unreadable(name, "no such file", "check the path") from None
    except OSError as error:
        raise _unreadable(name, f"cannot read it ({error.strerror})", None) from None
    refuse_size(len(raw), name)
    return parse_policy_source(decode(raw, name), source=name)


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Validate policy YAML given as text; `source` names it in error messages."""
    return parse_policy_source(text, source=source)[0]


def parse_policy_source(text: str, *, source: str = "<policy>") -> tuple[Policy, SourceMap]:
    """Like `parse_policy`, with the SourceMap that places each value in the text."""
    parsed = read_yaml(text, source)
    positions = {(): (1, 1), **parsed.positions}
    source_map = SourceMap(source, positions)
    _check_format(parsed.data, source_map)
    outcome = validate(parsed.data)
    problems = [*parsed.problems, *(_place(f, source_map) for f in outcome.findings)]
    if problems or outcome.policy is None:
        raise policy_error(source, problems)
    return outcome.policy, source_map


def _check_format(data: dict[str, Any], source_map: SourceMap) -> None:
    """A file of another format version is not read further: its fields may mean other things."""
    if "format" not in data or data["format"] == FORMAT_VERSION:
        return
    value = data["format"]
    if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
        message = f"this file is in policy format {value}, but this Mamori reads format 1"
        hint = "upgrade Mamori (pip install -U mamori) to read it"
    else:
        message = f"{show(value)} is not a policy format version"
        hint = "write format: 1"
    finding = Finding(("format",), message, hint, "unsupported_format")
    raise policy_error(source_map.source, [_place(finding, source_map)])


def _place(finding: Finding, source_map: SourceMap) -> PolicyProblem:
    position = source_map.locate(finding.at if finding.at is not None else finding.path)
    line, column = position if position is not None else (None, None)
    return PolicyProblem(
        source_map.source,
        line,
        column,
        format_path(finding.path),
        finding.message,
        finding.hint,
        finding.code,
    )


def _unreadable(source: str, why: str, hint: str | None) -> PolicyError:
    return policy_error(
        source, [PolicyProblem(source, None, None, "", why, hint, code="unreadable")]
    )
