"""Registry's copy of the place tree applies `liudong.housing` as it comes; events of
different streams (a unit's creation, its house's cancellation) may come in either order,
and a unit must take no check-in while its house is cancelled whichever came first."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from liudong_events.envelope import Envelope
from liudong_events.event_data import EventData
from liudong_events.housing_events import HouseCancelled, HouseRestored, PlaceCreated
from liudong_events.migrate import apply_migrations
from liudong_registry import repo
from liudong_registry.main import MIGRATIONS
from liudong_registry.projections.places import PlaceTree

CANCELLED = repo.CLOSED_UNIT["cancelled"]


@pytest.fixture
def conn(fresh_dsn: str) -> Any:
    apply_migrations(fresh_dsn, MIGRATIONS)
    with psycopg.connect(fresh_dsn, autocommit=True) as connection:
        yield connection


def _apply(conn: Any, event_type: str, stream: str, data: EventData) -> None:
    envelope = Envelope(
        type=event_type,
        stream_id=stream,
        version=1,
        partition_key=stream,
        data=data.model_dump(mode="json"),
        source="housing",
    )
    PlaceTree().apply(envelope, conn)


def _created(conn: Any, unit: str) -> None:
    step = {"id": unit, "kind": "unit", "name": "101"}
    place = PlaceCreated(place_id=unit, kind="unit", name="101", parent_id=None, path=[step])
    _apply(conn, "liudong.place.created", f"place-{unit}", place)


def _house(conn: Any, unit: str, house: str, *, cancelled: bool) -> None:
    if cancelled:
        data: EventData = HouseCancelled(house_id=house, unit_id=unit, reason="拆迁")
        _apply(conn, "liudong.house.cancelled", f"house-{house}", data)
    else:
        _apply(
            conn,
            "liudong.house.restored",
            f"house-{house}",
            HouseRestored(house_id=house, unit_id=unit),
        )


@pytest.mark.parametrize("cancellation_first", [True, False])
def test_a_cancelled_house_closes_its_unit_in_either_order(
    conn: Any, cancellation_first: bool
) -> None:
    unit, house = str(uuid.uuid4()), str(uuid.uuid4())
    if cancellation_first:
        _house(conn, unit, house, cancelled=True)
        _created(conn, unit)
    else:
        _created(conn, unit)
        _house(conn, unit, house, cancelled=True)
    assert repo.closed_units(conn, [unit]) == {unit: CANCELLED}

    _house(conn, unit, house, cancelled=False)
    assert repo.closed_units(conn, [unit]) == {}


def test_a_retired_unit_says_retired_even_with_its_house_cancelled(conn: Any) -> None:
    unit, other = str(uuid.uuid4()), str(uuid.uuid4())
    _created(conn, unit)
    _created(conn, other)
    _house(conn, unit, str(uuid.uuid4()), cancelled=True)
    repo.remember_retirement(conn, unit)
    assert repo.closed_units(conn, [unit, other]) == {unit: repo.CLOSED_UNIT["retired"]}
