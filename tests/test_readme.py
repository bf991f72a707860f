"""The README's library example runs as written (paths moved into a temporary folder)."""

import re
from pathlib import Path

import pytest

from mamori.errors import AccessDeniedError

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert code is not None
    source = code.group(1).replace("var/", f"{tmp_path}/")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    with pytest.raises(AccessDeniedError) as refused:
        exec(compile(source, "README.md", "exec"), namespace)
    assert refused.value.rule == "purpose_items"
    poster = namespace["poster"]
    assert isinstance(poster, dict)
    assert poster["nickname"].reveal() == "hana"
