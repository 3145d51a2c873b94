"""Residence decisions: which events go to which streams, or which fields are wrong."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from liudong_events.catalog import (
    PersonRegistered,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
)
from liudong_registry.domain.residences import (
    CheckIn,
    DeclarationInvalid,
    PersonDetails,
    Residence,
    StateConflict,
    decide_cancellation,
    decide_check_in,
    decide_departure,
)

TODAY = date(2026, 11, 26)


def ALL_KNOWN(_table: str, _code: str) -> bool:
    return True


PERSON = PersonDetails(
    id_number="11010519491231002X",
    name="张三",
    sex="2",
    ethnicity="01",
    birth_date=date(1949, 12, 31),
    phone="13812345678",
)
UNIT_PATH = ["d1", "s1", "c1", "p1", "b1", "u-new"]


def check_in(**changes: object) -> CheckIn:
    cmd = CheckIn(
        unit_id="u-new",
        unit_path=UNIT_PATH,
        arrival_date=date(2026, 11, 1),
        person=PERSON,
        housing_type="rent",
        reason="work",
        intended_stay_days=180,
    )
    return dataclasses.replace(cmd, **changes)  # type: ignore[arg-type]


def residence(**changes: object) -> Residence:
    res = Residence(
        id="r-old",
        person_id="p-1",
        unit_id="u-old",
        place_path=["d1", "s1", "c1", "p1", "b1", "u-old"],
        arrival_date=date(2025, 3, 1),
        departure_date=None,
        status="active",
        version=4,
    )
    return dataclasses.replace(res, **changes)  # type: ignore[arg-type]


def fields_of(exc: pytest.ExceptionInfo[DeclarationInvalid]) -> list[str]:
    return sorted(e.field for e in exc.value.errors)


# --- check-in ---------------------------------------------------------------------------


def test_new_person_is_registered_and_checked_in() -> None:
    decision, residence_id = decide_check_in(
        check_in(), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
    )

    pid = decision.person_id
    assert decision.partition_key == pid
    assert [(stream, version) for stream, version, _ in decision.appends] == [
        (f"person-{pid}", 0),
        (f"residence-{residence_id}", 0),
    ]
    [registered] = decision.appends[0][2]
    [checked_in] = decision.appends[1][2]
    assert isinstance(registered, PersonRegistered)
    assert registered.person_id == pid
    assert registered.id_number == "11010519491231002X"
    assert registered.name == "张三"
    assert isinstance(checked_in, ResidenceCheckedIn)
    assert checked_in.residence_id == residence_id
    assert checked_in.person_id == pid
    assert checked_in.unit_id == "u-new"
    assert checked_in.place_path == UNIT_PATH
    assert checked_in.arrival_date == date(2026, 11, 1)
    assert checked_in.origin_region == "110105"
    assert checked_in.moved_from_residence_id is None


def test_new_ids_differ_between_check_ins() -> None:
    first, rid1 = decide_check_in(
        check_in(), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
    )
    second, rid2 = decide_check_in(
        check_in(), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
    )

    assert first.person_id != second.person_id
    assert rid1 != rid2


def test_known_person_is_not_registered_again() -> None:
    decision, residence_id = decide_check_in(
        check_in(), person_id="p-1", active=None, today=TODAY, known=ALL_KNOWN
    )

    assert decision.person_id == "p-1"
    assert decision.partition_key == "p-1"
    assert [(stream, version) for stream, version, _ in decision.appends] == [
        (f"residence-{residence_id}", 0),
    ]


def test_name_is_stored_trimmed() -> None:
    person = dataclasses.replace(PERSON, name="  张三 ")
    decision, _ = decide_check_in(
        check_in(person=person), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
    )

    [registered] = decision.appends[0][2]
    [checked_in] = decision.appends[1][2]
    assert isinstance(registered, PersonRegistered)
    assert isinstance(checked_in, ResidenceCheckedIn)
    assert registered.name == "张三"
    assert checked_in.person_name == "张三"


def test_check_in_elsewhere_departs_the_active_residence_as_a_move() -> None:
    active = residence()
    decision, residence_id = decide_check_in(
        check_in(), person_id="p-1", active=active, today=TODAY, known=ALL_KNOWN
    )

    assert [(stream, version) for stream, version, _ in decision.appends] == [
        ("residence-r-old", 4),
        (f"residence-{residence_id}", 0),
    ]
    [departed] = decision.appends[0][2]
    [checked_in] = decision.appends[1][2]
    assert isinstance(departed, ResidenceDeparted)
    assert departed.residence_id == "r-old"
    assert departed.person_id == "p-1"
    assert departed.unit_id == "u-old"
    assert departed.place_path == active.place_path
    assert departed.departure_date == date(2026, 11, 1)
    assert departed.moved_to_residence_id == residence_id
    assert isinstance(checked_in, ResidenceCheckedIn)
    assert checked_in.moved_from_residence_id == "r-old"
    assert decision.partition_key == "p-1"


def test_move_on_the_same_day_as_the_previous_arrival_is_allowed() -> None:
    active = residence(arrival_date=date(2026, 11, 1))
    decision, _ = decide_check_in(
        check_in(), person_id="p-1", active=active, today=TODAY, known=ALL_KNOWN
    )

    assert len(decision.appends) == 2


def test_check_in_to_the_unit_already_lived_in_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(),
            person_id="p-1",
            active=residence(unit_id="u-new"),
            today=TODAY,
            known=ALL_KNOWN,
        )

    assert fields_of(exc) == ["unit_id"]


def test_arrival_before_the_active_residence_arrival_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(arrival_date=date(2025, 2, 28)),
            person_id="p-1",
            active=residence(),
            today=TODAY,
            known=ALL_KNOWN,
        )

    assert fields_of(exc) == ["arrival_date"]


def test_arrival_in_the_future_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(arrival_date=date(2026, 11, 27)),
            person_id=None,
            active=None,
            today=TODAY,
            known=ALL_KNOWN,
        )

    assert fields_of(exc) == ["arrival_date"]


def test_arrival_today_is_accepted() -> None:
    decision, _ = decide_check_in(
        check_in(arrival_date=TODAY), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
    )

    [checked_in] = decision.appends[-1][2]
    assert isinstance(checked_in, ResidenceCheckedIn)
    assert checked_in.arrival_date == TODAY


def test_bad_id_number_is_refused_on_id_number() -> None:
    person = dataclasses.replace(PERSON, id_number="110105194912310021")
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(person=person), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
        )

    assert fields_of(exc) == ["id_number"]


def test_several_wrong_person_fields_are_reported_at_once() -> None:
    person = dataclasses.replace(PERSON, sex="1", birth_date=date(1950, 1, 1), name="  ")
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(person=person), person_id=None, active=None, today=TODAY, known=ALL_KNOWN
        )

    assert fields_of(exc) == ["birth_date", "name", "sex"]
    assert "sex" in str(exc.value)


def test_future_arrival_and_wrong_unit_are_reported_together() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(arrival_date=date(2026, 12, 1)),
            person_id="p-1",
            active=residence(unit_id="u-new"),
            today=TODAY,
            known=ALL_KNOWN,
        )

    assert fields_of(exc) == ["arrival_date", "unit_id"]


def test_person_and_arrival_errors_are_reported_together() -> None:
    person = dataclasses.replace(PERSON, name="")
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(person=person, arrival_date=date(2026, 12, 1)),
            person_id=None,
            active=None,
            today=TODAY,
            known=ALL_KNOWN,
        )

    assert fields_of(exc) == ["arrival_date", "name"]


# --- departure --------------------------------------------------------------------------


def test_departure_of_an_active_residence() -> None:
    event = decide_departure(residence(), date(2026, 10, 1), "returned home", today=TODAY)

    assert event.residence_id == "r-old"
    assert event.person_id == "p-1"
    assert event.unit_id == "u-old"
    assert event.departure_date == date(2026, 10, 1)
    assert event.reason == "returned home"
    assert event.moved_to_residence_id is None


def test_departure_on_the_arrival_date_is_allowed() -> None:
    event = decide_departure(residence(), date(2025, 3, 1), None, today=TODAY)

    assert event.departure_date == date(2025, 3, 1)


@pytest.mark.parametrize("status", ["departed", "cancelled"])
def test_departure_of_a_residence_that_is_not_active_conflicts(status: str) -> None:
    with pytest.raises(StateConflict):
        decide_departure(
            residence(status=status, departure_date=date(2026, 1, 1)),
            date(2026, 10, 1),
            None,
            today=TODAY,
        )


def test_departure_before_arrival_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_departure(residence(), date(2025, 2, 28), None, today=TODAY)

    assert fields_of(exc) == ["departure_date"]


def test_departure_in_the_future_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_departure(residence(), date(2026, 11, 27), None, today=TODAY)

    assert fields_of(exc) == ["departure_date"]


# --- cancellation -----------------------------------------------------------------------


def test_cancellation_of_an_active_residence() -> None:
    event = decide_cancellation(residence(), "  entered twice ")

    assert isinstance(event, ResidenceCancelled)
    assert event.residence_id == "r-old"
    assert event.person_id == "p-1"
    assert event.place_path == residence().place_path
    assert event.reason == "entered twice"


def test_a_departed_residence_can_be_cancelled() -> None:
    event = decide_cancellation(
        residence(status="departed", departure_date=date(2026, 1, 1)), "wrong person"
    )

    assert event.residence_id == "r-old"
    assert event.reason == "wrong person"


def test_cancelling_twice_conflicts() -> None:
    with pytest.raises(StateConflict):
        decide_cancellation(residence(status="cancelled"), "again")


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancellation_needs_a_reason(reason: str) -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_cancellation(residence(), reason)

    assert fields_of(exc) == ["reason"]


def test_arrival_before_birth_is_refused() -> None:
    with pytest.raises(DeclarationInvalid) as exc:
        decide_check_in(
            check_in(arrival_date=date(1900, 1, 1)),
            person_id=None,
            active=None,
            today=TODAY,
            known=ALL_KNOWN,
        )
    assert fields_of(exc) == ["arrival_date"]
