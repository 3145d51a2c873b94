"""A synthetic population for the benchmarks, reproducible from a seed.

Names are Faker's zh_CN surnames, drawn with Faker's own weights (王, 李, 张 … most often),
and one or two given-name characters. Every person is born in a real county (the registry's
vendored division table) and has a valid, unique 18-digit resident ID number: the county
code, the birth date, a sequence whose parity is the sex, and stdnum's check digit.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from faker.providers.person.zh_CN import Provider as ChineseNames
from stdnum.cn import ric

import liudong_codetables as codetables
from liudong_registry.domain.identity import region_known

FIRST_BIRTH = date(1960, 1, 1)
BIRTH_DAYS = 17_532  # 1960-01-01 … 2007-12-31
STRIDE = 7_919  # a prime coprime with BIRTH_DAYS: spreads birth dates, keeps them unique
OTHER_ETHNICITIES = ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11"]


@dataclass(frozen=True)
class Resident:
    id_number: str
    name: str
    sex: str
    birth_date: date
    ethnicity: str
    phone: str
    hukou_address: str


class Population:
    """People numbered 0, 1, 2 …; the same seed and numbers give the same people."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        divisions = codetables.table("division").entries
        by_code = {d.code: d for d in divisions}
        counties = [d for d in divisions if len(d.code) == 6 and not d.code.endswith("00")]
        self.counties = [d for d in counties if _known(d.code)]
        self.addresses = [_address(d, by_code) for d in self.counties]
        self.surnames = list(ChineseNames.last_names)
        self.surname_weights = list(itertools.accumulate(ChineseNames.last_names.values()))
        self.given = list(ChineseNames.first_names)
        self.single = [g for g in self.given if len(g) == 1]

    def id_number(self, number: int, sex: str) -> tuple[str, date]:
        """Unique per number: (county, birth day, sequence) never repeats."""
        county = self.counties[number % len(self.counties)].code
        k = number // len(self.counties)
        born = FIRST_BIRTH + timedelta(days=(k * STRIDE) % BIRTH_DAYS)
        sequence = 2 * (k // BIRTH_DAYS) + (1 if sex == "1" else 0)
        body = f"{county}{born:%Y%m%d}{sequence:03d}"
        return body + str(ric.calc_check_digit(body + "0")), born

    def people(self, first: int, count: int) -> Iterator[Resident]:
        rng = random.Random(f"{self.seed}:{first}:{count}")
        surnames = rng.choices(self.surnames, cum_weights=self.surname_weights, k=count)
        for number, surname in zip(range(first, first + count), surnames, strict=True):
            sex = rng.choice("12")
            given = rng.choice(self.given)
            if len(given) == 1 and rng.random() < 0.6:
                given += rng.choice(self.single)
            id_number, born = self.id_number(number, sex)
            yield Resident(
                id_number=id_number,
                name=surname + given,
                sex=sex,
                birth_date=born,
                ethnicity="01" if rng.random() < 0.92 else rng.choice(OTHER_ETHNICITIES),
                phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                hukou_address=f"{self.addresses[number % len(self.addresses)]}"
                f"{rng.randrange(1, 300)}号",
            )


def _address(county: codetables.Entry, by_code: dict[str, codetables.Entry]) -> str:
    """Province, city and county names, as written on a household register."""
    names: list[str] = []
    entry: codetables.Entry | None = county
    while entry is not None:
        names.append(entry.name)
        entry = by_code.get(entry.parent) if entry.parent else None
    return "".join(reversed(names))


def _known(county: str) -> bool:
    """Counties stdnum's region table knows for every birth date we draw (no warnings)."""
    ends = [f"{county}{FIRST_BIRTH:%Y%m%d}001", f"{county}20071231001"]
    return all(region_known(body + ric.calc_check_digit(body + "0")) for body in ends)
