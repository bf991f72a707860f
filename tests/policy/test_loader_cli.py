"""`mamori policy validate` and `mamori policy schema` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main

MINIMAL = Path(__file__).parent / "loader_cases" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_prints_ok_and_the_content_hash(capsys: pytest.CaptureFixture[str]) -> None:
    from mamori.policy import load_policy

    assert main(["policy", "validate", str(MINIMAL)]) == 0
    expected = f"{MINIMAL}: ok (sha256 {load_policy(MINIMAL).content_hash})\n"
    assert capsys.readouterr().out == expected


def test_validate_prints_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = TEXT.replace("pseudonym_of: name", "pseudonym_of: nam").replace(
        "legal_basis: contract", "legal_basis: contrat"
    )
    path = write(tmp_path, broken)
    assert main(["policy", "validate", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert (
        lines[0] == f"{path}:21:5: items.nickname.pseudonym_of: no item 'nam'; did you mean 'name'?"
    )
    assert lines[1].startswith(f"{path}:37:5: purposes.service.legal_basis: 'contrat' is not")
    assert len(lines) == 2
    assert captured.err == f"{path}: 2 problems\n"


def test_validate_reports_a_file_error_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "a: &a [*a]\n")
    assert main(["policy", "validate", str(path)]) == 1
    assert (
        capsys.readouterr().out
        == f"{path}:1:8: a: the alias *a refers to itself; remove the alias\n"
    )


def test_validate_as_json_gives_each_problems_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, TEXT.replace("pseudonym_of: name", "pseudonym_of: nam"))
    assert main(["policy", "validate", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "ok": False,
        "problems": [
            {
                "source": str(path),
                "line": 21,
                "column": 5,
                "path": "items.nickname.pseudonym_of",
                "message": "no item 'nam'",
                "hint": "did you mean 'name'?",
                "code": "unknown_reference",
            }
        ],
    }


def test_validate_a_missing_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "validate", str(tmp_path / "none.yaml")]) == 1
    assert "no such file" in capsys.readouterr().out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_writes_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "policy.schema.json"
    assert main(["policy", "schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("Mamori")
    assert capsys.readouterr().out == ""


def test_a_policy_error_reaches_the_terminal_verbatim(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mamori.policy
    from mamori.errors import PolicyError

    def broken() -> str:
        raise PolicyError("p.yaml:6:1: locales: write a list, e.g. locales: [ja] [/x]")

    monkeypatch.setattr(mamori.policy, "policy_json_schema_text", broken)
    assert main(["policy", "schema"]) == 2
    assert "e.g. locales: [ja] [/x]" in capsys.readouterr().err
