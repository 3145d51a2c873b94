"""Deterministic new people and the check-in declarations that register them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from stdnum.cn import ric

REGION = "110105"  # Beijing, Chaoyang
FIRST_BIRTH_DATE = date(1960, 1, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def id_number(counter: int) -> tuple[str, date, str]:
    """The counter-th ID number: 1000 per birth date, sex from the parity of the sequence."""
    born = FIRST_BIRTH_DATE + timedelta(days=7 * (counter // 1000))
    order = counter % 1000
    sex = "1" if order % 2 else "2"
    body = f"{REGION}{born:%Y%m%d}{order:03d}"
    return body + str(ric.calc_check_digit(body + "0")), born, sex


def name(counter: int) -> str:
    given = GIVEN[counter % len(GIVEN)] + GIVEN[(counter // len(GIVEN)) % len(GIVEN)]
    return SURNAMES[(counter // 7) % len(SURNAMES)] + given


def declaration(counter: int, unit_id: str, arrival: date) -> dict[str, Any]:
    number, born, sex = id_number(counter)
    return {
        "unit_id": unit_id,
        "arrival_date": arrival.isoformat(),
        "person": {
            "id_number": number,
            "name": name(counter),
            "sex": sex,
            "ethnicity": "01",
            "birth_date": born.isoformat(),
            "phone": f"138{counter:08d}",
        },
        "housing_type": "rented",
        "reason": "work",
        "intended_stay_days": 365,
    }


def declarations(first: int, count: int, units: list[str], seed: int) -> list[dict[str, Any]]:
    """`count` declarations for people first..first+count-1, each into a random unit."""
    rng = random.Random(seed)
    today = date.today()
    return [declaration(first + i, rng.choice(units), today) for i in range(count)]
