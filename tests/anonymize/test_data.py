"""Inputs: CSV (plain or quoted), Parquet, DataFrames, columns and rows all read the same."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from mamori.anonymize import IntervalHierarchy, anonymize
from mamori.anonymize._data import read_table
from mamori.errors import AnonymizationError

ROWS = [{"age": str(20 + i), "city": "Kyoto" if i % 2 else "Nara"} for i in range(10)]


def test_plain_and_quoted_csv_read_the_same(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("age;city\n21;Kyoto\n22;Nara\n", encoding="utf-8")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('age,city\n"21","Kyoto"\n22,"Nara"\n', encoding="utf-8")
    assert read_table(plain).columns == {"age": ["21", "22"], "city": ["Kyoto", "Nara"]}
    assert {k: list(v) for k, v in read_table(quoted).columns.items()} == {
        "age": ["21", "22"],
        "city": ["Kyoto", "Nara"],
    }


def test_a_ragged_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("age;city\n21;Kyoto\n22\n", encoding="utf-8")
    with pytest.raises(AnonymizationError, match=r"ragged\.csv:3: 1 fields where the header has 2"):
        read_table(path)


def test_blank_lines_and_crlf_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"age;city\r\n21;Kyoto\r\n\r\n22;Nara\r\n")
    assert read_table(path).rows == 2


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(AnonymizationError, match="no such file"):
        read_table(tmp_path / "absent.csv")


@pytest.mark.parametrize("kind", ["rows", "columns", "pandas", "polars", "parquet"])
def test_every_input_form_gives_the_same_release(kind: str, tmp_path: Path) -> None:
    columns = {"age": [int(r["age"]) for r in ROWS], "city": [r["city"] for r in ROWS]}
    source: object = {
        "rows": ROWS,
        "columns": columns,
        "pandas": pd.DataFrame(columns),
        "polars": pl.DataFrame(columns),
    }.get(kind)
    if kind == "parquet":
        source = tmp_path / "in.parquet"
        pl.DataFrame(columns).write_parquet(source)
    result = anonymize(
        source,
        quasi_identifiers=["age"],
        hierarchies={"age": IntervalHierarchy((5, 10))},
        k=5,
        keep=["city"],
    )
    assert result.levels == {"age": 1}
    assert sorted(r["age"] for r in result.to_dicts()) == ["20-24"] * 5 + ["25-29"] * 5


def test_a_plain_csv_column_reads_like_a_list_of_strings(tmp_path: Path) -> None:
    path = tmp_path / "coded.csv"
    path.write_text("city\nKyoto\nNara\nKyoto\n", encoding="utf-8")
    column = read_table(path).columns["city"]
    assert list(column) == ["Kyoto", "Nara", "Kyoto"]
    assert column[1] == "Nara"
    assert list(column[1:]) == ["Nara", "Kyoto"]
    assert len(column) == 3


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("age;city\n21;Kyoto\n\n\n22\n", encoding="utf-8")
    with pytest.raises(AnonymizationError, match=r"gaps\.csv:5: 1 fields"):
        read_table(path)


def test_a_quoted_csv_reports_the_line_of_a_ragged_row(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('age,city\n"21","Kyoto"\n\n"22"\n', encoding="utf-8")
    with pytest.raises(AnonymizationError, match=r"quoted\.csv:4: 1 fields"):
        read_table(path)
