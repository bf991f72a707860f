"""The Python example of docs/rights.md runs, in a fresh home `mamori init` made with the
office-ant policy, and prints what the page says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mamori.cli import main

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "rights.md"


def test_the_example_runs_and_prints_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(ROOT / "examples" / "office-ant" / "policy.yaml"))
    assert main(["init"]) == 0
    capsys.readouterr()
    (block,) = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    exec(compile(block, "rights.md example", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "received 1000 JPY",
        "['received', 'identity_verified', 'fee_settled', 'in_progress', 'fulfilled']",
        "correction and deletion are always free (APPI Art. 38); there is nothing to settle",
        "received",
    ]
