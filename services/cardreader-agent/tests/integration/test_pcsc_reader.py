"""The `pcsc` backend through the real PC/SC stack: pyscard, libpcsclite, a pcscd of the
session's own with vsmartcard's vpcd driver, and virtual cards on vpcd's socket
(vpcd_card.py): a plain chip card and an e-passport that speaks BAC and secure messaging."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from smartcard.CardMonitoring import CardMonitor, CardMonitoringThread

sys.path.insert(0, str(Path(__file__).parent))  # vpcd_card, beside this file

from vpcd_card import (
    DRIVERS,
    PCSCD,
    READER,
    VPCD_DRIVER,
    ChipCard,
    EPassport,
    Pcscd,
    PcscdFailed,
    VpcdSlot,
    free_port_pair,
    td3,
)

from liudong_cardreader import api
from liudong_cardreader.pcsc_backend import MRZ_MISMATCH, NEEDS_MRZ, PcscReader
from liudong_cardreader.reader import (
    CardRead,
    Mrz,
    NeedsMrz,
    NoCard,
    ReaderError,
    ReaderUnavailable,
    ReadFailed,
)

INSTALL = "`make smartcard` installs them (Debian's pcscd and vsmartcard-vpcd)"

# Before this process's first PC/SC context: libpcsclite reads the socket's name once.
PCSC_ROOT = Path(tempfile.gettempdir()) / f"liudong-pcscd-{os.getpid()}"
os.environ["PCSCLITE_CSOCK_NAME"] = str(PCSC_ROOT / "run" / "pcscd.comm")


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    missing = [str(path) for path in (PCSCD, VPCD_DRIVER) if not path.exists()]
    if missing:
        pytest.fail(f"{' and '.join(missing)} missing: {INSTALL}")
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("pcscd's tests run as root, with unshare (util-linux), as `make test` does")
    if PCSC_ROOT.is_relative_to("/run") or PCSC_ROOT.is_relative_to(DRIVERS):
        pytest.fail(f"{PCSC_ROOT} would be hidden inside pcscd's namespace: set TMPDIR")
    PCSC_ROOT.mkdir(mode=0o700, exist_ok=True)
    daemon = Pcscd(PCSC_ROOT, free_port_pair())
    try:
        daemon.start()
    except PcscdFailed as exc:
        shutil.rmtree(PCSC_ROOT, ignore_errors=True)
        pytest.fail(str(exc))
    yield daemon
    daemon.stop()
    shutil.rmtree(PCSC_ROOT, ignore_errors=True)


@pytest.fixture
def slot(pcscd: Pcscd) -> Iterator[VpcdSlot]:
    """vpcd's first reader slot; whatever card is on it is taken away after the test."""
    card_slot = VpcdSlot(pcscd.port)
    yield card_slot
    card_slot.remove()
    pcscd.wait_card(present=False)


TODAY = date(2025, 5, 20)
UID = bytes.fromhex("04A1B2C3D4E5F6")
PASSPORT_MRZ = td3(
    surname="Kim",
    given_names="Min Jun",
    number="M12345678",
    nationality="KOR",
    birth="880315",
    sex="M",
    expiry="310930",
)
TYPED = Mrz("M12345678", date(1988, 3, 15), date(2031, 9, 30))


@pytest.fixture
def reader(pcscd: Pcscd) -> Iterator[PcscReader]:
    opened = PcscReader(READER, today=lambda: TODAY)
    yield opened
    opened.close()


def passport() -> EPassport:
    return EPassport(PASSPORT_MRZ, uid=bytes.fromhex("08A1B2C3"))


def test_a_chip_card_gives_its_serial_and_no_text(slot: VpcdSlot, pcscd: Pcscd) -> None:
    slot.insert(ChipCard(UID))
    read = PcscReader().read(5)  # no name: the first reader

    assert read == CardRead(reader_id=READER, chip_serial="04A1B2C3D4E5F6")
    with pytest.raises(ReadFailed, match=api.NO_TEXT):  # what the clerk is then told
        api.public(read, TODAY)


def test_an_e_passport_with_the_typed_mrz_gives_its_data_page(
    slot: VpcdSlot, reader: PcscReader, capsys: pytest.CaptureFixture[str]
) -> None:
    slot.insert(passport())
    read = reader.read(5, TYPED)

    assert (read.reader_id, read.chip_serial, read.text) == (READER, "08A1B2C3", None)
    card = api.public(read, TODAY)
    assert (card.card_type, card.name, card.sex) == ("passport", "KIM MIN JUN", "1")
    assert (card.id_number, card.nationality, card.issuer) == ("M12345678", "KOR", "KOR")
    assert (card.birth_date, card.valid_to, card.expired) == (
        date(1988, 3, 15),
        date(2031, 9, 30),
        False,
    )
    logged = capsys.readouterr()
    assert "M12345678" not in logged.out + logged.err
    assert "KIM" not in logged.out + logged.err


def test_an_e_passport_without_the_mrz_asks_for_it(slot: VpcdSlot, reader: PcscReader) -> None:
    slot.insert(passport())
    with pytest.raises(NeedsMrz) as raised:
        reader.read(5)
    assert str(raised.value) == NEEDS_MRZ


@pytest.mark.parametrize(
    "typed",
    [
        Mrz("M12345679", date(1988, 3, 15), date(2031, 9, 30)),  # one digit off
        Mrz("M12345678", date(1988, 3, 16), date(2031, 9, 30)),
        Mrz("M12345678", date(1988, 3, 15), date(2031, 9, 29)),
    ],
)
def test_a_wrongly_typed_mrz_is_told_apart(slot: VpcdSlot, reader: PcscReader, typed: Mrz) -> None:
    slot.insert(passport())
    with pytest.raises(ReadFailed) as raised:
        reader.read(5, typed)
    assert str(raised.value) == MRZ_MISMATCH
    assert reader.read(5, TYPED).passport is not None  # typed again, right


def test_no_card_within_the_timeout(slot: VpcdSlot, reader: PcscReader) -> None:
    with pytest.raises(NoCard):
        reader.read(0.5)


def test_a_card_taken_away_then_another_put_down(
    slot: VpcdSlot, reader: PcscReader, pcscd: Pcscd
) -> None:
    slot.insert(ChipCard(UID))
    assert reader.read(5).chip_serial == "04A1B2C3D4E5F6"
    slot.remove()
    pcscd.wait_card(present=False)
    slot.insert(passport())

    read = reader.read(5, TYPED)
    assert read.chip_serial == "08A1B2C3"
    assert read.passport is not None
    assert read.passport.surname == "KIM"


def test_a_passport_pulled_away_mid_read(slot: VpcdSlot, reader: PcscReader, pcscd: Pcscd) -> None:
    slot.pull_on = 0xB0  # gone while its data group is being read
    slot.insert(passport())
    with pytest.raises(ReadFailed):
        reader.read(5, TYPED)

    pcscd.wait_card(present=False)
    slot.pull_on = None
    slot.insert(passport())  # put back
    assert reader.read(5, TYPED).passport is not None


def monitor_running() -> bool:
    thread = CardMonitoringThread.instance
    return thread is not None and bool(thread.is_alive())


def watching() -> int:
    """How many observers pyscard's card monitor has (without starting one)."""
    monitor = CardMonitor.instance
    return 0 if monitor is None else int(monitor.countObservers())


def put_down_while_reading(reader: PcscReader, slot: VpcdSlot, card: ChipCard) -> CardRead:
    """Starts a read with no card on the reader; once it waits on the card monitor, puts
    the card down; the read's answer."""
    answers: list[CardRead | ReaderError] = []

    def read() -> None:
        try:
            answers.append(reader.read(10, TYPED))
        except ReaderError as exc:
            answers.append(exc)

    waiting = threading.Thread(target=read)
    waiting.start()
    deadline = time.monotonic() + 5
    while watching() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert watching() == 1  # the read waits on the card monitor
    assert not answers
    slot.insert(card)
    waiting.join(timeout=15)
    assert len(answers) == 1
    answer = answers[0]
    assert isinstance(answer, CardRead), answer
    return answer


def test_a_read_sees_a_card_put_down_after_it_began(slot: VpcdSlot, reader: PcscReader) -> None:
    read = put_down_while_reading(reader, slot, ChipCard(UID))
    assert read == CardRead(reader_id=READER, chip_serial="04A1B2C3D4E5F6")


def test_a_reader_not_there(pcscd: Pcscd) -> None:
    with pytest.raises(ReaderUnavailable):
        PcscReader("no such reader").read(1)


def test_pcscd_stopped_then_started_again(slot: VpcdSlot, reader: PcscReader, pcscd: Pcscd) -> None:
    slot.insert(ChipCard(UID))
    assert reader.read(5).chip_serial == "04A1B2C3D4E5F6"
    slot.remove()
    pcscd.wait_card(present=False)
    pcscd.stop()
    try:
        with pytest.raises(ReaderUnavailable):
            reader.read(1)
        deadline = time.monotonic() + 5
        while monitor_running() and time.monotonic() < deadline:
            time.sleep(0.02)  # pyscard's monitor thread notices pcscd is gone, and ends
        assert not monitor_running()
    finally:
        pcscd.start()

    # the card monitor ended with pcscd; the next read starts another and sees the arrival
    read = put_down_while_reading(reader, slot, passport())
    assert read.passport is not None
    assert read.passport.document_number == "M12345678"
    assert monitor_running()
