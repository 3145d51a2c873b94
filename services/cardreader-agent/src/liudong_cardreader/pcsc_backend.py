"""The `pcsc` backend: any PC/SC reader, through pcscd and pyscard. It reads the chip serial
of whatever card lies on the reader and, from an ICAO 9303 e-passport, data group 1 (the
machine-readable zone) after Basic Access Control with the key the clerk typed from the data
page. A card's arrival is seen through pyscard's CardMonitor. Nothing about a card is ever
logged: only the reader's state and PC/SC's error codes."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import structlog
from smartcard import scard
from smartcard.CardMonitoring import CardMonitor, CardMonitoringThread

from liudong_cardreader import icao
from liudong_cardreader.reader import (
    FAILED,
    NO_CARD,
    UNAVAILABLE,
    CardRead,
    Mrz,
    NeedsMrz,
    NoCard,
    ReaderError,
    ReaderUnavailable,
    ReadFailed,
)

NO_SERVICE = "读卡服务未运行, 请联系管理员"
BUSY = "读卡器正被其他程序使用, 请关闭该程序后再读"
NEEDS_MRZ = "请输入护照号码、出生日期和有效期后再读"
MRZ_MISMATCH = "输入的护照号码、出生日期或有效期与护照不符, 请核对后再读"
NOT_GENUINE = "护照芯片未通过安全验证, 请重新放置护照后再读"
UNREADABLE = "护照芯片中的资料无法识别"

WATCH_S = 0.5  # while waiting, how often the monitor's thread is checked to be running
RETRY_S = 0.1  # a card seen but gone before it could be connected to: look again after this
CHUNK = 0xDF  # bytes per protected READ BINARY: the protected answer fits a short APDU
MAX_DG1 = 1024  # a larger data group 1 is not a machine-readable zone
SW_OK = icao.SW_OK

GET_UID = bytes.fromhex("FFCA000000")  # PC/SC part 3 GET DATA: the chip's serial number
SELECT_EMRTD = bytes.fromhex("00A4040C07") + icao.EMRTD_AID
GET_CHALLENGE = bytes.fromhex("0084000008")
MUTUAL_AUTHENTICATE = bytes.fromhex("0082000028")
SELECT_DG1 = bytes.fromhex("00A4020C02") + icao.DG1_FID

_NO_SERVICE = (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED)
_NO_READER = (
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
)
_CARD_GONE = (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD)


def _error(hresult: int) -> ReaderError:
    """What the clerk is told about a PC/SC failure."""
    if hresult in _NO_SERVICE:
        return ReaderUnavailable(NO_SERVICE)
    if hresult in _NO_READER:
        return ReaderUnavailable(UNAVAILABLE)
    if hresult == scard.SCARD_E_SHARING_VIOLATION:
        return ReaderUnavailable(BUSY)
    return ReadFailed(FAILED)  # removed, reset, mute, unpowered, not transacted …


def _status(response: bytes) -> tuple[bytes, int]:
    return response[:-2], int.from_bytes(response[-2:], "big")


class _Card:
    """A connected card: APDUs in, responses (data and status word) out."""

    def __init__(self, handle: Any, protocol: int) -> None:
        self.handle, self.protocol = handle, protocol

    def transmit(self, apdu: bytes) -> bytes:
        """The whole response, status word last. T=0's "more data" (61xx) is fetched with
        GET RESPONSE and "wrong length" (6Cxx) asked again with the length the card gave."""
        response = self._exchange(apdu)
        _, sw = _status(response)
        if sw >> 8 == 0x6C and len(apdu) == 5:
            response = self._exchange(apdu[:4] + bytes([sw & 0xFF]))
        data = b""
        while len(response) >= 2 and response[-2] == 0x61:
            data += response[:-2]
            response = self._exchange(bytes([0x00, 0xC0, 0x00, 0x00, response[-1]]))
        return data + response

    def _exchange(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self.handle, self.protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult)
        if len(response) < 2:
            raise ReadFailed(FAILED)
        return bytes(response)


class _Arrival:
    """A CardMonitor observer: is told when a card comes onto one reader."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        self.event = threading.Event()

    def update(self, observable: Any, handlers: Any) -> None:
        added, _removed = handlers
        if any(card.reader == self.reader for card in added):
            self.event.set()


_MONITOR_LOCK = threading.Lock()


def _card_monitor() -> Any:
    """pyscard's CardMonitor: one thread for the process, watching every reader. That thread
    ends for good when pcscd goes away (the monitor is a singleton that never starts another
    by itself); a new one is started then."""
    with _MONITOR_LOCK:
        with CardMonitor.lock:  # the lock pyscard builds its singletons under
            if _monitor_ended():
                ended = CardMonitoringThread.instance
                # Its context died with pcscd: released, it would only raise from __del__.
                request = getattr(getattr(ended, "cardrequest", None), "pcsccardrequest", None)
                if request is not None:
                    request.hcontext = None
                CardMonitoringThread.instance = None
                CardMonitor.instance = None
        return CardMonitor()


def _monitor_ended() -> bool:
    """The monitor's thread was started and has ended (not: is yet to start)."""
    thread = CardMonitoringThread.instance
    return thread is not None and thread.ident is not None and not thread.is_alive()


class PcscReader:
    """`reader_name`: part of the PC/SC reader's name (None: the first reader). Nothing is
    kept open between reads: each read has its own PC/SC context, so a pcscd restarted or a
    reader plugged in again is simply found by the next one."""

    def __init__(
        self, reader_name: str | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        self.reader_name, self._today = reader_name, today
        self._lock = threading.Lock()
        self._log = structlog.get_logger().bind(backend="pcsc")

    def read(self, timeout: float, mrz: Mrz | None = None) -> CardRead:
        """Waits up to `timeout` seconds for a card. An e-passport needs `mrz` (NeedsMrz
        without it); any other card gives its chip serial only."""
        deadline = time.monotonic() + timeout
        with self._lock:
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                self._log.warning("pcsc_unavailable", hresult=hex(hresult & 0xFFFFFFFF))
                raise _error(hresult)
            try:
                name = self._find_reader(context)
                card = self._connect(context, name, deadline)
                try:
                    return self._read_card(card, name, mrz)
                finally:
                    scard.SCardDisconnect(card.handle, scard.SCARD_UNPOWER_CARD)
            except ReaderUnavailable:
                self._log.warning("reader_unavailable")
                raise
            finally:
                scard.SCardReleaseContext(context)

    def close(self) -> None:
        """Nothing stays open between reads."""

    # --- the reader and the card on it ---

    def _find_reader(self, context: Any) -> str:
        hresult, names = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult)
        for name in names:
            if self.reader_name is None or self.reader_name in name:
                return str(name)
        raise ReaderUnavailable(UNAVAILABLE)

    def _connect(self, context: Any, name: str, deadline: float) -> _Card:
        while True:
            self._wait_for_card(context, name, deadline)
            hresult, handle, protocol = scard.SCardConnect(
                context,
                name,
                scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            )
            if hresult == scard.SCARD_S_SUCCESS:
                # No other program's APDU may come between ours: it would break the
                # passport's secure messaging.
                hresult = scard.SCardBeginTransaction(handle)
                if hresult == scard.SCARD_S_SUCCESS:
                    return _Card(handle, protocol)
                scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
            if hresult not in _CARD_GONE:
                raise _error(hresult)
            if time.monotonic() >= deadline:  # it went as it came: wait for the next
                raise NoCard(NO_CARD)
            time.sleep(RETRY_S)

    def _wait_for_card(self, context: Any, name: str, deadline: float) -> None:
        """Returns when a card is on the reader; NoCard when none came by the deadline. Woken
        by the card monitor; while its thread is down (pcscd went away), every WATCH_S."""
        arrival = _Arrival(name)
        monitor = _card_monitor()
        monitor.addObserver(arrival)  # before looking: an arrival after it is not missed
        try:
            while not self._present(context, name):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise NoCard(NO_CARD)
                if arrival.event.wait(min(remaining, WATCH_S)):
                    arrival.event.clear()
                elif _monitor_ended():  # pcscd went away: is it back?
                    monitor.deleteObserver(arrival)
                    monitor = _card_monitor()
                    monitor.addObserver(arrival)
        finally:
            monitor.deleteObserver(arrival)

    def _present(self, context: Any, name: str) -> bool:
        hresult, states = scard.SCardGetStatusChange(
            context, 0, [(name, scard.SCARD_STATE_UNAWARE)]
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult)
        _, state, _ = states[0]
        if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            raise ReaderUnavailable(UNAVAILABLE)
        return bool(state & scard.SCARD_STATE_PRESENT)

    # --- what is on the card ---

    def _read_card(self, card: _Card, name: str, mrz: Mrz | None) -> CardRead:
        serial = self._chip_serial(card)
        _, sw = _status(card.transmit(SELECT_EMRTD))
        if sw != SW_OK:
            return CardRead(reader_id=name, chip_serial=serial)
        if mrz is None:
            raise NeedsMrz(NEEDS_MRZ)
        channel = self._authenticate(card, mrz)
        try:
            passport = icao.parse_dg1(self._read_dg1(card, channel), self._today())
        except icao.Dg1Error:
            raise ReadFailed(UNREADABLE) from None
        return CardRead(reader_id=name, chip_serial=serial, passport=passport)

    def _chip_serial(self, card: _Card) -> str | None:
        uid, sw = _status(card.transmit(GET_UID))
        return uid.hex().upper() if sw == SW_OK and uid else None

    def _authenticate(self, card: _Card, mrz: Mrz) -> icao.SecureMessaging:
        """Basic Access Control: the session's keys, or ReadFailed."""
        try:
            k_enc, k_mac = icao.bac_keys(mrz)
        except icao.IcaoError:  # a character no passport number has
            raise ReadFailed(MRZ_MISMATCH) from None
        rnd_ic, sw = _status(card.transmit(GET_CHALLENGE))
        if sw != SW_OK or len(rnd_ic) != icao.BLOCK:
            raise ReadFailed(FAILED)
        bac = icao.Bac(k_enc, k_mac, rnd_ic, secrets.token_bytes(8), secrets.token_bytes(16))
        answer, sw = _status(card.transmit(MUTUAL_AUTHENTICATE + bac.command_data() + b"\x28"))
        if sw >> 8 == 0x63 or sw == 0x6982:  # the chip's key is not the one typed
            raise ReadFailed(MRZ_MISMATCH)
        if sw != SW_OK:
            raise ReadFailed(FAILED)
        try:
            return bac.session(answer)
        except icao.AuthenticationFailed:
            self._log.warning("passport_not_authenticated")
            raise ReadFailed(NOT_GENUINE) from None

    def _read_dg1(self, card: _Card, channel: icao.SecureMessaging) -> bytes:
        self._secure(card, channel, SELECT_DG1)
        data = self._read_binary(card, channel, 0, 4)
        try:
            size = icao.tlv_size(data)
        except IndexError:
            raise ReadFailed(UNREADABLE) from None
        if size > MAX_DG1:
            raise ReadFailed(UNREADABLE)
        while len(data) < size:
            data += self._read_binary(card, channel, len(data), min(CHUNK, size - len(data)))
        return data[:size]

    def _read_binary(
        self, card: _Card, channel: icao.SecureMessaging, offset: int, length: int
    ) -> bytes:
        data = self._secure(card, channel, bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, length]))
        if not data:
            raise ReadFailed(FAILED)
        return data

    def _secure(self, card: _Card, channel: icao.SecureMessaging, apdu: bytes) -> bytes:
        """One command under secure messaging; its answer's data, checked."""
        try:
            data, sw = channel.unprotect(card.transmit(channel.protect(apdu)))
        except icao.SecureMessagingError:
            self._log.warning("secure_messaging_failed")
            raise ReadFailed(FAILED) from None
        if sw != SW_OK:
            raise ReadFailed(FAILED)
        return data
