"""A problem found in a policy file, and the PolicyError that carries all of them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from mamori.errors import PolicyError

__all__ = [
    "PathTuple",
    "PolicyProblem",
    "closest",
    "format_path",
    "policy_error",
    "problems_of",
    "show",
    "step_into",
]

PathTuple = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong in a policy file: where it is, what is wrong and how to fix it.

    `line` and `column` are 1-based (None when the problem concerns the file as a whole);
    `path` is the dotted place in the document (`purposes.marketing.items[2]`, "" for the file);
    `code` names the kind of problem for tools (`unknown_reference`, `yaml_syntax`, ...).
    """

    source: str
    line: int | None
    column: int | None
    path: str
    message: str
    hint: str | None = None
    code: str = "invalid"

    @property
    def place(self) -> str:
        """`file:line:column`, or the file alone when the problem has no position."""
        if self.line is None:
            return self.source
        return f"{self.source}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:
        where = f"{self.place}: {self.path}: " if self.path else f"{self.place}: "
        return f"{where}{self.message}" + (f"; {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_path(path: Sequence[str | int]) -> str:
    """`("purposes", "marketing", "items", 2)` -> `purposes.marketing.items[2]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{show(part)}]"
    return text


def step_into(node: Any, step: str | int) -> tuple[bool, Any]:
    """`node[step]` for a mapping key or a list index that is there: (found, child)."""
    if isinstance(node, dict) and step in node:
        return True, node[step]
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return True, node[step]
    return False, None


def show(value: Any, limit: int = 40) -> str:
    """A short quoted rendering of a value from the file, for messages."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `word` (a likely typo), if any is close enough."""
    pool = [candidate for candidate in candidates if isinstance(candidate, str)]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = {candidate.lower(): candidate for candidate in pool}
    return lowered.get(word.lower())


def policy_error(source: str, problems: Sequence[PolicyProblem]) -> PolicyError:
    """One PolicyError with every problem, sorted by place; its message lists them all."""
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))
    count = len(ordered)
    heading = f"{source}: {count} problem{'s' if count != 1 else ''}"
    message = "\n".join([heading, *(str(problem) for problem in ordered)])
    return PolicyError(message, problems=list(ordered))


def problems_of(error: PolicyError) -> list[PolicyProblem]:
    """The PolicyProblems a PolicyError carries (typed view of `error.problems`)."""
    return [problem for problem in error.problems if isinstance(problem, PolicyProblem)]
