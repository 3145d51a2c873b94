"""Who lives and lived at each unit: housing's own copy of the registry's residences, for
a unit's page and a compound's five-in-one record (read here, never asked of registry).

Applied a batch at a time: each run of events of one type in one statement sent many
times, since every check-in of the district passes through here too."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import psycopg

from liudong_events.catalog import REGISTRY_TOPIC, PersonAmended, parse
from liudong_events.envelope import Envelope
from liudong_events.masking import mask

Conn = psycopg.Connection[Any]


class Occupants:
    name = "housing.occupants"
    topics: tuple[str, ...] = (REGISTRY_TOPIC,)

    def apply(self, event: Envelope, conn: Conn) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: Conn) -> None:
        wanted = [(e.type, parse(e.type, e.data)) for e in events if e.type in _APPLY]
        for kind, run in groupby(wanted, key=lambda typed: typed[0]):
            statement, row = _APPLY[kind]
            rows = [r for _, data in run for r in row(data)]
            if rows:
                with conn.cursor() as cur:
                    cur.executemany(statement, rows)


def _amended(e: Any) -> list[dict[str, Any]]:
    """A corrected name or ID number (masked here) shows on every page from now on."""
    assert isinstance(e, PersonAmended)
    if not {"name", "id_number"} & set(e.changes):
        return []
    number = e.changes.get("id_number")
    return [
        {
            "person": e.person_id,
            "name": e.changes.get("name"),
            "masked": mask(str(number)) if number else None,
        }
    ]


# Each event type: the statement, and the rows of its parameters for one event.
_APPLY: dict[str, tuple[str, Callable[[Any], list[Any]]]] = {
    "liudong.person.registered": (
        "INSERT INTO occupant_persons (person_id, name, id_number_masked) VALUES (%s, %s, %s)"
        " ON CONFLICT (person_id) DO NOTHING",
        lambda e: [(e.person_id, e.name, mask(e.id_number))],
    ),
    "liudong.person.amended": (
        "UPDATE occupant_persons SET name = coalesce(%(name)s, name),"
        " id_number_masked = coalesce(%(masked)s, id_number_masked) WHERE person_id = %(person)s",
        _amended,
    ),
    # The unit's path as housing has it now: a move above it may have come after the
    # check-in was decided (the event carries the path of its day).
    "liudong.residence.checked_in": (
        "INSERT INTO occupants (residence_id, person_id, unit_id, place_path, arrival_date,"
        " status) VALUES (%(id)s, %(person)s, %(unit)s, coalesce((SELECT path_ids FROM places"
        "  WHERE id = %(unit)s), %(path)s::uuid[]), %(arrival)s, 'active')"
        " ON CONFLICT (residence_id) DO NOTHING",
        lambda e: [
            {
                "id": e.residence_id,
                "person": e.person_id,
                "unit": e.unit_id,
                "path": e.place_path,
                "arrival": e.arrival_date,
            }
        ],
    ),
    "liudong.residence.departed": (
        "UPDATE occupants SET status = 'departed', departure_date = %s WHERE residence_id = %s",
        lambda e: [(e.departure_date, e.residence_id)],
    ),
    "liudong.residence.cancelled": (
        "UPDATE occupants SET status = 'cancelled' WHERE residence_id = %s",
        lambda e: [(e.residence_id,)],
    ),
}
