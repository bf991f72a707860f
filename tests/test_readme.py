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


def _commands() -> list[list[str]]:
    """The `mamori` command lines of the README's shell examples, as argument lists."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    found, in_block, in_shell = [], False, False
    for line in lines:
        if line.startswith("```"):
            in_block, in_shell = not in_block, not in_block and line == "```"
            continue
        words = line.split("#")[0].split()
        if in_shell and words[:1] == ["mamori"]:
            found.append(words[1:])
    return found


def test_the_readme_names_commands() -> None:
    assert len(_commands()) >= 10


@pytest.mark.parametrize("words", _commands(), ids=lambda words: " ".join(words[:2]))
def test_each_readme_command_exists_with_its_options(words: list[str]) -> None:
    from typer.main import get_command

    from mamori.cli import app

    command = get_command(app)
    path = []
    while hasattr(command, "commands") and words and words[0] in command.commands:  # type: ignore[attr-defined]
        path.append(words[0])
        command = command.commands[words.pop(0)]  # type: ignore[attr-defined]
    assert path, f"no command {' '.join(words[:1])}"
    known = {name for parameter in command.params for name in parameter.opts}
    given = {word.split("=")[0] for word in words if word.startswith("--")}
    assert given <= known, f"mamori {' '.join(path)} has no {', '.join(sorted(given - known))}"
