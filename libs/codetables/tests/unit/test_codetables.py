"""Code tables: shipped with source and date, found by code, characters or pinyin initials."""

from __future__ import annotations

import pytest

import liudong_codetables as codetables


def _codes(name: str, q: str | None, parent: str | None = None) -> list[str]:
    return [e.code for e in codetables.table(name).search(q, parent)]


def test_every_table_names_its_source_and_date() -> None:
    for name in codetables.NAMES:
        table = codetables.table(name)
        assert table.source
        assert table.as_of
        assert table.entries, name


def test_ethnicity_has_the_56_groups_with_numeric_codes() -> None:
    groups = [e for e in codetables.table("ethnicity").entries if int(e.code) <= 56]
    assert [e.code for e in groups] == [f"{i:02d}" for i in range(1, 57)]
    assert codetables.table("ethnicity").get("01").name == "汉族"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "q", "first"),
    [
        ("ethnicity", "01", "01"),
        ("ethnicity", "hz", "01"),
        ("ethnicity", "汉", "01"),
        ("marital_status", "20", "20"),
        ("education", "dxbkby", "21"),
        ("political_status", "qz", "13"),
        ("housing_type", "zl", "rented"),
        ("country", "CHN", "CHN"),
        ("country", "zg", "CHN"),
        ("division", "单县", "371722"),
    ],
)
def test_a_code_the_characters_or_the_initials_find_the_entry(
    name: str, q: str, first: str
) -> None:
    assert _codes(name, q)[0] == first


def test_place_names_match_every_reading_of_a_polyphonic_character() -> None:
    assert "371722" in _codes("division", "sx")  # 单县: 单 reads shàn here


def test_divisions_go_down_to_townships_and_list_children_of_a_parent() -> None:
    provinces = _codes("division", None)
    assert "110000" in provinces
    assert len(provinces) == 33  # Taiwan has no numeric code in the source
    children = _codes("division", None, parent="371700")
    assert "371722" in children
    township = _codes("division", None, parent="371722")
    assert township, "单县 has townships"
    assert all(len(code) > 6 for code in township)
