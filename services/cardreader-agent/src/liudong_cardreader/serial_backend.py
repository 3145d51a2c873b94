"""The `serial` backend: a SAM ID-card reader on a serial line (USB-serial or RS-232),
spoken to in GA 467 frames with pyserial. Nothing about a card is ever logged: only the
reader's state (opened, closed, unavailable and why)."""

from __future__ import annotations

import contextlib
import termios
import threading
import time
from typing import NoReturn, Protocol

import serial
import structlog

from liudong_cardreader import ga467
from liudong_cardreader.card import PHOTO_BYTES, TEXT_BYTES
from liudong_cardreader.ga467 import BadChecksum, Command, FrameDecoder, FrameError, Response
from liudong_cardreader.reader import (
    FAILED,
    NO_CARD,
    UNAVAILABLE,
    CardRead,
    Mrz,
    NoCard,
    ReaderUnavailable,
    ReadFailed,
)

POLL_S = 0.1  # between two "find card" asks, as the vendors' own programs poll
TICK_S = 0.02  # the longest one port read blocks, so every deadline is kept to about this
GAP_S = 0.25  # silence inside an answer: the card was pulled away, the rest will not come
RESENDS = 2  # asks again after a garbled answer before giving up
LINE_NOISE = (ga467.BAD_CHECKSUM, ga467.BAD_LENGTH)  # the reader heard our ask garbled


class _Port(Protocol):
    """The part of pyserial's Serial this backend uses (pyserial ships no types)."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes) -> int | None: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


class SerialReader:
    """`device`: the port (/dev/ttyUSB0). It is opened at the first read and kept; when the
    reader goes silent or away the port is closed, and the next read opens it again (a
    reader plugged back in may come up behind the same path as a new device).

    `command_timeout`: how long a find, select or SAM-id ask may take to be answered;
    `read_timeout`: the same for reading text and photo, which takes a real SAM about a
    second (it authenticates the card before it hands the data over)."""

    def __init__(
        self,
        device: str,
        baudrate: int = 115200,
        command_timeout: float = 1.0,
        *,
        read_timeout: float = 3.0,
    ) -> None:
        self.device, self.baudrate = device, baudrate
        self.command_timeout, self.read_timeout = command_timeout, read_timeout
        self._port: _Port | None = None
        self._reader_id = ""
        self._lock = threading.Lock()
        self._log = structlog.get_logger().bind(backend="serial", device=device)

    def read(self, timeout: float, mrz: Mrz | None = None) -> CardRead:
        """`mrz` is for e-passports, which a SAM ID-card reader does not read."""
        deadline = time.monotonic() + timeout
        with self._lock:
            try:
                port = self._opened()
                self._wait_for_card(port, deadline)
                return self._read_text_photo(port)
            except (OSError, termios.error):  # unplugged mid-read: EIO, a vanished device
                self._unavailable("io_error")

    def close(self) -> None:
        with self._lock:
            self._close()

    def _opened(self) -> _Port:
        """The open port; opening it also asks the SAM id, the reader's name for the API."""
        if self._port is not None:
            return self._port
        try:
            port: _Port = serial.Serial(
                self.device, self.baudrate, timeout=TICK_S, write_timeout=self.command_timeout
            )
        except (OSError, ValueError):
            self._unavailable("open_failed")
        self._port = port
        try:
            self._reader_id = self._sam_id(port)
        except ReadFailed:  # it answers, but not as a SAM reader does
            self._unavailable("no_sam_id")
        self._log.info("reader_opened", reader_id=self._reader_id)
        return port

    def _sam_id(self, port: _Port) -> str:
        answer = self._ask(port, ga467.SAM_ID, self.command_timeout)
        if answer.status != ga467.OK:
            raise ReadFailed(FAILED)
        try:
            return ga467.format_sam_id(answer.data)
        except FrameError as exc:
            raise ReadFailed(FAILED) from exc

    def _wait_for_card(self, port: _Port, deadline: float) -> None:
        """Find, then select; a card half on the reader is found but not selected yet, so a
        failed select means polling on, not failing."""
        while True:
            found = self._ask(port, ga467.FIND_CARD, self.command_timeout).status
            if found == ga467.CARD_FOUND:
                selected = self._ask(port, ga467.SELECT_CARD, self.command_timeout).status
                if selected == ga467.OK:
                    return
            elif found != ga467.NO_CARD:  # not a SAM reader's answer: a reader in trouble
                self._unavailable(f"status_{found:02x}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise NoCard(NO_CARD)
            time.sleep(min(POLL_S, left))

    def _read_text_photo(self, port: _Port) -> CardRead:
        answer = self._ask(port, ga467.READ_TEXT_PHOTO, self.read_timeout)
        if answer.status != ga467.OK:  # 0x41 and the like: the card moved, a failed check
            raise ReadFailed(FAILED)
        try:
            text, photo = ga467.split_text_photo(answer.data)
        except FrameError as exc:
            raise ReadFailed(FAILED) from exc
        if len(text) != TEXT_BYTES:
            raise ReadFailed(FAILED)
        return CardRead(reader_id=self._reader_id, text=text, photo=photo[:PHOTO_BYTES] or None)

    def _ask(self, port: _Port, command: Command, timeout: float) -> Response:
        """One command and its answer. A garbled answer (or the reader saying it heard our
        ask garbled) is line noise: throw away what came and ask again, a few times."""
        request = ga467.encode_request(command.cmd, command.para)
        for _ in range(1 + RESENDS):
            port.reset_input_buffer()
            port.write(request)
            answer = self._receive(port, timeout)
            if isinstance(answer, Response) and answer.status not in LINE_NOISE:
                return answer
        raise ReadFailed(FAILED)

    def _receive(self, port: _Port, timeout: float) -> Response | BadChecksum:
        """The first frame that comes. Nothing at all before `timeout`: the reader is gone
        (503). An answer that starts and stops: cut short, the card pulled away (502)."""
        decoder = FrameDecoder.for_responses()
        deadline = time.monotonic() + timeout
        last_byte: float | None = None
        while True:
            chunk = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if chunk:
                last_byte = now
                frames = decoder.feed(chunk)
                if frames:
                    return frames[0]
            elif last_byte is not None and decoder.pending and now - last_byte > GAP_S:
                raise ReadFailed(FAILED)
            if now >= deadline:
                if last_byte is None:
                    self._unavailable("no_answer")
                raise ReadFailed(FAILED)

    def _unavailable(self, reason: str) -> NoReturn:
        self._log.warning("reader_unavailable", reason=reason)
        self._close()
        raise ReaderUnavailable(UNAVAILABLE)

    def _close(self) -> None:
        if self._port is None:
            return
        port, self._port, self._reader_id = self._port, None, ""
        with contextlib.suppress(OSError):  # a port whose device is gone may fail to close
            port.close()
        self._log.info("reader_closed")
