"""The Python examples of docs/accounts.md run, in order, in a home `mamori init` made for the
onplanetz policy, and print what their comments say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mamori.cli import main
from tests.cli_env import isolate

ROOT = Path(__file__).parents[2]


def test_the_examples_run_and_print_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(ROOT / "examples" / "onplanetz" / "policy.yaml"))
    assert main(["init"]) == 0
    capsys.readouterr()
    text = (ROOT / "docs" / "accounts.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, start=1):
        exec(compile(block, f"accounts.md example {number}", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    promised = re.findall(r"print\(.*?\)\s+# (.*)", "".join(blocks))
    assert len(promised) >= 8
    assert [line for line in promised if line not in printed] == []
