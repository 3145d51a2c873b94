"""Pinyin initials stored for searching names, every reading of polyphonic characters."""

from __future__ import annotations

from math import prod

from pypinyin import Style, pinyin

from liudong_codetables.names import MAX_COMBINATIONS, initials, is_initials, search_keys


def test_shan_surname_is_found_by_both_readings() -> None:
    result = initials("单明")

    assert "sm" in result
    assert "dm" in result


def test_zeng_xiao_hong() -> None:
    assert "zxh" in initials("曾小红")


def test_name_without_polyphonic_characters_gives_one_entry() -> None:
    assert initials("张三") == ["zs"]


def test_the_usual_reading_comes_first_then_the_others_sorted_once_each() -> None:
    result = initials("曾小红", person=True)

    assert result[0] == "zxh"  # 曾 reads zēng as a surname
    assert result[1:] == sorted(set(result[1:]) - {"zxh"})
    assert all(len(r) == 3 for r in result)


def test_many_polyphonic_characters_are_capped() -> None:
    name = "单长行重乐朝还"
    readings = pinyin(name, style=Style.FIRST_LETTER, heteronym=True)
    # The input must really exceed the cap, or the test below proves nothing.
    assert prod(len(set(r)) for r in readings) > MAX_COMBINATIONS

    result = initials(name)

    assert len(result) == MAX_COMBINATIONS
    assert all(len(r) == len(name) for r in result)


def test_separators_in_a_name_are_ignored() -> None:
    assert initials("张 三") == ["zs"]
    assert "aymmt" in initials("阿依·买买提")


def test_a_name_without_chinese_characters_has_no_initials() -> None:
    assert initials("") == []


def test_the_usual_reading_and_the_other_beginnings_are_the_search_keys() -> None:
    usual, others = search_keys("单明")

    assert usual == "sm"
    assert set(others) == {"d", "dm", "c", "cm"}


def test_a_name_without_polyphonic_characters_has_only_its_usual_reading() -> None:
    assert search_keys("张伟") == ("zw", ())


def test_latin_letters_are_read_as_initials_and_characters_as_a_name() -> None:
    assert is_initials("zsf")
    assert is_initials("SMITH")
    assert not is_initials("张三")
    assert not is_initials("z1")
