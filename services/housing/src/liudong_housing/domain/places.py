"""The place tree: district › station › community › compound › building › unit.

Each kind hangs directly below the kind before it; a district is a root.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from liudong_events.catalog import (
    PLACE_KINDS,
    PathStep,
    PlaceCreated,
    PlaceKind,
    PlaceOfficerAssigned,
)
from liudong_events.housing_events import (
    PlaceAddressSet,
    PlaceMoved,
    PlaceRenamed,
    PlaceRetired,
    StandardAddress,
)
from liudong_housing.domain.rules import RuleBroken


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
    retired_reason: str | None = None
    address: StandardAddress | None = None

    @property
    def path_ids(self) -> list[str]:
        return [step.id for step in self.path]

    @property
    def retired(self) -> bool:
        return self.retired_reason is not None


def _check_code(kind: PlaceKind, code: str | None) -> None:
    """A district's code is its administrative division code (GB/T 2260, six digits)."""
    if kind == "district" and code is not None and not re.fullmatch(r"\d{6}", code):
        raise RuleBroken(("code", "区县代码应为6位行政区划代码"))


def parent_kind(kind: PlaceKind) -> PlaceKind | None:
    index = PLACE_KINDS.index(kind)
    return PLACE_KINDS[index - 1] if index else None


def create_place(
    kind: PlaceKind, name: str, parent: Place | None, code: str | None = None
) -> PlaceCreated:
    """Decide a new place under `parent`; raises RuleBroken naming the field at fault."""
    if not name.strip():
        raise RuleBroken(("name", "名称, 必须录入, 不能为空!"))
    _check_code(kind, code)
    expected_parent = parent_kind(kind)
    if expected_parent is None and parent is not None:
        raise RuleBroken(("parent_id", "a district has no parent"))
    if expected_parent is not None and parent is None:
        raise RuleBroken(("parent_id", f"a {kind} must hang under a {expected_parent}"))
    if parent is not None and parent.kind != expected_parent:
        raise RuleBroken(
            ("parent_id", f"a {kind} hangs under a {expected_parent}, not a {parent.kind}")
        )
    if parent is not None and parent.retired:
        raise RuleBroken(("parent_id", "上级地点已撤销, 不能再添加下级"))
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
        raise RuleBroken(("place_id", "管辖民警只能指定到社区、小区或楼栋"))
    name = (officer_name or "").strip() or None
    if officer_id is not None and name is None:
        raise RuleBroken(("officer_name", "民警姓名, 必须录入, 不能为空!"))
    if officer_id is None:
        name = None
    if (officer_id, name) == (place.officer_id, place.officer_name):
        return None
    return PlaceOfficerAssigned(place_id=place.id, officer_id=officer_id, officer_name=name)


def _open(place: Place) -> None:
    if place.retired:
        raise RuleBroken(("place_id", "该地点已撤销, 不能再修改"))


def rename_place(place: Place, name: str, code: str | None) -> PlaceRenamed | None:
    """A new name or code (None when nothing changes); the id, and all under it, stay."""
    _open(place)
    name = name.strip()
    if not name:
        raise RuleBroken(("name", "名称, 必须录入, 不能为空!"))
    _check_code(place.kind, code)
    if (name, code) == (place.name, place.code):
        return None
    return PlaceRenamed(place_id=place.id, name=name, code=code)


def move_place(place: Place, parent: Place) -> PlaceMoved:
    """Re-hang a place (with all under it) below another parent of the right kind."""
    _open(place)
    if parent.kind != parent_kind(place.kind):
        raise RuleBroken(("parent_id", f"a {place.kind} hangs under a {parent_kind(place.kind)}"))
    if parent.retired:
        raise RuleBroken(("parent_id", "上级地点已撤销, 不能迁入"))
    if parent.id == place.parent_id:
        raise RuleBroken(("parent_id", "已在该上级地点之下"))
    step = PathStep(id=place.id, kind=place.kind, name=place.name)
    return PlaceMoved(
        place_id=place.id,
        parent_id=parent.id,
        path=[*parent.path, step],
        old_path=place.path_ids,
    )


def retire_place(place: Place, reason: str, open_children: int, residents: int) -> PlaceRetired:
    """Retire a place nobody lives under and whose children are retired first."""
    _open(place)
    problems = []
    if not reason.strip():
        problems.append(("reason", "撤销原因, 必须录入, 不能为空!"))
    if open_children:
        problems.append(("place_id", f"尚有{open_children}个下级地点未撤销"))
    if residents:
        problems.append(("place_id", f"尚有{residents}人在此居住, 请先办理离开"))
    if problems:
        raise RuleBroken(*problems)
    return PlaceRetired(place_id=place.id, reason=reason.strip())


def set_address(place: Place, address: StandardAddress) -> PlaceAddressSet | None:
    """A unit's standard address (街路巷, 门楼牌号, 房号) and its descriptive address."""
    _open(place)
    if place.kind != "unit":
        raise RuleBroken(("place_id", "标准地址只能登记到户(房屋)"))
    if not address.street.strip():
        raise RuleBroken(("street", "街路巷, 必须录入, 不能为空!"))
    if not address.door_no.strip():
        raise RuleBroken(("door_no", "门楼牌号, 必须录入, 不能为空!"))
    if address == place.address:
        return None
    return PlaceAddressSet(place_id=place.id, address=address)
