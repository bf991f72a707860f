"""The Python examples of docs/provision.md run, in order, in a home `mamori init` made, with
the shop policy, and print what the page says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mamori.cli import main
from tests.provision.conftest import FIXTURES

PAGE = Path(__file__).parents[2] / "docs" / "provision.md"


def test_the_examples_run_and_print_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(FIXTURES / "shop.yaml"))
    assert main(["init"]) == 0
    capsys.readouterr()
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {}
    try:
        for number, block in enumerate(blocks, start=1):
            exec(compile(block, f"provision.md example {number}", "exec"), namespace)
            printed = capsys.readouterr().out.splitlines()
            promised = re.findall(r"print\(.*?\)\s+# (.*)", block)
            assert printed == promised, f"example {number}"
    finally:
        register = namespace.get("register")
        if register is not None:
            register.close()  # type: ignore[attr-defined]
