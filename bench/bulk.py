"""Registry's read tables filled straight by COPY: the search benchmark's shortcut.

Checking in 1.2 million people through the API would take hours (about 150 check-ins/s on
the benchmark machine), so the search benchmark writes the rows registry's own handlers would
have written (places, persons, residences) itself, with COPY as the database owner. No events
are written: search reads only these tables. The district and its stations are created
through the API, so that housing (and so the gateway, which asks housing for a user's scope)
knows them; every place below a station exists only in registry's copy of the tree.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg

from bench import api
from bench.population import Population
from liudong_codetables.names import search_keys

STATIONS, COMMUNITIES, COMPOUNDS, BUILDINGS, UNITS = 4, 10, 10, 10, 30  # children per parent
UNITS_PER = {  # units under one place of each kind
    "building": UNITS,
    "compound": BUILDINGS * UNITS,
    "community": COMPOUNDS * BUILDINGS * UNITS,
    "station": COMMUNITIES * COMPOUNDS * BUILDINGS * UNITS,
}
ALL_UNITS = STATIONS * UNITS_PER["station"]
ARRIVAL_DAYS = 3 * 365  # arrivals spread over the last three years
DEPARTED = 0.25
Say = Callable[[str], None]


@dataclass
class Tree:
    """Place ids by level, in order: unit u lies in building u // 30, compound u // 300 …"""

    district: str
    stations: list[str]
    communities: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)  # the officer of each community
    unit_paths: list[list[uuid.UUID]] = field(default_factory=list)

    def place_of(self, kind: str, unit: int) -> str:
        """The station, community or compound that unit number `unit` lies in."""
        ids = {"station": self.stations, "community": self.communities}.get(kind, self.compounds)
        return ids[unit // UNITS_PER[kind]]

    def officer_of(self, unit: int) -> str:
        return self.officers[unit // UNITS_PER["community"]]


@dataclass
class Loaded:
    """What the timed searches need to know of the people loaded: person i is
    `names[i]`, holds `id_numbers[i]`, lives in unit `units[i]` since `arrivals[i]`."""

    tree: Tree
    names: list[str]
    id_numbers: list[str]
    units: array[int]
    arrivals: list[date]
    departed: int
    seconds: float


def load(admin: httpx.Client, owner_dsn: str, persons: int, seed: int, say: Say) -> Loaded:
    began = time.perf_counter()
    rng = random.Random(seed)
    tree = top_of_tree(admin, owner_dsn, say)
    with psycopg.connect(owner_dsn) as conn:
        copy_places(conn, tree, rng, say)
        people = copy_persons(conn, tree, persons, seed, say)
        loaded = copy_residences(conn, tree, people, rng, say)
        conn.commit()
    settle(owner_dsn, say)
    loaded.seconds = time.perf_counter() - began
    say(f"loaded in {loaded.seconds:.1f} s")
    return loaded


def top_of_tree(admin: httpx.Client, owner_dsn: str, say: Say, timeout: float = 60) -> Tree:
    """The district and its stations through the API; wait for registry's copy of them."""
    say(f"district and {STATIONS} stations through the API …")
    district = api.add_place(admin, "district", "城关区", None)
    stations = [
        api.add_place(admin, "station", f"第{s + 1}派出所", district) for s in range(STATIONS)
    ]
    deadline = time.monotonic() + timeout
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM places WHERE id = ANY(%s::uuid[])", ([district, *stations],)
            ).fetchone()
            if row and row[0] == 1 + STATIONS:
                return Tree(district, stations)
            if time.monotonic() > deadline:
                raise RuntimeError(f"registry did not copy the stations within {timeout:.0f} s")
            time.sleep(0.1)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def copy_places(conn: psycopg.Connection[Any], tree: Tree, rng: random.Random, say: Say) -> None:
    """Communities › compounds › buildings › units under the stations; an officer on each
    community (管辖民警)."""
    began = time.perf_counter()
    top = [uuid.UUID(tree.district)]
    levels: list[tuple[list[uuid.UUID], list[list[uuid.UUID]]]] = [
        ([], [[*top, uuid.UUID(s)] for s in tree.stations])
    ]
    rows = 0
    sql = "COPY places (id, kind, name, parent_id, path_ids, officer_id) FROM STDIN"
    with conn.cursor().copy(sql) as copy:
        for kind, children, label in (
            ("community", COMMUNITIES, "第{}社区"),
            ("compound", COMPOUNDS, "{}号小区"),
            ("building", BUILDINGS, "{}号楼"),
            ("unit", UNITS, "{:02d}室"),
        ):
            paths = []
            for parent in levels[-1][1]:
                for c in range(children):
                    place = _uuid(rng)
                    officer = _uuid(rng) if kind == "community" else None
                    if officer:
                        tree.officers.append(str(officer))
                    copy.write_row(
                        (place, kind, label.format(c + 1), parent[-1], [*parent, place], officer)
                    )
                    paths.append([*parent, place])
                    rows += 1
            levels.append(([p[-1] for p in paths], paths))
    tree.communities = [str(p) for p in levels[1][0]]
    tree.compounds = [str(p) for p in levels[2][0]]
    tree.unit_paths = levels[4][1]
    say(f"places: {rows} rows by COPY in {time.perf_counter() - began:.1f} s")


@dataclass
class People:
    ids: list[uuid.UUID]
    names: list[str]
    id_numbers: list[str]
    units: array[int]


def copy_persons(
    conn: psycopg.Connection[Any], tree: Tree, count: int, seed: int, say: Say
) -> People:
    """`count` people of the synthetic population, each with the unit they will live in
    (their `areas`) and the search keys of their name (registry's own `search_keys`)."""
    began = time.perf_counter()
    rng = random.Random(f"persons:{seed}")
    people = People([], [], [], array("i"))
    sql = (
        "COPY persons (id, id_number, name, initials, other_initials, areas, sex, ethnicity,"
        " birth_date, phone, details) FROM STDIN"
    )
    with conn.cursor().copy(sql) as copy:
        for i, r in enumerate(Population(seed).people(0, count)):
            person_id = _uuid(rng)
            usual, others = search_keys(r.name)
            unit = rng.randrange(ALL_UNITS)
            details = json.dumps({"hukou_address": r.hukou_address}, ensure_ascii=False)
            row = (person_id, r.id_number, r.name, usual, list(others), tree.unit_paths[unit])
            copy.write_row((*row, r.sex, r.ethnicity, r.birth_date, r.phone, details))
            people.units.append(unit)
            people.ids.append(person_id)
            people.names.append(r.name)
            people.id_numbers.append(r.id_number)
            if (i + 1) % 200_000 == 0:
                say(f"  persons: {i + 1} ({time.perf_counter() - began:.0f} s)")
    say(f"persons: {count} rows by COPY in {time.perf_counter() - began:.1f} s")
    return people


def copy_residences(
    conn: psycopg.Connection[Any], tree: Tree, people: People, rng: random.Random, say: Say
) -> Loaded:
    """A residence each, in a random unit, arrived over the last three years; a quarter of
    them departed since (status and departure date as a departure leaves them)."""
    began = time.perf_counter()
    today = date.today()
    arrivals, departed = [], 0
    sql = (
        "COPY residences (id, person_id, unit_id, place_path, arrival_date, departure_date,"
        " status, housing_type, reason, intended_stay_days, version) FROM STDIN"
    )
    with conn.cursor().copy(sql) as copy:
        for person_id, unit in zip(people.ids, people.units, strict=True):
            ago = rng.randrange(ARRIVAL_DAYS)
            arrival = today - timedelta(days=ago)
            left = rng.random() < DEPARTED and ago > 0
            departure = arrival + timedelta(days=rng.randint(1, ago)) if left else None
            path = tree.unit_paths[unit]
            status, version = ("departed", 2) if left else ("active", 1)
            row = (_uuid(rng), person_id, path[-1], path, arrival, departure, status)
            copy.write_row((*row, "rented", "work", 365, version))
            arrivals.append(arrival)
            departed += left
    say(f"residences: {len(people.ids)} rows by COPY in {time.perf_counter() - began:.1f} s")
    return Loaded(tree, people.names, people.id_numbers, people.units, arrivals, departed, 0.0)


def settle(owner_dsn: str, say: Say) -> None:
    """VACUUM ANALYZE and a checkpoint: the state autovacuum would reach by itself, reached
    before the timing rather than during it."""
    began = time.perf_counter()
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        for table in ("places", "persons", "residences"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("CHECKPOINT")
    say(f"VACUUM ANALYZE and CHECKPOINT in {time.perf_counter() - began:.1f} s")
