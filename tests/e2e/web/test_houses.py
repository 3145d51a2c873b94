"""The house register in a real browser (1366×768) against the whole suite: a station user
registers a house on a unit (a taken archive number is refused beside its field), files a
rental, records an inspection with a fire hazard, assigns a coordinator, edits the house
(the owner's masked numbers kept) and cancels it after a confirmation; the unit's page
shows the house, the rental and a resident who links to their record. A compound office registers a house from a unit's page, the unit
already filled in, is offered no coordinator assignment, and cancels and restores it."""

from __future__ import annotations

import random
import re
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from liudong_events.days import office_today
from tests.e2e.browser import choose, pick, snapshot
from tests.e2e.helpers import Tree, declaration, eventually, id_number
from tests.e2e.web.conftest import LogIn



def field_error(page: Page, test_id: str) -> Locator:
    """The error shown under the form field holding the control `test_id`."""
    item = page.locator(".ant-form-item", has=page.get_by_test_id(test_id))
    return item.locator(".ant-form-item-explain-error")


def select(page: Page, label: str, option: str) -> None:
    """`choose` for a select that shows a value already (which covers its input): its box
    is clicked once it stands still (a forced click on the input could land while the form
    was still opening, and open nothing)."""
    item = page.locator(".ant-form-item", has=page.get_by_label(label, exact=True)).last
    item.locator(".ant-select-selector").click()
    page.locator(".ant-select-item-option:visible", has_text=option).first.click()


def fill_date(page: Page, label: str, day: date) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(day.isoformat())
    field.press("Enter")


def current_residents(admin: httpx.Client, unit: str) -> list[dict[str, Any]]:
    return list(admin.get(f"/api/units/{unit}").json()["occupants"]["current"])


def test_a_station_user_registers_rents_inspects_and_cancels_a_house(
    admin: httpx.Client,
    tree: Tree,
    log_in_as: LogIn,
    page: Page,
    request: pytest.FixtureRequest,
) -> None:
    rng = random.Random(61)
    unit = tree.units[tree.buildings[0]][0]
    resident = admin.post("/api/residences", json=declaration(unit, office_today(), rng, name="孙住户"))
    assert resident.status_code == 201, resident.text
    person_id = resident.json()["person_id"]
    eventually(lambda: current_residents(admin, unit))  # housing learns of it from events
    taken = f"FW-{uuid.uuid4().hex[:8]}"
    owner_number, _ = id_number(rng)
    other = {
        "unit_id": tree.units[tree.buildings[1]][0],
        "archive_no": taken,
        "use": "vacant",
        "owner": {"kind": "person", "name": "李房东"},
    }
    assert admin.post("/api/houses", json=other).status_code == 201
    coordinator = admin.post(
        "/api/coordinators", json={"name": "王协管", "place_id": tree.community}
    )
    assert coordinator.status_code == 201, coordinator.text
    log_in_as("station", tree.station)

    # Register a house on the unit: the taken archive number is refused beside its field.
    page.goto("/houses")
    expect(page.get_by_test_id("house-row")).to_have_count(1)
    page.get_by_test_id("house-register").click()
    page.get_by_test_id("house-unit").click()
    pick(page, "东关社区", "幸福小区", "1号楼", "01室")
    page.get_by_test_id("house-archive-no").fill(taken)
    page.get_by_test_id("house-capacity").fill("2")
    page.get_by_test_id("house-floor-area").fill("58.5")
    page.get_by_test_id("house-owner-name").fill("赵房东")
    page.get_by_test_id("house-owner-id-number").fill(owner_number)
    page.get_by_test_id("house-owner-phone").fill("13700001234")
    page.get_by_test_id("house-save").click()
    expect(field_error(page, "house-archive-no")).to_have_text("房屋档案编号已被使用")
    expect(field_error(page, "house-archive-no")).to_be_visible()
    snapshot(page, request.node.name, "1-archive-number-taken")
    archive_no = f"FW-{uuid.uuid4().hex[:8]}"
    page.get_by_test_id("house-archive-no").fill(archive_no)
    page.get_by_test_id("house-save").click()
    expect(page.get_by_test_id("house-form")).to_be_hidden()
    row = page.get_by_test_id("house-row").filter(has_text=archive_no)
    expect(row).to_contain_text("赵房东")
    expect(row).to_contain_text(owner_number[:6] + "********" + owner_number[-4:])
    expect(row).to_contain_text("1 / 2 人")
    snapshot(page, request.node.name, "2-register")
    page.get_by_test_id("house-registered-link").click()

    # The house's page: a rental filing.
    expect(page.get_by_test_id("house-page")).to_contain_text(archive_no)
    expect(page.get_by_test_id("house-owner-shown")).to_contain_text("137****1234")
    page.get_by_test_id("rental-file").click()
    page.get_by_test_id("rental-tenant-name-0").fill("钱租客")
    fill_date(page, "起租日期", office_today() - timedelta(days=30))
    fill_date(page, "到期日期", office_today() + timedelta(days=335))
    page.get_by_test_id("rental-rent").fill("1800")
    page.get_by_test_id("rental-save").click()
    expect(page.get_by_test_id("rental-form")).to_be_hidden()
    rental = page.get_by_test_id("rental-row")
    expect(rental).to_have_count(1)
    expect(rental).to_contain_text("钱租客")
    expect(rental).to_contain_text("1,800.00 元")
    expect(rental.get_by_test_id("rental-state")).to_have_text("有效")

    # An inspection with a fire hazard: its notice goes to the fire department.
    page.get_by_test_id("house-tab-inspections").click()
    page.get_by_test_id("inspection-record").click()
    page.get_by_test_id("inspection-findings").fill("楼道堆放杂物")
    page.get_by_test_id("inspection-hazard-add").click()
    choose(page, "隐患类别", "消防")
    department = page.locator(".ant-form-item", has_text="通知接收部门")
    expect(department.locator(".ant-select-selection-item")).to_have_text("消防")
    page.get_by_test_id("inspection-hazard-description-0").fill("电动车在楼道内充电")
    snapshot(page, request.node.name, "3-inspection-form")
    page.get_by_test_id("inspection-save").click()
    expect(page.get_by_test_id("inspection-form")).to_be_hidden()
    hazard = page.get_by_test_id("inspection-row").get_by_test_id("inspection-hazard")
    expect(hazard).to_contain_text("电动车在楼道内充电")
    expect(hazard).to_contain_text("→ 消防")
    expect(hazard).to_contain_text("待处理")

    # A coordinator assigned.
    page.get_by_test_id("house-coordinator-assign").click()
    choose(page, "协管员", "王协管")
    page.get_by_test_id("house-coordinator-save").click()
    expect(page.get_by_test_id("house-coordinator")).to_have_text("王协管")

    # Edited: the owner's numbers, shown masked, are kept when their fields stay blank.
    page.get_by_test_id("house-edit").click()
    expect(page.get_by_test_id("house-owner-id-number")).to_have_attribute(
        "placeholder", re.compile(r"^原 110105\*+\d{3}[\dX], 留空不变$")
    )
    select(page, "用途", "空置")
    page.get_by_test_id("house-save").click()
    expect(page.get_by_test_id("house-use-shown")).to_have_text("空置")
    expect(page.get_by_test_id("house-owner-shown")).to_contain_text("137****1234")
    kept = admin.get("/api/houses", params={"owner_id_number": owner_number}).json()
    assert [h["archive_no"] for h in kept["items"]] == [archive_no]

    # Cancelled (拆迁) after a confirmation.
    page.get_by_test_id("house-cancel").click()
    page.get_by_test_id("house-cancel-submit").click()
    expect(field_error(page, "house-cancel-reason")).to_contain_text("必须录入")
    page.get_by_test_id("house-cancel-reason").fill("拆迁")
    page.get_by_test_id("house-cancel-submit").click()
    page.get_by_test_id("house-cancel-confirm").click()
    expect(page.get_by_test_id("house-status")).to_have_text("已注销")
    expect(page.get_by_test_id("house-cancelled")).to_contain_text("拆迁")
    expect(page.get_by_test_id("house-restore")).to_be_visible()
    page.get_by_test_id("house-tab-history").click()
    expect(page.get_by_test_id("house-history-entry").first).to_contain_text("注销(拆迁)")
    expect(page.get_by_test_id("house-history")).not_to_contain_text(owner_number)
    snapshot(page, request.node.name, "4-cancelled")
    house = admin.get("/api/houses", params={"archive_no": archive_no}).json()["items"][0]
    assert house["cancelled"] is True

    # The unit's page: the house, the rental and the resident, who links to their record.
    page.get_by_test_id("house-unit-page-link").click()
    expect(page.get_by_test_id("unit-page")).to_be_visible()
    expect(page.get_by_test_id("unit-house-link")).to_contain_text(archive_no)
    expect(page.get_by_test_id("unit-house-cancelled")).to_contain_text("拆迁")
    occupant = page.get_by_test_id("unit-occupant-current")
    expect(occupant).to_contain_text("孙住户")
    link = occupant.get_by_test_id("unit-occupant-link")
    expect(link).to_have_attribute("href", f"/search?person={person_id}")
    page.get_by_test_id("unit-tab-rentals").click()
    expect(page.get_by_test_id("rental-row")).to_contain_text("钱租客")
    snapshot(page, request.node.name, "5-unit")
    page.get_by_test_id("unit-house-link").click()
    expect(page).to_have_url(re.compile(f"/houses/{house['house_id']}$"))


def test_a_compound_office_registers_a_house_from_the_unit_page(
    tree: Tree, log_in_as: LogIn, page: Page, request: pytest.FixtureRequest
) -> None:
    unit = tree.units[tree.buildings[0]][1]
    log_in_as("compound", tree.compound)
    page.goto(f"/units/{unit}")
    expect(page.get_by_test_id("unit-title")).to_contain_text("02室")
    expect(page.get_by_test_id("unit-occupant-current")).to_have_count(0)
    page.get_by_test_id("unit-register-house").click()
    expect(page.get_by_test_id("house-unit")).to_contain_text("1号楼 / 02室")
    archive_no = f"FW-{uuid.uuid4().hex[:8]}"
    page.get_by_test_id("house-archive-no").fill(archive_no)
    select(page, "用途", "自住")
    page.get_by_test_id("house-owner-kind").get_by_text("单位").click()
    page.get_by_test_id("house-owner-name").fill("城关置业有限公司")
    snapshot(page, request.node.name, "1-register-from-unit")
    page.get_by_test_id("house-save").click()
    expect(page.get_by_test_id("unit-house-link")).to_contain_text(archive_no)
    expect(page.get_by_test_id("house-owner-shown")).to_contain_text("城关置业有限公司 (单位)")

    page.get_by_test_id("unit-house-link").click()
    expect(page.get_by_test_id("house-use-shown")).to_have_text("自住")
    expect(page.get_by_test_id("house-coordinator")).to_have_text("未指派")
    expect(page.get_by_test_id("house-coordinator-assign")).to_have_count(0)
    expect(page.get_by_test_id("rental-row")).to_have_count(0)
    snapshot(page, request.node.name, "2-house")

    # Cancelled, then restored to rental (恢复出租), each after a confirmation.
    page.get_by_test_id("house-cancel").click()
    page.get_by_test_id("house-cancel-reason").fill("拆迁")
    page.get_by_test_id("house-cancel-submit").click()
    page.get_by_test_id("house-cancel-confirm").click()
    expect(page.get_by_test_id("house-status")).to_have_text("已注销")
    expect(page.get_by_test_id("rental-file")).to_be_disabled()
    page.get_by_test_id("house-restore").click()
    page.get_by_test_id("house-restore-confirm").click()
    expect(page.get_by_test_id("house-status")).to_have_text("在册")
    expect(page.get_by_test_id("house-use-shown")).to_have_text("出租")
