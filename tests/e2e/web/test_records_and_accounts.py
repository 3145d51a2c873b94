"""The pages around the desk, in Chromium against the whole suite: a resident declares
online and the compound's clerk confirms it; a station officer corrects a record (a wrong
value shown beside its field first) and reads in the audit trail who opened it; a station
creates a compound office's user and disables it."""

from __future__ import annotations

import random
import re
import uuid
from datetime import date

import httpx
import pytest
from playwright.sync_api import Page, expect

from liudong_events.days import office_today
from liudong_devstack.suite import Suite
from tests.e2e.browser import choose, log_in_page, pick, snapshot
from tests.e2e.helpers import Tree, declaration, id_number
from tests.e2e.web.conftest import PASSWORD, LogIn


def log_out(page: Page) -> None:
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-username")).to_be_visible()


def test_a_resident_declares_online_and_the_compound_confirms(
    admin: httpx.Client, tree: Tree, log_in_as: LogIn, page: Page, request: pytest.FixtureRequest
) -> None:
    step = request.node.name
    resident = log_in_as("resident", tree.compound)
    expect(page).to_have_url(re.compile("/my-declarations$"))
    expect(page.get_by_text("您还没有居住申报")).to_be_visible()
    page.get_by_test_id("declare-new").click()

    page.get_by_test_id("declare-unit").click()
    page.keyboard.type("2号楼/02")
    page.locator(".ant-select-item-option", has_text="幸福小区/2号楼/02室").click()
    number, _ = id_number(random.Random(5), sex="2")
    page.get_by_test_id("person-id-number").fill(number)
    page.get_by_test_id("person-name").fill("张晓红")
    choose(page, "民族", "汉族")
    choose(page, "住所类别", "租赁房屋")
    choose(page, "居住事由", "务工")
    snapshot(page, step, "1-resident-form")
    page.get_by_test_id("declare-submit").click()
    page.get_by_role("button", name="提 交").or_(
        page.get_by_role("button", name="提交")
    ).last.click()
    mine = page.get_by_test_id("my-declaration")
    expect(mine).to_contain_text("待确认")
    expect(mine).to_contain_text("幸福小区/2号楼/02室")
    snapshot(page, step, "2-resident-waits")

    log_out(page)
    log_in_as("compound", tree.compound)
    page.goto("/declarations")
    row = page.get_by_test_id("declaration-row").filter(has_text="张晓红")
    expect(row).to_contain_text("等待")
    snapshot(page, step, "3-clerk-sees-it")
    row.get_by_test_id("declaration-confirm").click()
    page.get_by_test_id("declaration-confirm-ok").click()
    expect(page.get_by_test_id("declaration-row")).to_have_count(0)  # nothing waits now
    expect(page.get_by_text("没有待确认的网上申报")).to_be_visible()

    log_out(page)
    log_in_page(page, resident, PASSWORD)
    expect(page.get_by_test_id("my-declaration")).to_contain_text("已确认")
    snapshot(page, step, "4-resident-confirmed")
    unit = tree.units[tree.buildings[1]][1]
    residents = admin.get(f"/api/places/{unit}/residents").json()
    assert [r["name"] for r in residents["items"]] == ["张晓红"]


def test_an_officer_corrects_a_record_and_sees_who_opened_it(
    admin: httpx.Client, tree: Tree, log_in_as: LogIn, page: Page, request: pytest.FixtureRequest
) -> None:
    step = request.node.name
    body = declaration(tree.units[tree.buildings[0]][2], office_today(), random.Random(61))
    person_id = admin.post("/api/residences", json=body).json()["person_id"]
    officer = log_in_as("station", tree.station)

    page.goto(f"/search?person={person_id}")  # how the unit, staff and audit pages link here
    expect(page.get_by_test_id("person-drawer")).to_contain_text(body["person"]["name"])
    page.get_by_test_id("person-amend").click()
    page.get_by_test_id("amend-phone").fill("不是号码")
    page.get_by_test_id("amend-reason").fill("联系方式变更")
    page.get_by_test_id("amend-submit").click()
    page.get_by_test_id("amend-confirm").click()
    phone_item = page.locator(".ant-form-item").filter(has=page.get_by_test_id("amend-phone"))
    expect(phone_item.locator(".ant-form-item-explain-error")).to_be_visible()
    snapshot(page, step, "1-wrong-phone-beside-its-field")
    page.get_by_test_id("amend-phone").fill("13912345678")
    page.get_by_test_id("amend-submit").click()
    page.get_by_test_id("amend-confirm").click()
    expect(page.get_by_test_id("person-timeline")).to_contain_text("更正: 联系方式")
    snapshot(page, step, "2-corrected")
    assert admin.get(f"/api/persons/{person_id}").json()["phone"] == "13912345678"

    page.goto("/audit")
    page.get_by_label("人员编号").fill(person_id)
    page.get_by_test_id("audit-search").click()
    viewed = page.get_by_test_id("audit-row").filter(has_text="查阅人员信息")
    expect(viewed.filter(has_text=officer).first).to_be_visible()
    snapshot(page, step, "3-audit-trail")


def test_a_station_creates_a_compound_user_and_disables_it(
    suite: Suite, tree: Tree, log_in_as: LogIn, page: Page, request: pytest.FixtureRequest
) -> None:
    step = request.node.name
    log_in_as("station", tree.station)
    page.goto("/users")
    name = f"desk-{uuid.uuid4().hex[:6]}"
    page.get_by_test_id("user-create").click()
    page.get_by_test_id("user-username").fill(name)
    page.get_by_test_id("user-password").fill("short")
    page.get_by_test_id("user-password-repeat").fill("short")
    choose(page, "角色", "小区管理处")
    page.get_by_test_id("user-scope").click()
    pick(page, "东关社区", "幸福小区")
    page.keyboard.press("Escape")
    page.get_by_test_id("user-create-ok").click()
    password_item = page.locator(".ant-form-item").filter(has=page.get_by_test_id("user-password"))
    expect(password_item).to_contain_text("密码至少10位")  # the server's rule, beside the field
    page.get_by_test_id("user-password").fill(PASSWORD)
    page.get_by_test_id("user-password-repeat").fill(PASSWORD)
    page.get_by_test_id("user-create-ok").click()
    row = page.get_by_test_id("user-row").filter(has_text=name)
    expect(row).to_contain_text("小区管理处")
    expect(row).to_contain_text("幸福小区")
    snapshot(page, step, "1-created")
    login = httpx.post(
        f"{suite.gateway_url}/api/auth/token", data={"username": name, "password": PASSWORD}
    )
    assert login.status_code == 200

    row.get_by_test_id("user-toggle").click()
    page.get_by_test_id("user-toggle-ok").click()
    expect(row).to_contain_text("已停用")
    snapshot(page, step, "2-disabled")
    refused = httpx.post(
        f"{suite.gateway_url}/api/auth/token", data={"username": name, "password": PASSWORD}
    )
    assert refused.status_code in (401, 403)
