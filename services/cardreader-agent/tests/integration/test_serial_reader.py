"""The serial backend against a simulated SAM reader on a real pseudo-terminal: each card
type read field by field, and each way a desk's reader goes wrong told apart for the clerk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import serial

from liudong_cardreader import ga467
from liudong_cardreader.card import parse_text
from liudong_cardreader.reader import (
    FAILED,
    NO_CARD,
    UNAVAILABLE,
    CardRead,
    NoCard,
    ReaderUnavailable,
    ReadFailed,
)
from liudong_cardreader.serial_backend import SerialReader
from liudong_cardreader.simulator import (
    SAMPLE_PHOTO,
    SAMPLE_SAM_ID_TEXT,
    SAMPLES,
    SimulatedReader,
    sample_card,
)

WAIT_S = 2.0  # generous: a card on the simulator is read at once


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimulatedReader]:
    with SimulatedReader(tmp_path) as reader:
        yield reader


@pytest.fixture
def agent(sim: SimulatedReader) -> Iterator[SerialReader]:
    reader = SerialReader(str(sim.path), command_timeout=0.3, read_timeout=0.6)
    yield reader
    reader.close()


def read_resident(sim: SimulatedReader, agent: SerialReader) -> CardRead:
    sim.put(*sample_card("resident"))
    return agent.read(WAIT_S)


def assert_resident(read: CardRead) -> None:
    assert read.text is not None
    text = parse_text(read.text)
    assert (text.name, text.id_number) == ("李晓明", SAMPLES["resident"]["id_number"])
    assert read.reader_id == SAMPLE_SAM_ID_TEXT


def test_a_resident_card_is_read_with_every_field(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    read = read_resident(sim, agent)
    assert read.reader_id == SAMPLE_SAM_ID_TEXT
    assert read.photo == SAMPLE_PHOTO
    assert read.text is not None
    text = parse_text(read.text)
    assert text.card_type == "resident"
    assert (text.name, text.sex, text.ethnicity) == ("李晓明", "1", "01")
    assert text.id_number == SAMPLES["resident"]["id_number"]
    assert text.id_number.startswith("110101198503121")  # birth date and sex agree
    assert text.birth_date == date(1985, 3, 12)
    assert text.address == "北京市东城区东华门街道南池子大街12号"
    assert text.issuer == "北京市公安局东城分局"
    assert (text.valid_from, text.valid_to) == (date(2015, 6, 1), date(2035, 6, 1))


def test_a_residence_permit_is_read_with_its_permit_number(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    sim.put(*sample_card("hmt_permit"))
    read = agent.read(WAIT_S)
    assert read.reader_id == SAMPLE_SAM_ID_TEXT
    assert read.text is not None
    text = parse_text(read.text)
    assert text.card_type == "hmt_permit"
    assert (text.name, text.sex, text.ethnicity) == ("陈美玲", "2", None)
    assert text.id_number == SAMPLES["hmt_permit"]["id_number"]
    assert text.id_number.startswith("810000")  # Hong Kong
    assert text.birth_date == date(1992, 5, 21)
    assert (text.permit_number, text.issue_count) == ("H60123456", 2)
    assert (text.valid_from, text.valid_to) == (date(2024, 1, 1), date(2029, 1, 1))


def test_a_foreigners_card_is_read_with_both_names_and_nationality(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    sim.put(*sample_card("foreigner"))
    read = agent.read(WAIT_S)
    assert read.reader_id == SAMPLE_SAM_ID_TEXT
    assert read.text is not None
    text = parse_text(read.text)
    assert text.card_type == "foreigner"
    assert (text.name, text.chinese_name) == ("史密斯", "史密斯")
    assert text.english_name == "SMITH, JOHN MICHAEL"
    assert (text.nationality, text.id_number) == ("USA", "USA110078091512")
    assert text.birth_date == date(1978, 9, 15)
    assert text.issuer == "中华人民共和国国家移民管理局"
    assert text.valid_to == date(2030, 3, 15)


def test_no_card_on_the_reader_is_no_card_after_the_timeout(agent: SerialReader) -> None:
    with pytest.raises(NoCard) as caught:
        agent.read(0.3)
    assert str(caught.value) == NO_CARD


def test_a_card_put_while_waiting_is_read(sim: SimulatedReader, agent: SerialReader) -> None:
    with pytest.raises(NoCard):
        agent.read(0.2)
    sim.put(*sample_card("resident"))
    assert_resident(agent.read(WAIT_S))


def test_a_silent_reader_is_unavailable(sim: SimulatedReader, agent: SerialReader) -> None:
    sim.silent = True
    sim.put(*sample_card("resident"))
    with pytest.raises(ReaderUnavailable) as caught:
        agent.read(WAIT_S)
    assert str(caught.value) == UNAVAILABLE
    sim.silent = False
    assert_resident(agent.read(WAIT_S))


def test_a_missing_device_is_unavailable(tmp_path: Path) -> None:
    reader = SerialReader(str(tmp_path / "ttyUSB9"), command_timeout=0.3)
    with pytest.raises(ReaderUnavailable):
        reader.read(0.2)
    reader.close()


def test_an_unplugged_reader_is_unavailable_until_plugged_back(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    assert_resident(read_resident(sim, agent))
    sim.unplug()
    with pytest.raises(ReaderUnavailable):  # the open port's pty is gone: EIO
        agent.read(WAIT_S)
    with pytest.raises(ReaderUnavailable):  # the device path is gone
        agent.read(WAIT_S)
    sim.plug()
    assert_resident(read_resident(sim, agent))


def test_noise_before_an_answer_is_skipped(sim: SimulatedReader, agent: SerialReader) -> None:
    sim.garbage = b"\x00\xaa\x00\xaa\xaa\x96" + ga467.PREAMBLE + b"\xff\xff noise"
    assert_resident(read_resident(sim, agent))


def test_one_garbled_answer_is_asked_again(sim: SimulatedReader, agent: SerialReader) -> None:
    assert_resident(read_resident(sim, agent))  # opened, SAM id known
    sim.bad_checksum_next = True
    assert_resident(agent.read(WAIT_S))
    assert not sim.bad_checksum_next


def test_a_failed_read_is_read_failed_and_the_next_read_works(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    sim.fail_read = True
    with pytest.raises(ReadFailed) as caught:
        read_resident(sim, agent)
    assert str(caught.value) == FAILED
    assert_resident(agent.read(WAIT_S))


def test_a_card_pulled_mid_read_is_read_failed_and_the_next_card_is_read(
    sim: SimulatedReader, agent: SerialReader
) -> None:
    sim.pull_mid_read = True
    with pytest.raises(ReadFailed):
        read_resident(sim, agent)
    assert sim.card is None
    assert_resident(read_resident(sim, agent))


def test_a_request_with_a_wrong_checksum_gets_0x10(sim: SimulatedReader) -> None:
    request = bytearray(ga467.encode_request(*ga467.FIND_CARD))
    request[-1] ^= 0xFF
    decoder = ga467.FrameDecoder.for_responses()
    with serial.Serial(str(sim.path), 115200, timeout=0.05) as port:
        port.write(bytes(request))
        frames: list[ga467.Response | ga467.BadChecksum] = []
        for _ in range(40):
            frames += decoder.feed(port.read(64))
            if frames:
                break
    assert frames == [ga467.Response(ga467.BAD_CHECKSUM)]


def test_an_unknown_command_gets_0x21(sim: SimulatedReader) -> None:
    decoder = ga467.FrameDecoder.for_responses()
    with serial.Serial(str(sim.path), 115200, timeout=0.05) as port:
        port.write(ga467.encode_request(0x7E, 0x01))
        frames: list[ga467.Response | ga467.BadChecksum] = []
        for _ in range(40):
            frames += decoder.feed(port.read(64))
            if frames:
                break
    assert frames == [ga467.Response(ga467.BAD_COMMAND)]
