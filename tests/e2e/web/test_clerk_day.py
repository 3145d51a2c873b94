"""The clerk's and the officer's day in a real browser (Debian's Chromium, 1366×768) against
the whole suite: a station user logs in, reads a resident's card at the registration desk
into the form and saves the check-in, finds the resident again by the pinyin initials of
their name and declares their departure; drills down the statistics from the station to the
resident's unit; imports a file with bad rows; and watches the big screen count a check-in.
A screenshot of each page is kept (test-artifacts/screenshots/)."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from datetime import date
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
from tests.e2e.browser import choose, pick, snapshot
from tests.e2e.card_agent import Agent, running_agent
from tests.e2e.helpers import Tree, declaration, import_csv, import_row

CARD = SAMPLES["resident"]  # 李晓明: pinyin initials "lxm"


@pytest.fixture
def agent(suite: Suite, tmp_path: Path) -> Iterator[tuple[SimulatedReader, Agent]]:
    with (
        SimulatedReader(tmp_path) as reader,
        running_agent(reader.path, suite.gateway_url, tmp_path) as running,
    ):
        yield reader, running


def test_a_clerk_checks_in_from_a_card_finds_the_resident_and_declares_the_departure(
    admin: httpx.Client,
    clerk: str,
    page: Page,
    agent: tuple[SimulatedReader, Agent],
    request: pytest.FixtureRequest,
) -> None:
    reader, running = agent
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


def test_an_officer_drills_down_from_the_station_to_a_resident(
    admin: httpx.Client, tree: Tree, clerk: str, page: Page, request: pytest.FixtureRequest
) -> None:
    unit = tree.units[tree.buildings[1]][2]
    body = declaration(unit, date.today(), random.Random(71), name="欧阳娜娜", sex="2")
    assert admin.post("/api/residences", json=body).status_code == 201
    page.goto("/stats")
    for name in ("东关社区", "幸福小区", "2号楼", "03室"):
        row = page.get_by_test_id("stats-row").filter(has_text=name)
        expect(row).to_be_visible()
        row.get_by_test_id("stats-drill").click()
    expect(page.get_by_test_id("stats-current")).to_contain_text("1")
    expect(page.get_by_test_id("stats-row").first).to_contain_text("欧阳娜娜")
    snapshot(page, request.node.name, "1-unit")


def test_an_import_with_a_bad_row_lands_the_good_ones(
    admin: httpx.Client,
    tree: Tree,
    clerk: str,
    page: Page,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    units = tree.units[tree.buildings[0]]
    rows = [
        import_row(declaration(u, date.today(), random.Random(80 + i))) for i, u in enumerate(units)
    ]
    rows[1][0] = "110105199001011230"  # a wrong check digit
    upload = tmp_path / "登记.csv"
    upload.write_bytes(import_csv(rows))
    page.goto("/imports")
    page.get_by_test_id("import-file").set_input_files(str(upload))
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-report")).to_be_visible()
    expect(page.get_by_test_id("import-rejected-row")).to_have_count(1)
    expect(page.get_by_test_id("import-rejected-row")).to_contain_text("3")  # the file's row
    snapshot(page, request.node.name, "1-checked")
    page.get_by_test_id("import-commit").click()
    page.get_by_test_id("import-commit-confirm").click()
    expect(page.get_by_test_id("import-landed")).to_contain_text("2")
    snapshot(page, request.node.name, "2-landed")


def test_the_big_screen_counts_a_check_in_as_it_happens(
    admin: httpx.Client, tree: Tree, clerk: str, page: Page, request: pytest.FixtureRequest
) -> None:
    page.goto("/bigscreen")
    current = page.get_by_test_id("screen-current")
    expect(current).to_have_text(re.compile(r"^\s*0\s*$"))
    body = declaration(tree.units[tree.buildings[0]][0], date.today(), random.Random(90))
    assert admin.post("/api/residences", json=body).status_code == 201
    expect(current).to_have_text(re.compile(r"^\s*1\s*$"), timeout=20_000)
    expect(page.get_by_test_id("screen-arrivals")).to_contain_text("1")
    snapshot(page, request.node.name, "1-counted")
