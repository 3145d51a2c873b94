"""Correcting a person's record: every version is kept, as an event with old and new values.

The corrected record must still satisfy the declaration's rules: a valid ID number that
agrees with sex and birth date, and codes from their tables.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from liudong_events.catalog import PersonAmended
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import (
    AMENDABLE,
    PERSON_CODES,
    DeclarationInvalid,
    KnownCode,
    PersonDetails,
    code_errors,
    person_errors,
)


def _text(value: object) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def decide_amendment(
    person_id: str,
    current: PersonDetails,
    changes: dict[str, object],
    reason: str,
    *,
    today: date,
    known: KnownCode,
) -> tuple[PersonAmended | None, PersonDetails]:
    """Returns the event (None when nothing changes) and the corrected record."""
    if not reason.strip():
        raise DeclarationInvalid([FieldError("reason", "更正原因, 必须录入, 不能为空!")])
    unknown = [k for k in changes if k not in AMENDABLE]
    if unknown:
        raise DeclarationInvalid([FieldError(k, "此项不能更正") for k in unknown])
    amended = replace(current, **changes)  # type: ignore[arg-type]
    number, errors = person_errors(amended, today=today)
    errors += code_errors(vars(amended), PERSON_CODES, known)
    if errors:
        raise DeclarationInvalid(errors)
    amended = replace(amended, id_number=number, name=amended.name.strip())
    changed = {k for k in AMENDABLE if getattr(amended, k) != getattr(current, k)}
    if not changed:
        return None, current
    return PersonAmended(
        person_id=person_id,
        changes={k: _text(getattr(amended, k)) for k in sorted(changed)},
        previous={k: _text(getattr(current, k)) for k in sorted(changed)},
        reason=reason.strip(),
    ), amended
