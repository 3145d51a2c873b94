"""The few gateway calls the benchmark makes outside the timed load: login, places, occupancy."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx


@dataclass
class Tree:
    district: str
    units: list[str] = field(default_factory=list)


def add_place(client: httpx.Client, kind: str, name: str, parent: str | None) -> str:
    response = client.post("/api/places", json={"kind": kind, "name": name, "parent_id": parent})
    if response.status_code != 201:
        raise RuntimeError(f"POST /api/places ({kind}) -> {response.status_code}: {response.text}")
    return str(response.json()["id"])


def build_tree(client: httpx.Client, buildings: int, units: int) -> Tree:
    """1 district › 1 station › 1 community › 1 compound › `buildings` × `units`."""
    district = add_place(client, "district", "城关区", None)
    station = add_place(client, "station", "东关派出所", district)
    community = add_place(client, "community", "东关社区", station)
    compound = add_place(client, "compound", "幸福小区", community)
    tree = Tree(district)
    for b in range(buildings):
        building = add_place(client, "building", f"{b + 1}号楼", compound)
        tree.units += [add_place(client, "unit", f"{u + 1:02d}室", building) for u in range(units)]
    return tree


def current(client: httpx.Client, place_id: str) -> int:
    response = client.get("/api/stats/occupancy", params={"place_id": place_id})
    response.raise_for_status()
    return int(response.json()["totals"]["current"])


def wait_for_current(
    client: httpx.Client, place_id: str, expected: int, give_up_after: float, interval: float
) -> tuple[float | None, int]:
    """Poll until `current` is `expected`: (perf_counter when seen, or None; last value)."""
    deadline = time.perf_counter() + give_up_after
    seen = current(client, place_id)
    while seen != expected and time.perf_counter() < deadline:
        time.sleep(interval)
        seen = current(client, place_id)
    return (time.perf_counter() if seen == expected else None), seen
