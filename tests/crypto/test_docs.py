"""Every Python example in docs/crypto.md runs, in order, in one namespace."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "crypto.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 8


def test_the_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MAMORI_KEYRING", raising=False)
    monkeypatch.delenv("MAMORI_KEYRING_PATH", raising=False)
    namespace: dict[str, object] = {}
    for number, block in enumerate(BLOCKS, start=1):
        code = compile(block, f"{DOC.name} example {number}", "exec")
        exec(code, namespace)
    assert "kek" in capsys.readouterr().out
