"""The place tree: district › station › community › compound › building › unit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from liudong_events.catalog import PLACE_KINDS, PlaceCreated, PlaceKind
from liudong_events.housing_events import StandardAddress
from liudong_housing.domain.places import (
    Place,
    assign_officer,
    create_place,
    move_place,
    parent_kind,
    rename_place,
    retire_place,
    set_address,
)
from liudong_housing.domain.rules import RuleBroken


def as_place(created: PlaceCreated) -> Place:
    return Place(
        id=created.place_id,
        kind=created.kind,
        name=created.name,
        parent_id=created.parent_id,
        code=created.code,
        path=tuple(created.path),
    )


def chain() -> dict[PlaceKind, Place]:
    """One place of every kind, each under the one before."""
    places: dict[PlaceKind, Place] = {}
    parent: Place | None = None
    for kind in PLACE_KINDS:
        parent = as_place(create_place(kind, f"{kind} 1", parent))
        places[kind] = parent
    return places


def test_a_district_is_a_root() -> None:
    created = create_place("district", "朝阳区", None, code="110105")

    assert created.kind == "district"
    assert created.parent_id is None
    assert created.code == "110105"
    assert [(s.id, s.kind, s.name) for s in created.path] == [
        (created.place_id, "district", "朝阳区")
    ]


def test_a_district_cannot_have_a_parent() -> None:
    district = chain()["district"]

    with pytest.raises(RuleBroken) as exc:
        create_place("district", "海淀区", district)

    assert exc.value.field == "parent_id"


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        ("station", "district"),
        ("community", "station"),
        ("compound", "community"),
        ("building", "compound"),
        ("unit", "building"),
    ],
)
def test_each_kind_hangs_under_the_kind_above(kind: PlaceKind, parent: PlaceKind) -> None:
    above = chain()[parent]

    created = create_place(kind, "新地点", above)

    assert created.kind == kind
    assert created.parent_id == above.id
    assert parent_kind(kind) == parent


WRONG_PARENTS = [
    (kind, parent)
    for i, kind in enumerate(PLACE_KINDS[1:], start=1)
    for parent in PLACE_KINDS
    if parent != PLACE_KINDS[i - 1]
]


@pytest.mark.parametrize(("kind", "parent"), WRONG_PARENTS)
def test_wrong_parent_kind_is_refused(kind: PlaceKind, parent: PlaceKind) -> None:
    with pytest.raises(RuleBroken) as exc:
        create_place(kind, "新地点", chain()[parent])

    assert exc.value.field == "parent_id"


@pytest.mark.parametrize("kind", PLACE_KINDS[1:])
def test_only_a_district_may_lack_a_parent(kind: PlaceKind) -> None:
    with pytest.raises(RuleBroken) as exc:
        create_place(kind, "新地点", None)

    assert exc.value.field == "parent_id"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_blank_name_is_refused(name: str) -> None:
    with pytest.raises(RuleBroken) as exc:
        create_place("district", name, None)

    assert exc.value.field == "name"
    assert exc.value.message


def test_blank_name_is_reported_even_under_the_wrong_parent() -> None:
    with pytest.raises(RuleBroken) as exc:
        create_place("unit", " ", chain()["district"])

    assert exc.value.field == "name"


def test_name_is_trimmed() -> None:
    created = create_place("district", "  朝阳区 ", None)

    assert created.name == "朝阳区"
    assert created.path[-1].name == "朝阳区"


def test_path_is_the_parent_path_plus_the_new_place() -> None:
    places = chain()
    building = places["building"]

    created = create_place("unit", "1单元101", building)

    assert created.path[:-1] == list(building.path)
    assert (created.path[-1].id, created.path[-1].kind, created.path[-1].name) == (
        created.place_id,
        "unit",
        "1单元101",
    )
    assert [s.kind for s in created.path] == list(PLACE_KINDS)
    assert [s.id for s in created.path[:-1]] == [places[k].id for k in PLACE_KINDS[:-1]]


def test_new_places_get_distinct_ids() -> None:
    first = create_place("district", "朝阳区", None)
    second = create_place("district", "朝阳区", None)

    assert first.place_id != second.place_id


def test_an_officer_is_assigned_to_an_area_with_a_name_and_removed_with_none() -> None:
    compound = chain()["compound"]

    assigned = assign_officer(compound, "u-1", " 王警官 ")
    removed = assign_officer(replace(compound, officer_id="u-1", officer_name="王警官"), None, "x")

    assert assigned is not None
    assert (assigned.officer_id, assigned.officer_name) == (
        "u-1",
        "王警官",
    )
    assert removed is not None
    assert (removed.officer_id, removed.officer_name) == (None, None)


def test_assigning_the_same_officer_again_changes_nothing() -> None:
    compound = replace(chain()["compound"], officer_id="u-1", officer_name="王警官")

    assert assign_officer(compound, "u-1", "王警官") is None


@pytest.mark.parametrize(
    ("kind", "officer_name", "field"),
    [
        ("unit", "王警官", "place_id"),
        ("station", "王警官", "place_id"),
        ("compound", " ", "officer_name"),
    ],
)
def test_an_officer_needs_an_area_and_a_name(
    kind: PlaceKind, officer_name: str, field: str
) -> None:
    with pytest.raises(RuleBroken) as broken:
        assign_officer(chain()[kind], "u-1", officer_name)

    assert broken.value.field == field


def test_a_rename_keeps_the_id_and_is_no_event_when_nothing_changes() -> None:
    compound = chain()["compound"]
    renamed = rename_place(compound, " 幸福家园 ", "X01")
    assert renamed is not None
    assert (renamed.place_id, renamed.name, renamed.code) == (compound.id, "幸福家园", "X01")
    assert rename_place(compound, compound.name, compound.code) is None
    with pytest.raises(RuleBroken):
        rename_place(compound, " ", None)


def test_a_move_gives_the_new_path_and_remembers_the_old() -> None:
    places = chain()
    other = as_place(create_place("community", "西关社区", places["station"]))
    moved = move_place(places["compound"], other)
    assert moved.parent_id == other.id
    assert [s.id for s in moved.path] == [*other.path_ids, places["compound"].id]
    assert moved.old_path == places["compound"].path_ids


@pytest.mark.parametrize("target", ["building", "community", "retired"])
def test_a_place_moves_only_under_an_open_parent_of_its_kind(target: str) -> None:
    places = chain()
    if target == "retired":
        parent = replace(
            as_place(create_place("community", "旧社区", places["station"])), retired_reason="合并"
        )
    else:
        parent = places[target]  # type: ignore[index]
    with pytest.raises(RuleBroken) as broken:
        move_place(places["compound"], parent)  # "community" is where it already hangs
    assert broken.value.field == "parent_id"


def test_a_place_is_retired_only_when_empty_and_then_takes_nothing_new() -> None:
    places = chain()
    with pytest.raises(RuleBroken) as busy:
        retire_place(places["building"], " ", open_children=2, residents=3)
    assert [f for f, _ in busy.value.problems] == ["reason", "place_id", "place_id"]
    retired = retire_place(places["unit"], "合并", open_children=0, residents=0)
    assert retired.reason == "合并"
    gone = replace(places["unit"], retired_reason="合并")
    for change in (
        lambda: rename_place(gone, "新名", None),
        lambda: retire_place(gone, "again", 0, 0),
        lambda: create_place("unit", "新户", replace(places["building"], retired_reason="拆")),
    ):
        with pytest.raises(RuleBroken):
            change()


def test_a_standard_address_belongs_to_a_unit_and_needs_street_and_door() -> None:
    places = chain()
    address = StandardAddress(street="东关大街", door_no="18号", room="302")
    event = set_address(places["unit"], address)
    assert event is not None
    assert set_address(replace(places["unit"], address=address), address) is None
    with pytest.raises(RuleBroken):
        set_address(places["compound"], address)
    with pytest.raises(RuleBroken) as no_door:
        set_address(places["unit"], StandardAddress(street="东关大街", door_no=" "))
    assert no_door.value.field == "door_no"


@pytest.mark.parametrize("code", ["11010", "1101050", "ABCDEF"])
def test_a_district_code_is_a_six_digit_division_code(code: str) -> None:
    with pytest.raises(RuleBroken) as broken:
        create_place("district", "朝阳区", None, code=code)
    assert broken.value.field == "code"
    district = chain()["district"]
    with pytest.raises(RuleBroken):
        rename_place(district, district.name, code)
