"""Imports go one way (DESIGN.md): the translating layers (api, portal, cli) reach a domain
through its packages, never its modules; private modules stay inside their package; only the
register touches its storage; domains never import the layers above them.

Every import of src/mamori is read with `ast`, including those inside functions and
TYPE_CHECKING blocks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "mamori"
LAYERS = frozenset({"api", "portal", "cli"})
# The portal is the API's HTML face, mounted in the same application: it signs people in with
# the API's sessions, authentication and notice rather than a second copy of them.
BUILDS_ON = {"portal": ("api",)}
REGISTER_STORAGE = ("mamori.register.tables", "mamori.register._state", "mamori.register.keystore")

# Imports that break a rule today, each to be removed by the owner of the importing module.
# A listed import that is gone fails `test_the_known_exceptions_still_exist`: then delete it.
KNOWN: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(name: str) -> bool:
    return (SRC / name.replace(".", "/") / "__init__.py").is_file()


def _is_module(name: str) -> bool:
    return _is_package(name) or (SRC / (name.replace(".", "/") + ".py")).is_file()


def _imports() -> list[Import]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [Import(importer, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append(Import(importer, node.module, node.lineno))
                # `from mamori.policy import _problems` imports a module too.
                found += [
                    Import(importer, f"{node.module}.{alias.name}", node.lineno)
                    for alias in node.names
                    if _is_module(f"{node.module}.{alias.name}")
                ]
    return [found_import for found_import in found if found_import.target.startswith("mamori")]


IMPORTS = _imports()


def _top(name: str) -> str | None:
    """The first package under mamori a module belongs to (None for mamori's own modules)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and _is_package(f"mamori.{parts[1]}") else None


def _inside(importer: str, package: str) -> bool:
    return importer == package or importer.startswith(package + ".")


def _broken(rule: list[Import]) -> list[str]:
    return [str(found) for found in rule if (found.importer, found.target) not in KNOWN]


def test_the_scan_sees_the_imports() -> None:
    assert any(found.target == "mamori.errors" for found in IMPORTS)
    assert any(found.importer == "mamori.cli.demo" for found in IMPORTS)


def test_only_the_register_touches_its_storage() -> None:
    rule = [
        found
        for found in IMPORTS
        if found.target.startswith(REGISTER_STORAGE)
        and not _inside(found.importer, "mamori.register")
    ]
    assert _broken(rule) == []


def test_private_modules_stay_inside_their_package() -> None:
    rule = []
    for found in IMPORTS:
        parts = found.target.split(".")
        for index, part in enumerate(parts):
            if part.startswith("_") and not part.startswith("__"):
                owner = ".".join(parts[:index])
                if not _inside(found.importer, owner):
                    rule.append(found)
                break
    assert _broken(rule) == []


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layers_import_domains_only_through_their_packages(layer: str) -> None:
    rule = [
        found
        for found in IMPORTS
        if _inside(found.importer, f"mamori.{layer}")
        and _top(found.target) not in (None, layer, *BUILDS_ON.get(layer, ()))
        and not _is_package(found.target)
    ]
    assert _broken(rule) == []


def test_domains_never_import_the_layers() -> None:
    rule = [
        found
        for found in IMPORTS
        if _top(found.importer) not in (None, *LAYERS) and _top(found.target) in LAYERS
    ]
    assert _broken(rule) == []


def test_domains_do_not_import_the_public_facade() -> None:
    # `mamori` re-exports the domains; a domain importing it back would make a cycle.
    rule = [
        found
        for found in IMPORTS
        if _top(found.importer) not in (None, *LAYERS) and found.target == "mamori"
    ]
    assert _broken(rule) == []


def test_the_known_exceptions_still_exist() -> None:
    present = {(found.importer, found.target) for found in IMPORTS}
    assert sorted(KNOWN - present) == []
