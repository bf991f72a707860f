"""`mamori policy diff OLD NEW [--format text|json]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_edits import EXAMPLE

from mamori.cli import main

NEW_PURPOSE = """  ads:
    label: {ja: 広告, en: Targeted advertising}
    data_use: marketing.advertising.third_party.targeted
    legal_basis: consent
    items: [access_log, cookie_id]
"""


def _new_version(tmp_path: Path) -> Path:
    """A later onplanetz: a new version, a purpose beyond the old scope, an item more for
    statistics and a clearer label."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('version: "2018-10-05"', 'version: "2019-04-01"', 1)
    text = text.replace("\nroles:\n", f"\n{NEW_PURPOSE}\nroles:\n", 1)
    text = text.replace(
        "    items: [terminal_info, access_log, cookie_id, organization, job_title, gender, "
        "birth_year, address]\n    masks:",
        "    items: [terminal_info, access_log, cookie_id, organization, job_title, gender, "
        "birth_year, address, email]\n    masks:",
        1,
    )
    text = text.replace("en: To provide and execute our services}", "en: To run our services}")
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_exits_0_and_prints_the_overall_classification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "diff", str(EXAMPLE), str(_new_version(tmp_path))]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "onplanetz 2018-10-05 -> 2019-04-01: consent_required "
        "(1 consent required, 1 notify, 2 editorial)"
    )


def test_diff_text_gives_each_change_its_place_reason_and_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _new_version(tmp_path)
    main(["policy", "diff", str(EXAMPLE), str(new)])
    out = capsys.readouterr().out
    assert f"+ purposes.ads  {new}:" in out
    assert '+ purposes.statistics.items[8]: "email"' in out
    assert "law: APPI Art. 17(2), 18(1)" in out
    assert "ask for consent again: purposes ads; items access_log, cookie_id" in out


def test_diff_json_lists_classified_changes_with_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _new_version(tmp_path)
    assert main(["policy", "diff", str(EXAMPLE), str(new), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["classification"] == "consent_required"
    assert report["consent_affected"]["purposes"] == ["ads"]
    ads = next(change for change in report["changes"] if change["path"] == "purposes.ads")
    assert ads["classification"] == "consent_required"
    assert ads["place"].startswith(f"{new}:")


def test_diff_of_a_file_with_itself_says_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "diff", str(EXAMPLE), str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == "onplanetz 2018-10-05 -> 2018-10-05: no change"


def test_diff_of_a_file_that_does_not_load_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: [\n", encoding="utf-8")
    assert main(["policy", "diff", str(EXAMPLE), str(broken)]) == 1
    assert "does not load" in capsys.readouterr().out
