"""Debian's Chromium driven by Playwright, for the browser tests: a test tool's own browser
download cannot work here, so Playwright is pointed at /usr/bin/chromium (`make test`
installs it). Screenshots of each page a test visits are kept under test-artifacts/; the
steps every page test takes (log in, pick through a cascader, choose from a select) are here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium reaches for Google's hosts at every start and its connections are
# refused by this machine's closed network, many at a time.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAPTOP = ViewportSize(width=1366, height=768)  # what a clerk's laptop shows
WALL = ViewportSize(width=1920, height=1080)  # a 65-inch display's full-HD picture


@contextmanager
def chromium() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=QUIET)
        try:
            yield browser
        finally:
            browser.close()


def snapshot(page: Page, test: str, name: str) -> Path:
    """A screenshot of the page as it is now, kept as a test artifact."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]", "_", test)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in_page(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()


def pick(page: Page, *names: str) -> None:
    """Through an open cascader, a level at a time."""
    for name in names:
        page.locator(".ant-cascader-menu-item", has_text=re.compile(f"^{name}$")).first.click()


def choose(page: Page, label: str, option: str) -> None:
    """An option of the select labelled `label` (a form item's label)."""
    page.get_by_label(label, exact=True).click()
    page.locator(".ant-select-item-option:visible", has_text=option).first.click()
