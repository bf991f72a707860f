"""What the model expects at a place of the file: used for messages, examples and the docs."""

from __future__ import annotations

import types
from datetime import date, timedelta
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from mamori.policy._problems import PathTuple
from mamori.policy.model import Policy
from mamori.policy.model.base import LocalizedText

__all__ = [
    "annotation_at",
    "example",
    "field_names",
    "is_localized",
    "is_model",
    "literal_values",
    "strip",
    "type_name",
]

_UNIONS = (Union, types.UnionType)
_EXAMPLES = {
    "format": "1",
    "name": "my_service",
    "version": '"2024-04-01"',
    "category": "user.contact.email",
    "data_use": "essential.service",
    "locales": "[ja, en]",
    "jurisdictions": "[JP]",
    "country": "JP",
    "currency": "JPY",
}


def strip(annotation: Any) -> Any:
    """The type without Annotated metadata and without an optional None."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in _UNIONS:
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in _UNIONS:
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def is_localized(annotation: Any) -> bool:
    return bool(_without_none(annotation) == LocalizedText)


def is_model(annotation: Any) -> bool:
    stripped = strip(annotation)
    return isinstance(stripped, type) and issubclass(stripped, BaseModel)


def annotation_at(path: PathTuple) -> Any:
    """The annotation the model has at `path` (None when the path leaves the model)."""
    annotation: Any = Policy
    for part in path:
        stripped = strip(annotation)
        if isinstance(stripped, type) and issubclass(stripped, BaseModel):
            fields = stripped.model_fields
            if not isinstance(part, str) or part not in fields:
                return None
            annotation = fields[part].rebuild_annotation()
        elif get_origin(stripped) is dict:
            annotation = get_args(stripped)[1]
        elif get_origin(stripped) is list:
            annotation = get_args(stripped)[0]
        else:
            return None
    return annotation


def field_names(annotation: Any) -> list[str]:
    """The fields of the model at that annotation (empty when it is not a model)."""
    stripped = strip(annotation)
    if isinstance(stripped, type) and issubclass(stripped, BaseModel):
        return list(stripped.model_fields)
    return []


def literal_values(annotation: Any) -> list[Any]:
    """The allowed values of a Literal (or of the Literal in a union), else []."""
    stripped = strip(annotation)
    if get_origin(stripped) is Literal:
        return list(get_args(stripped))
    if get_origin(stripped) in _UNIONS:
        return [value for arg in get_args(stripped) for value in literal_values(arg)]
    return []


def example(name: str, annotation: Any) -> str:
    """A short YAML example of a value for the field `name`."""
    if name in _EXAMPLES:
        return _EXAMPLES[name]
    if is_localized(annotation):
        return "{ja: ..., en: ...}"
    stripped = strip(annotation)
    origin = get_origin(stripped)
    if origin is Literal:
        return str(get_args(stripped)[0])
    if origin is list:
        (inner,) = get_args(stripped)
        if is_model(inner):
            return "[{...}]  # a list of entries"
        if strip(inner) is str and _is_key(inner):
            return "[some_key, other_key]"
        return f"[{example(name, inner)}]"
    if origin is dict:
        return "{some_key: {...}}"
    if origin in _UNIONS:
        return " or ".join(example(name, arg) for arg in get_args(stripped))
    if stripped is str and _is_key(annotation):
        return "some_key"
    if is_model(stripped):
        required = [key for key, info in stripped.model_fields.items() if info.is_required()]
        return "{" + ", ".join(f"{key}: ..." for key in required) + "}"
    simple = {bool: "true", int: "1", date: "2024-04-01", timedelta: "P3Y", str: "..."}
    return simple.get(stripped, "...")


def type_name(annotation: Any) -> str:
    """How the docs name the type of a field."""
    if is_localized(annotation):
        return "text per locale"
    stripped = strip(annotation)
    origin = get_origin(stripped)
    if origin is Literal:
        return "one of " + ", ".join(f"`{value}`" for value in get_args(stripped))
    if origin in _UNIONS:
        return " or ".join(type_name(arg) for arg in get_args(stripped) if arg is not type(None))
    if origin is list:
        return f"list of {type_name(get_args(stripped)[0])}"
    if origin is dict:
        key, value = get_args(stripped)
        return f"mapping {type_name(key)} → {type_name(value)}"
    if is_model(stripped):
        return f"[{stripped.__name__}](#{stripped.__name__.lower()})"
    if stripped is str and _is_key(annotation):
        return "key"
    names = {
        str: "text",
        bool: "true/false",
        int: "whole number",
        date: "date (YYYY-MM-DD)",
        timedelta: "duration (P3Y, P6M, P2W, P30D)",
    }
    return names.get(stripped, getattr(stripped, "__name__", str(stripped)))


def _is_key(annotation: Any) -> bool:
    annotation = _without_none(annotation)
    if get_origin(annotation) is not Annotated:
        return False
    return any(getattr(meta, "pattern", None) for meta in get_args(annotation)[1:])
