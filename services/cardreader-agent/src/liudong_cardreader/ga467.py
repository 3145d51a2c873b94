"""The frames a GA 467 ("SAM") ID-card reader speaks on its serial line: pure code, no I/O,
shared by the serial backend (which decodes answers) and the simulator (which decodes asks).

A frame is the preamble AA AA AA 96 69, a big-endian length of what follows it, a body and
a checksum: the XOR of every byte from the length through the last body byte. A request's
body is CMD PARA [DATA]; an answer's is SW1 SW2 SW3 [DATA], SW3 being the status.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEAD = len(PREAMBLE) + 2  # preamble and length field
MAX_LENGTH = 0x0600  # text and photo (0x0508) fit; anything longer is a garbled length
MIN_REQUEST_LENGTH = 3  # CMD PARA CHK
MIN_RESPONSE_LENGTH = 4  # SW1 SW2 SW3 CHK


class Command(NamedTuple):
    cmd: int
    para: int


FIND_CARD = Command(0x20, 0x01)
SELECT_CARD = Command(0x20, 0x02)
READ_TEXT_PHOTO = Command(0x30, 0x01)
SAM_ID = Command(0x12, 0xFF)

# SW3, the status of an answer
OK = 0x90
CARD_FOUND = 0x9F
NO_CARD = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41
BAD_CHECKSUM = 0x10  # the reader got a request whose checksum was wrong
BAD_LENGTH = 0x11
BAD_COMMAND = 0x21
UNRECOGNISED_ERROR = 0x24

FOUND_DATA = bytes(4)  # what "find card" carries with 0x9F
SELECTED_DATA = bytes(8)  # what "select card" carries with 0x90
SAM_ID_BYTES = 16


class FrameError(ValueError):
    """Bytes that cannot be what they claim (a frame too long, a data field of a wrong size)."""


@dataclass(frozen=True)
class Request:
    """What the host asks the reader."""

    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> Command:
        return Command(self.cmd, self.para)

    @classmethod
    def from_body(cls, body: bytes) -> Request:
        return cls(body[0], body[1], body[2:])


@dataclass(frozen=True)
class Response:
    """What the reader answers; `status` is SW3 (SW1 SW2 are 00 00 on every reader seen)."""

    status: int
    data: bytes = b""
    sw1: int = 0
    sw2: int = 0

    @classmethod
    def from_body(cls, body: bytes) -> Response:
        return cls(status=body[2], data=body[3:], sw1=body[0], sw2=body[1])


@dataclass(frozen=True)
class BadChecksum:
    """A whole frame came but its checksum is wrong: a noisy line; asking again may do."""

    length: int


def checksum(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise FrameError(f"a body of {len(body)} bytes does not fit a frame")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([checksum(head + body)])


def encode_request(cmd: int, para: int, data: bytes = b"") -> bytes:
    return _frame(bytes([cmd, para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, sw3]) + data)


F = TypeVar("F", Request, Response)


class FrameDecoder(Generic[F]):
    """Feed it bytes as they come; it gives back each complete frame. Whatever is not a
    frame (noise before an answer, a preamble with an impossible length) is skipped byte by
    byte until the next preamble, so one bad burst does not lose the frames after it."""

    def __init__(
        self, parse: Callable[[bytes], F], min_length: int, max_length: int = MAX_LENGTH
    ) -> None:
        self._parse: Callable[[bytes], F] = parse
        self._min, self._max = min_length, max_length
        self._buffer = bytearray()
        self.skipped = 0  # bytes thrown away as noise, for tests and diagnostics

    @staticmethod
    def for_requests() -> FrameDecoder[Request]:
        return FrameDecoder(Request.from_body, MIN_REQUEST_LENGTH)

    @staticmethod
    def for_responses() -> FrameDecoder[Response]:
        return FrameDecoder(Response.from_body, MIN_RESPONSE_LENGTH)

    @property
    def pending(self) -> int:
        """Bytes held for a frame not complete yet: non-zero when an answer was cut short."""
        return len(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> list[F | BadChecksum]:
        self._buffer += data
        frames: list[F | BadChecksum] = []
        while (frame := self._next()) is not None:
            frames.append(frame)
        return frames

    def _next(self) -> F | BadChecksum | None:
        """The first complete frame in the buffer, or None until more bytes come."""
        while True:
            self._skip_to_preamble()
            if len(self._buffer) < HEAD:
                return None
            length = int.from_bytes(self._buffer[len(PREAMBLE) : HEAD], "big")
            if not self._min <= length <= self._max:
                self._drop(1)  # not a frame after all: look for the next preamble
                continue
            if len(self._buffer) < HEAD + length:
                return None
            frame = bytes(self._buffer[: HEAD + length])
            del self._buffer[: HEAD + length]
            if checksum(frame[len(PREAMBLE) : -1]) != frame[-1]:
                return BadChecksum(length)
            return self._parse(frame[HEAD:-1])

    def _skip_to_preamble(self) -> None:
        at = self._buffer.find(PREAMBLE)
        if at < 0:  # keep a tail that may be the start of a preamble still coming
            at = len(self._buffer) - _preamble_prefix(self._buffer)
        self._drop(at)

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.skipped += count


def _preamble_prefix(buffer: bytearray) -> int:
    for size in range(min(len(PREAMBLE) - 1, len(buffer)), 0, -1):
        if buffer.endswith(PREAMBLE[:size]):
            return size
    return 0


def format_sam_id(data: bytes) -> str:
    """The SAM id as vendor SDKs print it (SDT_GetSAMIDToStr), e.g.
    "05.01-20101028-0011187052-2147603829": two little-endian uint16 (%02d), then three
    little-endian uint32 (%08d, %010d, %010d)."""
    if len(data) < SAM_ID_BYTES:
        raise FrameError(f"a SAM id of {len(data)} bytes, not {SAM_ID_BYTES}")
    a, b, c, d, e = struct.unpack("<HHIII", data[:SAM_ID_BYTES])
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def parse_sam_id(text: str) -> bytes:
    """The 16 bytes a reader sends for a SAM id string (the inverse of format_sam_id)."""
    try:
        head, c, d, e = text.split("-")
        a, b = head.split(".")
        return struct.pack("<HHIII", int(a), int(b), int(c), int(d), int(e))
    except (ValueError, struct.error) as exc:
        raise FrameError(f"{text!r} is not a SAM id") from exc


def split_text_photo(data: bytes) -> tuple[bytes, bytes]:
    """The data of a 30 01 answer: text length and photo length (2 bytes each, big-endian),
    then the text block, then the photo."""
    if len(data) < 4:
        raise FrameError("a text-and-photo answer without its lengths")
    text_len, photo_len = int.from_bytes(data[:2], "big"), int.from_bytes(data[2:4], "big")
    if len(data) != 4 + text_len + photo_len:
        raise FrameError("a text-and-photo answer whose lengths do not add up")
    return data[4 : 4 + text_len], data[4 + text_len :]


def join_text_photo(text: bytes, photo: bytes) -> bytes:
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
