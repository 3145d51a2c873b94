"""The clerk's day in a real browser (Debian's Chromium, 1366×768) against the whole suite:
a station user logs in, reads a resident's card at the registration desk into the form and
saves the check-in, finds the resident again by the pinyin initials of their name, opens
their record and declares their departure. A screenshot of each page is kept."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from liudong_cardreader.simulator import (
    SAMPLE_SAM_ID_TEXT,
    SAMPLES,
    SimulatedReader,
    sample_card,
)
from liudong_devstack.suite import Suite
from tests.e2e.browser import LAPTOP, chromium, snapshot
from tests.e2e.card_agent import Agent, running_agent
from tests.e2e.helpers import Tree, create_user

PASSWORD = "desk-clerk-password-1"
BUILT = Path(__file__).resolve().parents[2] / "web" / "dist" / "index.html"
CARD = SAMPLES["resident"]  # 李晓明: pinyin initials "lxm"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def agent(suite: Suite, tmp_path: Path) -> Iterator[tuple[SimulatedReader, Agent]]:
    with (
        SimulatedReader(tmp_path) as reader,
        running_agent(reader.path, suite.gateway_url, tmp_path) as running,
    ):
        yield reader, running


@pytest.fixture
def page(browser: Browser, suite: Suite) -> Iterator[Page]:
    assert BUILT.exists(), "web/dist is not built: `make test` (or `make web`) builds it"
    context = browser.new_context(viewport=LAPTOP, base_url=suite.gateway_url, locale="zh-CN")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()


def pick(page: Page, *names: str) -> None:
    """Through an open cascader, a level at a time."""
    for name in names:
        page.locator(".ant-cascader-menu-item", has_text=re.compile(f"^{name}$")).first.click()


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.locator(".ant-select-item-option", has_text=option).first.click()


def test_a_clerk_checks_in_from_a_card_finds_the_resident_and_declares_the_departure(
    admin: httpx.Client,
    tree: Tree,
    page: Page,
    agent: tuple[SimulatedReader, Agent],
    request: pytest.FixtureRequest,
) -> None:
    reader, running = agent
    clerk = f"clerk-{uuid.uuid4().hex[:8]}"
    create_user(admin, clerk, "station", tree.station, PASSWORD)
    log_in(page, clerk)
    page.evaluate(f"localStorage.setItem('liudong.cardAgentUrl', '{running.url}')")

    # The registration desk: the unit, then the card on the reader fills the person.
    page.goto("/desk")
    page.get_by_test_id("checkin-unit").click()
    pick(page, "东关社区", "幸福小区", "1号楼", "01室")
    reader.put(*sample_card("resident"))
    page.get_by_test_id("card-read").click()
    expect(page.get_by_test_id("person-id-number")).to_have_value(CARD["id_number"])
    expect(page.get_by_test_id("person-name")).to_have_value(CARD["name"])
    choose(page, "住所类别", "租赁房屋")
    choose(page, "居住事由", "务工")
    snapshot(page, request.node.name, "1-desk-filled")
    page.get_by_test_id("checkin-save").click()
    expect(page.get_by_test_id("checkin-success")).to_be_visible()
    snapshot(page, request.node.name, "2-desk-saved")
    residence_id = page.get_by_test_id("checkin-residence-id").inner_text().strip()
    checked_in = admin.get(f"/api/residences/{residence_id}").json()["history"][0]["data"]
    capture = checked_in["capture"]
    assert (capture["channel"], capture["reader_id"]) == ("card", SAMPLE_SAM_ID_TEXT)

    # Search by pinyin initials, open the record, declare the departure.
    page.goto("/search")
    page.get_by_test_id("search-name").fill("lxm")
    page.get_by_test_id("search-submit").click()
    row = page.get_by_test_id("search-row").first
    expect(row).to_contain_text(CARD["name"])
    snapshot(page, request.node.name, "3-search")
    row.click()
    expect(page.get_by_test_id("person-drawer")).to_be_visible()
    page.get_by_test_id("residence-depart").click()
    page.get_by_test_id("depart-submit").click()
    page.get_by_test_id("depart-confirm").click()
    expect(page.get_by_test_id("residence-card").first).to_contain_text("已离开")
    snapshot(page, request.node.name, "4-departed")
    assert admin.get("/api/residences/" + residence_id).json()["status"] == "departed"
