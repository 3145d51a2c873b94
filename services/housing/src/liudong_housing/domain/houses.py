"""Houses (实有房屋) and their rental filings (租赁合同备案): the register's rules. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.cn import ric, uscc

from liudong_events.housing_events import (
    HouseCancelled,
    HouseChanged,
    HouseFacts,
    HouseRegistered,
    HouseRestored,
    Party,
    RentalEnded,
    RentalFiled,
    Tenant,
)
from liudong_housing.domain.places import Place
from liudong_housing.domain.rules import RuleBroken, refuse_if

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class House:
    id: str
    unit_id: str
    facts: HouseFacts
    cancelled_reason: str | None = None
    coordinator_id: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_reason is not None


@dataclass(frozen=True)
class Rental:
    id: str
    house_id: str
    start_date: date
    end_date: date
    ended_on: date | None = None

    def current(self, today: date) -> bool:
        last = min(self.end_date, self.ended_on) if self.ended_on else self.end_date
        return self.start_date <= today <= last


def party_problems(party: Party | None, field: str) -> Problems:
    """A person's ID number (resident ID) or a company's unified social credit code, and a
    phone in full: a masked phone still here was not the one on record as pages show it
    (a change has put those back, api/houses.py `numbers_kept`)."""
    problems: Problems = []
    if party is None:
        return problems
    if party.id_number and party.kind == "person" and not ric.is_valid(party.id_number):
        problems.append((f"{field}.id_number", "公民身份号码有误"))
    if party.id_number and party.kind == "company" and not uscc.is_valid(party.id_number):
        problems.append((f"{field}.id_number", "统一社会信用代码有误"))
    if party.phone and "*" in party.phone:
        problems.append((f"{field}.phone", "联系电话请录入完整号码"))
    return problems


def facts_problems(facts: HouseFacts) -> Problems:
    problems = party_problems(facts.owner, "owner") + party_problems(facts.agent, "agent")
    if not facts.archive_no.strip():
        problems.append(("archive_no", "房屋档案编号, 必须录入, 不能为空!"))
    if not facts.owner.name.strip():
        problems.append(("owner.name", "房主姓名, 必须录入, 不能为空!"))
    if facts.capacity is not None and facts.capacity < 1:
        problems.append(("capacity", "核定居住人数至少为1"))
    if facts.floor_area is not None and facts.floor_area <= 0:
        problems.append(("floor_area", "建筑面积必须大于0"))
    return problems


def register_house(
    unit: Place,
    facts: HouseFacts,
    *,
    unit_has_house: bool,
    archive_no_taken: bool,
    coordinator_id: str | None,
) -> HouseRegistered:
    """A house on a unit that has none, under an archive number nobody else has."""
    problems = facts_problems(facts)
    if unit.kind != "unit":
        problems.append(("unit_id", "房屋只能登记到户(房屋)一级"))
    elif unit.retired:
        problems.append(("unit_id", "该房屋地址已撤销"))
    elif unit_has_house:
        problems.append(("unit_id", "该户已登记房屋档案"))
    if archive_no_taken:
        problems.append(("archive_no", "房屋档案编号已被使用"))
    refuse_if(problems)
    return HouseRegistered(
        house_id=str(uuid.uuid4()),
        unit_id=unit.id,
        place_path=unit.path_ids,
        facts=facts,
        coordinator_id=coordinator_id,
    )


def change_house(house: House, facts: HouseFacts, *, archive_no_taken: bool) -> HouseChanged | None:
    """The entry as it now stands (None when nothing changed)."""
    problems = facts_problems(facts)
    if house.cancelled:
        problems.append(("house_id", "房屋已注销, 恢复后才能修改"))
    if archive_no_taken and facts.archive_no != house.facts.archive_no:
        problems.append(("archive_no", "房屋档案编号已被使用"))
    refuse_if(problems)
    if facts == house.facts:
        return None
    return HouseChanged(house_id=house.id, unit_id=house.unit_id, facts=facts)


def cancel_house(house: House, reason: str) -> HouseCancelled:
    """The house is gone (拆迁): it takes no check-ins until restored."""
    if house.cancelled:
        raise RuleBroken(("house_id", "房屋已注销"))
    if not reason.strip():
        raise RuleBroken(("reason", "注销原因, 必须录入, 不能为空!"))
    return HouseCancelled(house_id=house.id, unit_id=house.unit_id, reason=reason.strip())


def restore_house(house: House) -> HouseRestored:
    """Back in the register, for rent (恢复出租)."""
    if not house.cancelled:
        raise RuleBroken(("house_id", "房屋未注销, 无需恢复"))
    return HouseRestored(house_id=house.id, unit_id=house.unit_id)


def file_rental(
    house: House,
    tenants: list[Tenant],
    start_date: date,
    end_date: date,
    monthly_rent: Decimal,
) -> RentalFiled:
    """A rental contract filed for a house in the register."""
    problems: Problems = []
    if house.cancelled:
        problems.append(("house_id", "房屋已注销, 不能备案租赁合同"))
    if not tenants:
        problems.append(("tenants", "承租人, 必须录入, 不能为空!"))
    for i, tenant in enumerate(tenants):
        if tenant.id_number and not ric.is_valid(tenant.id_number):
            problems.append((f"tenants.{i}.id_number", "公民身份号码有误"))
    if end_date <= start_date:
        problems.append(("end_date", "租赁截止日期必须晚于起始日期"))
    if monthly_rent < 0:
        problems.append(("monthly_rent", "月租金不能为负数"))
    refuse_if(problems)
    return RentalFiled(
        rental_id=str(uuid.uuid4()),
        house_id=house.id,
        unit_id=house.unit_id,
        tenants=tenants,
        start_date=start_date,
        end_date=end_date,
        monthly_rent=monthly_rent,
    )


def end_rental(rental: Rental, ended_on: date, reason: str | None) -> RentalEnded:
    """A rental ended before its term."""
    if rental.ended_on is not None:
        raise RuleBroken(("rental_id", "该租赁备案已终止"))
    if not rental.start_date <= ended_on <= rental.end_date:
        raise RuleBroken(("ended_on", "终止日期必须在租期之内"))
    return RentalEnded(
        rental_id=rental.id, house_id=rental.house_id, ended_on=ended_on, reason=reason
    )
