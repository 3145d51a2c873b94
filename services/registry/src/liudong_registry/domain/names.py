"""Pinyin initials of a name, every reading of a polyphonic character included.

Stored at write time so that "dx" finds 丹心 and both "sm" and "dm" find 单明 (单 reads
shàn as a surname and dān otherwise). Readings multiply, so combinations are capped.
"""

from __future__ import annotations

from itertools import product

from pypinyin import Style, pinyin

MAX_COMBINATIONS = 64


def initials(name: str) -> list[str]:
    readings = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    options = [sorted({r.lower() for r in reading if r}) for reading in readings if reading]
    combos: list[str] = []
    for combo in product(*options):
        combos.append("".join(combo))
        if len(combos) >= MAX_COMBINATIONS:
            break
    return sorted({c for c in combos if c})
