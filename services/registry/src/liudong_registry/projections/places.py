"""Registry's copy of the place tree, fed by `liudong.housing`: paths for scope and search,
and whether a unit can take a check-in (not retired, its house not cancelled)."""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import HOUSING_TOPIC, PlaceCreated, PlaceOfficerAssigned, parse
from liudong_events.envelope import Envelope
from liudong_events.housing_events import (
    HouseCancelled,
    HouseRestored,
    PlaceMoved,
    PlaceRenamed,
    PlaceRetired,
)
from liudong_registry import repo


class PlaceTree:
    name = "registry.places"
    topics: tuple[str, ...] = (HOUSING_TOPIC,)
    applies = frozenset(
        {
            "liudong.place.created",
            "liudong.place.officer_assigned",
            "liudong.place.renamed",
            "liudong.place.moved",
            "liudong.place.retired",
            "liudong.house.cancelled",
            "liudong.house.restored",
        }
    )

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        if event.type not in self.applies:
            return
        data = parse(event.type, event.data)
        if isinstance(data, PlaceCreated):
            repo.remember_place(conn, data)
        elif isinstance(data, PlaceOfficerAssigned):
            repo.remember_officer(conn, data)
        elif isinstance(data, PlaceRenamed):
            repo.remember_name(conn, data)
        elif isinstance(data, PlaceMoved):
            repo.remember_move(conn, data)
        elif isinstance(data, PlaceRetired):
            repo.remember_retirement(conn, data.place_id)
        elif isinstance(data, HouseCancelled | HouseRestored):
            cancelled = isinstance(data, HouseCancelled)
            repo.remember_house_status(conn, data.unit_id, cancelled=cancelled)
