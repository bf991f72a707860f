"""The Python examples of docs/provision-register.md run in order, in a folder `mamori init`
made for the onplanetz policy, and print what the page says they print."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mamori.cli import main

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "provision-register.md"
PRINTED = [
    "Meta Platforms, Inc. ('external_service_info',) 3",
    "the policy declares no entrustee 'mail_delivery' (declared: none)",
    "{'*': 'Google Inc.'} http://www.google.com/intl/ja/policies/privacy/",
    "0 0",
]


def test_the_examples_run_and_print_what_the_page_says(
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
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 3
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, start=1):
        exec(compile(block, f"provision-register.md example {number}", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    for line in PRINTED:
        assert line in printed
    text = PAGE.read_text(encoding="utf-8")
    assert all(f"`{line}`" in text for line in PRINTED)
