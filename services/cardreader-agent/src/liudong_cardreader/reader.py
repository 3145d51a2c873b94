"""What every backend (serial GA 467, PC/SC, vendor SDK) offers the agent: one read at a
time, and the few ways a read can fail that the clerk must be told apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class Mrz:
    """What the clerk types from a passport's data page: the key for its chip (BAC)."""

    document_number: str
    birth_date: date
    expiry_date: date


@dataclass(frozen=True)
class Passport:
    """Data group 1 of an e-passport (its machine-readable zone), as read from the chip."""

    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date
    sex: str  # "M", "F" or "<" as the MRZ has it
    expiry_date: date


@dataclass(frozen=True)
class CardRead:
    """What a backend took off a card. Held only for the request that asked for it."""

    reader_id: str
    text: bytes | None = None  # the 256-byte UCS-2LE block of an ID card or permit
    photo: bytes | None = None  # the 1,024-byte compressed (wlt) photo, passed on as it is
    chip_serial: str | None = None
    passport: Passport | None = None


# What the clerk is told, whichever backend: the same words for the same trouble.
UNAVAILABLE = "读卡器未连接或无响应"
NO_CARD = "未检测到证件, 请将证件放在读卡器上"
FAILED = "读卡失败, 请重新放置证件后再读"


class ReaderError(Exception):
    """A read that did not give a card; the message is for the clerk."""


class NoCard(ReaderError):
    """No card came within the time asked (408)."""


class ReaderUnavailable(ReaderError):
    """The reader is not there or does not answer (503); the next read tries again."""


class ReadFailed(ReaderError):
    """A card was there but could not be read: pulled away, a garbled line, a failed
    security check (502); putting it back and reading again may work."""


class NeedsMrz(ReaderError):
    """An e-passport lies on the reader: its chip opens only with the data page's key (422)."""


class Reader(Protocol):
    """A card reader. `read` blocks up to `timeout` seconds for a card."""

    def read(self, timeout: float, mrz: Mrz | None = None) -> CardRead: ...

    def close(self) -> None: ...
