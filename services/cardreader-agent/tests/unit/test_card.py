"""The text block of each card type read field by field, as a clerk sees them on the form."""

from __future__ import annotations

from datetime import date

import pytest

from liudong_cardreader.card import UnreadableText, encode_text, parse_text

RESIDENT = {
    "name": "欧阳娜娜",
    "sex": "2",
    "ethnicity": "01",
    "birth_date": "19900307",
    "address": "山东省单县城关镇东关街18号",
    "id_number": "371722199003070025",
    "issuer": "单县公安局",
    "valid_from": "20200101",
    "valid_to": "长期",
}


def test_a_resident_card_gives_every_field() -> None:
    text = parse_text(encode_text("resident", RESIDENT))
    assert text.card_type == "resident"
    assert (text.name, text.sex, text.ethnicity) == ("欧阳娜娜", "2", "01")
    assert text.birth_date == date(1990, 3, 7)
    assert text.address == "山东省单县城关镇东关街18号"
    assert (text.id_number, text.issuer) == ("371722199003070025", "单县公安局")
    assert text.valid_from == date(2020, 1, 1)
    assert text.valid_to is None  # 长期: valid without end
    assert not text.expired(date(2099, 1, 1))


def test_a_hong_kong_residents_permit_gives_its_permit_number_and_issue_count() -> None:
    values = {
        **RESIDENT,
        "name": "陈大文",
        "sex": "1",
        "id_number": "810000199003070012",
        "issuer": "广东省公安厅",
        "valid_to": "20250101",
        "permit_number": "H12345678",
        "issue_count": "03",
    }
    text = parse_text(encode_text("hmt_permit", values))
    assert text.card_type == "hmt_permit"
    assert (text.name, text.id_number) == ("陈大文", "810000199003070012")
    assert (text.permit_number, text.issue_count) == ("H12345678", 3)
    assert text.ethnicity is None
    assert text.expired(date(2025, 1, 2))
    assert not text.expired(date(2025, 1, 1))


def test_a_foreigners_permanent_residence_card_gives_both_names_and_nationality() -> None:
    values = {
        "english_name": "SMITH, JOHN",
        "sex": "1",
        "id_number": "USA110090030701",
        "nationality": "USA",
        "chinese_name": "史密斯",
        "valid_from": "20200101",
        "valid_to": "20300101",
        "birth_date": "19900307",
        "card_version": "01",
        "issuer_code": "1100",
    }
    text = parse_text(encode_text("foreigner", values))
    assert text.card_type == "foreigner"
    assert (text.name, text.english_name, text.chinese_name) == ("史密斯", "SMITH, JOHN", "史密斯")
    assert (text.nationality, text.id_number) == ("USA", "USA110090030701")
    assert text.birth_date == date(1990, 3, 7)
    assert text.valid_to == date(2030, 1, 1)


def test_a_foreigner_without_a_chinese_name_goes_by_the_english_one() -> None:
    values = {"english_name": "DOE, JANE", "sex": "2", "nationality": "CAN"}
    values |= {"valid_from": "20200101", "valid_to": "20300101", "birth_date": "19850101"}
    assert parse_text(encode_text("foreigner", values)).name == "DOE, JANE"


@pytest.mark.parametrize(
    "block",
    [
        encode_text("resident", RESIDENT)[:200],
        encode_text("resident", {**RESIDENT, "birth_date": "19900230"}),
        encode_text("resident", {**RESIDENT, "valid_from": "2020010"}),
    ],
    ids=["short block", "no such day", "date not YYYYMMDD"],
)
def test_a_block_that_is_no_card_is_refused(block: bytes) -> None:
    with pytest.raises(UnreadableText):
        parse_text(block)
