"""WOX-4 (wox): statistics explain the service to users or third parties.

Must show: statistics released to third parties are aggregates that pass the declared minimum
group size. Run as an operator would, with `mamori release run` on the policy's own release
(statistics.user_statistics) over 300 synthetic users, registered and guests, and checked from
the written file and `mamori release list`.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_release import load_seed, open_seed_register, populate, releases, values_in
from sqlalchemy import Engine

from mamori.cli import main
from mamori.register import NewSubject, Register

USERS = 300
PAGES = ["board", "blog", "points", "help", "settings"]
ENVIRONMENTS = ["iOS Safari", "Android Chrome", "Windows Edge", "macOS Safari", "Linux Firefox"]
RARE = "NetFront 3.5 on a 2009 feature phone"  # one or two users: never shown as a label


def access(rng: random.Random) -> dict[str, str]:
    return {
        "ip_address": f"203.0.113.{rng.randint(1, 254)}",
        "pages_viewed": rng.choices(PAGES, [10, 6, 3, 1, 1])[0],
        "usage_environment": rng.choices([*ENVIRONMENTS, RARE], [8, 8, 4, 2, 1, 0.1])[0],
    }


def accesses() -> list[dict[str, str]]:
    """What the access log holds for each of the 300 users, in order (seeded)."""
    rng = random.Random(4)
    return [access(rng) for _ in range(USERS)]


@pytest.fixture
def register(engine: Engine, tmp_path: Path) -> Iterator[Register]:
    opened = open_seed_register(engine, "wox", tmp_path)
    logs = accesses()
    registered = [
        NewSubject(f"w{i:04d}", "registered_user", {"email": f"fan{i:03d}@wox.example"})
        for i in range(200)
    ]
    populate(
        opened,
        registered,
        collection_point="registration",
        later={subject.subject_id: logs[i] for i, subject in enumerate(registered)},
        later_purpose="usage_analysis",
    )
    guests = [NewSubject(f"g{i:04d}", "guest_user", logs[i]) for i in range(200, USERS)]
    populate(opened, guests, collection_point="access_log")
    yield opened
    opened.close()


def release(tmp_path: Path, register: Register, *extra: str) -> int:
    return main(
        [
            "release",
            "run",
            "statistics.user_statistics",
            "--policy",
            str(Path(__file__).resolve().parents[2] / "examples" / "wox" / "policy.yaml"),
            "--database",
            register.engine.url.render_as_string(hide_password=False),
            "--keystore",
            f"sqlite:///{tmp_path / 'keys.sqlite'}",
            "--keyring",
            str(tmp_path / "keyring.json"),
            "--actor",
            "staff-3",
            "-o",
            str(tmp_path / "stats.csv"),
            "--report",
            str(tmp_path / "release.json"),
            *extra,
        ]
    )


def test_wox4_released_statistics_are_aggregates_passing_the_minimum_group_size(
    register: Register, tmp_path: Path
) -> None:
    minimum = load_seed("wox").statistics["user_statistics"].min_cell_size
    assert release(tmp_path, register, "--role", "staff_in_charge") == 0
    with (tmp_path / "stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["pages_viewed", "usage_environment", "count"]
    environments = {row["usage_environment"] for row in rows}
    assert environments == {*ENVIRONMENTS, "(other)", "(total)"}  # the rare one is grouped
    assert len(rows) == (len(PAGES) + 1) * (len(ENVIRONMENTS) + 2)  # cells, not people
    counts = [row["count"] for row in rows]
    assert all(count == "" or int(count) == 0 or int(count) >= minimum for count in counts)
    assert "" in counts  # small groups exist in this data and are withheld
    assert sum(1 for count in counts if count and int(count) >= minimum) > 5
    total = next(r for r in rows if r["pages_viewed"] == r["usage_environment"] == "(total)")
    assert total["count"] == str(USERS)
    # Every value shown as a label is held by at least the minimum group (rarer ones are
    # grouped as "(other)" before counting), so no label points at a few people.
    for dimension in ("pages_viewed", "usage_environment"):
        held = Counter(log[dimension] for log in accesses())
        shown = {row[dimension] for row in rows} - {"(total)", "(other)"}
        assert all(held[label] >= minimum for label in shown)


def test_wox4_the_release_is_recorded_and_listed(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(tmp_path, register, "--role", "staff_in_charge", "--recipient", "Press") == 0
    report = json.loads((tmp_path / "release.json").read_text(encoding="utf-8"))
    (record,) = releases(register)
    assert report["release_record"]["id"] == record.id
    assert (record.recipient, record.declared_as) == ("Press", "statistics.user_statistics")
    assert record.parameters["min_cell_size"] == 10
    capsys.readouterr()
    database = register.engine.url.render_as_string(hide_password=False)
    assert main(["release", "list", "--database", database, "--format", "json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["id"] == record.id
    assert listed["actor_id"] == "staff-3"
    assert main(["release", "list", "--database", database]) == 0
    assert "statistics.user_statistics" in capsys.readouterr().out


def test_wox4_no_address_or_e_mail_leaves_in_the_release(
    register: Register, tmp_path: Path
) -> None:
    assert release(tmp_path, register, "--role", "staff_in_charge") == 0
    written = [
        (tmp_path / name).read_text(encoding="utf-8") for name in ("stats.csv", "release.json")
    ]
    secrets = [f"fan{i:03d}@wox.example" for i in range(200)] + ["203.0.113."]
    assert values_in(written, secrets) == []


def test_wox4_staff_not_in_charge_release_nothing(
    register: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(tmp_path, register, "--role", "manager") == 2
    assert "may not release statistics.user_statistics" in " ".join(capsys.readouterr().err.split())
    assert not (tmp_path / "stats.csv").exists()
    assert not (tmp_path / "release.json").exists()
    assert releases(register) == []
