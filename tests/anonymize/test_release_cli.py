"""`mamori release run` and `mamori release list`: the release written and recorded, or neither."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from mamori.anonymize import list_releases
from mamori.cli import main
from mamori.register import Register
from tests.anonymize.register_members import RELEASES_POLICY, add_members

sqlite_only = pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)


def release(
    register: Register, tmp_path: Path, key: str, *extra: str, role: str = "analyst"
) -> int:
    return main(
        [
            "release",
            "run",
            key,
            "--policy",
            str(RELEASES_POLICY),
            "--database",
            register.engine.url.render_as_string(hide_password=False),
            "--keystore",
            f"sqlite:///{tmp_path / 'keys.sqlite'}",
            "--keyring",
            str(tmp_path / "keyring.json"),
            "--actor",
            "analyst-1",
            "--role",
            role,
            *extra,
        ]
    )


def said(capsys: pytest.CaptureFixture[str]) -> str:
    """What the command printed on stderr, with Rich's line wrapping undone."""
    return " ".join(capsys.readouterr().err.split())


def recorded(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return [record.declared_as or "" for record in list_releases(connection)]


def test_a_statistics_release_is_written_reported_and_recorded(
    release_register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_members(release_register, 50)
    out, report = tmp_path / "stats.csv", tmp_path / "release.json"
    code = release(
        release_register,
        tmp_path,
        "statistics.usage_by_gender",
        "-o",
        str(out),
        "--report",
        str(report),
        "--recipient",
        "Partner K.K.",
    )
    assert code == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["gender", "birth_year", "usage", "count"]
    assert all(row["count"] == "" or int(row["count"]) in (0, *range(5, 51)) for row in rows)
    record = json.loads(report.read_text(encoding="utf-8"))["release_record"]
    assert (record["recipient"], record["actor_id"]) == ("Partner K.K.", "analyst-1")
    assert recorded(release_register) == ["statistics.usage_by_gender"]
    assert f"release {record['id']} recorded for Partner K.K." in said(capsys)


@sqlite_only
def test_a_research_export_can_be_written_as_parquet(
    release_register: Register, tmp_path: Path
) -> None:
    add_members(release_register, 40)
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "gender.csv").write_text("female;*\nmale;*\nother;*\n", encoding="utf-8")
    out = tmp_path / "study.parquet"
    code = release(
        release_register,
        tmp_path,
        "study",
        "-o",
        str(out),
        "--hierarchies",
        str(folder),
        "--suppression",
        "0.1",
    )
    assert code == 0
    frame = pl.read_parquet(out)
    assert frame.columns == ["gender", "birth_year", "usage", "login_count"]
    assert recorded(release_register) == ["research.study"]


@pytest.mark.parametrize(
    ("key", "role", "members", "message"),
    [
        ("statistics.nothing", "analyst", 5, "no release 'statistics.nothing'"),
        ("usage_by_gender", "clerk", 5, "has no role that may use 'statistics'"),
        ("usage_by_gender", "reader", 5, "may not release statistics.usage_by_gender"),
        ("research.study", "analyst", 2, "k is 3 but only 2 subject(s)"),
    ],
)
def test_a_refused_release_writes_and_records_nothing(
    release_register: Register,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    role: str,
    members: int,
    message: str,
) -> None:
    add_members(release_register, members)
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "gender.csv").write_text("female;*\nmale;*\nother;*\n", encoding="utf-8")
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    code = release(
        release_register,
        tmp_path,
        key,
        "-o",
        str(out),
        "--report",
        str(report),
        "--hierarchies",
        str(folder),
        role=role,
    )
    assert code == 2
    err = said(capsys)
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not report.exists()
    assert recorded(release_register) == []


@sqlite_only
def test_an_output_that_cannot_be_written_records_nothing(
    release_register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_members(release_register, 20)
    out = tmp_path / "missing" / "stats.csv"
    assert release(release_register, tmp_path, "usage_by_gender", "-o", str(out)) == 2
    assert "no such directory" in said(capsys)
    assert recorded(release_register) == []


@sqlite_only
def test_an_unmigrated_database_is_refused_with_the_fix(
    release_register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code = main(
        [
            "release",
            "run",
            "usage_by_gender",
            "--policy",
            str(RELEASES_POLICY),
            "--database",
            f"sqlite:///{empty}",
            "--keystore",
            f"sqlite:///{tmp_path / 'keys.sqlite'}",
            "--keyring",
            str(tmp_path / "keyring.json"),
            "--actor",
            "analyst-1",
            "--role",
            "analyst",
            "-o",
            str(tmp_path / "out.csv"),
        ]
    )
    assert code == 2
    assert "not at the newest schema; run `mamori init`" in said(capsys)


@sqlite_only
def test_the_list_filters_by_kind_and_says_when_there_is_none(
    release_register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_members(release_register, 30)
    database = release_register.engine.url.render_as_string(hide_password=False)
    assert main(["release", "list", "--database", database]) == 0
    assert capsys.readouterr().out == "no release recorded\n"
    assert release(release_register, tmp_path, "by_area", "-o", str(tmp_path / "a.csv")) == 0
    capsys.readouterr()
    assert main(["release", "list", "--database", database, "--kind", "statistics"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "statistics.by_area" in line
    assert "to Press" in line
    assert main(["release", "list", "--database", database, "--kind", "research_export"]) == 0
    assert capsys.readouterr().out == "no release recorded\n"


def test_a_missing_sqlite_database_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.sqlite"
    assert main(["release", "list", "--database", f"sqlite:///{missing}"]) == 2
    assert f"no SQLite register database at {missing}" in said(capsys)
