"""`mamori retention report` and `mamori retention run` on a register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main
from mamori.register import Register
from tests.retention.conftest import FIXTURES, add_guest


def _options(register: Register, tmp_path: Path) -> list[str]:
    url = register.engine.url.render_as_string(hide_password=False)
    return ["--database", url, "--policy", str(FIXTURES / "retention.yaml")]


def _writing(register: Register, tmp_path: Path) -> list[str]:
    return [
        *_options(register, tmp_path),
        "--keystore",
        f"sqlite:///{tmp_path / 'keys.sqlite'}",
        "--keyring",
        str(tmp_path / "keyring.json"),
        "--audit-head",
        str(tmp_path / "audit-head.json"),
    ]


def test_report_gives_counts_per_kind_as_json(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_guest(register, "g1")
    argv = ["retention", "report", "--as-of", "2100-01-01", "--format", "json"]
    assert main([*argv, *_options(register, tmp_path)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["subjects_to_erase"] == 1
    assert {kind["name"] for kind in found["kinds"]} >= {"note", "audit_log"}


def test_a_dry_run_from_the_command_line_changes_nothing(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_guest(register, "g1")
    argv = ["retention", "run", "--dry-run", "--as-of", "2100-01-01"]
    assert main([*argv, *_writing(register, tmp_path)]) == 0
    assert "would erase 1 subject(s)" in capsys.readouterr().out
    assert main([*argv, *_writing(register, tmp_path)]) == 0
    assert "would erase 1 subject(s)" in capsys.readouterr().out


def test_a_run_from_the_command_line_erases_what_is_due(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_guest(register, "g1")
    argv = ["retention", "run", "--as-of", "2100-01-01", *_writing(register, tmp_path)]
    assert main(argv) == 0
    assert "did erase 1 subject(s)" in capsys.readouterr().out


def test_a_missing_policy_file_is_a_clean_error(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = register.engine.url.render_as_string(hide_password=False)
    argv = ["retention", "report", "--database", url, "--policy", str(tmp_path / "none.yaml")]
    assert main(argv) == 2
    assert "none.yaml" in capsys.readouterr().err
