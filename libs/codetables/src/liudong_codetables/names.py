"""Pinyin initials of a name, every reading of a polyphonic character included.

Stored at write time so that "dx" finds 丹心 and both "sm" and "dm" find 单明 (单 reads
shàn as a surname and dān otherwise). Readings multiply, so combinations are capped.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from pypinyin import Style, lazy_pinyin, pinyin

MAX_COMBINATIONS = 64
# Surnames read differently from the same character elsewhere (曾 zēng, not céng).
SURNAME_INITIALS = {
    "万俟": "mq",
    "尉迟": "yc",
    "长孙": "zs",
    "单": "s",
    "曾": "z",
    "解": "x",
    "仇": "q",
    "朴": "p",
    "查": "z",
    "区": "o",
    "乐": "y",
    "覃": "q",
    "翟": "z",
    "盖": "g",
    "缪": "m",
    "秘": "b",
    "繁": "p",
    "种": "c",
    "员": "y",
    "召": "s",
    "折": "s",
    "尉": "y",
    "柏": "b",
    "重": "c",
    "句": "g",
    "阚": "k",
    "铅": "y",
    "藏": "z",
    "相": "x",
    "隗": "w",
    "薄": "b",
}


def initials(name: str, *, person: bool = False) -> list[str]:
    """The usual reading first (shown to users), then every other one.

    For a person's name (`person=True`) the usual reading of the surname is the surname's.
    """
    if person:  # a person's name is no phrase: each character as read alone
        usual = _surname_first(name, "".join(_usual_initial(ch) for ch in name))
    else:
        usual = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    options = [o for o in (_char_initials(ch) for ch in name) if o]
    combos: list[str] = []
    for combo in product(*options):
        combos.append("".join(combo))
        if len(combos) >= MAX_COMBINATIONS:
            break
    others = sorted({c for c in combos if c} - {usual})
    return ([usual, *others] if usual else others)[:MAX_COMBINATIONS]


@lru_cache(maxsize=20_000)
def _usual_initial(char: str) -> str:
    """A character's usual initial (read alone: a name is not a phrase)."""
    return "".join(lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")).lower()


@lru_cache(maxsize=20_000)
def _char_initials(char: str) -> tuple[str, ...]:
    """Every initial a character may read with (a few thousand characters cover names)."""
    readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    return tuple(sorted({r.lower() for reading in readings for r in reading if r}))


def _surname_first(name: str, usual: str) -> str:
    for surname in sorted(SURNAME_INITIALS, key=len, reverse=True):
        if name.startswith(surname):
            return SURNAME_INITIALS[surname] + usual[len(surname) :]
    return usual


@lru_cache(maxsize=100_000)  # names repeat a great deal in a batch import
def search_keys(name: str) -> tuple[str, tuple[str, ...]]:
    """What a search by initials matches: the usual reading's initials (any beginning of
    them, through an ordered index) and every beginning of another reading that is not
    also a beginning of the usual one ("dm" and "d" for 单明, read "sm" as a surname)."""
    readings = initials(name, person=True)
    usual = readings[0] if readings else ""
    own = {usual[:n] for n in range(1, len(usual) + 1)}
    others = {r[:n] for r in readings[1:] for n in range(1, len(r) + 1)} - own
    return usual, tuple(sorted(others))


def is_initials(query: str) -> bool:
    """A query of Latin letters only is read as pinyin initials (or a Latin name)."""
    return query.isascii() and query.isalpha()
