"""A staff member in a real browser (in Japanese) takes a disclosure request from received to
fulfilled, and verifies the audit log."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.portal.conftest import STAFF_PASSWORD, LivePortal

from mamori.register import Actor
from mamori.rights import file_request

pytestmark = pytest.mark.browser


def test_a_disclosure_goes_from_received_to_fulfilled_in_the_console(
    page: Page, live: LivePortal
) -> None:
    with live.register.session() as session:
        filed = file_request(
            session, Actor.subject("m1"), "m1", "disclosure", channel="online", jurisdiction="EU"
        )

    page.goto("/portal/staff/sign-in?lang=ja")
    page.locator("#staff_id").fill("officer")
    page.locator("#password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/portal/staff")
    expect(page.locator("h1")).to_have_text("請求の一覧")
    live.screenshot(page, "staff-queue")

    page.get_by_role("link", name=filed.id).click()
    page.get_by_label("方法").select_option("document")
    page.get_by_role("button", name="本人確認済みにする").click()
    page.get_by_role("button", name="対応開始").click()
    page.get_by_role("button", name="対応完了").click()

    expect(page.locator("#state")).to_have_text("fulfilled")
    live.screenshot(page, "staff-request")


def test_the_console_verifies_the_audit_log(page: Page, live: LivePortal) -> None:
    page.goto("/portal/staff/sign-in?lang=en")
    page.locator("#staff_id").fill("officer")
    page.locator("#password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/portal/staff")

    page.goto("/portal/staff/audit")
    page.get_by_role("link", name="Verify the log").click()

    expect(page.locator("#verify-report")).to_contain_text("The log verifies")
