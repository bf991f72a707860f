"""The portal is accessible and usable on a phone: axe-core (bundled by axe-playwright-python,
nothing downloaded) finds no violation on the main pages, in each language; at a phone's width
no page scrolls sideways."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from tests.portal.conftest import STAFF_PASSWORD, LivePortal
from tests.portal.test_browser_person import sign_up

from mamori.incidents import record_incident
from mamori.register import Actor
from mamori.rights import file_request

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/portal/versions", "/portal/sign-in", "/portal/sign-up"]
PERSON = ["/portal/me", "/portal/me/consents", "/portal/me/access", "/portal/me/requests"]
STAFF = [
    "/portal/staff",
    "/portal/staff/audit",
    "/portal/staff/security",
    "/portal/staff/incidents",
]


def _violations(page: Page) -> list[dict[str, Any]]:
    found = Axe().run(page).response["violations"]
    return [
        {"rule": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in found
    ]


def _staff_signed_in(page: Page) -> str:
    page.goto("/portal/staff/sign-in")
    page.locator("#staff_id").fill("officer")
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/portal/staff")
    return "/portal/staff"


@pytest.mark.parametrize("lang", ["ja", "en", "fr"])
def test_the_pages_have_no_accessibility_violations(
    page: Page, live: LivePortal, lang: str
) -> None:
    with live.register.session() as session:
        filed = file_request(session, Actor.subject("m1"), "m1", "disclosure", channel="online")
        record_incident(  # so that the incidents page has its table and form
            session,
            Actor.staff("officer", "privacy_officer"),
            kind="unauthorised_access",
            learned_at=datetime.now(UTC),
            items=["email"],
            summary="An account was used by someone else.",
            subject_ids=["m1"],
        )
    found: dict[str, list[dict[str, Any]]] = {}

    for path in PUBLIC:
        page.goto(f"{path}?lang={lang}")
        found[path] = _violations(page)
    sign_up(page, f"a11y-{lang}@example.org", lang)
    for path in PERSON:
        page.goto(path)
        found[path] = _violations(page)
    page.context.clear_cookies()
    page.goto(f"/portal/staff/sign-in?lang={lang}")
    found["/portal/staff/sign-in"] = _violations(page)
    _staff_signed_in(page)
    for path in [*STAFF, f"/portal/staff/requests/{filed.id}"]:
        page.goto(path)
        found[path] = _violations(page)

    failing = {path: violations for path, violations in found.items() if violations}
    assert failing == {}, failing


def test_no_page_scrolls_sideways_on_a_phone(page: Page, live: LivePortal) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    too_wide: dict[str, int] = {}

    def measure(path: str) -> None:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path] = width

    for path in PUBLIC:
        measure(f"{path}?lang=ja")
    sign_up(page, "phone@example.org", "ja")
    for path in PERSON:
        measure(path)
    page.context.clear_cookies()
    _staff_signed_in(page)
    for path in STAFF:
        measure(path)

    assert too_wide == {}
