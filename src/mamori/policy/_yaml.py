"""Reading untrusted YAML safely: plain data plus the line:column of every value.

The document is built from the parser's event stream rather than by a YAML constructor, so
that nothing the file says can run code or exhaust memory: explicit tags are refused, aliases
may expand to a bounded number of values, nesting is bounded, duplicate keys are reported with
both places, and every error carries its position. Events come from libyaml through PyYAML
(twenty times faster than a pure-Python parser); scalars are resolved by YAML 1.2 rules through
ruamel, so that `no` stays a text (Norway's country code) and only true/false are booleans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelYAMLError
from ruamel.yaml.nodes import ScalarNode
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.reader import ReaderError

from mamori.policy._problems import PathTuple, PolicyProblem, format_path, policy_error, show
from mamori.policy._source import refuse_size

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "ParsedYaml", "read_yaml"]

MAX_DEPTH = 50
"""Deepest nesting of mappings and lists; a policy needs fewer than ten levels."""
MAX_ALIAS_VALUES = 10_000
"""How many values aliases (*name) may add in all; beyond it the file is an alias bomb."""

_CORE = "tag:yaml.org,2002:"
_EXPLICIT_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null")}
_CONSTRUCTED = {f"{_CORE}{name}" for name in ("int", "float", "bool", "null", "timestamp")}
_MERGE = f"{_CORE}merge"
# libyaml when PyYAML was built with it; the pure-Python parser otherwise (same events).
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Position = tuple[int, int]


@dataclass
class ParsedYaml:
    """The document as plain data, where each value stands, and problems that did not stop it."""

    data: Any
    positions: dict[PathTuple, Position]
    problems: list[PolicyProblem]


class _StopReadingError(Exception):
    """A problem after which the document cannot be read further."""

    def __init__(self, problem: PolicyProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    path: PathTuple
    value: dict[str, Any] | list[Any]
    anchor: str | None
    mark: Position
    record: bool
    size: int = 1
    key: str | None = None
    key_mark: Position = (1, 1)
    key_is_merge: bool = False
    discard: bool = False
    first_lines: dict[str, int] = field(default_factory=dict)
    merges: list[tuple[Any, Position]] = field(default_factory=list)


def read_yaml(text: str, source: str) -> ParsedYaml:
    """Parse one YAML document; raise a PolicyError for anything that stops reading it."""
    refuse_size(len(text), source)
    refuse_size(len(text.encode("utf-8", "surrogatepass")), source)
    builder = _Builder(source)
    try:
        builder.run(text)
    except _StopReadingError as stop:
        raise policy_error(source, [*builder.problems, stop.problem]) from None
    except MarkedYAMLError as error:
        problem = _syntax_problem(error, source, text)
        raise policy_error(source, [*builder.problems, problem]) from None
    except ReaderError as error:
        line, column = _line_column(text, error.position)
        problem = PolicyProblem(
            source,
            line,
            column,
            "",
            f"the file holds a character YAML does not allow (code point {error.character!r})",
            "remove it, or write it as an escape inside double quotes",
            code="yaml_syntax",
        )
        raise policy_error(source, [problem]) from None
    except (YAMLError, RuamelYAMLError, RecursionError, ValueError, TypeError) as error:
        # The parser is third-party code reading untrusted text: whatever else it raises is
        # still a broken file, not a crash.
        problem = PolicyProblem(
            source, None, None, "", f"not valid YAML ({type(error).__name__}: {error})"
        )
        raise policy_error(source, [problem]) from None
    if builder.root is None:
        problem = PolicyProblem(
            source,
            None,
            None,
            "",
            "the file is empty",
            "a policy file starts with `format: 1`; see docs/policy.md",
            code="empty_file",
        )
        raise policy_error(source, [problem])
    if not isinstance(builder.root, dict):
        line, column = builder.root_mark
        problem = PolicyProblem(
            source,
            line,
            column,
            "",
            f"the top level is {_kind(builder.root)}, but a policy file is a mapping of fields",
            "start with `format: 1`, then `name: ...` and the other fields, one per line",
            code="wrong_type",
        )
        raise policy_error(source, [problem])
    return ParsedYaml(builder.root, builder.positions, builder.problems)


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.positions: dict[PathTuple, Position] = {}
        self.problems: list[PolicyProblem] = []
        self.root: Any = None
        self.root_mark: Position = (1, 1)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.alias_values = 0
        self.documents = 0
        self.yaml = YAML(typ="safe", pure=True)

    def run(self, text: str) -> None:
        for event in yaml.parse(text, Loader=_PARSER):
            self.handle(event)

    def handle(self, event: Event) -> None:
        mark = _mark(event)
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.stop(mark, "the file holds more than one YAML document (---)", "keep one")
        elif isinstance(event, ScalarEvent):
            if self.expects_key():
                self.key(str(event.value), mark, _is_merge(event))
            else:
                self.add(self.scalar(event, mark), 1, mark, event.anchor)
        elif isinstance(event, AliasEvent):
            self.alias(str(event.anchor), mark)
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            self.open(event, mark)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            self.close()

    def expects_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].value, dict)
            and (self.stack[-1].key is None)
        )

    def stop(self, mark: Position, message: str, hint: str | None, code: str = "yaml") -> NoReturn:
        path = self.stack[-1].path[:6] if self.stack else ()
        raise _StopReadingError(
            PolicyProblem(self.source, *mark, format_path(path), message, hint, code=code)
        )

    def scalar(self, event: ScalarEvent, mark: Position) -> Any:
        value = str(event.value)
        # ruamel's Tag objects compare equal to strings but do not hash like them.
        tag = None if event.tag is None else str(event.tag)
        if tag is not None and tag not in _EXPLICIT_SCALAR_TAGS:
            self.refuse_tag(tag, mark)
        if tag is None:
            tag = str(self.yaml.resolver.resolve(ScalarNode, value, event.implicit))
        if tag not in _CONSTRUCTED:
            return value
        try:
            return self.yaml.constructor.construct_object(ScalarNode(tag, value), deep=True)
        except (ValueError, OverflowError, RuamelYAMLError):
            # e.g. 2024-13-45 or a 10,000-digit number: keep the text and let the field's own
            # validation say what it expects there.
            return value

    def refuse_tag(self, tag: str, mark: Position) -> NoReturn:
        shown = tag.replace(_CORE, "!!")
        self.stop(
            mark,
            f"the YAML tag {show(shown)} is not allowed in a policy file",
            "remove the tag: a policy holds only plain text, numbers, dates, lists and mappings",
            code="yaml_tag",
        )

    def key(self, text: str, mark: Position, merge: bool) -> None:
        frame = self.stack[-1]
        frame.key, frame.key_mark, frame.key_is_merge = text, mark, merge
        if merge:
            return
        first = frame.first_lines.get(text)
        frame.discard = first is not None
        if first is not None:
            self.problems.append(
                PolicyProblem(
                    self.source,
                    *mark,
                    format_path((*frame.path, text)),
                    f"duplicate key {show(text)} (first written at line {first})",
                    "remove one of them, or rename it; YAML would silently keep only one",
                    code="duplicate_key",
                )
            )
            return
        frame.first_lines[text] = mark[0]
        if frame.record:
            self.positions[(*frame.path, text)] = mark

    def alias(self, anchor: str, mark: Position) -> None:
        if anchor not in self.anchors:
            if anchor in self.open_anchors:
                self.stop(mark, f"the alias *{anchor} refers to itself", "remove the alias")
            self.stop(
                mark,
                f"the alias *{anchor} has no anchor &{anchor} before it",
                f"define &{anchor} earlier in the file, or write the value out",
            )
        value, size = self.anchors[anchor]
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            self.stop(
                mark,
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values",
                "write the values out, or use fewer aliases (this looks like an alias bomb)",
                code="alias_bomb",
            )
        if self.expects_key():
            if not isinstance(value, str):
                self.stop(mark, "a key must be a plain word", "write the key out")
            self.key(value, mark, merge=False)
        else:
            self.add(value, size, mark, None)

    def child(self, mark: Position) -> tuple[PathTuple, bool]:
        if not self.stack:
            self.root_mark = mark
            return (), True
        top = self.stack[-1]
        if isinstance(top.value, list):
            path: PathTuple = (*top.path, len(top.value))
            if top.record:
                self.positions[path] = mark
            return path, top.record
        return (*top.path, str(top.key)), top.record and not top.discard and not top.key_is_merge

    def open(self, event: MappingStartEvent | SequenceStartEvent, mark: Position) -> None:
        mapping = isinstance(event, MappingStartEvent)
        if self.expects_key():
            self.stop(mark, "a key must be a plain word, not a mapping or a list", "write it out")
        expected = f"{_CORE}{'map' if mapping else 'seq'}"
        if event.tag is not None and str(event.tag) != expected:
            self.refuse_tag(str(event.tag), mark)
        if len(self.stack) >= MAX_DEPTH:
            self.stop(
                mark,
                f"the file is nested more than {MAX_DEPTH} levels deep",
                "a policy needs only a few levels; check the indentation and the brackets",
                code="too_deep",
            )
        path, record = self.child(mark)
        if event.anchor is not None:
            self.open_anchors.add(str(event.anchor))
        value: dict[str, Any] | list[Any] = {} if mapping else []
        self.stack.append(_Frame(path, value, event.anchor, mark, record))

    def close(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.value, dict):
            self.merge(frame)
        if frame.anchor is not None:
            self.open_anchors.discard(str(frame.anchor))
        self.attach(frame.value, frame.size, frame.anchor)

    def merge(self, frame: _Frame) -> None:
        assert isinstance(frame.value, dict)
        for value, mark in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    self.stop(
                        mark,
                        "a merge key (<<) takes a mapping or a list of mappings",
                        "write <<: *name where &name marks a mapping",
                    )
                for key, item in source.items():
                    if key not in frame.value:
                        frame.value[key] = item
                        if frame.record:
                            self.positions[(*frame.path, key)] = mark

    def add(self, value: Any, size: int, mark: Position, anchor: str | None) -> None:
        self.child(mark)
        self.attach(value, size, anchor)

    def attach(self, value: Any, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[str(anchor)] = (value, size)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
            return
        if top.key_is_merge:
            top.merges.append((value, top.key_mark))
        elif not top.discard:
            top.value[str(top.key)] = value
        top.key, top.key_is_merge, top.discard = None, False, False


def _mark(event: Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _is_merge(event: ScalarEvent) -> bool:
    return event.tag is None and event.value == "<<" and bool(event.implicit and event.implicit[0])


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _line_column(text: str, index: int) -> Position:
    if _PARSER is not yaml.SafeLoader:
        # libyaml counts UTF-8 bytes where the pure parser counts characters.
        index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _syntax_problem(error: MarkedYAMLError, source: str, text: str) -> PolicyProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    problem = str(error.problem or "malformed YAML")
    context = f" ({error.context})" if error.context else ""
    hint = "check the indentation, the colons and the quotes around this place"
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if line and column and line <= len(lines) else ""
    if at == "\t" or "'\\t'" in problem:
        problem, context = "a tab where YAML expects spaces", ""
        hint = "YAML indents with spaces, never with tabs"
    elif "mapping values are not allowed" in problem:
        hint = "put a text that contains ': ' in quotes, or fix the indentation"
    elif "end of stream" in problem:
        hint = "a quote or a bracket opened here is never closed"
    return PolicyProblem(
        source, line, column, "", f"not valid YAML: {problem}{context}", hint, code="yaml_syntax"
    )
