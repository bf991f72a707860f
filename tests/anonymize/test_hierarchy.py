"""Hierarchies from CSV files (with file:line errors) and from small declarations."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.anonymize import (
    DateHierarchy,
    HierarchyTable,
    IntervalHierarchy,
    PrefixHierarchy,
    hierarchy_from_spec,
    load_hierarchies,
)
from mamori.errors import AnonymizationError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_become_levels(tmp_path: Path) -> None:
    table = HierarchyTable.from_csv(write(tmp_path / "h.csv", "Male;*\nFemale;*\n"))
    assert table.height == 2
    assert table.rows == (("Male", "*"), ("Female", "*"))


def test_a_short_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "age.csv", "1;0-4;*\n2;0-4;*\n3;*\n")
    with pytest.raises(
        AnonymizationError, match=r"age\.csv:3: 2 fields where the first line has 3"
    ):
        HierarchyTable.from_csv(path)


def test_a_repeated_value_is_reported_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", "a;x;*\nb;x;*\n\na;y;*\n")
    with pytest.raises(AnonymizationError, match=r"h\.csv:4: .* already has line 1"):
        HierarchyTable.from_csv(path)


def test_levels_that_do_not_nest_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", "a;x;p;*\nb;x;q;*\n")
    with pytest.raises(AnonymizationError, match=r"h\.csv:2: .*levels must nest"):
        HierarchyTable.from_csv(path)


def test_an_empty_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AnonymizationError, match=r"h\.csv:1: an empty field"):
        HierarchyTable.from_csv(write(tmp_path / "h.csv", "a;;*\n"))


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AnonymizationError, match="empty"):
        HierarchyTable.from_csv(write(tmp_path / "h.csv", "\n"))


def test_intervals_nest_and_top_code() -> None:
    table = IntervalHierarchy((5, 10), bottom=18, top=65).table_for(
        ["37", "70", "16"], column="age"
    )
    assert {r[0]: r[1:] for r in table.rows} == {
        "37": ("35-39", "30-39", "*"),
        "70": (">=65", ">=65", "*"),
        "16": ("<18", "<18", "*"),
    }


def test_interval_widths_must_be_multiples() -> None:
    with pytest.raises(AnonymizationError, match="multiple"):
        IntervalHierarchy((5, 12))


def test_a_non_number_in_an_interval_column_names_the_column_only() -> None:
    with pytest.raises(AnonymizationError) as caught:
        IntervalHierarchy((5,)).table_for(["thirty"], column="age")
    assert "'age'" in caught.value.message
    assert "thirty" not in caught.value.message


def test_prefixes_mask_the_tail() -> None:
    table = PrefixHierarchy((5, 3)).table_for(["1500001"], column="postcode")
    assert table.rows == (("1500001", "15000**", "150****", "*"),)


def test_dates_coarsen_to_month_and_year() -> None:
    table = DateHierarchy(("month", "quarter", "year")).table_for(["2024-05-17"], column="d")
    assert table.rows == (("2024-05-17", "2024-05", "2024-Q2", "2024", "*"),)


def test_dates_must_go_from_fine_to_coarse() -> None:
    with pytest.raises(AnonymizationError, match="fine to coarse"):
        DateHierarchy(("year", "month"))


def test_specs_build_each_kind(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "s.csv", "M;*\nF;*\n")
    assert isinstance(hierarchy_from_spec({"type": "interval", "widths": [5]}), IntervalHierarchy)
    assert isinstance(hierarchy_from_spec({"type": "prefix", "lengths": [3, 1]}), PrefixHierarchy)
    assert isinstance(hierarchy_from_spec({"type": "date", "granularity": ["year"]}), DateHierarchy)
    assert isinstance(hierarchy_from_spec({"type": "csv", "path": str(csv_path)}), HierarchyTable)


def test_an_unknown_spec_type_is_refused() -> None:
    with pytest.raises(AnonymizationError, match="unknown hierarchy type"):
        hierarchy_from_spec({"type": "tree"})


def test_directory_lookup_accepts_both_name_patterns(tmp_path: Path) -> None:
    write(tmp_path / "adult_hierarchy_sex.csv", "M;*\nF;*\n")
    write(tmp_path / "zip.csv", "130;13*;*\n")
    found = load_hierarchies(tmp_path, ["sex", "zip"])
    assert set(found) == {"sex", "zip"}


def test_directory_lookup_names_a_missing_column(tmp_path: Path) -> None:
    with pytest.raises(AnonymizationError, match="no hierarchy for column 'age'"):
        load_hierarchies(tmp_path, ["age"])


def test_directory_lookup_refuses_two_candidates(tmp_path: Path) -> None:
    write(tmp_path / "a_hierarchy_sex.csv", "M;*\n")
    write(tmp_path / "sex.csv", "M;*\n")
    with pytest.raises(AnonymizationError, match="several hierarchies"):
        load_hierarchies(tmp_path, ["sex"])
