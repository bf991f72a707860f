"""The Python examples of the register's guides run, each page in order in one namespace, in a
fresh working directory that `mamori init` made (as the pages say to)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mamori.cli import main

ROOT = Path(__file__).parents[1]
PAGES = ["library.md", "register.md"]
# What the examples print when they do what the page says: the refusals they show are printed,
# so an example that stopped raising fails here.
PRINTED = {
    "library.md": [
        "{'name': <redacted>, 'email': <redacted>}",
        "purpose_items purpose 'user_messaging' does not declare item(s) email",
        "reciprocity",
        "suspended",
        "u-2 is an erased subject",
    ],
    "register.md": [
        "the data key of subject u-7 is not in the key store: it was erased, or this register "
        "is used with another key store"
    ],
}


def _blocks(page: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_examples(page: str) -> None:
    assert _blocks(page)


@pytest.mark.parametrize("page", PAGES)
def test_the_examples_run(
    page: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.setenv("MAMORI_POLICY", "examples/aozora/policy.yaml")
    assert main(["init"]) == 0
    capsys.readouterr()
    namespace: dict[str, object] = {}
    for number, block in enumerate(_blocks(page), start=1):
        exec(compile(block, f"{page} example {number}", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    for expected in PRINTED[page]:
        assert expected in printed
