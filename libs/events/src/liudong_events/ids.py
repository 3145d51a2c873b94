"""Record ids are UUIDs; anything else names no record (and must not reach SQL as one)."""

from __future__ import annotations

import os
import threading
import uuid

_DRAWN = 256  # ids made from one draw of random bytes
_local = threading.local()


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def new_id() -> str:
    """A random UUID (version 4) as text, as `str(uuid.uuid4())` makes it, but from random
    bytes drawn for 256 ids at a time. Each draw is a system call that lets go of the
    interpreter lock, and taking it back from a busy thread waits up to the switch
    interval (5 ms): an import's two lanes make four ids a row, and uuid4 cost them 180 µs
    an id where this costs 2."""
    ids: list[str] | None = getattr(_local, "ids", None)
    if not ids:
        ids = _local.ids = _version_4(os.urandom(16 * _DRAWN).hex())
    return ids.pop()


def _version_4(digits: str) -> list[str]:
    """Random hex digits as version-4 UUIDs: the version digit 4 and the variant bits 10
    set, as uuid.UUID(bytes=..., version=4) sets them, at a third of its cost."""
    return [
        f"{digits[i : i + 8]}-{digits[i + 8 : i + 12]}-4{digits[i + 13 : i + 16]}-"
        f"{'89ab'[int(digits[i + 16], 16) & 3]}{digits[i + 17 : i + 20]}-{digits[i + 20 : i + 32]}"
        for i in range(0, len(digits), 32)
    ]


def _forget() -> None:
    """A forked child draws its own: the parent's undrawn ids are the parent's."""
    global _local
    _local = threading.local()


os.register_at_fork(after_in_child=_forget)
