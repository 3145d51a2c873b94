"""Registry's copy of the place tree, fed by `liudong.housing`."""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import HOUSING_TOPIC, PlaceCreated, PlaceOfficerAssigned, parse
from liudong_events.envelope import Envelope
from liudong_registry import repo


class PlaceTree:
    name = "registry.places"
    topics: tuple[str, ...] = (HOUSING_TOPIC,)
    applies = frozenset({"liudong.place.created", "liudong.place.officer_assigned"})

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        data = parse(event.type, event.data) if event.type in self.applies else None
        if isinstance(data, PlaceCreated):
            repo.remember_place(conn, data)
        elif isinstance(data, PlaceOfficerAssigned):
            repo.remember_officer(conn, data)

    def reset(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute("DELETE FROM places")
