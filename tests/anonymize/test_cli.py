"""`mamori anonymize`: writes the release and its report, or nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main

ROWS = [
    ("130", "23", "flu"),
    ("131", "27", "cold"),
    ("130", "21", "flu"),
    ("131", "24", "asthma"),
    ("140", "35", "flu"),
    ("141", "38", "cold"),
    ("140", "36", "ulcer"),
    ("141", "31", "flu"),
    ("150", "52", "cold"),
    ("150", "57", "flu"),
]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    lines = ["zip;age;disease"] + [";".join(r) for r in ROWS]
    (tmp_path / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    hierarchies = tmp_path / "h"
    hierarchies.mkdir()
    zips = sorted({r[0] for r in ROWS})
    (hierarchies / "zip.csv").write_text(
        "".join(f"{z};{z[:2]}*;*\n" for z in zips), encoding="utf-8"
    )
    (hierarchies / "people_hierarchy_age.csv").write_text(
        "".join(f"{a};{a[0]}0-{a[0]}9;*\n" for a in sorted({r[1] for r in ROWS})),
        encoding="utf-8",
    )
    return tmp_path


def run(files: Path, *extra: str) -> int:
    return main(
        [
            "anonymize",
            str(files / "people.csv"),
            "--qi",
            "zip,age",
            "--hierarchies",
            str(files / "h"),
            "-o",
            str(files / "out.csv"),
            "--report",
            str(files / "report.json"),
            *extra,
        ]
    )


def test_writes_the_release_and_a_report(files: Path) -> None:
    assert run(files, "--k", "2", "--sensitive", "disease", "--l", "2", "--suppression", "0.2") == 0
    report = json.loads((files / "report.json").read_text(encoding="utf-8"))
    assert set(report["levels"]) == {"zip", "age"}
    assert report["parameters"]["k"] == 2
    assert report["records"]["input"] == 10
    assert report["risk"]["after"]["highest_risk"] <= 0.5
    lines = (files / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "zip;age;disease"
    assert len(lines) - 1 == report["records"]["output"]


def test_parquet_output_is_written_by_suffix(files: Path) -> None:
    import polars as pl

    code = main(
        [
            "anonymize",
            str(files / "people.csv"),
            "--qi",
            "zip,age",
            "--hierarchies",
            str(files / "h"),
            "--k",
            "2",
            "-o",
            str(files / "out.parquet"),
            "--report",
            str(files / "r.json"),
        ]
    )
    assert code == 0
    assert pl.read_parquet(files / "out.parquet").columns == ["zip", "age"]


def assert_nothing_written(files: Path) -> None:
    assert not (files / "out.csv").exists()
    assert not (files / "report.json").exists()
    assert not [p for p in files.iterdir() if p.name.startswith(".")]


def test_a_malformed_hierarchy_names_file_and_line_and_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "h" / "zip.csv").write_text("130;13*;*\n131;*\n", encoding="utf-8")
    assert run(files, "--k", "2") == 2
    assert "zip.csv:2:" in capsys.readouterr().err
    assert_nothing_written(files)


def test_a_value_missing_from_its_hierarchy_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "h" / "zip.csv").write_text("130;13*;*\n131;13*;*\n", encoding="utf-8")
    assert run(files, "--k", "2") == 2
    err = capsys.readouterr().err
    assert "people.csv:6" in err
    assert "140" not in err
    assert_nothing_written(files)


def test_k_larger_than_the_table_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files, "--k", "11") == 2
    assert "larger than the table" in capsys.readouterr().err
    assert_nothing_written(files)


def test_an_unknown_column_writes_nothing(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files, "--k", "2", "--sensitive", "diagnosis") == 2
    assert "unknown column 'diagnosis'" in capsys.readouterr().err
    assert_nothing_written(files)


def test_adult_through_the_command(
    adult_dir: Path, adult_columns: list[str], tmp_path: Path
) -> None:
    code = main(
        [
            "anonymize",
            str(adult_dir / "adult.csv"),
            "--qi",
            ",".join(adult_columns),
            "--hierarchies",
            str(adult_dir),
            "--k",
            "5",
            "--suppression",
            "0.05",
            "--metric",
            "loss",
            "-o",
            str(tmp_path / "a.csv"),
            "--report",
            str(tmp_path / "a.json"),
        ]
    )
    assert code == 0
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert list(report["levels"].values()) == [0, 3, 0, 0, 2, 1, 1, 2, 0]
    assert report["records"]["suppressed"] == 1346


def test_the_command_line_loads_no_numpy_until_the_command_runs() -> None:
    import subprocess
    import sys

    code = "import sys, mamori.cli; print('numpy' in sys.modules, 'polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_recipient_adds_a_release_record_to_the_report(files: Path) -> None:
    code = run(files, "--k", "2", "--recipient", "partner", "--purpose", "analysis", "--terms", "t")
    assert code == 0
    report = json.loads((files / "report.json").read_text(encoding="utf-8"))
    record = report["release_record"]
    assert (record["kind"], record["recipient"], record["purpose"]) == (
        "k_anonymous",
        "partner",
        "analysis",
    )
    assert record["parameters"]["k"] == 2
