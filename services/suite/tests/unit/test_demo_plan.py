"""The demo district's plan: valid, unique people whose papers agree with themselves,
departures that make sense, houses never over-full, and the same district every time."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest
from stdnum.cn import ric, uscc

import liudong_codetables as codetables
from liudong_gateway.domain.accounts import password_problems
from liudong_registry.imports import HEADINGS
from liudong_suite.demo import district as demo
from liudong_suite.demo.entry import demo_password

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def district() -> demo.District:
    return demo.plan(TODAY)


def test_every_id_number_is_valid_and_unique(district: demo.District) -> None:
    numbers = [r.id_number for r in district.residents]
    assert len(set(numbers)) == len(numbers) == demo.RESIDENTS
    owners = [h.owner.id_number for h in district.houses if h.owner.kind == "person"]
    assert all(ric.is_valid(n) for n in numbers + owners)
    companies = [h.owner.id_number for h in district.houses if h.owner.kind == "company"]
    assert all(uscc.is_valid(n) for n in companies)


def test_every_region_is_a_real_county_the_registry_knows_without_a_warning(
    district: demo.District,
) -> None:
    divisions = codetables.table("division")
    for resident in district.residents:
        assert divisions.get(resident.id_number[:6]) is not None, resident
        ric.get_birth_place(resident.id_number)  # raises for a region unknown that year


def test_sex_and_birth_date_agree_with_the_number(district: demo.District) -> None:
    for r in district.residents:
        assert ric.get_birth_date(r.id_number) == r.birth_date
        assert (int(r.id_number[16]) % 2 == 1) == (r.sex == "1")


def test_origins_come_from_many_provinces(district: demo.District) -> None:
    provinces = Counter(r.id_number[:2] for r in district.residents)
    assert len(provinces) >= 10


def test_arrivals_lie_in_the_last_months_and_departures_after_them(
    district: demo.District,
) -> None:
    arrivals = {r.id_number: r.arrival_date for r in district.residents}
    assert all(TODAY - timedelta(days=demo.DAYS_BACK) <= a <= TODAY for a in arrivals.values())
    assert len(district.departures) == round(demo.RESIDENTS * demo.DEPARTED_SHARE)
    assert len({d.id_number for d in district.departures}) == len(district.departures)
    for departure in district.departures:
        assert arrivals[departure.id_number] < departure.departure_date <= TODAY


def test_the_tree_has_the_shape_of_a_district(district: demo.District) -> None:
    kinds = Counter(p.kind for p in district.places)
    assert kinds == {
        "district": 1,
        "station": 2,
        "community": 4,
        "compound": 8,
        "building": 24,
        "unit": 288,
    }
    keys = [p.key for p in district.places]
    assert len(set(keys)) == len(keys)
    seen: set[str] = set()
    for place in district.places:  # every parent before its children
        assert place.parent is None or place.parent in seen
        seen.add(place.key)


def test_residents_live_in_registered_houses_never_over_full(district: demo.District) -> None:
    houses = {h.unit: h for h in district.houses}
    per_unit = Counter(r.unit for r in district.residents)
    for unit, count in per_unit.items():
        assert houses[unit].use != "vacant"
        assert count <= houses[unit].capacity
    assert len({h.archive_no for h in district.houses}) == len(district.houses)


def test_coded_fields_are_codes_of_the_tables(district: demo.District) -> None:
    for r in district.residents:
        assert codetables.known("housing_type", r.housing_type)
        assert codetables.known("residence_reason", r.reason)
        assert codetables.known("ethnicity", r.ethnicity)
    assert len({r.housing_type for r in district.residents}) == 6
    assert len({r.reason for r in district.residents}) == 6


def test_every_compound_is_on_the_map_near_the_city(district: demo.District) -> None:
    compounds = {p.key for p in district.of_kind("compound")}
    assert {p.compound for p in district.profiles} == compounds
    for profile in district.profiles:
        assert abs(profile.lng - 114.30) < 0.1
        assert abs(profile.lat - 30.59) < 0.1


def test_the_import_file_is_the_registrys_template(district: demo.District) -> None:
    unit_ids = {p.key: f"id-{n}" for n, p in enumerate(district.places)}
    rows = list(csv.reader(io.StringIO(demo.import_file(district, unit_ids).decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    assert len(rows) == 1 + demo.RESIDENTS


def test_one_account_per_working_role_each_under_the_district(district: demo.District) -> None:
    roles = [a.role for a in district.accounts]
    assert roles == ["station", "community", "compound", "coordinator"]
    keys = {p.key: p.kind for p in district.places}
    assert [keys[a.scope] for a in district.accounts] == [*roles[:3], "compound"]
    assert district.coordinator_houses()


def test_the_same_seed_and_day_give_the_same_district() -> None:
    assert demo.plan(TODAY) == demo.plan(TODAY)
    assert demo.plan(TODAY, seed="another") != demo.plan(TODAY)


def test_the_demo_password_passes_the_gateways_rule() -> None:
    password = demo_password()
    for account in demo.plan(TODAY).accounts:
        assert password_problems(account.username, password) == []
