"""The Python examples of docs/consent.md run, in order in one namespace, in a fresh working
directory that `mamori init` made, and print what the page says they do."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mamori.cli import main

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "consent.md"
PRINTED = [
    "given True",
    "['email', 'name']",
    "consent",
    "['given', 'withdrawn']",
    "KI-CR-v1.1.0 u-1 EXPLICIT",
    "u-1 provision:third_party_offers withdrawn consent",
    "[('dpv:ConsentGiven', 'superseded'), ('dpv:ConsentWithdrawn', 'withdrawn')]",
    "['module:google_analytics']",
]


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.setenv("MAMORI_POLICY", "examples/onplanetz/policy.yaml")
    assert main(["init"]) == 0
    capsys.readouterr()
    namespace: dict[str, object] = {}
    examples = blocks()
    assert examples
    for number, block in enumerate(examples, start=1):
        exec(compile(block, f"consent.md example {number}", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    for expected in PRINTED:
        assert expected in printed
