"""The field tables of docs/policy.md, generated from the models so that they stay true.

    python -m mamori.policy._docs docs/policy.md     # rewrite the tables in place
    python -m mamori.policy._docs --check docs/policy.md

Each table sits between `<!-- fields: Model -->` and `<!-- /fields -->`; the taxonomy
extension between `<!-- taxonomy -->` and `<!-- /taxonomy -->`. The prose around them is
written by hand.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from mamori.policy import model
from mamori.policy._field_notes import FIELD_NOTES
from mamori.policy._shapes import type_name
from mamori.policy.taxonomy import EXTENSION_CATEGORIES, EXTENSION_USES, TaxonomyEntry

__all__ = ["MODELS", "meaning", "render", "render_tables"]

MODELS: dict[str, type[BaseModel]] = {
    name: obj
    for name in model.__all__
    if isinstance(obj := getattr(model, name), type) and issubclass(obj, BaseModel)
}

_BLOCK = re.compile(r"(<!-- fields: (\w+) -->\n).*?(<!-- /fields -->)", re.DOTALL)
_TAXONOMY = re.compile(r"(<!-- taxonomy -->\n).*?(<!-- /taxonomy -->)", re.DOTALL)


def meaning(model_name: str, field: str) -> str:
    """The field's docstring, else its note; '' when it has neither."""
    info = MODELS[model_name].model_fields[field]
    text = info.description or FIELD_NOTES.get(f"{model_name}.{field}", "")
    return " ".join(text.split())


def _default(info: Any) -> str:
    if info.is_required():
        return "**required**"
    value = info.default_factory() if info.default_factory else info.default
    if value is None or value is PydanticUndefined:
        return "optional"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, dict):
        return "`{}`"
    return f"`{value}`"


def render(model_name: str) -> str:
    """The markdown table of one model's fields."""
    rows = ["| field | type | required / default | meaning |", "| --- | --- | --- | --- |"]
    for field, info in MODELS[model_name].model_fields.items():
        annotation = info.rebuild_annotation()
        kind = type_name(annotation).replace("|", "\\|")
        text = meaning(model_name, field).replace("|", "\\|")
        rows.append(f"| `{field}` | {kind} | {_default(info)} | {text} |")
    return "\n".join(rows) + "\n"


def _taxonomy_table(entries: tuple[TaxonomyEntry, ...]) -> list[str]:
    return [
        f"| `{entry.key}` | `{entry.parent}` | {entry.name}: {entry.description} |"
        for entry in entries
    ]


def render_tables(text: str) -> str:
    """`text` with every generated block brought up to date."""
    text = _BLOCK.sub(lambda match: match[1] + render(match[2]) + match[3], text)
    rows = [
        "| key | narrows | meaning |",
        "| --- | --- | --- |",
        "| **data categories** | | |",
        *_taxonomy_table(EXTENSION_CATEGORIES),
        "| **data uses** | | |",
        *_taxonomy_table(EXTENSION_USES),
    ]
    return _TAXONOMY.sub(lambda match: match[1] + "\n".join(rows) + "\n" + match[2], text)


def _main(arguments: list[str]) -> int:
    check = "--check" in arguments
    paths = [argument for argument in arguments if argument != "--check"]
    stale = []
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        updated = render_tables(text)
        if updated != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as stream:
                    stream.write(updated)
    if check and stale:
        print(f"out of date: {', '.join(stale)}; run python -m mamori.policy._docs FILE")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
