"""The Python examples of the guides run, each page in order in one namespace, in a fresh working
directory that `mamori init` made for the page's policy (as the pages say to), and print what
the page says they print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mamori.cli import main
from tests.cli_env import clear_settings
from tests.loops import in_thread

ROOT = Path(__file__).parents[1]
# The policy each page's home is made with (None: the page runs from the checkout's root and
# makes its own), and what the examples print when they do what the page says: the refusals
# they show are printed, so an example that stopped raising fails here.
POLICIES = {
    "library.md": "aozora",
    "register.md": "aozora",
    "consent.md": "onplanetz",
    "provision-register.md": "onplanetz",
    "rights.md": "office-ant",
    "versions.md": None,
    "provision.md": "tests/provision/fixtures/shop.yaml",
}
PAGES = list(POLICIES)
PRINTED = {
    "library.md": [
        "{'name': <redacted>, 'email': <redacted>}",
        "purpose_items purpose 'user_messaging' does not declare item(s) email",
        "reciprocity",
        "suspended",
        "u-2 is an erased subject",
    ],
    "register.md": [
        "the data key of subject u-7 is not in the key store: it was erased, or this register "
        "is used with another key store",
        "Jeanne Martin",
    ],
    "consent.md": [
        "given True",
        "['email', 'name']",
        "consent",
        "['given', 'withdrawn']",
        "KI-CR-v1.1.0 u-1 EXPLICIT",
        "u-1 provision:third_party_offers withdrawn consent",
        "[('dpv:ConsentGiven', 'superseded'), ('dpv:ConsentWithdrawn', 'withdrawn')]",
        "['module:google_analytics']",
    ],
    "provision-register.md": [
        "Meta Platforms, Inc. ('external_service_info',) 3",
        "the policy declares no entrustee 'mail_delivery' (declared: none)",
        "{'*': 'Google Inc.'} http://www.google.com/intl/ja/policies/privacy/",
        "0 0",
    ],
    "rights.md": [
        "received 1000 JPY",
        "['received', 'identity_verified', 'fee_settled', 'in_progress', 'fulfilled']",
        "correction and deletion are always free (APPI Art. 38); there is nothing to settle",
        "received",
        "['full_name', 'email'] <redacted>",
        "('email',) ()",
        "c-1 is an erased subject",
    ],
    "versions.md": [
        "consent_required ('provision:third_party_offers',) 1 2",
        "renewal_required",
        "refused: consent",
        "u-2 notify {'items': ['gender'], 'purposes': ['information_to_users']}",
        "2 2019-04-01 2019-04-01 consent_required",
    ],
}


def _blocks(page: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_examples(page: str) -> None:
    assert _blocks(page)


@pytest.mark.parametrize("page", PAGES)
def test_the_examples_run(
    page: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clear_settings(monkeypatch)
    policy = POLICIES[page]
    if policy is None:
        monkeypatch.chdir(ROOT)
    else:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "examples").symlink_to(ROOT / "examples")
        file = policy if policy.endswith(".yaml") else f"examples/{policy}/policy.yaml"
        monkeypatch.setenv("MAMORI_POLICY", str(ROOT / file))
        assert main(["init"]) == 0
        capsys.readouterr()
    namespace: dict[str, object] = {}

    def run_examples() -> None:
        for number, block in enumerate(_blocks(page), start=1):
            exec(compile(block, f"{page} example {number}", "exec"), namespace)

    # As a reader runs them: where no event loop runs already (`asyncio.run` would refuse).
    in_thread(run_examples)
    printed = capsys.readouterr().out.splitlines()
    # A page without a list here writes what each print shows in a comment: print(x)  # shown
    promised = re.findall(r"print\(.*?\)\s+# (.*)", "".join(_blocks(page)))
    for expected in PRINTED.get(page, promised):
        assert expected in printed
