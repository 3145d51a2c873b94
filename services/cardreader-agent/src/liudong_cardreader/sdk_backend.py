"""The `sdk` backend: a reader driven through its vendor's library (sdtapi, as most Chinese
ID-card readers ship it), bound with ctypes and loaded only when this backend is chosen."""

from __future__ import annotations

import ctypes
import threading
import time

import structlog

from liudong_cardreader.card import PHOTO_BYTES, TEXT_BYTES
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

OK, FOUND, NOT_FOUND, NOT_SELECTED, READ_ERROR = 0x90, 0x9F, 0x80, 0x81, 0x41
POLL_S = 0.1
NO_LIBRARY = "读卡器厂商程序库无法加载"

_int, _buf = ctypes.c_int, ctypes.c_char_p
_SIGNATURES: dict[str, list[type]] = {
    "SDT_OpenPort": [_int],
    "SDT_ClosePort": [_int],
    "SDT_GetSAMIDToStr": [_int, _buf, _int],
    "SDT_StartFindIDCard": [_int, _buf, _int],
    "SDT_SelectIDCard": [_int, _buf, _int],
    "SDT_ReadBaseMsg": [
        _int,
        _buf,
        ctypes.POINTER(ctypes.c_uint),
        _buf,
        ctypes.POINTER(ctypes.c_uint),
        _int,
    ],
}


class SdkReader:
    """`port`: 1001-1016 for USB readers, 1-16 for serial ones (the vendor's numbering).
    The port is opened once and kept; any failure closes it so the next read reopens."""

    def __init__(self, library: str, port: int = 1001) -> None:
        self.library, self.port = library, port
        self._lib: ctypes.CDLL | None = None
        self._reader_id: str | None = None
        self._lock = threading.Lock()
        self._log = structlog.get_logger().bind(backend="sdk")

    def read(self, timeout: float, mrz: Mrz | None = None) -> CardRead:
        """`mrz` is for e-passports, which an ID-card reader's library does not read."""
        with self._lock:
            lib, reader_id = self._opened()
            self._wait_for_card(lib, time.monotonic() + timeout)
            text, photo = self._read_base(lib)
            return CardRead(reader_id=reader_id, text=text, photo=photo)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _opened(self) -> tuple[ctypes.CDLL, str]:
        if self._lib is not None and self._reader_id is not None:
            return self._lib, self._reader_id
        try:
            lib = ctypes.CDLL(self.library)
            for name, argtypes in _SIGNATURES.items():
                function = getattr(lib, name)
                function.argtypes, function.restype = argtypes, ctypes.c_int
        except (OSError, AttributeError) as exc:
            raise ReaderUnavailable(NO_LIBRARY) from exc
        if lib.SDT_OpenPort(self.port) != OK:
            raise ReaderUnavailable(UNAVAILABLE)
        sam = ctypes.create_string_buffer(128)
        if lib.SDT_GetSAMIDToStr(self.port, sam, 0) != OK:
            lib.SDT_ClosePort(self.port)
            raise ReaderUnavailable(UNAVAILABLE)
        self._lib, self._reader_id = lib, sam.value.decode("ascii", errors="replace")
        self._log.info("reader_opened", port=self.port)
        return lib, self._reader_id

    def _wait_for_card(self, lib: ctypes.CDLL, deadline: float) -> None:
        """Find, then select; a card half on the reader is found but not selected yet."""
        scratch = ctypes.create_string_buffer(16)
        while True:
            found = lib.SDT_StartFindIDCard(self.port, scratch, 0)
            if found == FOUND and lib.SDT_SelectIDCard(self.port, scratch, 0) == OK:
                return
            if found not in (FOUND, NOT_FOUND):
                self._unavailable()
            if time.monotonic() >= deadline:
                raise NoCard(NO_CARD)
            time.sleep(POLL_S)

    def _read_base(self, lib: ctypes.CDLL) -> tuple[bytes, bytes]:
        text = ctypes.create_string_buffer(TEXT_BYTES + 16)
        photo = ctypes.create_string_buffer(PHOTO_BYTES + 16)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        status = lib.SDT_ReadBaseMsg(
            self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0
        )
        if status != OK or text_len.value != TEXT_BYTES:
            raise ReadFailed(FAILED)
        return text.raw[:TEXT_BYTES], photo.raw[: min(photo_len.value, PHOTO_BYTES)]

    def _unavailable(self) -> None:
        self._close()
        raise ReaderUnavailable(UNAVAILABLE)

    def _close(self) -> None:
        if self._lib is not None:
            self._lib.SDT_ClosePort(self.port)
            self._log.info("reader_closed", port=self.port)
        self._lib, self._reader_id = None, None
