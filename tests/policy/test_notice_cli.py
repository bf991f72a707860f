"""`mamori policy render FILE --lang --format [-o OUT]`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mamori.anonymize import ReleaseRecord, record_release
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


# -- with the register's database: the recorded APPI announcements are published -------------


def _record_anonymously_processed(engine: Engine) -> None:
    with engine.begin() as connection:
        record_release(
            connection,
            ReleaseRecord(
                kind="anonymously_processed",
                items=("gender", "birth_year"),
                records=1200,
                recipient="Research Institute",
                announcement={
                    "created_at": "2026-04-01T10:00:00+09:00",
                    "items": ["gender", "年代"],
                    "method_of_provision": "CSV by encrypted e-mail",
                },
            ),
        )


def test_render_with_the_database_publishes_the_recorded_announcements(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _record_anonymously_processed(engine)
    url = engine.url.render_as_string(hide_password=False)
    assert main(["policy", "render", ONPLANETZ, "-l", "en", "-f", "md", "--database", url]) == 0
    out = capsys.readouterr().out
    assert "## 10. Anonymously processed information" in out
    assert "| April 1, 2026 | Gender, 年代 | CSV by encrypted e-mail |" in out


def test_render_without_the_database_shows_the_policy_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "render", ONPLANETZ, "-l", "en", "-f", "md"]) == 0
    assert "Anonymously processed information" not in capsys.readouterr().out


def test_render_with_a_missing_sqlite_database_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere.sqlite'}"
    assert main(["policy", "render", ONPLANETZ, "--database", url]) == 2
    captured = capsys.readouterr()
    assert "no SQLite register database at" in captured.err
    assert "mamori init" in captured.err
    assert captured.out == ""
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_render_with_an_unmigrated_database_says_to_run_init(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if database_url.startswith("sqlite"):
        sqlite3.connect(make_url(database_url).database or "").close()  # an empty file
    assert main(["policy", "render", ONPLANETZ, "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert "is not at the newest schema; run `mamori init`" in err
    assert "Traceback" not in err
