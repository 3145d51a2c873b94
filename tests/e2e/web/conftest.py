"""A Chromium per module, a 1366×768 page per test on the module's suite, and a user of any
role logged in on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from liudong_devstack.suite import Suite
from liudong_events.days import OFFICE_ZONE_NAME
from tests.e2e.browser import LAPTOP, WALL, chromium, log_in_page
from tests.e2e.helpers import Tree, create_user

PASSWORD = "desk-clerk-password-1"
BUILT = Path(__file__).resolve().parents[3] / "web" / "dist" / "index.html"

LogIn = Callable[[str, str], str]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def page(browser: Browser, suite: Suite) -> Iterator[Page]:
    assert BUILT.exists(), "web/dist is not built: `make test` (or `make web`) builds it"
    context = browser.new_context(
        viewport=LAPTOP, base_url=suite.gateway_url, locale="zh-CN", timezone_id=OFFICE_ZONE_NAME
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def wall_display(browser: Browser, suite: Suite) -> Iterator[Callable[[str], Page]]:
    """`wall_display(username)`: another browser (a session of its own) with that user logged
    in, as on the PC behind a wall display."""
    context = browser.new_context(
        viewport=WALL, base_url=suite.gateway_url, locale="zh-CN", timezone_id=OFFICE_ZONE_NAME
    )

    def open_for(username: str) -> Page:
        opened = context.new_page()
        opened.set_default_timeout(15_000)
        log_in_page(opened, username, PASSWORD)
        return opened

    yield open_for
    context.close()


@pytest.fixture
def log_in_as(admin: httpx.Client, page: Page) -> LogIn:
    """`log_in_as(role, place_id)`: a new user of that role and scope, logged in on `page`."""

    def log_in(role: str, place_id: str) -> str:
        name = f"{role}-{uuid.uuid4().hex[:8]}"
        create_user(admin, name, role, place_id, PASSWORD)
        log_in_page(page, name, PASSWORD)
        return name

    return log_in


@pytest.fixture
def clerk(log_in_as: LogIn, tree: Tree) -> str:
    """A station user of the tree's station, logged in on `page`."""
    return log_in_as("station", tree.station)
