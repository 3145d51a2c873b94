"""Coordinators, employers, hazard notices and the five-in-one record in a real browser
(1366×768): a station user adds a coordinator with a photo and sees it, registers an
employer, puts a checked-in resident on its staff and assigns the coordinator, whose work
then lists the employer; a fire hazard found at an inspection shows on the station's
notices and the fire department follows it up until it is closed. Screenshots of each page
are kept (test-artifacts/screenshots/)."""

from __future__ import annotations

import io
import random
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from liudong_events.days import office_today
from tests.e2e.browser import log_in_page, pick, snapshot
from tests.e2e.helpers import Tree, create_user, declaration, eventually, id_number
from tests.e2e.web.conftest import PASSWORD, LogIn



def settled(animated: Locator) -> None:
    """Wait until an opening drawer has slid in (for its screenshot)."""
    expect(animated).not_to_have_class(re.compile("motion"))


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def check_in(admin: httpx.Client, tree: Tree, name: str, seed: int) -> str:
    """A resident of the compound, checked in through the API; housing learns them from the
    registry's events, which the compound's resident count shows."""
    unit = tree.units[tree.buildings[0]][0]
    body = declaration(unit, office_today() - timedelta(days=5), random.Random(seed), name=name)
    response = admin.post("/api/residences", json=body)
    assert response.status_code == 201, response.text
    eventually(
        lambda: (
            admin.get(f"/api/compounds/{tree.compound}/profile").json()["residents"]["current"] == 1
        )
    )
    return str(body["person"]["id_number"])


def test_a_station_user_adds_a_coordinator_and_an_employer_with_its_staff(
    admin: httpx.Client,
    tree: Tree,
    clerk: str,
    page: Page,
    request: pytest.FixtureRequest,
) -> None:
    number = check_in(admin, tree, "郑工人", 91)

    # A coordinator: a wrong file is refused at once, then the photo shows in the list.
    page.goto("/coordinators")
    expect(page.get_by_text("尚未登记协管员")).to_be_visible()
    page.get_by_test_id("coordinator-add").click()
    page.get_by_test_id("coordinator-name").fill("李协管")
    page.get_by_test_id("coordinator-phone").fill("13900000001")
    page.get_by_test_id("coordinator-place").click()
    pick(page, "东关社区", "幸福小区")
    page.locator(".ant-modal-title").click()  # closes the cascader, keeps the pick
    page.get_by_test_id("coordinator-save").click()
    row = page.get_by_test_id("coordinator-row").filter(has_text="李协管")
    expect(row).to_contain_text("幸福小区")
    expect(row.get_by_test_id("coordinator-no-photo")).to_be_visible()

    upload = row.get_by_test_id("coordinator-photo-input")
    upload.set_input_files(
        {"name": "简历.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    expect(page.get_by_text("“简历.pdf” 不是照片: 只能上传 JPG 或 PNG 格式的图片")).to_be_visible()
    upload.set_input_files({"name": "me.png", "mimeType": "image/png", "buffer": png()})
    photo = row.get_by_role("img", name="李协管的照片")
    expect(photo).to_have_attribute("src", re.compile("^blob:"))  # read with the token
    expect(photo).to_have_js_property("naturalWidth", 300)
    snapshot(page, request.node.name, "1-coordinators")

    # An employer: a wrong credit code is named beside its field.
    page.goto("/employers")
    page.get_by_test_id("employer-register").click()
    page.get_by_test_id("employer-name").fill("城关食品厂")
    page.get_by_test_id("employer-credit-code").fill("91110000600037341X")
    page.get_by_test_id("employer-place").click()
    pick(page, "东关社区", "幸福小区")
    page.locator(".ant-modal-title").click()
    page.get_by_test_id("employer-address").fill("东关大街20号")
    page.get_by_test_id("employer-save").click()
    expect(page.get_by_text("统一社会信用代码有误")).to_be_visible()
    page.get_by_test_id("employer-credit-code").fill("91110000600037341L")
    page.get_by_test_id("employer-save").click()
    expect(page.get_by_test_id("employer-title")).to_have_text("城关食品厂")
    expect(page.get_by_text("尚无用工人员")).to_be_visible()

    # Staff: the resident found by their ID number joins; their name opens their record.
    page.get_by_test_id("employer-staff-add").click()
    page.get_by_test_id("employer-staff-lookup").fill(number)
    page.get_by_test_id("employer-staff-find").click()
    expect(page.get_by_role("radio", name=re.compile("^郑工人"))).to_be_checked()  # the one hit
    page.get_by_test_id("employer-staff-save").click()
    staff = page.get_by_test_id("employer-staff-row")
    expect(staff).to_contain_text("郑工人")
    expect(staff).to_contain_text("在职")
    expect(staff).to_contain_text("幸福小区 / 1号楼 / 01室")
    person_link = staff.get_by_test_id("employer-staff-person")
    assert re.fullmatch(r"/search\?person=[0-9a-f-]{36}", person_link.get_attribute("href") or "")

    # The coordinator assigned; their work lists the employer with one on its staff.
    page.get_by_test_id("employer-coordinator-select").click()
    page.locator(".ant-select-item-option", has_text="李协管").click()
    page.get_by_test_id("employer-coordinator-save").click()
    expect(page.get_by_text("已指派协管员")).to_be_visible()
    snapshot(page, request.node.name, "2-employer")
    page.reload()
    expect(page.get_by_test_id("employer-coordinator-select")).to_contain_text("李协管")

    page.goto("/coordinators")
    page.get_by_test_id("coordinator-row").filter(has_text="李协管").get_by_test_id(
        "coordinator-work-open"
    ).click()
    work = page.get_by_test_id("coordinator-work-employer")
    expect(work).to_contain_text("城关食品厂")
    expect(work).to_contain_text("1")
    settled(page.locator(".ant-drawer-content-wrapper"))
    snapshot(page, request.node.name, "3-coordinator-work")

    # The compound's five-in-one record: a developer with a wrong code, then saved; the
    # resident checked in is counted.
    page.goto("/compounds")
    page.get_by_test_id("compound-picker").click()
    pick(page, "东关社区", "幸福小区")
    page.get_by_role("heading", name="小区五位一体").click()
    expect(page.get_by_test_id("compound-name")).to_have_text("幸福小区")
    expect(page.get_by_test_id("compound-residents")).to_contain_text("1")
    page.get_by_test_id("compound-developer-contact").fill("钱经理")
    page.get_by_test_id("compound-save").click()
    expect(page.get_by_text("开发商名称, 必须录入, 不能为空!")).to_be_visible()
    page.get_by_test_id("compound-developer-name").fill("城关置业有限公司")
    page.get_by_test_id("compound-developer-credit-code").fill("91110000600037341X")
    page.get_by_test_id("compound-save").click()
    expect(page.get_by_text("统一社会信用代码有误")).to_be_visible()
    page.get_by_test_id("compound-developer-credit-code").fill("91110000600037341L")
    page.get_by_test_id("compound-property-company-name").fill("安居物业")
    page.get_by_test_id("compound-lng").fill("103.8343")  # where the big screen's map puts it
    page.get_by_test_id("compound-save").click()
    expect(page.get_by_text("纬度, 必须录入, 不能为空!")).to_be_visible()  # half a location
    page.get_by_test_id("compound-lat").fill("36.0611")
    page.get_by_test_id("compound-save").click()
    expect(page.get_by_text("五位一体信息已保存")).to_be_visible()
    snapshot(page, request.node.name, "4-compound")
    saved = admin.get(f"/api/compounds/{tree.compound}/profile").json()
    assert saved["developer"]["name"] == "城关置业有限公司"
    assert saved["developer"]["contact_person"] == "钱经理"
    assert saved["builder"] is None
    assert saved["property_company"]["name"] == "安居物业"
    assert saved["location"] == {"lng": 103.8343, "lat": 36.0611}

    # The staff member leaves, after a confirmation.
    page.goto("/employers")
    page.get_by_test_id("employer-link").filter(has_text="城关食品厂").click()
    page.get_by_test_id("employer-staff-leave").click()
    page.get_by_test_id("employer-staff-leave-submit").click()
    page.get_by_test_id("employer-staff-leave-confirm").click()
    expect(staff).to_contain_text(f"{office_today().isoformat()} 离职")
    expect(page.get_by_test_id("employer-staff-leave")).to_have_count(0)


def test_a_fire_hazard_reaches_the_notices_and_the_fire_department_closes_it(
    admin: httpx.Client,
    tree: Tree,
    log_in_as: LogIn,
    page: Page,
    request: pytest.FixtureRequest,
) -> None:
    owner, _ = id_number(random.Random(92))
    house = admin.post(
        "/api/houses",
        json={
            "unit_id": tree.units[tree.buildings[1]][0],
            "archive_no": f"FW-{uuid.uuid4().hex[:8]}",
            "use": "rented",
            "owner": {"kind": "person", "name": "周房东", "id_number": owner},
        },
    )
    assert house.status_code == 201, house.text
    house_id = house.json()["house_id"]
    inspected = admin.post(
        f"/api/houses/{house_id}/inspections",
        json={
            "inspected_on": office_today().isoformat(),
            "hazards": [{"category": "fire", "description": "电动车在楼道内充电"}],
        },
    )
    assert inspected.status_code == 201, inspected.text

    # The station sees the open notice, its house and where it went; it cannot follow up.
    log_in_as("station", tree.station)
    page.goto("/notices")
    row = page.get_by_test_id("notice-row").filter(has_text="电动车在楼道内充电")
    expect(row).to_contain_text("消防隐患")
    expect(row).to_contain_text("待处理")
    expect(row).to_contain_text("幸福小区 / 2号楼 / 01室")
    expect(row).to_contain_text("今天下发")
    expect(row.get_by_test_id("notice-house-link")).to_have_attribute("href", f"/houses/{house_id}")
    expect(row.get_by_test_id("notice-follow-up")).to_have_count(0)
    snapshot(page, request.node.name, "1-notices-station")

    # The fire department records what it did, then closes the notice.
    page.get_by_test_id("logout").click()
    name = f"fire-{uuid.uuid4().hex[:8]}"
    create_user(admin, name, "department", tree.district, PASSWORD, department="fire")
    log_in_page(page, name, PASSWORD)
    page.goto("/notices")
    row.get_by_test_id("notice-follow-up").click()
    page.get_by_test_id("notice-follow-up-save").click()
    expect(page.get_by_text("处理情况, 必须录入, 不能为空!")).to_be_visible()
    page.get_by_test_id("notice-follow-up-note").fill("已通知房东整改")
    page.get_by_test_id("notice-follow-up-save").click()
    expect(row).to_contain_text("处理中")
    expect(row).to_contain_text("已通知房东整改")

    row.get_by_test_id("notice-follow-up").click()
    page.get_by_test_id("notice-follow-up-closed").check()
    page.get_by_test_id("notice-follow-up-note").fill("复查合格")
    page.get_by_test_id("notice-follow-up-save").click()
    page.get_by_test_id("notice-close-confirm").click()
    expect(page.get_by_text("暂无未办结的隐患通知")).to_be_visible()

    statuses = page.get_by_test_id("notice-filter-status")
    statuses.get_by_text("已办结").click()
    expect(statuses.locator(".ant-segmented-item-selected")).to_have_text("已办结")
    expect(row).to_contain_text("已办结")
    row.locator(".ant-table-row-expand-icon").click()
    history = page.get_by_test_id("notice-follow-up-entry")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("已通知房东整改")
    expect(history.nth(1)).to_contain_text("复查合格")
    expect(history.nth(1)).to_contain_text(name)
    snapshot(page, request.node.name, "2-notices-fire-department")
