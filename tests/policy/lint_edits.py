"""Small edits of the onplanetz example, for the lint and diff tests.

An edit maps a dotted path of the policy's JSON form to a new value, `DELETE` or `Append(x)`:
{"provisions.third_party_offers.basis": "sale"}. Keys never contain dots.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mamori.policy import Policy, load_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "onplanetz" / "policy.yaml"

Edit = dict[str, Any]
DELETE = object()


@dataclass(frozen=True)
class Append:
    value: Any


@cache
def onplanetz() -> Policy:
    return load_policy(EXAMPLE)


def onplanetz_data() -> dict[str, Any]:
    return copy.deepcopy(onplanetz().model_dump(mode="json"))


def apply(data: dict[str, Any], edit: Edit) -> dict[str, Any]:
    for dotted, value in edit.items():
        *parents, last = dotted.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is DELETE:
            del node[last]
        elif isinstance(value, Append):
            node[last] = [*(node.get(last) or []), value.value]
        else:
            node[last] = copy.deepcopy(value)
    return data


def variant(*edits: Edit) -> Policy:
    """The onplanetz policy with `edits` applied in order, validated as a Policy."""
    data = onplanetz_data()
    for edit in edits:
        apply(data, edit)
    return Policy.model_validate(data)


EU: Edit = {"jurisdictions": ["JP", "EU"]}
EU_ONLY: Edit = {"jurisdictions": ["EU"]}


def item(category: str, **fields: Any) -> dict[str, Any]:
    return {"label": {"en": "An item", "ja": "項目"}, "category": category, **fields}


def purpose(data_use: str, basis: str, items: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "label": {"en": "A purpose", "ja": "目的"},
        "data_use": data_use,
        "legal_basis": basis,
        "items": items,
        **fields,
    }
