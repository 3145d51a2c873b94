"""Resident ID numbers (公民身份号码), checked with python-stdnum's `cn.ric`.

Hard errors: length and format, the ISO 7064 MOD 11-2 check digit, a real birth date not in
the future, and sex and birth date that disagree with the number. An unknown region code is
only a warning: stdnum's table lags behind new and renamed counties, and its lookup raises
KeyError for some valid numbers (e.g. 620201198506243720).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass
class IdCheck:
    number: str
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)
    birth_date: date | None = None
    sex: str | None = None


def normalise(raw: str) -> str:
    """Upper case, without the spaces and dashes people type between groups of digits."""
    return ric.compact("".join(raw.replace("-", " ").split()))


def check_id_number(raw: str, *, today: date) -> IdCheck:
    number = normalise(raw)
    result = IdCheck(number=number)
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        result.errors.append(FieldError("id_number", "公民身份号码应为18位, 前17位为数字"))
        return result
    if ric.calc_check_digit(number) != number[17]:
        result.errors.append(FieldError("id_number", "公民身份号码校验位错误"))
        return result
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        result.errors.append(FieldError("id_number", "公民身份号码中的出生日期无效"))
        return result
    if born > today or born.year < 1890:
        result.errors.append(FieldError("id_number", "公民身份号码中的出生日期无效"))
        return result
    result.birth_date = born
    result.sex = "1" if int(number[16]) % 2 else "2"
    if not region_known(number):
        result.warnings.append(FieldError("id_number", "地区码未知, 请核对"))
    return result


def region_known(number: str) -> bool:
    try:
        ric.get_birth_place(number)
    except (ValidationError, KeyError, ValueError):
        return False
    return True


def check_agreement(check: IdCheck, sex: str, birth_date: date) -> list[FieldError]:
    """The form's sex and birth date must agree with what the number says."""
    errors = []
    if check.sex is not None and sex != check.sex:
        errors.append(FieldError("sex", "性别与公民身份号码不符"))
    if check.birth_date is not None and birth_date != check.birth_date:
        errors.append(FieldError("birth_date", "出生日期与公民身份号码不符"))
    return errors


def mask(number: str) -> str:
    """First 6 and last 4 characters, as lists show them."""
    return (
        number[:6] + "*" * (len(number) - 10) + number[-4:]
        if len(number) > 10
        else "*" * len(number)
    )


def mask_phone(phone: str | None) -> str | None:
    """First 3 and last 4 digits, as lists show them."""
    if not phone:
        return phone
    return (
        phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:]
        if len(phone) > 7
        else "*" * len(phone)
    )
