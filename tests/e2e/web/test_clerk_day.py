"""A clerk's day in a real browser (Debian's Chromium, 1366×768) against the whole suite, as
one story: an officer of the district logs in, reads a resident's card at the registration
desk and saves the check-in, finds the resident by the pinyin initials of their name, drills
the statistics down from the district to the resident's unit, imports a file with a bad
row, opens the big screen, declares the resident's departure and watches the big screen
count it. A screenshot of each page is kept (test-artifacts/screenshots/)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from liudong_events.days import office_today
from liudong_cardreader.simulator import (
    SAMPLE_SAM_ID_TEXT,
    SAMPLES,
    SimulatedReader,
    sample_card,
)
from liudong_devstack.suite import Suite
from tests.e2e.browser import choose, pick, snapshot
from tests.e2e.card_agent import Agent, running_agent
from tests.e2e.helpers import Tree, declaration, import_csv, import_row
from tests.e2e.web.conftest import LogIn

CARD = SAMPLES["resident"]  # 李晓明: pinyin initials "lxm"


@pytest.fixture
def agent(suite: Suite, tmp_path: Path) -> Iterator[tuple[SimulatedReader, Agent]]:
    with (
        SimulatedReader(tmp_path) as reader,
        running_agent(reader.path, suite.gateway_url, tmp_path) as running,
    ):
        yield reader, running


def check_in_from_the_card(page: Page, reader: SimulatedReader, step: str) -> str:
    page.goto("/desk")
    page.get_by_test_id("checkin-unit").click()
    pick(page, "东关派出所", "东关社区", "幸福小区", "1号楼", "01室")
    reader.put(*sample_card("resident"))
    page.get_by_test_id("card-read").click()
    expect(page.get_by_test_id("person-id-number")).to_have_value(CARD["id_number"])
    expect(page.get_by_test_id("person-name")).to_have_value(CARD["name"])
    choose(page, "住所类别", "租赁房屋")
    choose(page, "居住事由", "务工")
    snapshot(page, step, "1-desk-filled")
    page.get_by_test_id("checkin-save").click()
    expect(page.get_by_test_id("checkin-success")).to_be_visible()
    snapshot(page, step, "2-desk-saved")
    return page.get_by_test_id("checkin-residence-id").inner_text().strip()


def find_by_pinyin(page: Page, step: str) -> None:
    page.goto("/search")
    page.get_by_test_id("search-name").fill("lxm")
    page.get_by_test_id("search-submit").click()
    row = page.get_by_test_id("search-row").first
    expect(row).to_contain_text(CARD["name"])
    snapshot(page, step, "3-search")


def drill_down_to_the_unit(page: Page, step: str) -> None:
    page.goto("/stats")
    for name in ("东关派出所", "东关社区", "幸福小区", "1号楼", "01室"):
        row = page.get_by_test_id("stats-row").filter(has_text=name)
        expect(row).to_be_visible()
        row.get_by_test_id("stats-drill").click()
    expect(page.get_by_test_id("stats-current")).to_contain_text("1")
    expect(page.get_by_test_id("stats-row").first).to_contain_text(CARD["name"])
    snapshot(page, step, "4-drilled-to-the-unit")


def import_with_a_bad_row(page: Page, tree: Tree, upload: Path, step: str) -> None:
    units = tree.units[tree.buildings[1]]
    rows = [
        import_row(declaration(u, office_today(), random.Random(80 + i))) for i, u in enumerate(units)
    ]
    rows[1][0] = "110105199001011230"  # a wrong check digit
    upload.write_bytes(import_csv(rows))
    page.goto("/imports")
    page.get_by_test_id("import-file").set_input_files(str(upload))
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-report")).to_be_visible()
    expect(page.get_by_test_id("import-rejected-row")).to_have_count(1)
    expect(page.get_by_test_id("import-rejected-row")).to_contain_text("3")  # the file's row
    snapshot(page, step, "5-import-checked")
    page.get_by_test_id("import-commit").click()
    page.get_by_test_id("import-commit-confirm").click()
    expect(page.get_by_test_id("import-landed")).to_contain_text("2")
    snapshot(page, step, "6-import-landed")


def depart(page: Page, step: str) -> None:
    find_by_pinyin(page, step)
    page.get_by_test_id("search-row").first.click()
    expect(page.get_by_test_id("person-drawer")).to_be_visible()
    page.get_by_test_id("residence-depart").click()
    page.get_by_test_id("depart-submit").click()
    page.get_by_test_id("depart-confirm").click()
    expect(page.get_by_test_id("residence-card").first).to_contain_text("已离开")
    snapshot(page, step, "8-departed")


def test_a_days_work_from_the_card_to_the_big_screen(
    admin: httpx.Client,
    tree: Tree,
    log_in_as: LogIn,
    page: Page,
    wall_display: Callable[[str], Page],
    agent: tuple[SimulatedReader, Agent],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    step = request.node.name
    reader, running = agent
    officer = log_in_as("station", tree.district)  # the sub-bureau: the district is theirs
    page.evaluate(f"localStorage.setItem('liudong.cardAgentUrl', '{running.url}')")

    residence_id = check_in_from_the_card(page, reader, step)
    checked_in = admin.get(f"/api/residences/{residence_id}").json()["history"][0]["data"]
    capture = checked_in["capture"]
    assert (capture["channel"], capture["reader_id"]) == ("card", SAMPLE_SAM_ID_TEXT)

    find_by_pinyin(page, step)
    drill_down_to_the_unit(page, step)
    import_with_a_bad_row(page, tree, tmp_path / "登记.csv", step)

    # The wall display, in a browser of its own: 1 from the card and 2 from the file live here.
    screen = wall_display(officer)
    screen.goto("/bigscreen")
    current = screen.get_by_test_id("screen-current")
    expect(current).to_have_text(re.compile(r"^\s*3\s*$"), timeout=20_000)
    expect(screen.get_by_test_id("screen-arrivals")).to_contain_text("3")
    snapshot(screen, step, "7-big-screen")

    depart(page, step)
    assert admin.get(f"/api/residences/{residence_id}").json()["status"] == "departed"
    expect(current).to_have_text(re.compile(r"^\s*2\s*$"), timeout=20_000)
    expect(screen.get_by_test_id("screen-departures")).to_contain_text("1")
    snapshot(screen, step, "9-big-screen-counted-the-departure")
