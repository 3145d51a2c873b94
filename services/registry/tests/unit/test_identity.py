"""Resident ID numbers: what a clerk typing one into the form gets back."""

from __future__ import annotations

from datetime import date

import pytest

from liudong_events.masking import mask
from liudong_registry.domain.identity import (
    FieldError,
    IdCheck,
    check_agreement,
    check_id_number,
)

TODAY = date(2026, 11, 26)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2, computed here so the tests do not lean on the code under test."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def error_fields(check: IdCheck) -> list[str]:
    return [e.field for e in check.errors]


def test_valid_number_gives_birth_date_and_sex() -> None:
    check = check_id_number("11010519491231002X", today=TODAY)

    assert check.errors == []
    assert check.warnings == []
    assert check.number == "11010519491231002X"
    assert check.birth_date == date(1949, 12, 31)
    assert check.sex == "2"


def test_lower_case_x_is_accepted_and_normalised() -> None:
    check = check_id_number("11010519491231002x", today=TODAY)

    assert check.errors == []
    assert check.number == "11010519491231002X"


def test_odd_sequence_digit_means_male() -> None:
    number = with_check_digit("11010519800101001")
    check = check_id_number(number, today=TODAY)

    assert check.errors == []
    assert check.sex == "1"
    assert check.birth_date == date(1980, 1, 1)


def test_wrong_check_digit_is_an_error_on_id_number() -> None:
    check = check_id_number("110105194912310021", today=TODAY)

    assert error_fields(check) == ["id_number"]
    assert check.birth_date is None
    assert check.sex is None


@pytest.mark.parametrize(
    "first17",
    [
        pytest.param("11010519851301002", id="month-13"),
        pytest.param("11010519850230002", id="feb-30"),
        pytest.param("11010519850000002", id="month-00"),
        pytest.param("11010518891231002", id="before-1890"),
    ],
)
def test_impossible_birth_date_is_an_error(first17: str) -> None:
    check = check_id_number(with_check_digit(first17), today=TODAY)

    assert error_fields(check) == ["id_number"]
    assert check.birth_date is None


def test_birth_date_after_today_is_an_error() -> None:
    check = check_id_number(with_check_digit("11010520261127002"), today=TODAY)

    assert error_fields(check) == ["id_number"]
    assert check.birth_date is None


def test_birth_date_on_today_is_accepted() -> None:
    check = check_id_number(with_check_digit("11010520261126002"), today=TODAY)

    assert check.errors == []
    assert check.birth_date == TODAY


def test_future_is_judged_against_the_today_argument() -> None:
    number = with_check_digit("11010520261127002")

    assert check_id_number(number, today=date(2026, 11, 27)).errors == []
    assert error_fields(check_id_number(number, today=TODAY)) == ["id_number"]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("11010519491231002", id="17-digits"),
        pytest.param("11010519491231002XX", id="19-chars"),
        pytest.param("1101051949123100AX", id="letter-inside"),
        pytest.param("11010519491231002Y", id="letter-other-than-x"),
        pytest.param("X10105194912310021", id="x-not-last"),
    ],
)
def test_wrong_length_or_letters_is_an_error(raw: str) -> None:
    check = check_id_number(raw, today=TODAY)

    assert error_fields(check) == ["id_number"]
    assert check.birth_date is None
    assert check.sex is None


def test_number_with_region_stdnum_cannot_look_up_is_accepted_with_a_warning() -> None:
    check = check_id_number("620201198506243720", today=TODAY)

    assert check.errors == []
    assert [w.field for w in check.warnings] == ["id_number"]
    assert check.birth_date == date(1985, 6, 24)
    assert check.sex == "2"


def test_agreement_reports_sex_and_birth_date_that_disagree() -> None:
    check = check_id_number("11010519491231002X", today=TODAY)

    errors = check_agreement(check, "1", date(1950, 1, 1))

    assert sorted(e.field for e in errors) == ["birth_date", "sex"]


def test_agreement_reports_only_the_field_that_disagrees() -> None:
    check = check_id_number("11010519491231002X", today=TODAY)

    assert [e.field for e in check_agreement(check, "1", date(1949, 12, 31))] == ["sex"]
    assert [e.field for e in check_agreement(check, "2", date(1949, 12, 30))] == ["birth_date"]


def test_agreement_reports_nothing_when_the_form_matches() -> None:
    check = check_id_number("11010519491231002X", today=TODAY)

    assert check_agreement(check, "2", date(1949, 12, 31)) == []


def test_field_error_carries_a_message() -> None:
    check = check_id_number("110105194912310021", today=TODAY)

    assert all(isinstance(e, FieldError) and e.message for e in check.errors)


def test_mask_shows_first_six_and_last_four() -> None:
    masked = mask("11010519491231002X")

    assert masked == "110105********002X"
    assert len(masked) == 18


def test_mask_hides_short_values_entirely() -> None:
    assert mask("1234567890") == "**********"


def test_spaces_and_dashes_typed_between_groups_are_ignored() -> None:
    result = check_id_number("110105 19491231 002x", today=TODAY)
    assert result.errors == []
    assert result.number == "11010519491231002X"


def test_phone_numbers_in_lists_show_first_three_and_last_four() -> None:
    from liudong_events.masking import mask_phone

    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) is None


def test_a_15_digit_number_is_converted_to_its_18_digit_form() -> None:
    result = check_id_number("110105491231002", today=TODAY)
    assert result.errors == []
    assert result.number == "11010519491231002X"
    assert [w.message for w in result.warnings] == ["15位号码已转换为18位"]


def _with_check_digit(body17: str) -> str:
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("81000019900101001", "hmt_permit"),
        ("82000019900101001", "hmt_permit"),
        ("83000019900101001", "hmt_permit"),
        ("91567819900101001", "foreign_pr"),
    ],
)
def test_permits_and_permanent_residence_cards_follow_their_own_rules(body: str, kind: str) -> None:
    good = check_id_number(_with_check_digit(body), today=TODAY)
    assert (good.errors, good.warnings, good.id_type) == ([], [], kind)
    assert good.birth_date == date(1990, 1, 1)
    bad = _with_check_digit(body)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    assert check_id_number(bad, today=TODAY).errors


def test_passports_are_letters_and_digits() -> None:
    assert check_id_number("e 1234567", today=TODAY, id_type="passport").number == "E1234567"
    assert check_id_number("E12", today=TODAY, id_type="passport").errors
