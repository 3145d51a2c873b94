"""Inspections of rentals and the hazard notices they raise (隐患通知), followed up by the
department concerned until closed. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Literal

from liudong_events.event_data import Department
from liudong_events.housing_events import (
    Hazard,
    HazardCategory,
    InspectionRecorded,
    NoticeFollowedUp,
)
from liudong_housing.domain.houses import House
from liudong_housing.domain.rules import RuleBroken, refuse_if

# Where a hazard goes unless the inspector names a department: public order to the police
# (公安), fire to the fire department (消防), structure to housing administration (房管).
DEFAULT_DEPARTMENT: dict[HazardCategory, Department | None] = {
    "public_order": "police",
    "fire": "fire",
    "structure": "housing",
    "other": None,
}


@dataclass(frozen=True)
class HazardFound:
    category: HazardCategory
    description: str
    department: Department | None = None


@dataclass(frozen=True)
class Notice:
    id: str
    house_id: str
    department: Department
    status: Literal["open", "in_progress", "closed"]


def record_inspection(
    house: House,
    place_path: list[str],
    inspector_id: str,
    inspected_on: date,
    findings: str | None,
    hazards: list[HazardFound],
    *,
    today: date,
) -> InspectionRecorded:
    """An inspection of a house in the register; each hazard becomes a notice."""
    problems = []
    if house.cancelled:
        problems.append(("house_id", "房屋已注销, 不能检查"))
    if inspected_on > today:
        problems.append(("inspected_on", "检查日期不能晚于今天"))
    raised = []
    for i, found in enumerate(hazards):
        department = found.department or DEFAULT_DEPARTMENT[found.category]
        if department is None:
            problems.append((f"hazards.{i}.department", "其他隐患, 必须指定接收部门"))
            continue
        if not found.description.strip():
            problems.append((f"hazards.{i}.description", "隐患描述, 必须录入, 不能为空!"))
            continue
        raised.append(
            Hazard(
                notice_id=str(uuid.uuid4()),
                category=found.category,
                department=department,
                description=found.description.strip(),
            )
        )
    refuse_if(problems)
    return InspectionRecorded(
        inspection_id=str(uuid.uuid4()),
        house_id=house.id,
        unit_id=house.unit_id,
        place_path=place_path,
        inspected_on=inspected_on,
        inspector_id=inspector_id,
        findings=findings,
        hazards=raised,
    )


def follow_up(
    notice: Notice,
    department: Department | None,
    status: Literal["in_progress", "closed"],
    note: str,
) -> NoticeFollowedUp:
    """The notice's department records what it did; `department` None is an administrator."""
    if department is not None and department != notice.department:
        raise RuleBroken(("notice_id", "该通知不属于本部门"))
    if notice.status == "closed":
        raise RuleBroken(("status", "该通知已办结"))
    if not note.strip():
        raise RuleBroken(("note", "处理情况, 必须录入, 不能为空!"))
    return NoticeFollowedUp(
        notice_id=notice.id, house_id=notice.house_id, status=status, note=note.strip()
    )
