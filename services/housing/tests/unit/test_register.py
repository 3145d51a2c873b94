"""The housing register's rules: houses, rentals, inspections and notices, coordinators,
employers and the five-in-one record. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from liudong_events.catalog import PLACE_KINDS, PlaceKind
from liudong_events.housing_events import Company, HouseFacts, Party, Tenant
from liudong_housing.api.houses import numbers_kept
from liudong_housing.domain.houses import (
    House,
    Rental,
    cancel_house,
    change_house,
    end_rental,
    file_rental,
    register_house,
    restore_house,
)
from liudong_housing.domain.inspections import HazardFound, Notice, follow_up, record_inspection
from liudong_housing.domain.people import (
    hire,
    leave,
    register_coordinator,
    register_employer,
    set_compound_profile,
)
from liudong_housing.domain.places import Place, create_place
from liudong_housing.domain.rules import RuleBroken

TODAY = date(2026, 11, 27)
OWNER_NUMBER = "11010519491231002X"
CREDIT_CODE = "91110000600037341L"


def chain() -> dict[PlaceKind, Place]:
    places: dict[PlaceKind, Place] = {}
    parent: Place | None = None
    for kind in PLACE_KINDS:
        created = create_place(kind, f"{kind} 1", parent)
        parent = Place(
            created.place_id, kind, created.name, created.parent_id, None, tuple(created.path)
        )
        places[kind] = parent
    return places


def facts(**changes: object) -> HouseFacts:
    base = HouseFacts(
        archive_no="FW-001",
        use="rented",
        capacity=2,
        floor_area=Decimal("58.5"),
        owner=Party(kind="person", name="赵房东", id_number=OWNER_NUMBER),
    )
    return base.model_copy(update=changes)


def house(cancelled: str | None = None) -> House:
    return House(id="h-1", unit_id="u-1", facts=facts(), cancelled_reason=cancelled)


def fields(broken: pytest.ExceptionInfo[RuleBroken]) -> list[str]:
    return [field for field, _ in broken.value.problems]


def test_a_house_hangs_on_a_unit_with_its_path() -> None:
    unit = chain()["unit"]
    event = register_house(
        unit, facts(), unit_has_house=False, archive_no_taken=False, coordinator_id="c-1"
    )
    assert event.unit_id == unit.id
    assert event.place_path == unit.path_ids
    assert event.coordinator_id == "c-1"


def test_every_wrong_field_of_a_house_is_named_at_once() -> None:
    unit = chain()["unit"]
    wrong = facts(
        archive_no=" ",
        capacity=0,
        owner=Party(kind="company", name="某公司", id_number="91110000600037341X"),
    )
    with pytest.raises(RuleBroken) as broken:
        register_house(unit, wrong, unit_has_house=True, archive_no_taken=True, coordinator_id=None)
    assert fields(broken) == ["owner.id_number", "archive_no", "capacity", "unit_id", "archive_no"]


def test_a_house_goes_on_a_unit_only_and_not_on_a_retired_one() -> None:
    places = chain()
    with pytest.raises(RuleBroken) as on_building:
        register_house(
            places["building"],
            facts(),
            unit_has_house=False,
            archive_no_taken=False,
            coordinator_id=None,
        )
    retired = replace(places["unit"], retired_reason="合并")
    with pytest.raises(RuleBroken) as on_retired:
        register_house(
            retired, facts(), unit_has_house=False, archive_no_taken=False, coordinator_id=None
        )
    assert fields(on_building) == fields(on_retired) == ["unit_id"]


def test_a_change_that_changes_nothing_is_no_event() -> None:
    assert change_house(house(), facts(), archive_no_taken=True) is None
    changed = change_house(house(), facts(capacity=4), archive_no_taken=False)
    assert changed is not None
    assert changed.facts.capacity == 4


def test_a_change_keeps_the_numbers_on_record_that_it_leaves_out_or_sends_masked() -> None:
    owner = Party(kind="person", name="赵房东", id_number=OWNER_NUMBER, phone="13700001234")
    agent = Party(kind="company", name="某中介", id_number=CREDIT_CODE, phone="0931-8812345")
    recorded = facts(owner=owner, agent=agent)
    as_shown = facts(
        owner=Party(kind="person", name="赵房东", id_number="110105********002X", phone=None),
        agent=Party(kind="company", name="某中介", id_number=None, phone="093*****2345"),
    )

    assert numbers_kept(as_shown, recorded) == recorded
    on_record = House(id="h-1", unit_id="u-1", facts=recorded)
    assert change_house(on_record, numbers_kept(as_shown, recorded), archive_no_taken=True) is None


def test_a_change_takes_new_numbers_and_keeps_none_for_a_party_of_another_kind() -> None:
    owner = Party(kind="person", name="赵房东", id_number=OWNER_NUMBER, phone="13700001234")
    recorded = facts(owner=owner)
    new_number = owner.model_copy(update={"id_number": "110105199001011237", "phone": None})
    company = Party(kind="company", name="赵氏置业")
    agent = Party(kind="person", name="孙中介")

    assert numbers_kept(facts(owner=new_number), recorded).owner == owner.model_copy(
        update={"id_number": "110105199001011237"}
    )
    assert numbers_kept(facts(owner=company), recorded).owner == company
    assert numbers_kept(facts(agent=agent), recorded).agent == agent  # none on record

    not_on_record = owner.model_copy(update={"phone": "139****1234"})
    on_record = House(id="h-1", unit_id="u-1", facts=recorded)
    with pytest.raises(RuleBroken) as broken:
        change_house(
            on_record, numbers_kept(facts(owner=not_on_record), recorded), archive_no_taken=True
        )
    assert fields(broken) == ["owner.phone"]


def test_a_cancelled_house_is_restored_for_rent_and_not_twice() -> None:
    cancelled = cancel_house(house(), " 拆迁 ")
    assert cancelled.reason == "拆迁"
    with pytest.raises(RuleBroken):
        cancel_house(house("拆迁"), "again")
    assert restore_house(house("拆迁")).house_id == "h-1"
    with pytest.raises(RuleBroken):
        restore_house(house())
    with pytest.raises(RuleBroken) as changed:
        change_house(house("拆迁"), facts(capacity=3), archive_no_taken=False)
    assert fields(changed) == ["house_id"]


def test_a_rental_needs_tenants_a_term_and_a_house_in_the_register() -> None:
    tenant = Tenant(name="钱租客", id_number=OWNER_NUMBER)
    filed = file_rental(house(), [tenant], TODAY, date(2027, 11, 26), Decimal("1800"))
    assert filed.tenants == [tenant]
    with pytest.raises(RuleBroken) as broken:
        file_rental(house("拆迁"), [Tenant(name="x", id_number="123")], TODAY, TODAY, Decimal("-1"))
    assert fields(broken) == ["house_id", "tenants.0.id_number", "end_date", "monthly_rent"]


def test_a_rental_ends_within_its_term_once() -> None:
    rental = Rental("r-1", "h-1", date(2026, 1, 1), date(2026, 12, 31))
    assert rental.current(TODAY)
    ended = end_rental(rental, TODAY, "提前退租")
    assert ended.ended_on == TODAY
    assert not replace(rental, ended_on=date(2026, 6, 1)).current(TODAY)
    with pytest.raises(RuleBroken):
        end_rental(replace(rental, ended_on=TODAY), TODAY, None)
    with pytest.raises(RuleBroken):
        end_rental(rental, date(2027, 1, 1), None)


def test_each_hazard_becomes_a_notice_to_its_department() -> None:
    hazards = [
        HazardFound("fire", "电动车楼道充电"),
        HazardFound("public_order", "群租"),
        HazardFound("structure", "私自加建"),
        HazardFound("other", "偷税", department="tax"),
    ]
    event = record_inspection(house(), ["d", "u-1"], "c-1", TODAY, None, hazards, today=TODAY)
    assert [h.department for h in event.hazards] == ["fire", "police", "housing", "tax"]
    assert len({h.notice_id for h in event.hazards}) == 4


def test_an_inspection_names_each_problem() -> None:
    hazards = [HazardFound("other", "无人管"), HazardFound("fire", " ")]
    with pytest.raises(RuleBroken) as broken:
        record_inspection(house("拆迁"), [], "c-1", date(2026, 12, 1), None, hazards, today=TODAY)
    assert fields(broken) == [
        "house_id",
        "inspected_on",
        "hazards.0.department",
        "hazards.1.description",
    ]


def test_only_the_notice_department_follows_it_up_until_closed() -> None:
    notice = Notice("n-1", "h-1", "fire", "open")
    assert follow_up(notice, "fire", "in_progress", "已通知").status == "in_progress"
    assert follow_up(notice, None, "closed", "管理员办结").status == "closed"
    with pytest.raises(RuleBroken):
        follow_up(notice, "police", "closed", "不是我的")
    with pytest.raises(RuleBroken):
        follow_up(replace(notice, status="closed"), "fire", "closed", "再次")
    with pytest.raises(RuleBroken):
        follow_up(notice, "fire", "closed", " ")


def test_five_in_one_belongs_to_a_compound_with_valid_credit_codes() -> None:
    places = chain()
    good = Company(name="置业公司", credit_code=CREDIT_CODE)
    event = set_compound_profile(places["compound"], good, None, Company(name="物业"))
    assert event.developer == good
    with pytest.raises(RuleBroken) as broken:
        set_compound_profile(places["building"], None, Company(name="x", credit_code="123"), None)
    assert fields(broken) == ["compound_id", "builder.credit_code"]


def test_a_coordinator_with_a_login_is_known_by_the_user_id() -> None:
    compound = chain()["compound"]
    assert register_coordinator(compound, "王协管", None, "user-1").coordinator_id == "user-1"
    assert register_coordinator(compound, "王协管", None, None).coordinator_id != "user-1"
    with pytest.raises(RuleBroken):
        register_coordinator(compound, " ", None, None)


def test_an_employer_and_its_staff() -> None:
    places = chain()
    employer = register_employer(places["compound"], "食品厂", CREDIT_CODE, credit_code_taken=False)
    assert employer.place_path == places["compound"].path_ids
    with pytest.raises(RuleBroken) as broken:
        register_employer(places["unit"], " ", CREDIT_CODE, credit_code_taken=True)
    assert fields(broken) == ["name", "place_id", "credit_code"]
    joined = hire("e-1", "p-1", TODAY, person_known=True, employed_now=False)
    assert joined.since == TODAY
    with pytest.raises(RuleBroken):
        hire("e-1", "p-1", TODAY, person_known=False, employed_now=False)
    with pytest.raises(RuleBroken):
        hire("e-1", "p-1", TODAY, person_known=True, employed_now=True)
    assert leave("e-1", "p-1", TODAY, TODAY).until == TODAY
    with pytest.raises(RuleBroken):
        leave("e-1", "p-1", None, TODAY)
    with pytest.raises(RuleBroken):
        leave("e-1", "p-1", TODAY, date(2026, 1, 1))
