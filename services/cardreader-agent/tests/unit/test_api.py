"""The agent's localhost API over a scripted reader: what the browser gets for a card and
for each way a read fails, one read at a time, CORS for the gateway's origin only, and
nothing about a card in the log."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
import structlog
from fastapi.testclient import TestClient

from liudong_cardreader import reader as readers
from liudong_cardreader.api import create_app
from liudong_cardreader.card import encode_text
from liudong_cardreader.reader import CardRead, Mrz, Passport

GATEWAY = "http://127.0.0.1:8000"
SAM = "05.01-20101028-0011187052-2147603829"
TODAY = date(2026, 11, 27)
CARD = {
    "name": "欧阳娜娜",
    "sex": "2",
    "ethnicity": "01",
    "birth_date": "19900307",
    "address": "山东省单县城关镇东关街18号",
    "id_number": "371722199003070025",
    "issuer": "单县公安局",
    "valid_from": "20100101",
    "valid_to": "20200101",
}


class Scripted:
    """A reader that does what the test says, and remembers the MRZ it was given."""

    def __init__(self, answer: Callable[[], CardRead]) -> None:
        self.answer, self.mrz = answer, None

    def read(self, timeout: float, mrz: Mrz | None = None) -> CardRead:
        self.mrz = mrz  # type: ignore[assignment]
        return self.answer()

    def close(self) -> None:
        pass


def client(answer: Callable[[], CardRead]) -> tuple[TestClient, Scripted]:
    scripted = Scripted(answer)
    return TestClient(create_app(scripted, origin=GATEWAY, today=lambda: TODAY)), scripted


def resident() -> CardRead:
    return CardRead(
        reader_id=SAM,
        text=encode_text("resident", CARD),
        photo=b"WL" + bytes(1022),
        chip_serial="0102",
    )


def test_a_resident_card_comes_as_the_form_takes_it_and_its_expiry_is_reported() -> None:
    api, _ = client(resident)
    body = api.get("/api/card", params={"timeout": 2}).json()
    assert body["card_type"] == "resident"
    assert (body["name"], body["sex"], body["ethnicity"]) == ("欧阳娜娜", "2", "01")
    assert (body["birth_date"], body["id_number"]) == ("1990-03-07", "371722199003070025")
    assert (body["valid_to"], body["expired"], body["long_term"]) == ("2020-01-01", True, False)
    assert (body["reader_id"], body["chip_serial"]) == (SAM, "0102")
    assert body["photo_wlt_base64"].startswith("V0w")  # "WL", passed on as it came


def test_a_passport_is_read_with_the_data_pages_key() -> None:
    passport = Passport(
        "P", "USA", "SMITH", "JOHN", "E12345678", "USA", date(1990, 3, 7), "M", date(2030, 1, 1)
    )
    api, scripted = client(lambda: CardRead(reader_id="vpcd 0", passport=passport))
    key = {"passport_number": "e12345678", "birth_date": "1990-03-07", "expiry_date": "2030-01-01"}
    body = api.get("/api/card", params=key).json()
    assert scripted.mrz == Mrz("E12345678", date(1990, 3, 7), date(2030, 1, 1))
    assert (body["card_type"], body["name"], body["sex"]) == ("passport", "SMITH JOHN", "1")
    assert (body["id_number"], body["nationality"], body["expired"]) == ("E12345678", "USA", False)
    partial = api.get("/api/card", params={"passport_number": "E12345678"})
    assert partial.status_code == 422


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (readers.NoCard("未检测到证件"), 408),
        (readers.ReaderUnavailable("读卡器未连接或无响应"), 503),
        (readers.ReadFailed("读卡失败"), 502),
        (readers.NeedsMrz("请输入护照号码"), 422),
    ],
)
def test_each_failed_read_answers_its_status_with_the_message_for_the_clerk(
    error: readers.ReaderError, status: int
) -> None:
    def fail() -> CardRead:
        raise error

    answer = client(fail)[0].get("/api/card")
    assert (answer.status_code, answer.json()["detail"]) == (status, str(error))


def test_a_chip_without_text_and_a_garbled_block_are_failed_reads() -> None:
    assert (
        client(lambda: CardRead(reader_id=SAM, chip_serial="01"))[0].get("/api/card").status_code
        == 502
    )
    garbled = CardRead(reader_id=SAM, text=b"\xff" * 256)
    assert client(lambda: garbled)[0].get("/api/card").status_code == 502


def test_a_second_read_while_one_waits_is_refused() -> None:
    waiting, release = threading.Event(), threading.Event()

    def slow() -> CardRead:
        waiting.set()
        release.wait(5)
        return resident()

    api, _ = client(slow)
    first: list[int] = []
    worker = threading.Thread(target=lambda: first.append(api.get("/api/card").status_code))
    worker.start()
    assert waiting.wait(5)
    second = api.get("/api/card")
    release.set()
    worker.join(5)
    assert (first, second.status_code) == ([200], 409)


def test_only_the_gateways_pages_may_read_a_card() -> None:
    api, _ = client(resident)
    allowed = api.get("/api/card", headers={"Origin": GATEWAY})
    assert allowed.headers.get("access-control-allow-origin") == GATEWAY
    other = api.get("/api/card", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = api.options(
        "/api/card",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 400


def test_nothing_about_the_card_is_logged() -> None:
    api, _ = client(resident)
    with structlog.testing.capture_logs() as logged:
        assert api.get("/api/card").status_code == 200
    text = repr(logged)
    assert logged  # the request itself is logged
    assert CARD["id_number"] not in text
    assert CARD["name"] not in text
