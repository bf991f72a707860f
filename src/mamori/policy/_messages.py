"""Pydantic's validation errors, said as a person writing the policy file needs to hear them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_core import ErrorDetails

from mamori.policy._problems import PathTuple, closest, show, step_into
from mamori.policy._shapes import (
    annotation_at,
    example,
    field_names,
    is_model,
    literal_values,
    strip,
)
from mamori.policy.model.base import KEY_PATTERN

__all__ = ["Finding", "describe_errors", "locate_error"]

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Finding:
    """A problem before it is placed in the file: path, what is wrong, how to fix it.

    `at` is the path whose position the problem is shown at when it differs from `path`
    (a missing field is shown where its parent is written).
    """

    path: PathTuple
    message: str
    hint: str | None
    code: str
    at: PathTuple | None = None


def locate_error(loc: tuple[str | int, ...], data: Any) -> tuple[PathTuple, bool]:
    """The path in the file that an error's `loc` names, and whether it is about a key.

    Pydantic adds steps that are not in the file (union members, validator names); they are
    dropped by following `loc` through the data itself.
    """
    path: list[str | int] = []
    node: Any = data
    for step in loc:
        if step == "[key]":
            return tuple(path), True
        found, child = step_into(node, step)
        if found:
            node = child
        elif isinstance(node, dict) and isinstance(step, str) and _FIELD.match(step):
            node = None  # a missing field: the step is named, there is nothing under it
        else:
            continue
        path.append(step)
    return tuple(path), False


def describe_errors(errors: list[ErrorDetails], data: Any) -> list[Finding]:
    """One finding per place: errors on the same place (a union's members) are merged."""
    grouped: dict[tuple[PathTuple, bool], list[ErrorDetails]] = {}
    for error in errors:
        grouped.setdefault(locate_error(error["loc"], data), []).append(error)
    findings = [
        _merge([_describe(error, path, at_key) for error in group])
        for (path, at_key), group in grouped.items()
    ]
    # `lable:` is both an unknown field and a missing `label:`; the first says it all.
    typos = {
        (f.path[:-1], f.hint[len("did you mean '") : -2])
        for f in findings
        if f.code == "unknown_field" and f.hint and f.hint.startswith("did you mean")
    }
    return [
        f
        for f in findings
        if not (f.code == "missing_field" and (f.path[:-1], str(f.path[-1])) in typos)
    ]


def _merge(findings: list[Finding]) -> Finding:
    if len(findings) == 1:
        return findings[0]
    # A union: keep the most telling member's message and offer every alternative's fix.
    first = next((f for f in findings if f.code != "bad_value"), findings[0])
    hints = [first.hint] if first.hint else []
    for other in findings:
        if other is first or not other.hint:
            continue
        _, allowed, choices = other.hint.partition("allowed: ")
        hints.append(f"or write {choices}" if allowed else other.hint)
    return Finding(first.path, first.message, "; ".join(dict.fromkeys(hints)) or None, first.code)


def _describe(error: ErrorDetails, path: PathTuple, at_key: bool) -> Finding:
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}
    name = str(path[-1]) if path else ""
    annotation = annotation_at(path)
    if kind == "missing":
        return Finding(
            path,
            f"missing field '{name}'",
            f"add it, e.g. `{name}: {example(name, annotation)}`",
            "missing_field",
            at=path[:-1],
        )
    if kind == "extra_forbidden":
        fields = field_names(annotation_at(path[:-1]))
        suggestion = closest(name, fields)
        hint = (
            f"did you mean '{suggestion}'?"
            if suggestion
            else "the fields here are " + ", ".join(fields)
        )
        return Finding(path, f"unknown field '{name}'", hint, "unknown_field")
    if kind == "literal_error":
        return _bad_choice(path, value, context, at_key)
    if kind == "string_pattern_mismatch" and context.get("pattern") == KEY_PATTERN:
        return _bad_key(path, value, at_key)
    if kind in _TYPE_ERRORS:
        return _wrong_type(path, name, annotation, value, _TYPE_ERRORS[kind])
    if kind in ("value_error", "assertion_error"):
        text = str(context.get("error", error["msg"]))
        message, _, hint = text.partition("; ")
        named = message.split(" ", 1)[0]
        if named in field_names(annotation):
            path = (*path, named)  # a check on the whole mapping that names its field
        return Finding(path, message, hint or None, "invalid")
    if kind in ("too_short", "too_long"):
        bound = context.get("min_length" if kind == "too_short" else "max_length")
        entries = "entry" if bound == 1 else "entries"
        if kind == "too_short":
            return Finding(path, f"needs at least {bound} {entries}", "add one", "too_few")
        return Finding(path, f"has more than {bound} {entries}", "remove some", "too_many")
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return Finding(
            path, f"must be {words} {context.get(key)}, not {show(value)}", None, "out_of_range"
        )
    if kind == "string_too_long":
        limit = context.get("max_length")
        return Finding(path, f"is longer than {limit} characters", "shorten it", "too_long")
    return Finding(path, str(error["msg"]), None, "invalid")


_TYPE_ERRORS = {
    "string_type": "a text",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "date_type": "a date",
    "date_parsing": "a date",
    "date_from_datetime_parsing": "a date",
    "date_from_datetime_inexact": "a date",
    "date_future": "a date",
    "timedelta_type": "a duration",
    "timedelta_parsing": "a duration",
}
_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _wrong_type(path: PathTuple, name: str, annotation: Any, value: Any, wanted: str) -> Finding:
    message = f"expected {wanted}, got {_kind_of(value)}"
    hint: str | None
    if wanted == "a text" and isinstance(value, bool | int | float | date):
        text = value.isoformat() if isinstance(value, date) else str(value).lower()
        hint = f'put it in quotes: {name}: "{text}"'
    elif wanted == "a text" and isinstance(value, list | dict):
        hint = "write a single text here"
    elif wanted == "a list" and isinstance(value, str):
        hint = f"write a list, e.g. {name}: [{value}]"
    elif wanted == "a list":
        hint = f"write it as {name}: [a, b], or one `- a` line per entry"
    elif wanted == "a mapping" and is_model(annotation):
        hint = f"write its fields on the lines below, indented: {example(name, annotation)}"
    elif wanted == "a mapping":
        hint = "write one `key: {...}` entry per line below it, indented"
    elif wanted == "a date":
        hint = "write it as YYYY-MM-DD, e.g. 2024-04-01"
    elif wanted == "a duration":
        hint = "write it as P3Y, P6M, P2W or P30D"
    elif wanted == "true or false":
        hint = f"write {name}: true or {name}: false"
    else:
        hint = None
    return Finding(path, message, hint, "wrong_type")


def _bad_choice(path: PathTuple, value: Any, context: dict[str, Any], at_key: bool) -> Finding:
    annotation = annotation_at(path)
    if at_key:
        mapping = strip(annotation)
        allowed = literal_values(getattr(mapping, "__args__", (None,))[0])
    else:
        allowed = literal_values(annotation)
    if not allowed:
        allowed = re.findall(r"'([^']*)'", str(context.get("expected", "")))
    names = [str(choice) for choice in allowed]
    suggestion = closest(str(value), names) if isinstance(value, str) else None
    hint = f"did you mean '{suggestion}'? " if suggestion else ""
    hint += "allowed: " + ", ".join(names)
    what = "key" if at_key else "value"
    return Finding(path, f"{show(value)} is not an allowed {what} here", hint, "bad_value")


def _bad_key(path: PathTuple, value: Any, at_key: bool) -> Finding:
    text = str(value)
    slug = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")
    hint = "a key is lower-case letters, digits and _, starting with a letter"
    if re.match(KEY_PATTERN, slug) and slug != text:
        hint += f", e.g. '{slug}'"
    what = "a valid key" if at_key else "a valid key (a reference to a key of this file)"
    return Finding(path, f"{show(value)} is not {what}", hint, "bad_key")
