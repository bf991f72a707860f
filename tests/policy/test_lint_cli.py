"""`mamori policy check FILE [--format text|json]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_edits import EXAMPLE

from mamori.cli import main


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_onplanetz_example_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(EXAMPLE)]) == 0
    assert "passes: 0 error(s), 6 warning(s), 2 info" in capsys.readouterr().out


def test_text_output_gives_rule_place_path_article_and_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["policy", "check", str(EXAMPLE)])
    out = capsys.readouterr().out
    organization_line = _line_of(EXAMPLE, "organization:")
    assert f"APPI-32-PUBLIC-FACTS  {EXAMPLE}:{organization_line}:1  organization.address" in out
    assert "law: APPI Art. 32(1)(i)" in out
    assert "fix: add organization.address" in out


def test_text_output_groups_findings_by_severity(capsys: pytest.CaptureFixture[str]) -> None:
    main(["policy", "check", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert out.index("warnings (6)") < out.index("info (2)")


def test_json_output_lists_findings_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(EXAMPLE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["summary"] == {"error": 0, "warning": 6, "info": 2}
    assert len(report["findings"]) == 8
    assert report["findings"][0]["place"].startswith(f"{EXAMPLE}:")


def test_an_error_level_finding_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = _edited(tmp_path, "basis: consent", "basis: sale")
    assert main(["policy", "check", str(policy)]) == 1
    out = capsys.readouterr().out
    assert "SOC-6-SALE-OR-LENDING" in out
    assert "fails: 1 error(s)" in out


def test_json_reports_not_ok_on_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _edited(tmp_path, "basis: consent", "basis: lending")
    assert main(["policy", "check", str(policy), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_a_file_that_does_not_load_prints_each_problem_with_its_place_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _edited(tmp_path, "  legal_name:", "  legal_nam:")
    assert main(["policy", "check", str(policy)]) == 1
    out = capsys.readouterr().out
    assert f"{policy}:{_line_of(policy, '  legal_nam:')}:" in out
    assert "does not load" in out


def test_a_file_that_does_not_load_is_reported_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _edited(tmp_path, "format: 1", "format: [")
    assert main(["policy", "check", str(policy), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["error"]


def test_a_missing_file_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.yaml"
    assert main(["policy", "check", str(absent)]) == 1
    assert f"policy check: {absent} does not load" in capsys.readouterr().out


def _line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of `path` that starts with `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))
