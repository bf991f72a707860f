"""The taxonomy: fideslang's default keys plus Mamori's documented `mamori.` extension."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mamori.policy import taxonomy
from mamori.policy.taxonomy import (
    COVERED_BY_FIDESLANG,
    EXTENSION_CATEGORIES,
    EXTENSION_USES,
    data_categories,
    data_uses,
    suggest,
)


def fideslang_keys(kind: str) -> set[str]:
    keys = data_categories() if kind == "data_category" else data_uses()
    return {key for key, entry in keys.items() if entry.origin == "fideslang"}


def test_fideslang_keys_are_valid() -> None:
    assert "user.contact.email" in data_categories()
    assert "essential.service" in data_uses()


def test_deprecated_fideslang_keys_are_not_offered() -> None:
    assert "personalize.profiling" not in data_uses()


@pytest.mark.parametrize(
    ("entries", "kind"), [(EXTENSION_CATEGORIES, "data_category"), (EXTENSION_USES, "data_use")]
)
def test_each_extension_key_narrows_a_fideslang_key(entries: tuple, kind: str) -> None:
    fideslang = fideslang_keys(kind)
    for entry in entries:
        assert entry.key.startswith("mamori."), entry.key
        assert entry.key not in fideslang, entry.key
        assert entry.parent in fideslang, entry.key
        assert entry.description, entry.key


def test_keys_fideslang_already_has_point_at_a_fideslang_key() -> None:
    fideslang = fideslang_keys("data_category")
    for key, replacement in COVERED_BY_FIDESLANG.items():
        assert key not in data_categories()
        assert replacement in fideslang, key


def test_an_extension_key_is_valid() -> None:
    assert data_categories()["mamori.user.transfer_name"].parent == "user.financial"
    assert data_uses()["mamori.research"].origin == "mamori"


def test_suggest_names_the_key_meant() -> None:
    assert suggest("user.contact.emial", "data_category") == "did you mean 'user.contact.email'?"
    assert suggest("mamori.reserch", "data_use") == "did you mean 'mamori.research'?"


def test_suggest_points_a_covered_key_at_fideslang() -> None:
    assert suggest("mamori.user.media", "data_category") == "fideslang has it: use 'user.content'"


def test_suggest_without_a_near_key_points_at_the_docs() -> None:
    assert suggest("zzz", "data_use") == "see `docs/policy.md` (taxonomy) for the keys"


def test_the_taxonomy_is_loaded_once() -> None:
    assert data_categories() is data_categories()
    assert taxonomy.data_uses() is taxonomy.data_uses()


def test_the_command_line_starts_without_fideslang() -> None:
    code = "import sys, mamori.cli, mamori.policy; print('fideslang' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
