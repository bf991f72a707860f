"""The portal served for real (uvicorn on a free loopback port, SQLite register) and driven by
Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page
from tests.registers import FAST_PASSWORDS, Registers, add_members
from tests.servers import free_port

from mamori.api import create_app
from mamori.policy import load_policy
from mamori.register import Actor, Register

CHROMIUM = Path("/usr/bin/chromium")
POLICY = Path(__file__).parents[1] / "api" / "fixtures" / "shop.yaml"
STAFF_PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@dataclass
class LivePortal:
    url: str
    register: Register

    def screenshot(self, page: Page, name: str) -> None:
        """Refresh docs/screenshots/<name>.png when MAMORI_SCREENSHOTS=1 (make screenshots)."""
        if os.environ.get("MAMORI_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LivePortal]:
    from mamori.accounts import create_staff

    policy = load_policy(POLICY)
    registers = Registers(f"sqlite:///{tmp_path / 'portal.sqlite'}", tmp_path)
    register = registers(policy)
    add_members(register)
    with register.session() as session:
        create_staff(
            session,
            Actor.system(),
            staff_id="officer",
            roles=["privacy_officer"],
            password=STAFF_PASSWORD,
            now=datetime.now(UTC),
            passwords=FAST_PASSWORDS,
        )
    app = create_app(policy, register=register, secure_cookies=False)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the portal did not start"
    yield LivePortal(f"http://127.0.0.1:{port}", register)
    server.should_exit = True
    thread.join(timeout=10)
    registers.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs the Debian package chromium")
        pytest.skip("no /usr/bin/chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live: LivePortal) -> Iterator[Page]:
    context = browser.new_context(base_url=live.url, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()
