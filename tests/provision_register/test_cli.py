"""`mamori records ...`: record a receipt, list receipts, expire them, log and list supervision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main
from mamori.register import Register
from tests.provision_register.conftest import FIXTURES

POLICY = str(FIXTURES / "shop.yaml")
STAFF = ["--actor", "officer1", "--role", "privacy_officer"]


def opened(register: Register, tmp_path: Path) -> list[str]:
    return [
        "--policy",
        POLICY,
        "--database",
        register.engine.url.render_as_string(hide_password=False),
        "--keystore",
        f"sqlite:///{tmp_path / 'keys.sqlite'}",
        "--keyring",
        str(tmp_path / "keyring.json"),
    ]


def database(register: Register) -> list[str]:
    return ["--database", register.engine.url.render_as_string(hide_password=False)]


def receipt(register: Register, tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "records",
            "receipt",
            "m1",
            *opened(register, tmp_path),
            *STAFF,
            "--provider-name",
            "Data Broker KK",
            "--provider-address",
            "4-4 Chuo, Tokyo",
            "--acquisition",
            "Collected with consent at its own sign-up form",
            "--item",
            "name",
            "--item",
            "email",
            "--received-at",
            "2026-03-01",
            *extra,
        ]
    )


def said(capsys: pytest.CaptureFixture[str]) -> str:
    return " ".join(capsys.readouterr().err.split())


def test_a_receipt_is_recorded_and_listed_as_json(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = receipt(shop, tmp_path, "--provider-representative", "Ichiro Data", "--basis", "consent")
    assert code == 0
    assert "kept until 2029-03-01" in said(capsys)
    assert (
        main(["records", "receipts", "--subject", "m1", "--format", "json", *database(shop)]) == 0
    )
    (record,) = json.loads(capsys.readouterr().out)
    assert (record["provider"]["name"], record["items"]) == ("Data Broker KK", ["name", "email"])


def test_a_receipt_without_the_representative_is_refused_naming_the_field(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert receipt(shop, tmp_path, "--basis", "consent") == 2
    assert "representative is required" in said(capsys)
    assert main(["records", "receipts", *database(shop)]) == 0
    assert capsys.readouterr().out.strip() == "no receipt recorded"


def test_an_opt_out_receipt_takes_the_publication_day(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--provider-representative", "Ichiro Data", "--basis", "opt_out"]
    assert receipt(shop, tmp_path, *extra, "--opt-out-published", "2025-12-01") == 0
    assert main(["records", "receipts", *database(shop)]) == 0
    assert "from Data Broker KK (JP) by opt_out: name, email" in capsys.readouterr().out


def test_expire_says_how_many_went(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["records", "expire", *opened(shop, tmp_path), *STAFF]) == 0
    assert "0 receipt record(s) past their retention deleted" in said(capsys)


def test_supervision_is_logged_and_listed(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "records",
            "supervision",
            "log",
            "hosting",
            "--kind",
            "audit",
            "--summary",
            "Yearly security review passed",
            "--reference",
            "AUD-7",
            "--at",
            "2026-04-01",
            *opened(shop, tmp_path),
            *STAFF,
        ]
    )
    assert code == 0
    assert "audit of hosting logged" in said(capsys)
    assert main(["records", "supervision", "list", "hosting", *database(shop)]) == 0
    assert "2026-04-01  hosting" in capsys.readouterr().out


def test_supervision_of_an_undeclared_entrustee_is_refused(
    shop: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["records", "supervision", "log", "cleaner", "--kind", "audit", "--summary", "x"]
    assert main([*args, *opened(shop, tmp_path), *STAFF]) == 2
    assert "declares no entrustee 'cleaner'" in said(capsys)


def test_listing_a_missing_database_says_to_run_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"sqlite:///{tmp_path / 'none.sqlite'}"
    assert main(["records", "supervision", "list", "--database", missing]) == 2
    assert "mamori init" in said(capsys)
