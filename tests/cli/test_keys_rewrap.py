"""`mamori keys rotate --kek` re-wraps the key store's data keys; `keys status` counts those
still waiting; `keys rewrap` resumes. Values stay readable throughout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori import Actor, open_register
from mamori.cli import main
from mamori.config import Settings
from mamori.crypto import Keyring

AOZORA = Path(__file__).resolve().parents[2] / "examples" / "aozora" / "policy.yaml"


@pytest.fixture
def loaded(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("MAMORI_HOME", str(home))
    assert main(["init"]) == 0
    assert main(["demo", "load", "--policy", str(AOZORA), "--subjects", "30", "--seed", "1"]) == 0
    capsys.readouterr()
    return home


def pending(capsys: pytest.CaptureFixture[str]) -> int | None:
    capsys.readouterr()
    assert main(["keys", "status", "--format", "json"]) == 0
    store = json.loads(capsys.readouterr().out)["keystore"]
    return None if store is None else int(store["pending_rewrap"])


def readable(home: Path) -> bool:
    register = open_register(Settings(home=home), AOZORA)
    try:
        with register.session() as session:
            data = session.read(Actor.subject("demo-1-0000029"), "demo-1-0000029", "self")
        return bool(data["name"].reveal())
    finally:
        register.close()


def test_rotating_the_kek_rewraps_every_stored_data_key(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "rotate", "--kek"]) == 0
    assert "re-wrapped 30 data key(s)" in " ".join(capsys.readouterr().out.split())
    assert pending(capsys) == 0
    assert readable(loaded)


def test_status_counts_the_keys_a_rotation_left_behind(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "rotate", "--kek", "--no-rewrap"]) == 0
    assert "mamori keys rewrap" in capsys.readouterr().out
    assert pending(capsys) == 30
    assert main(["keys", "status"]) == 0
    assert "30 data key(s) wait for re-wrap" in " ".join(capsys.readouterr().out.split())
    assert readable(loaded)


def test_rewrap_finishes_an_interrupted_rotation_in_batches(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["keys", "rotate", "--kek", "--no-rewrap"])
    assert main(["keys", "rewrap", "--batch", "7"]) == 0
    assert "re-wrapped 30 data key(s)" in " ".join(capsys.readouterr().out.split())
    assert pending(capsys) == 0
    assert readable(loaded)


def test_rotating_the_index_key_leaves_data_keys_alone(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "rotate", "--index"]) == 0
    assert "re-wrapped" not in capsys.readouterr().out
    assert pending(capsys) == 0


def test_without_a_key_store_rotation_says_so_and_makes_none(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAMORI_HOME", str(home))
    assert main(["keys", "init"]) == 0
    assert main(["keys", "rotate", "--kek"]) == 0
    assert "no key store" in capsys.readouterr().out
    assert not (home / "keys.sqlite").exists()
    assert pending(capsys) is None


def test_a_key_store_given_by_url_is_rewrapped(
    loaded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    moved = tmp_path / "moved-keys.sqlite"
    (loaded / "keys.sqlite").rename(moved)
    url = f"sqlite:///{moved}"
    assert main(["keys", "rotate", "--kek", "--keystore", url]) == 0
    assert "re-wrapped 30" in " ".join(capsys.readouterr().out.split())
    monkeypatch.setenv("MAMORI_KEYSTORE_URL", url)
    assert pending(capsys) == 0


def test_rewrapping_with_a_keyring_that_lacks_the_old_kek_is_a_clean_error(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = tmp_path / "other" / "keyring.json"
    Keyring.create(stranger)
    assert main(["keys", "rewrap", "--path", str(stranger)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "does not hold; use the keyring that wrapped it" in err
    assert "Traceback" not in err
    assert pending(capsys) == 0  # still all under the home keyring's KEK: nothing was changed
