"""The inbound exchange's rules: due times in working days, answers by kind, overdue."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from liudong_events.days import OFFICE_ZONE
from liudong_sync_province import exchange
from liudong_sync_province.exchange import ProvinceMessage


def message(kind: str = "move_out_notice", due: datetime | None = None) -> ProvinceMessage:
    return ProvinceMessage.model_validate(
        {
            "position": 1,
            "message_id": str(uuid.uuid4()),
            "kind": kind,
            "id_number": "110101199003071234",
            "name": "张三",
            "due_at": due,
            "sent_at": datetime.now(UTC),
        }
    )


def test_a_notice_is_due_three_working_days_later_at_the_same_time_of_day() -> None:
    thursday = datetime(2026, 11, 26, 10, 30, tzinfo=OFFICE_ZONE)
    # Friday, (weekend), Monday, Tuesday.
    assert exchange.due_at(message(), thursday) == datetime(2026, 12, 1, 10, 30, tzinfo=OFFICE_ZONE)


def test_the_national_day_holidays_do_not_count_and_the_weekend_worked_instead_does() -> None:
    before = datetime(2026, 9, 30, 9, 0, tzinfo=OFFICE_ZONE)
    due = exchange.working_days_after(before, 3)
    assert due.date() > datetime(2026, 10, 7).date()  # 1-7 October are holidays
    assert exchange.is_working_day(due.date())
    assert due.time() == before.time()


def test_a_year_past_the_holiday_tables_counts_monday_to_friday() -> None:
    friday = datetime(2031, 1, 3, 16, 0, tzinfo=OFFICE_ZONE)
    assert exchange.working_days_after(friday, 3).date().isoformat() == "2031-01-08"


def test_an_assistance_request_is_due_when_the_province_says() -> None:
    due = datetime.now(UTC) + timedelta(hours=4)
    assert exchange.due_at(message("assistance_request", due), datetime.now(UTC)) == due


def test_each_kind_takes_its_own_answers_and_says_which() -> None:
    assert exchange.answer_error("assistance_request", "resident") is None
    assert exchange.answer_error("move_in_notice", "arrival_registered") is None
    wrong = exchange.answer_error("move_in_notice", "resident")
    assert wrong is not None
    assert "arrival_registered" in wrong
    assert "需流入登记" in wrong


def test_an_item_is_overdue_past_its_due_time_or_when_answered_after_it() -> None:
    now = datetime.now(UTC)
    due = now - timedelta(minutes=1)
    assert exchange.is_overdue(due, None, now)
    assert not exchange.is_overdue(due, due - timedelta(seconds=1), now)
    assert exchange.is_overdue(due, due + timedelta(seconds=1), now)
    assert not exchange.is_overdue(now + timedelta(hours=1), None, now)
