"""Whatever the text, the loader returns a Policy or raises a PolicyError with placed problems."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from mamori.errors import PolicyError
from mamori.policy import Policy, parse_policy, problems_of
from mamori.policy._yaml import read_yaml

pytestmark = pytest.mark.slow  # about 15 s: hundreds of whole-file parses

ONPLANETZ = Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml"
TEXT = ONPLANETZ.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
DATA = read_yaml(TEXT, "onplanetz").data

# Shrinking a whole policy file is slow and adds little: the failing case is shown as found.
FUZZ = settings(
    max_examples=int(os.environ.get("MAMORI_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)

YAMLISH = st.sampled_from(
    [":", "-", " ", "\n", "  ", "[", "]", "{", "}", ",", "&a", "*a", "!!", "'", '"', "#", "?",
     "|", ">", "\t", "<<", "---", "~", "é", "界", "\x00", "\ufeff", "1", "true", "P3Y"]
)  # fmt: skip


def outcome(text: str) -> Policy | PolicyError:
    try:
        return parse_policy(text, source="fuzz.yaml")
    except PolicyError as error:
        return error


def assert_well_formed(result: Policy | PolicyError, text: str) -> None:
    if isinstance(result, Policy):
        return
    found = problems_of(result)
    assert found, "a PolicyError names at least one problem"
    line_count = text.count("\n") + 2
    for problem in found:
        assert problem.message
        assert problem.source == "fuzz.yaml"
        if problem.line is not None:
            assert 1 <= problem.line <= line_count, problem
    assert result.message.splitlines()[0].startswith("fuzz.yaml: ")


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    assert_well_formed(outcome(text), text)


@FUZZ
@given(st.lists(YAMLISH, max_size=60).map("".join))
def test_random_yaml_punctuation(text: str) -> None:
    assert_well_formed(outcome(text), text)


@FUZZ
@given(st.data())
def test_random_edits_of_the_onplanetz_file(data: st.DataObject) -> None:
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "swap"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            line = lines[index]
            at = data.draw(st.integers(0, len(line)))
            lines[index] = line[:at] + data.draw(YAMLISH | st.text(max_size=5)) + line[at:]
        elif action == "indent":
            lines[index] = data.draw(st.sampled_from(["", " ", "    "])) + lines[index].lstrip()
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    text = "".join(lines)
    assert_well_formed(outcome(text), text)


SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(DATA)


def replaced(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    """A copy of `node` with the value at `path` replaced (or deleted)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    if not rest and delete:
        del copy[head]
    else:
        copy[head] = replaced(node[head], rest, value, delete)
    return copy


@FUZZ
@given(st.data())
def test_random_values_in_the_onplanetz_structure(data: st.DataObject) -> None:
    document = DATA
    for _ in range(data.draw(st.integers(1, 3))):
        targets = paths(document) or ALL_PATHS
        path = data.draw(st.sampled_from(targets))
        delete = data.draw(st.booleans())
        try:
            document = replaced(document, path, data.draw(VALUES), delete)
        except (KeyError, IndexError, TypeError):
            continue
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    text = stream.getvalue()
    assert_well_formed(outcome(text), text)
