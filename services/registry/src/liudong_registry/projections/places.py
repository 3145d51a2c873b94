"""Registry's copy of the place tree, fed by `liudong.housing`."""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import HOUSING_TOPIC, PlaceCreated, parse
from liudong_events.envelope import Envelope
from liudong_registry import repo


class PlaceTree:
    name = "registry.places"
    topics: tuple[str, ...] = (HOUSING_TOPIC,)

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        data = parse(event.type, event.data) if event.type == "liudong.place.created" else None
        if isinstance(data, PlaceCreated):
            repo.remember_place(conn, data)

    def reset(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute("DELETE FROM places")
