"""The Python examples of docs/versions.md run, in order in one namespace, from the checkout's
root (they read examples/onplanetz/policy.yaml), and print what the page says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "versions.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
PRINTED = [
    "consent_required ('provision:third_party_offers',) 1 2",
    "renewal_required",
    "refused: consent",
    "u-2 notify {'items': ['gender'], 'purposes': ['information_to_users']}",
    "2 2019-04-01 2019-04-01 consent_required",
]


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 3


def test_the_examples_run_and_print_what_the_page_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    for number, code in enumerate(EXAMPLES, start=1):
        exec(compile(code, f"versions.md example {number}", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    for expected in PRINTED:
        assert expected in printed
    text = DOC.read_text(encoding="utf-8")
    assert all(line in text for line in printed)
