"""How lists show ID numbers and phone numbers: masked, in every service alike."""

from __future__ import annotations


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
