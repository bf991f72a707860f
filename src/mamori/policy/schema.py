"""The JSON Schema (draft 2020-12) of the policy file, for editors' completion and checks.

Generated from the pydantic models, so it never drifts from what the loader accepts; field
docstrings become descriptions, and the taxonomy keys become enums for `category` and
`data_use`. The schema checks shape only: references between parts are the loader's job.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from mamori.policy import taxonomy
from mamori.policy._field_notes import FIELD_NOTES
from mamori.policy.model import FORMAT_VERSION, SUPPORTED_LOCALES, Policy
from mamori.policy.model.base import parse_duration

__all__ = ["policy_json_schema", "policy_json_schema_text"]

_DURATION_PATTERN = r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"


class _PolicySchema(GenerateJsonSchema):
    """Says what the file may hold, where pydantic would describe the validated value."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        function = schema["function"].get("function")
        if getattr(function, "__name__", "") == "_localized":
            return _localized_text()
        if function is parse_duration:
            return {
                "type": "string",
                "pattern": _DURATION_PATTERN,
                "description": "An ISO 8601 duration: P3Y, P6M, P2W, P30D.",
            }
        return super().function_before_schema(schema)


def _localized_text() -> JsonSchemaValue:
    return {
        "anyOf": [
            {"type": "string", "description": "The same text in every language."},
            {
                "type": "object",
                "description": "The text per locale.",
                "propertyNames": {"enum": [*SUPPORTED_LOCALES, "*"]},
                "additionalProperties": {"type": "string", "minLength": 1},
                "minProperties": 1,
            },
        ]
    }


def policy_json_schema() -> dict[str, Any]:
    """The schema as a dict."""
    schema = Policy.model_json_schema(schema_generator=_PolicySchema, mode="validation")
    definitions = schema["$defs"]
    for name, definition in [("Policy", schema), *definitions.items()]:
        for field, prop in definition.get("properties", {}).items():
            note = FIELD_NOTES.get(f"{name}.{field}")
            if note and "description" not in prop:
                prop["description"] = note
    _enum(definitions["Item"]["properties"]["category"], taxonomy.data_categories())
    _enum(definitions["Purpose"]["properties"]["data_use"], taxonomy.data_uses())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Mamori privacy policy (format {FORMAT_VERSION})",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def policy_json_schema_text() -> str:
    """The schema as indented JSON text."""
    return json.dumps(policy_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _enum(field: dict[str, Any], entries: dict[str, taxonomy.TaxonomyEntry] | Any) -> None:
    field.pop("type", None)
    field["enum"] = list(entries)
    # Editors show these next to each choice (VS Code reads markdownEnumDescriptions too).
    field["enumDescriptions"] = [f"{entry.name}: {entry.description}" for entry in entries.values()]
