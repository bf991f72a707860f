"""docs/policy.md stays true to the models: every field documented, tables up to date."""

from __future__ import annotations

import re
from pathlib import Path

from mamori.policy import parse_policy
from mamori.policy._docs import MODELS, meaning, render_tables
from mamori.policy._field_notes import FIELD_NOTES

DOC = Path(__file__).parents[2] / "docs" / "policy.md"
TEXT = DOC.read_text(encoding="utf-8")


def test_the_field_tables_are_up_to_date() -> None:
    assert render_tables(TEXT) == TEXT, "run: python -m mamori.policy._docs docs/policy.md"


def test_every_model_has_its_table() -> None:
    documented = set(re.findall(r"<!-- fields: (\w+) -->", TEXT))
    assert documented == set(MODELS)


def test_every_field_has_a_meaning() -> None:
    blank = [
        f"{name}.{field}"
        for name, model in MODELS.items()
        for field in model.model_fields
        if not meaning(name, field)
    ]
    assert blank == []


def test_notes_are_only_for_existing_fields_without_a_docstring() -> None:
    for key in FIELD_NOTES:
        name, _, field = key.partition(".")
        info = MODELS[name].model_fields[field]
        assert not info.description, f"{key} has a docstring now: drop its note"


def test_the_smallest_policy_of_the_docs_loads() -> None:
    section = TEXT.split("## A smallest policy", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert parse_policy(example, source="docs").name == "shop"
