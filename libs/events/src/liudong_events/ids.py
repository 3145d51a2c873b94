"""Record ids are UUIDs; anything else names no record (and must not reach SQL as one)."""

from __future__ import annotations

import uuid


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
