"""The JSON Schema of the policy file: valid, complete enough for editors, true to the examples."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mamori.policy._yaml import read_yaml
from mamori.policy.schema import policy_json_schema

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*/policy.yaml"))
MINIMAL = Path(__file__).parent / "loader_cases" / "minimal.yaml"


def as_json(value: Any) -> Any:
    """YAML data as an editor's YAML server sees it: dates are text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def errors_for(path: Path) -> list[str]:
    data = as_json(read_yaml(path.read_text(encoding="utf-8"), str(path)).data)
    validator = jsonschema.Draft202012Validator(policy_json_schema())
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(policy_json_schema())


def test_the_onplanetz_example_is_among_those_checked() -> None:
    assert any(path.parent.name == "onplanetz" for path in EXAMPLES)


@pytest.mark.parametrize("path", [*EXAMPLES, MINIMAL], ids=lambda path: path.parent.name)
def test_each_example_validates_against_the_schema(path: Path) -> None:
    assert errors_for(path) == []


def test_category_and_data_use_are_enums_of_the_taxonomy() -> None:
    definitions = policy_json_schema()["$defs"]
    categories = definitions["Item"]["properties"]["category"]["enum"]
    uses = definitions["Purpose"]["properties"]["data_use"]["enum"]
    assert {"user.contact.email", "mamori.user.transfer_name"} <= set(categories)
    assert {"essential.service", "mamori.research"} <= set(uses)


def test_fields_carry_their_docstrings() -> None:
    item = policy_json_schema()["$defs"]["Item"]["properties"]
    assert "APPI Art. 2(3)" in item["sensitive"]["description"]


def test_unknown_fields_are_refused_by_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + "zzz: 1\n", encoding="utf-8")
    assert errors_for(path) == ["[]: Additional properties are not allowed ('zzz' was unexpected)"]


def test_a_text_may_be_one_string_or_one_per_locale(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("label: Study", "label: {de: Studie}")
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    (error,) = errors_for(path)
    assert error.startswith("['research', 'study', 'label']")


def test_every_field_has_a_description_for_the_editor() -> None:
    schema = policy_json_schema()
    definitions = [("Policy", schema), *schema["$defs"].items()]
    blank = [
        f"{name}.{field}"
        for name, definition in definitions
        for field, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert blank == []
