"""Personal data is removed from log lines before they are written."""

from __future__ import annotations

from typing import Any

import pytest

from liudong_events.logs import redact_personal_data, redact_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 11010519491231002X ok", "id [id-number] ok"),
        ("id 11010519491231002x ok", "id [id-number] ok"),
        ("id 620201198506243720", "id [id-number]"),
        ("old id 110105491231002.", "old id [id-number]."),
        ("身份证号:11010519491231002X,", "身份证号:[id-number],"),
    ],
)
def test_id_numbers_are_removed(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobile_numbers_are_removed(prefix: str) -> None:
    number = prefix + "812345678"

    assert redact_text(f"tel {number}") == "tel [phone]"


def test_several_items_in_one_line_are_all_removed() -> None:
    line = "张三 11010519491231002X 电话13812345678, 李四 110105491231002 电话 15900001111"

    assert redact_text(line) == "张三 [id-number] 电话[phone], 李四 [id-number] 电话 [phone]"


@pytest.mark.parametrize(
    "text",
    [
        "request took 12345 ms",
        "arrival 2026-11-26",
        "period 20261126",
        "unit 110105",
        "landline 010-65123456",
        "not a mobile 12812345678",
        "too long for a mobile 138123456789",
        "sixteen digits 1234567890123456",
        "",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_redaction_reaches_nested_dicts_and_lists() -> None:
    event: dict[str, Any] = {
        "event": "check-in 11010519491231002X",
        "body": {
            "person": {"id_number": "11010519491231002X", "phone": "13812345678"},
            "people": [{"note": "call 15900001111"}, "110105491231002"],
            "pair": ("13812345678", "keep"),
        },
        "count": 3,
        "arrival": "2026-11-26",
    }

    result = redact_personal_data(None, "info", event)

    assert result == {
        "event": "check-in [id-number]",
        "body": {
            "person": {"id_number": "[id-number]", "phone": "[phone]"},
            "people": [{"note": "call [phone]"}, "[id-number]"],
            "pair": ["[phone]", "keep"],
        },
        "count": 3,
        "arrival": "2026-11-26",
    }


def test_redaction_does_not_change_the_callers_dict() -> None:
    body = {"id_number": "11010519491231002X"}
    event: dict[str, Any] = {"body": body}

    redact_personal_data(None, "info", event)

    assert body == {"id_number": "11010519491231002X"}


def test_numbers_logged_as_integers_and_keys_are_redacted_too() -> None:
    out = redact_personal_data(None, "info", {"phone": 13812345678, "13812345678": "x", "n": 42})
    assert out == {"phone": "[phone]", "[phone]": "x", "n": 42}
