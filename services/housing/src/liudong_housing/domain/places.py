"""The place tree: district › station › community › compound › building › unit.

Each kind hangs directly below the kind before it; a district is a root.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from liudong_events.catalog import PLACE_KINDS, PathStep, PlaceCreated, PlaceKind


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
