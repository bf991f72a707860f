"""A seed's notice read as a person reads it, for the tests that check its promises in it.

`read_notice` renders a seed's notice and returns what a reader sees: the visible text of the
page and of each numbered section, and each table cell by cell. HTML is read with the standard
library's html.parser; Markdown by its headings and pipes. Both give the same shape, so one test
reads both formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from mamori.policy import Policy, load_policy
from mamori.policy.notice import render_notice

__all__ = ["Notice", "Table", "read_notice", "seed"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@cache
def seed(name: str) -> Policy:
    return load_policy(EXAMPLES / name / "policy.yaml")


def _squash(text: str) -> str:
    """Whitespace collapsed within each line; blank lines dropped."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Table:
    """A table: its column headers and its rows, each cell's text with line breaks kept."""

    header: list[str]
    rows: list[list[str]]

    def row(self, label: str) -> list[str]:
        """The cells of the row whose first cell starts with the line `label`."""
        for cells in self.rows:
            if cells[0].split("\n")[0] == label:
                assert len(cells) == len(self.header), cells
                return cells
        raise AssertionError(f"no row {label!r} in {self.labels}")

    def marks(self, label: str) -> dict[str, str]:
        """The non-empty cells of a row by their column header (a purposes-by-items row)."""
        cells = self.row(label)
        return {
            column: cell for column, cell in zip(self.header[1:], cells[1:], strict=True) if cell
        }

    @property
    def labels(self) -> list[str]:
        """The first line of each row's first cell: the row headers."""
        return [cells[0].split("\n")[0] for cells in self.rows]


@dataclass(frozen=True)
class Notice:
    locale: str
    format: str
    page: str
    text: str
    """The whole page as a reader sees it, one block (paragraph, cell, list entry) a line."""
    sections: dict[str, str]
    """Each numbered section's visible text, by its id (organization, items, provision...)."""
    tables: dict[str, list[Table]]
    """Each section's tables, in order."""

    def said(self, *texts: str, section: str | None = None) -> None:
        """Each text appears in the page (or in `section`), line by line."""
        where = self.text if section is None else self.section(section)
        for text in texts:
            for line in _squash(text).splitlines():
                assert line in where, f"{self.locale}/{self.format} {section or 'page'}: {line!r}"

    def not_said(self, text: str, section: str | None = None) -> None:
        where = self.text if section is None else self.section(section)
        assert _squash(text) not in where, f"{self.locale}/{self.format}: {text!r}"

    def section(self, id: str) -> str:
        assert id in self.sections, f"no section {id!r} in {list(self.sections)}"
        return self.sections[id]

    def part(self, section: str, start: str, end: str | None = None) -> str:
        """The text of `section` from the line that holds `start` to the one that holds `end`."""
        text = self.section(section)
        first = text.find(start)
        assert first >= 0, f"{self.locale}/{self.format} {section}: no {start!r}"
        first = text.rfind("\n", 0, first) + 1
        last = len(text) if end is None else text.find(end, first + len(start))
        assert last >= 0, f"{self.locale}/{self.format} {section}: no {end!r} after {start!r}"
        return text[first:last]

    def in_order(self, section: str, *texts: str) -> None:
        """The texts appear in `section` one after the other."""
        where = self.section(section)
        positions = [where.find(_squash(text)) for text in texts]
        assert -1 not in positions, f"{self.locale}/{self.format}: missing {texts}"
        assert positions == sorted(positions), f"{self.locale}/{self.format}: out of order"

    def table(self, section: str, index: int = 0) -> Table:
        tables = self.tables.get(section, [])
        assert len(tables) > index, f"{self.locale}/{self.format}: no table {index} in {section}"
        return tables[index]


# -- HTML -------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "div", "li", "dt", "dd", "th", "td", "tr", "h1", "h2", "h3", "h4", "br"}
    | {"ul", "ol", "dl", "table", "caption", "section", "header", "footer"}
)


@dataclass
class _Cell:
    parts: list[str] = field(default_factory=list)


class _HtmlReader(HTMLParser):
    """Visible text by section, and tables by section. Screen-reader-only text is skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self.headings: dict[str, str] = {}
        self.tables: dict[str, list[list[list[str]]]] = {}
        self._section: str | None = None
        self._hidden: list[str] = []  # the tags that opened a hidden element, to close them
        self._table: list[list[str]] | None = None
        self._cell: _Cell | None = None
        self._heading: list[str] | None = None

    def _emit(self, text: str) -> None:
        self.page.append(text)
        if self._section is not None:
            self.sections[self._section].append(text)
        if self._cell is not None:
            self._cell.parts.append(text)
        if self._heading is not None:
            self._heading.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if (
            self._hidden
            or tag in ("style", "title")
            or "sr-only" in (attributes.get("class") or "")
        ):
            if tag != "br":
                self._hidden.append(tag)
            return
        if tag == "section" and attributes.get("id"):
            self._section = attributes["id"]
            self.sections[self._section] = []
        if tag == "h2" and self._section is not None:
            self._heading = []
        if tag == "table":
            self._table = []
        if tag == "tr" and self._table is not None:
            self._table.append([])
        if tag in ("th", "td") and self._table is not None:
            self._cell = _Cell()
        if tag in _BLOCKS:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.pop()
            return
        if tag in _BLOCKS:
            self._emit("\n")
        if tag in ("th", "td") and self._cell is not None and self._table is not None:
            self._table[-1].append(_squash("".join(self._cell.parts)))
            self._cell = None
        if tag == "table" and self._table is not None:
            if self._section is not None:
                self.tables.setdefault(self._section, []).append(self._table)
            self._table = None
        if tag == "h2" and self._heading is not None and self._section is not None:
            self.headings[_squash("".join(self._heading))] = self._section
            self._heading = None
        if tag == "section":
            self._section = None

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._emit(data)


def _tables(raw: list[list[list[str]]]) -> list[Table]:
    return [Table(rows[0], [row for row in rows[1:] if row]) for rows in raw if rows]


def _read_html(page: str) -> tuple[str, dict[str, str], dict[str, list[Table]], dict[str, str]]:
    reader = _HtmlReader()
    reader.feed(page)
    reader.close()
    sections = {key: _squash("".join(parts)) for key, parts in reader.sections.items()}
    tables = {key: _tables(raw) for key, raw in reader.tables.items()}
    return _squash("".join(reader.page)), sections, tables, reader.headings


# -- Markdown ---------------------------------------------------------------------------------

_AUTOLINK = re.compile(r"(?<!\\)<((?:https?://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s]+)>")
_LINK = re.compile(r"(?<!\\)\[(.*?)(?<!\\)\]\((\S+?)\)")
_PIPE = re.compile(r"(?<!\\)\|")


def _md_inline(text: str) -> str:
    """What a reader sees of one line of Markdown: no emphasis, escapes or link syntax."""
    text = text.replace("<br>", "\n").replace("**", "")
    text = _LINK.sub(r"\1", _AUTOLINK.sub(r"\1", text))
    return re.sub(r"\\(.)", r"\1", text)


def _md_cells(line: str) -> list[str]:
    return [_squash(_md_inline(cell.strip())) for cell in _PIPE.split(line.strip())[1:-1]]


def _read_md(
    page: str, headings: dict[str, str]
) -> tuple[str, dict[str, str], dict[str, list[Table]]]:
    text: list[str] = []
    sections: dict[str, list[str]] = {}
    tables: dict[str, list[Table]] = {}
    section: str | None = None
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows and section is not None:
            header, _separator, *body = rows
            tables.setdefault(section, []).append(Table(header, body))
        rows.clear()

    for line in page.splitlines():
        if line.startswith("|"):
            rows.append(_md_cells(line))
            seen = "" if re.fullmatch(r"[|\s:-]+", line) else "\n".join(rows[-1])
        else:
            close_table()
            if line.startswith("## "):
                heading = _squash(_md_inline(line[3:]))
                assert heading in headings, f"Markdown heading {heading!r} is not in the HTML page"
                section = headings[heading]
                sections[section] = []
            seen = _md_inline(line)
        text.append(seen)
        if section is not None:
            sections[section].append(seen)
    close_table()
    return (
        _squash("\n".join(text)),
        {key: _squash("\n".join(lines)) for key, lines in sections.items()},
        tables,
    )


@cache
def read_notice(name: str, locale: str, format: str) -> Notice:
    """The notice of seed `name` in `locale` and `format` (html or md), as a reader sees it."""
    policy = seed(name)
    html = render_notice(policy, locale=locale, format="html")
    text, sections, tables, headings = _read_html(html)
    if format == "html":
        return Notice(locale, format, html, text, sections, tables)
    assert format == "md"
    page = render_notice(policy, locale=locale, format="md")
    md_text, md_sections, md_tables = _read_md(page, headings)
    assert set(md_sections) == set(sections)  # the same numbered sections in both formats
    return Notice(locale, format, page, md_text, md_sections, md_tables)
