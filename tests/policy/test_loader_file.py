"""Loading a policy file that is not a policy at all: a clear PolicyError, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mamori.errors import PolicyError
from mamori.policy import load_policy, parse_policy, problems_of

MINIMAL = Path(__file__).parent / "loader_cases" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
).join(["a: &a [x, x, x, x, x, x, x, x, x, x]\n", ""])


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="p.yaml")
    return [str(problem) for problem in problems_of(caught.value)]


def test_malformed_yaml_is_placed_with_a_hint() -> None:
    text = TEXT.replace("  legal_name: Shop K.K.", "  legal_name: Shop: K.K.")
    assert problems(text) == [
        "p.yaml:10:19: not valid YAML: mapping values are not allowed in this context; "
        "put a text that contains ': ' in quotes, or fix the indentation"
    ]


def test_a_tab_indent_is_explained() -> None:
    text = TEXT.replace("  legal_name: Shop K.K.", "\tlegal_name: Shop K.K.")
    assert problems(text) == [
        "p.yaml:10:1: not valid YAML: a tab where YAML expects spaces; "
        "YAML indents with spaces, never with tabs"
    ]


def test_an_unclosed_bracket_is_reported() -> None:
    assert problems("format: 1\nlocales: [ja, en\n") == [
        "p.yaml:3:1: not valid YAML: did not find expected ',' or ']' (while parsing a flow "
        "sequence); check the indentation, the colons and the quotes around this place"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_an_empty_file_says_how_to_start(text: str) -> None:
    assert problems(text) == [
        "p.yaml: the file is empty; a policy file starts with `format: 1`; see docs/policy.md"
    ]


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a text"), ("42\n", "a number")]
)
def test_the_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    assert problems(text) == [
        f"p.yaml:1:1: the top level is {kind}, but a policy file is a mapping of fields; "
        "start with `format: 1`, then `name: ...` and the other fields, one per line"
    ]


def test_python_tags_are_refused() -> None:
    text = TEXT.replace("name: shop", "name: !!python/object/apply:os.system [ls]")
    assert problems(text) == [
        "p.yaml:3:7: the YAML tag '!!python/object/apply:os.system' is not allowed in a policy "
        "file; remove the tag: a policy holds only plain text, numbers, dates, lists and mappings"
    ]


def test_a_local_tag_is_refused() -> None:
    (problem,) = problems(TEXT.replace("name: shop", "name: !secret shop"))
    assert problem.startswith("p.yaml:3:7: the YAML tag '!secret' is not allowed")


def test_an_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    (problem,) = problems(ALIAS_BOMB)
    assert problem.startswith("p.yaml:4:")
    assert "aliases expand to more than 10,000 values" in problem
    assert time.perf_counter() - started < 5  # a guard against hanging, not a speed claim


def test_a_recursive_alias_is_refused() -> None:
    assert problems("a: &a [*a]\n") == [
        "p.yaml:1:8: a: the alias *a refers to itself; remove the alias"
    ]


def test_an_undefined_alias_is_refused() -> None:
    assert problems("a: *nowhere\n") == [
        "p.yaml:1:4: the alias *nowhere has no anchor &nowhere before it; "
        "define &nowhere earlier in the file, or write the value out"
    ]


def test_deep_nesting_is_refused() -> None:
    (problem,) = problems("title: " + "[" * 200 + "]" * 200 + "\n")
    assert problem.startswith("p.yaml:1:57: title[0]")
    assert "nested more than 50 levels deep" in problem


def test_a_second_document_is_refused() -> None:
    assert problems(TEXT + "---\nformat: 1\n") == [
        "p.yaml:60:1: the file holds more than one YAML document (---); keep one"
    ]


def test_a_key_must_be_a_plain_word() -> None:
    assert problems(TEXT + "? [a, b]\n: c\n") == [
        "p.yaml:60:3: a key must be a plain word, not a mapping or a list; write it out"
    ]


def test_a_control_character_is_placed() -> None:
    assert problems(TEXT.replace("name: shop", "name: sh\x07op")) == [
        "p.yaml:3:9: the file holds a character YAML does not allow (code point 7); "
        "remove it, or write it as an escape inside double quotes"
    ]


def test_a_file_that_is_not_utf8_is_placed(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    # Shift_JIS after a multi-byte character: the column counts characters, not bytes.
    text = TEXT.replace("{ja: 会員", "{ja: 会員と会員").encode("utf-8")
    path.write_bytes(text.replace("と会員".encode(), "と".encode() + "会員".encode("shift_jis")))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert [str(p) for p in problems_of(caught.value)] == [
        f"{path}:13:20: the file is not UTF-8 (byte 0x89 cannot be decoded); save the file as UTF-8"
    ]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert load_policy(path).name == "shop"


def test_a_file_over_two_megabytes_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"format: 1\n" + b"# padding\n" * 1_100_000)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert [str(p) for p in problems_of(caught.value)] == [
        f"{path}: the file is 10.5 MB; a policy file may be at most 2 MB; "
        "a policy is a few hundred lines; check that this is the right file"
    ]


def test_text_over_two_megabytes_is_refused() -> None:
    (problem,) = problems("a: " + "x" * (3 * 1024 * 1024))
    assert "a policy file may be at most 2 MB" in problem


def test_a_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such file; check the path"):
        load_policy(tmp_path / "nowhere.yaml")


def test_a_directory_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="it is a directory"):
        load_policy(tmp_path)


def test_a_broken_file_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    broken = TEXT.replace("legal_basis: contract", "legal_basis: contrat")
    path.write_text(broken, encoding="utf-8")
    before = path.stat()
    with pytest.raises(PolicyError):
        load_policy(path)
    assert path.read_text(encoding="utf-8") == broken
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(tmp_path.iterdir()) == [path]


def test_columns_count_characters_not_bytes() -> None:
    assert problems(TEXT.replace("name: shop", "name: 会員\x07"))[0].startswith("p.yaml:3:9: ")
    (problem,) = problems(TEXT.replace("  legal_name: Shop K.K.", "  legal_name: 会員: x"))
    assert problem.startswith("p.yaml:10:17: not valid YAML: mapping values are not allowed")
