"""The place tree: district › station › community › compound › building › unit.

Each kind hangs directly below the kind before it; a district is a root.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from liudong_events.catalog import (
    PLACE_KINDS,
    PathStep,
    PlaceCreated,
    PlaceKind,
    PlaceOfficerAssigned,
)


class PlaceRuleBroken(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Place:
    id: str
    kind: PlaceKind
    name: str
    parent_id: str | None
    code: str | None
    path: tuple[PathStep, ...]
    officer_id: str | None = None
    officer_name: str | None = None

    @property
    def path_ids(self) -> list[str]:
        return [step.id for step in self.path]


def parent_kind(kind: PlaceKind) -> PlaceKind | None:
    index = PLACE_KINDS.index(kind)
    return PLACE_KINDS[index - 1] if index else None


def create_place(
    kind: PlaceKind, name: str, parent: Place | None, code: str | None = None
) -> PlaceCreated:
    """Decide a new place under `parent`; raises PlaceRuleBroken naming the field at fault."""
    if not name.strip():
        raise PlaceRuleBroken("name", "名称, 必须录入, 不能为空!")
    expected_parent = parent_kind(kind)
    if expected_parent is None and parent is not None:
        raise PlaceRuleBroken("parent_id", "a district has no parent")
    if expected_parent is not None and parent is None:
        raise PlaceRuleBroken("parent_id", f"a {kind} must hang under a {expected_parent}")
    if parent is not None and parent.kind != expected_parent:
        raise PlaceRuleBroken(
            "parent_id", f"a {kind} hangs under a {expected_parent}, not a {parent.kind}"
        )
    place_id = str(uuid.uuid4())
    step = PathStep(id=place_id, kind=kind, name=name.strip())
    return PlaceCreated(
        place_id=place_id,
        kind=kind,
        name=step.name,
        parent_id=parent.id if parent else None,
        code=code,
        path=[*(parent.path if parent else ()), step],
    )


# A responsible officer (管辖民警) looks after an area: a community, a compound or a building.
OFFICER_KINDS: tuple[PlaceKind, ...] = ("community", "compound", "building")


def assign_officer(
    place: Place, officer_id: str | None, officer_name: str | None
) -> PlaceOfficerAssigned | None:
    """Decide the place's responsible officer (None: unassign); None when nothing changes."""
    if place.kind not in OFFICER_KINDS:
        raise PlaceRuleBroken("place_id", "管辖民警只能指定到社区、小区或楼栋")
    name = (officer_name or "").strip() or None
    if officer_id is not None and name is None:
        raise PlaceRuleBroken("officer_name", "民警姓名, 必须录入, 不能为空!")
    if officer_id is None:
        name = None
    if (officer_id, name) == (place.officer_id, place.officer_name):
        return None
    return PlaceOfficerAssigned(place_id=place.id, officer_id=officer_id, officer_name=name)
