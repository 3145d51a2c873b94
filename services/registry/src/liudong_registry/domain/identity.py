"""Identity documents, checked with python-stdnum's `cn.ric` where it applies.

- Resident ID numbers (公民身份号码), 18 digits: hard errors for length and format, the
  ISO 7064 MOD 11-2 check digit, a real birth date not in the future, and sex and birth date
  that disagree with the number. An unknown region code is only a warning: stdnum's table
  lags behind new and renamed counties, and its lookup raises KeyError for some valid
  numbers (e.g. 620201198506243720). Old 15-digit numbers are converted to 18.
- Hong Kong, Macao and Taiwan residents' residence permits (港澳台居民居住证): the same
  layout and check digit, region 810000 / 820000 / 830000.
- Foreigners' permanent residence cards (外国人永久居留身份证, 2017 and later): 18 digits
  beginning with 9, the same birth-date layout and check digit.
- Passports of foreigners: letters and digits, with the holder's nationality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from stdnum.cn import ric
from stdnum.exceptions import ValidationError


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


IdType = Literal["resident", "hmt_permit", "foreign_pr", "passport"]
HMT_REGIONS = ("810000", "820000", "830000")


@dataclass
class IdCheck:
    number: str
    id_type: IdType = "resident"
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)
    birth_date: date | None = None
    sex: str | None = None


def document_type(number: str) -> IdType:
    """What an 18-digit number is, from its first digits."""
    if number.startswith(HMT_REGIONS):
        return "hmt_permit"
    return "foreign_pr" if number.startswith("9") else "resident"


def upgrade_15(number: str) -> str:
    """A 15-digit resident number (born 19YY) as the 18-digit number it became."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def check_passport(raw: str) -> IdCheck:
    number = "".join(raw.split()).upper()
    result = IdCheck(number=number, id_type="passport")
    if not (5 <= len(number) <= 20 and number.isascii() and number.isalnum()):
        result.errors.append(FieldError("id_number", "护照号码应为5至20位字母或数字"))
    return result


def normalise(raw: str) -> str:
    """Upper case, without the spaces and dashes people type between groups of digits."""
    return "".join(raw.replace("-", " ").split()).upper()


def check_id_number(raw: str, *, today: date, id_type: IdType | None = None) -> IdCheck:
    """Check a document number; `id_type` None means "tell from the number"."""
    if id_type == "passport":
        return check_passport(raw)
    number = normalise(raw)
    upgraded = len(number) == 15 and number.isdigit()
    if upgraded:
        number = upgrade_15(number)
    result = IdCheck(number=number, id_type=document_type(number))
    if upgraded:
        result.warnings.append(FieldError("id_number", "15位号码已转换为18位"))
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
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        result.errors.append(FieldError("id_number", "公民身份号码中的出生日期无效"))
        return result
    if born > today or born.year < 1890:
        result.errors.append(FieldError("id_number", "公民身份号码中的出生日期无效"))
        return result
    result.birth_date = born
    result.sex = "1" if int(number[16]) % 2 else "2"
    if result.id_type == "resident" and not region_known(number):
        result.warnings.append(FieldError("id_number", "地区码未知, 请核对"))
    return result


def region_known(number: str) -> bool:
    return _region_known_in(number[:6], number[6:10])


@lru_cache(maxsize=65_536)
def _region_known_in(region: str, year: str) -> bool:
    """stdnum's table lookup is slow and depends only on the region and the birth year."""
    try:
        ric.get_birth_place(f"{region}{year}0101000X")
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


def search_number(raw: str) -> str:
    """A number as stored: normalised, and a 15-digit resident number in its 18-digit form."""
    number = normalise(raw)
    return upgrade_15(number) if len(number) == 15 and number.isdigit() else number
