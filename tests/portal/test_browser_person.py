"""A person in a real browser: signs up, reads the notice, withdraws a consent, downloads
their data, deletes the account; and the pages speak ja, en and fr."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from tests.portal.conftest import LivePortal

pytestmark = pytest.mark.browser


def sign_up(page: Page, email: str, lang: str = "en") -> None:
    page.goto(f"/portal/sign-up?lang={lang}")
    page.locator("#f-name").fill("Hana Sato")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill("a long passphrase")
    page.locator("input[name='consent:newsletter']").check()
    page.locator("form[action='/portal/sign-up'] button[type=submit]").click()
    page.wait_for_url("**/portal/me**")


def test_a_person_signs_up_reads_withdraws_downloads_and_leaves(
    page: Page, live: LivePortal
) -> None:
    page.goto("/portal/sign-up?lang=en")
    expect(page.locator("h2#purposes")).to_contain_text("What we will use these data for")
    live.screenshot(page, "sign-up")
    sign_up(page, "hana@example.org")
    expect(page.locator("#f-email")).to_have_value("hana@example.org")
    live.screenshot(page, "my-data")

    page.get_by_role("link", name="Privacy notice").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    live.screenshot(page, "notice")
    page.goto("/portal/me/consents")
    page.get_by_role("button", name="Withdraw: newsletter").click()
    expect(page.get_by_role("button", name="Give consent: newsletter")).to_be_visible()
    live.screenshot(page, "my-consents")

    page.goto("/portal/me")
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON").click()
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert "hana@example.org" in json.dumps(exported, ensure_ascii=False)

    page.locator("#confirm").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/portal")
    page.goto("/portal/me")
    page.wait_for_url("**/portal/sign-in")


@pytest.mark.parametrize(
    ("lang", "my_data", "sign_out"),
    [
        ("ja", "登録情報", "ログアウト"),
        ("en", "My data", "Sign out"),
        ("fr", "Mes données", "Se déconnecter"),
    ],
)
def test_the_pages_speak_the_chosen_language(
    page: Page, live: LivePortal, lang: str, my_data: str, sign_out: str
) -> None:
    sign_up(page, f"{lang}@example.org", lang)

    page.goto(f"/portal/me?lang={lang}")

    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(my_data)
    expect(page.get_by_role("button", name=sign_out)).to_be_visible()


def test_the_language_switch_is_remembered(page: Page, live: LivePortal) -> None:
    page.goto("/portal/sign-in?lang=fr")
    page.goto("/portal/sign-in")

    expect(page.locator("h1")).to_have_text("Se connecter")


def test_the_sign_in_form_is_usable_with_the_keyboard(page: Page, live: LivePortal) -> None:
    sign_up(page, "keys@example.org")
    page.get_by_role("button", name="Sign out").click()
    page.goto("/portal/sign-in?lang=en")

    page.get_by_label("E-mail address").first.focus()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("a long passphrase")
    page.keyboard.press("Enter")

    page.wait_for_url("**/portal/me")
