"""Who lives and lived at each unit: housing's own copy of the registry's residences, for
a unit's page and a compound's five-in-one record (read here, never asked of registry).

Every check-in of the district passes through here too, an import's 100,000 among them,
while the clerk waits for the import. So a batch is applied in one statement per type of
event, the types in the order their events depend on one another (as statistics does), and
the events are read as the dicts they arrive as (their schemas were checked when they were
written)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

from liudong_events.catalog import REGISTRY_TOPIC
from liudong_events.envelope import Envelope
from liudong_events.masking import mask
from liudong_events.store import array_literal

Conn = psycopg.Connection[Any]
Data = list[dict[str, Any]]


class Occupants:
    name = "housing.occupants"
    topics: tuple[str, ...] = (REGISTRY_TOPIC,)

    @property
    def applies(self) -> frozenset[str]:
        return frozenset(_APPLY)

    def apply(self, event: Envelope, conn: Conn) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: Conn) -> None:
        """Persons before their corrections, check-ins before their departures and
        departures before cancellations: a stream's events keep their order, and events of
        one type from different streams do not depend on each other."""
        for kind, apply in _APPLY.items():
            of_kind = [e.data for e in events if e.type == kind]
            if of_kind:
                apply(conn, of_kind)


def _registered(conn: Conn, events: Data) -> None:
    conn.execute(
        "INSERT INTO occupant_persons (person_id, name, id_number_masked)"
        " SELECT * FROM unnest(%s::uuid[], %s::text[], %s::text[])"
        " ON CONFLICT (person_id) DO NOTHING",
        (
            array_literal(e["person_id"] for e in events),
            [e["name"] for e in events],  # any text: adapted element by element
            [mask(e["id_number"]) for e in events],
        ),
    )


def _amended(conn: Conn, events: Data) -> None:
    """A corrected name or ID number (masked here) shows on every page from now on; a
    person's corrections of one batch taken together, the later over the earlier."""
    latest: dict[str, dict[str, str]] = {}
    for e in events:
        changes = e["changes"]
        found = latest.setdefault(e["person_id"], {})
        if changes.get("name"):
            found["name"] = changes["name"]
        if changes.get("id_number"):
            found["masked"] = mask(str(changes["id_number"]))
    latest = {person: found for person, found in latest.items() if found}
    if not latest:
        return
    conn.execute(
        "UPDATE occupant_persons p SET name = coalesce(c.name, p.name),"
        " id_number_masked = coalesce(c.masked, p.id_number_masked)"
        " FROM unnest(%s::uuid[], %s::text[], %s::text[]) AS c (person, name, masked)"
        " WHERE p.person_id = c.person",
        (
            array_literal(latest),
            [found.get("name") for found in latest.values()],
            [found.get("masked") for found in latest.values()],
        ),
    )


def _checked_in(conn: Conn, events: Data) -> None:
    """Under the unit's path as housing has it now: a move above it may have come after
    the check-in was decided (the event carries the path of its day)."""
    conn.execute(
        "INSERT INTO occupants (residence_id, person_id, unit_id, place_path, arrival_date,"
        " status)"
        " SELECT e.id, e.person, e.unit, coalesce(p.path_ids, e.path::uuid[]), e.arrival,"
        "  'active'"
        " FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::text[], %s::date[])"
        "  AS e (id, person, unit, path, arrival)"
        " LEFT JOIN places p ON p.id = e.unit"
        " ON CONFLICT (residence_id) DO NOTHING",
        (
            array_literal(e["residence_id"] for e in events),
            array_literal(e["person_id"] for e in events),
            array_literal(e["unit_id"] for e in events),
            [array_literal(e["place_path"]) for e in events],
            array_literal(e["arrival_date"] for e in events),
        ),
    )


def _departed(conn: Conn, events: Data) -> None:
    days = {e["residence_id"]: e["departure_date"] for e in events}  # the last one stands
    conn.execute(
        "UPDATE occupants o SET status = 'departed', departure_date = d.day"
        " FROM unnest(%s::uuid[], %s::date[]) AS d (id, day) WHERE o.residence_id = d.id",
        (array_literal(days), array_literal(days.values())),
    )


def _cancelled(conn: Conn, events: Data) -> None:
    conn.execute(
        "UPDATE occupants SET status = 'cancelled' WHERE residence_id = ANY(%s::uuid[])",
        (array_literal(e["residence_id"] for e in events),),
    )


_APPLY: dict[str, Callable[[Conn, Data], None]] = {
    "liudong.person.registered": _registered,
    "liudong.person.amended": _amended,
    "liudong.residence.checked_in": _checked_in,
    "liudong.residence.departed": _departed,
    "liudong.residence.cancelled": _cancelled,
}
