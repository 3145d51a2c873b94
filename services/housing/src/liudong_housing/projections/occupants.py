"""Who lives and lived at each unit: housing's own copy of the registry's residences, for
a unit's page and a compound's five-in-one record (read here, never asked of registry)."""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import (
    REGISTRY_TOPIC,
    PersonAmended,
    PersonRegistered,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
    parse,
)
from liudong_events.envelope import Envelope
from liudong_events.masking import mask


class Occupants:
    name = "housing.occupants"
    topics: tuple[str, ...] = (REGISTRY_TOPIC,)
    applies = frozenset(
        {
            "liudong.person.registered",
            "liudong.person.amended",
            "liudong.residence.checked_in",
            "liudong.residence.departed",
            "liudong.residence.cancelled",
        }
    )

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        if event.type not in self.applies:
            return
        data = parse(event.type, event.data)
        if isinstance(data, PersonRegistered):
            conn.execute(
                "INSERT INTO occupant_persons (person_id, name, id_number_masked)"
                " VALUES (%s, %s, %s) ON CONFLICT (person_id) DO NOTHING",
                (data.person_id, data.name, mask(data.id_number)),
            )
        elif isinstance(data, PersonAmended):
            self._amend(conn, data)
        elif isinstance(data, ResidenceCheckedIn):
            # The unit's path as housing has it now: a move above it may have come after
            # the check-in was decided (the event carries the path of its day).
            conn.execute(
                "INSERT INTO occupants (residence_id, person_id, unit_id, place_path,"
                " arrival_date, status) VALUES (%(id)s, %(person)s, %(unit)s,"
                " coalesce((SELECT path_ids FROM places WHERE id = %(unit)s), %(path)s::uuid[]),"
                " %(arrival)s, 'active') ON CONFLICT (residence_id) DO NOTHING",
                {
                    "id": data.residence_id,
                    "person": data.person_id,
                    "unit": data.unit_id,
                    "path": data.place_path,
                    "arrival": data.arrival_date,
                },
            )
        elif isinstance(data, ResidenceDeparted):
            conn.execute(
                "UPDATE occupants SET status = 'departed', departure_date = %s"
                " WHERE residence_id = %s",
                (data.departure_date, data.residence_id),
            )
        elif isinstance(data, ResidenceCancelled):
            conn.execute(
                "UPDATE occupants SET status = 'cancelled' WHERE residence_id = %s",
                (data.residence_id,),
            )

    @staticmethod
    def _amend(conn: psycopg.Connection[Any], data: PersonAmended) -> None:
        if data.changes.get("name"):
            conn.execute(
                "UPDATE occupant_persons SET name = %s WHERE person_id = %s",
                (data.changes["name"], data.person_id),
            )
        if data.changes.get("id_number"):
            conn.execute(
                "UPDATE occupant_persons SET id_number_masked = %s WHERE person_id = %s",
                (mask(str(data.changes["id_number"])), data.person_id),
            )

    def reset(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute("DELETE FROM occupants")
        conn.execute("DELETE FROM occupant_persons")
