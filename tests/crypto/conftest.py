from pathlib import Path

import pytest

from mamori.crypto import Keyring, LocalKeyWrapper


@pytest.fixture
def keyring() -> Keyring:
    return Keyring.generate()


@pytest.fixture
def wrapper(keyring: Keyring) -> LocalKeyWrapper:
    return LocalKeyWrapper(keyring)


@pytest.fixture
def keyring_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "keyring.json"
