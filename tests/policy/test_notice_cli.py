"""`mamori policy render FILE --lang --format [-o OUT]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.cli import main

ONPLANETZ = str(Path(__file__).resolve().parents[2] / "examples" / "onplanetz" / "policy.yaml")


def test_render_writes_html_in_the_policy_default_language_to_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "render", ONPLANETZ]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in out


def test_render_markdown_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "render", ONPLANETZ, "--lang", "en", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Privacy policy\n")
    assert "## 6. Why we use it" in out


def test_render_to_a_file_leaves_only_that_file(tmp_path: Path) -> None:
    target = tmp_path / "notice.md"
    target.write_text("old", encoding="utf-8")
    assert main(["policy", "render", ONPLANETZ, "-l", "fr", "-f", "md", "-o", str(target)]) == 0
    assert "Qui nous sommes" in target.read_text(encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["notice.md"]


def test_render_into_a_missing_folder_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "render", ONPLANETZ, "-o", str(tmp_path / "no" / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err
    assert "Traceback" not in err


def test_render_refuses_a_language_it_has_no_catalogue_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "render", ONPLANETZ, "--lang", "de"]) == 2
    assert "'de' is not one of 'ja', 'en', 'fr'" in capsys.readouterr().err


def test_render_of_a_missing_file_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "render", "no-such-policy.yaml"]) == 2
    assert "no such file; check the path" in capsys.readouterr().err
