"""`mamori demo load`: fills an initialised register with synthetic subjects; bad input is a
clean error that changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.cli import main

ROOT = Path(__file__).resolve().parents[2]
AOZORA = ROOT / "examples" / "aozora" / "policy.yaml"


@pytest.fixture
def initialised(home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--home", str(home)]) == 0
    capsys.readouterr()
    return home


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["demo", "load", *args])
    out, err = capsys.readouterr()
    return status, out, " ".join(err.split())


def test_load_fills_the_register_and_reports_the_rate(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "--home", str(initialised), "--policy", str(AOZORA), "--subjects", "25"
    )
    assert status == 0
    assert "Loaded 25 subjects" in out
    assert "subjects/s" in out
    assert "25 of kind user" in out
    database = f"sqlite:///{initialised / 'mamori.sqlite'}"
    assert (
        main(
            [
                "audit",
                "verify",
                "--database",
                database,
                "--head",
                str(initialised / "audit-head.json"),
            ]
        )
        == 0
    )


def test_a_seed_name_stands_for_its_example_policy(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--home", str(initialised), "--policy", "soc", "--subjects", "5")
    assert status == 0
    assert "examples/soc/policy.yaml" in out


def test_the_seed_is_printed_and_a_second_load_of_it_is_refused(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--home", str(initialised), "--policy", str(AOZORA), "--subjects", "3", "--seed", "7")
    status, out, _ = run(capsys, *args)
    assert status == 0
    assert "(seed 7)" in out
    status, _, err = run(capsys, *args)
    assert status == 2
    assert "seed 7 was loaded into this register before" in err


def test_the_policy_setting_is_the_default(
    initialised: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAMORI_POLICY", str(AOZORA))
    monkeypatch.setenv("MAMORI_HOME", str(initialised))
    assert run(capsys, "--subjects", "2")[0] == 0


def test_without_any_policy_the_error_names_the_setting(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--home", str(initialised), "--subjects", "2")
    assert status == 2
    assert "MAMORI_POLICY" in err


def test_an_unknown_policy_file_is_a_clean_error(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys, "--home", str(initialised), "--policy", "missing.yaml", "--subjects", "2"
    )
    assert status == 2
    assert "no policy file missing.yaml" in err
    assert "Traceback" not in err


def test_a_malformed_policy_is_reported_with_its_place(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: [unclosed\n", encoding="utf-8")
    status, _, err = run(
        capsys, "--home", str(initialised), "--policy", str(broken), "--subjects", "2"
    )
    assert status == 2
    assert "broken.yaml:" in err


@pytest.mark.parametrize("count", ["0", "-4"])
def test_a_count_below_one_is_refused(
    initialised: Path, count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys, "--home", str(initialised), "--policy", str(AOZORA), "--subjects", count
    )
    assert status == 2
    assert "--subjects" in err


def test_a_batch_of_zero_is_refused(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "--home", str(initialised), "--policy", "aozora", "--subjects", "2", "--batch", "0"
    )
    assert status == 2
    assert "--batch" in err


def test_loading_before_init_says_to_run_init(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--home", str(home), "--policy", str(AOZORA), "--subjects", "2")
    assert status == 2
    assert "run `mamori init` first" in err
    assert not home.exists()


def test_load_into_a_database_and_key_store_given_by_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = (
        "--database",
        f"sqlite:///{tmp_path / 'db' / 'register.sqlite'}",
        "--keystore",
        f"sqlite:///{tmp_path / 'keys' / 'keys.sqlite'}",
    )
    assert main(["init", "--home", str(tmp_path / "h"), *urls]) == 0
    status, out, _ = run(
        capsys, "--home", str(tmp_path / "h"), *urls, "--policy", "wox", "--subjects", "4"
    )
    assert status == 0
    assert "register.sqlite" in out
