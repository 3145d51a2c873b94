"""Moves between jurisdictions, from the exchange's completed cases: a move counts only
once both the station left and the station moved into confirmed it."""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import EXCHANGE_TOPIC
from liudong_events.envelope import Envelope

COMPLETED = "liudong.move_case.completed"


class Moves:
    name = "stats.moves"
    topics: tuple[str, ...] = (EXCHANGE_TOPIC,)
    topics_as_they_come = True  # a district without a province connector publishes none
    streams = ("move_case-",)

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: psycopg.Connection[Any]) -> None:
        rows = [
            (
                e.data["case_id"],
                e.data["origin_path"],
                e.data["destination_path"],
                e.data["moved_on"],
            )
            for e in events
            if e.type == COMPLETED
        ]
        if rows:
            conn.cursor().executemany(
                "INSERT INTO stats_moves (case_id, origin_path, destination_path, moved_on)"
                " VALUES (%s, %s::uuid[], %s::uuid[], %s) ON CONFLICT DO NOTHING",
                rows,
            )
